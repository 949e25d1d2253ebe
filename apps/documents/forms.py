from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.models import Rank
from apps.numbering.models import NumberScheme
from apps.org.models import Section
from apps.workflow.forms import MultipleFileField, UserChoiceField, UserMultipleChoiceField, business_users
from apps.workflow.models import Sensitivity

from .models import UPWARD_TYPES, Channel, DocType, IncomingDocument, OutgoingRecipient, Urgency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def sections():
    return Section.objects.filter(kind=Section.Kind.SECTION).order_by("order")


class IncomingForm(forms.Form):
    """签收/登记 (1.1.1 第1、2项; 条例第二十四条: 签收 and 登记 fields)."""

    title = forms.CharField(label="标题", max_length=200)
    source_org = forms.CharField(label="来文单位", max_length=100)
    source_number = forms.CharField(
        label="来文字号", max_length=60, required=False, help_text="如 淄司发〔2026〕15号；无文号的留空"
    )
    doc_type = forms.ChoiceField(label="文种", required=False, choices=[("", "—")] + DocType.choices)
    document_date = forms.DateField(label="成文日期", required=False, widget=DATE)
    channel = forms.ChoiceField(label="来文渠道", choices=Channel.choices, initial=Channel.ELECTRONIC)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999, initial=1)
    pages = forms.IntegerField(label="页数", min_value=1, max_value=9999, required=False)
    urgency = forms.ChoiceField(
        label="紧急程度",
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        help_text="转办时按紧急程度的期限规则确定办理时限（后台“期限规则”）",
    )
    requested_due = forms.DateField(
        label="来文要求办结日期", required=False, widget=DATE, help_text="来文有明确时限的填写；早于规则期限时按此办理"
    )
    sensitivity = forms.TypedChoiceField(
        label="密级标识",
        coerce=int,
        choices=Sensitivity.choices,
        initial=Sensitivity.INTERNAL,
        help_text="内部、工作秘密的来文仅承办人员和有权限的人员可见",
    )
    state_secret = forms.BooleanField(
        label="来文标有国家秘密密级（秘密、机密、绝密）",
        required=False,
        help_text="国家秘密文件不得在本平台登记，请交机要员在涉密文件登记簿登记",
    )
    intact = forms.BooleanField(label="已逐件清点，封装完好、份数无误", required=False, initial=True)
    summary = forms.CharField(
        label="内容摘要", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label="扫描件/电子文件")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise forms.ValidationError("标题太短，请按来文标题填写。")
        return title

    def clean(self):
        data = super().clean()
        if data.get("state_secret"):
            from .services import STATE_SECRET

            raise forms.ValidationError(STATE_SECRET)
        if data.get("document_date") and data["document_date"] > timezone.localdate():
            self.add_error("document_date", "成文日期不能晚于今天。")
        return data


def leaders():
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="", rank__in=[Rank.DIVISION_LEADER, Rank.DIRECTOR])
        .select_related("section")
        .order_by("rank", "id")
    )


class PlanForm(forms.Form):
    """拟办 by the office chief."""

    handling = forms.ChoiceField(
        label="办理类型",
        choices=IncomingDocument.Handling.choices,
        widget=forms.RadioSelect,
        initial=IncomingDocument.Handling.ACTION,
        help_text="办理件：领导批办后转科室承办；阅件：领导阅示后分送传阅",
    )
    leaders = UserMultipleChoiceField(
        label="呈批领导",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="按分管领导、主要领导的顺序依次批办",
    )
    opinion = forms.CharField(label="拟办意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leaders()
        if case is not None and not self.is_bound:
            leader = case.section.division_leader
            if leader is not None:
                self.initial.setdefault("leaders", [leader.pk])


class AssignForm(forms.Form):
    """转办 after 批办."""

    lead_section = forms.ModelChoiceField(label="主办科室", queryset=Section.objects.none())
    lead_handler = UserChoiceField(
        label="主办承办人",
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="留空则送主办科室负责人，由其分办",
    )
    co_sections = forms.ModelMultipleChoiceField(
        label="协办科室", queryset=Section.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="转办说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_section"].queryset = sections()
        self.fields["co_sections"].queryset = sections()
        self.fields["lead_handler"].queryset = business_users().filter(section__kind=Section.Kind.SECTION)

    def clean(self):
        data = super().clean()
        handler, section = data.get("lead_handler"), data.get("lead_section")
        if handler and section and handler.section_id != section.pk:
            self.add_error("lead_handler", f"{handler.full_name}不在{section.name}。")
        return data


class ReadingForm(forms.Form):
    readers = UserMultipleChoiceField(
        label="传阅人员", queryset=get_user_model().objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    note = forms.CharField(label="传阅说明", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = business_users()


class OutgoingForm(forms.Form):
    """拟稿 (seed 002 rule 8: 发文处理笺; 条例第八条 the 15 document types)."""

    doc_type = forms.ChoiceField(label="文种", choices=DocType.choices, initial=DocType.NOTICE)
    title = forms.CharField(label="标题", max_length=200, help_text="如：关于开展2026年度普法宣传月活动的通知")
    scheme = forms.ModelChoiceField(label="发文字号类别", queryset=NumberScheme.objects.none(), empty_label=None)
    main_recipients = forms.CharField(
        label="主送机关", required=False, max_length=1000, help_text="多个机关用顿号分隔；公告、通告等可不写"
    )
    copy_recipients = forms.CharField(label="抄送机关", required=False, max_length=1000)
    body = forms.CharField(
        label="正文",
        max_length=60000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="不含主送机关（另行填写）；每段一行，一级标题以“一、”开头，二级标题以“（一）”开头",
    )
    attachment_list = forms.CharField(
        label="附件说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个附件名称，不加标点",
    )
    note = forms.CharField(label="附注", required=False, max_length=100, help_text="如：此件公开发布")
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    upward = forms.BooleanField(label="上行文（报上级机关，版头标注签发人）", required=False)
    sensitivity = forms.TypedChoiceField(
        label="密级标识",
        coerce=int,
        choices=Sensitivity.choices,
        initial=Sensitivity.INTERNAL,
        help_text="国家秘密公文不得在本平台拟制。",
    )
    countersign_sections = forms.ModelMultipleChoiceField(
        label="会签科室",
        required=False,
        queryset=Section.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="涉及其他科室职责的，由各科室负责人并行会签",
    )
    attachments = MultipleFileField(label="附件文件")

    def __init__(self, *args, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = NumberScheme.objects.filter(kind=NumberScheme.Kind.DOCUMENT, active=True)
        others = sections()
        if section is not None:
            others = others.exclude(pk=section.pk)
        self.fields["countersign_sections"].queryset = others

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise forms.ValidationError("标题太短，请写明发文事由和文种。")
        return title

    def clean(self):
        data = super().clean()
        if data.get("doc_type") in UPWARD_TYPES:
            data["upward"] = True
        needs_recipients = data.get("doc_type") not in (
            "announcement",
            "public_notice",
            "communique",
            "minutes",
            "order",
        )
        if needs_recipients and not (data.get("main_recipients") or "").strip():
            self.add_error("main_recipients", "请填写主送机关。")
        return data


class NumberForm(forms.Form):
    scheme = forms.ModelChoiceField(label="发文字号类别", queryset=NumberScheme.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = NumberScheme.objects.filter(kind=NumberScheme.Kind.DOCUMENT, active=True)


class SealForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=200)


class SealRequestForm(forms.Form):
    """提交用印申请 (the drafter): the seal of the issuing organ and the print run, filled in."""

    seal = forms.ModelChoiceField(label="印章", queryset=None, empty_label="请选择")
    copies = forms.IntegerField(label="申请用印份数", min_value=1, max_value=9999)
    reason = forms.CharField(
        label="用印事由",
        required=False,
        max_length=500,
        help_text="留空则写明发文字号和签发人，如“经某某签发，印发用印”",
    )

    def __init__(self, *args, **kwargs):
        from django.apps import apps as django_apps

        super().__init__(*args, **kwargs)
        Seal = django_apps.get_model("seals", "Seal")
        self.fields["seal"].queryset = Seal.objects.active().select_related("owner_unit").order_by("kind", "id")
        self.fields["seal"].label_from_instance = lambda seal: seal.label


class PrintForm(forms.Form):
    copies = forms.IntegerField(label="印制份数", min_value=1, max_value=9999)
    printed_on = forms.DateField(label="印发日期", widget=DATE, initial=timezone.localdate)
    place = forms.CharField(label="印制地点", required=False, max_length=60, initial="局文印室")


class RecipientForm(forms.Form):
    name = forms.CharField(label="收文单位", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=OutgoingRecipient.Kind.choices, initial=OutgoingRecipient.Kind.MAIN)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999, initial=1)
    channel = forms.ChoiceField(label="分发方式", choices=Channel.choices, initial=Channel.ELECTRONIC)


class MarkForm(forms.Form):
    recipients = forms.TypedMultipleChoiceField(label="收文单位", coerce=int, choices=())
    status = forms.ChoiceField(
        choices=[(OutgoingRecipient.Status.SENT, "已发出"), (OutgoingRecipient.Status.RECEIVED, "已签收")]
    )
    # Blank by default: each recipient keeps the 分发方式 already set for it (a form default
    # would overwrite them all); choosing one applies it to the ticked recipients.
    channel = forms.ChoiceField(
        label="分发方式",
        choices=[("", "按各单位原定方式"), *Channel.choices],
        required=False,
        help_text="选择后，所勾选单位的分发方式改为所选方式。",
    )

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [(r.pk, r.name) for r in recipients]


class DistributeForm(forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=200)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "文号、收文编号、标题或来文单位", "type": "search"}),
    )
    direction = forms.ChoiceField(
        label="方向", required=False, choices=[("", "收文和发文"), ("in", "收文"), ("out", "发文")]
    )
    start = forms.DateField(label="起始日期", required=False, widget=DATE)
    end = forms.DateField(label="截止日期", required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data
