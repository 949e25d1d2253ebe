from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow.forms import UserChoiceField

from .models import (
    APPLICANT_KIND_CHOICES,
    REPLY_OUTCOMES,
    ConsultKind,
    DisclosureRequest,
    ProactiveCategory,
    ProactiveItem,
)

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _today_field(label, help_text=""):
    return forms.DateField(label=label, widget=_date_widget(), initial=timezone.localdate, help_text=help_text)


class RequestForm(forms.ModelForm):
    class Meta:
        model = DisclosureRequest
        fields = [
            "applicant",
            "applicant_kind",
            "id_number",
            "phone",
            "address",
            "channel",
            "content",
            "reply_form",
            "received_on",
        ]
        widgets = {"received_on": _date_widget(), "content": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "received_on": "当面提交的为提交之日；信函为签收之日；网络、传真、电子邮件为双方确认之日（条例第三十一条）。",
            "id_number": "自然人填写本人身份证号码；法人或其他组织可填写经办人的。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = APPLICANT_KIND_CHOICES

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("收到申请日期不能晚于今天。")
        return day


class DateForm(forms.Form):
    on_date = _today_field("日期")


class ClearForm(forms.Form):
    on_date = _today_field("审查日期")


class SupplementForm(forms.Form):
    items = forms.CharField(
        label="需要补正的事项（一次性告知全部事项及合理补正期限）", widget=forms.Textarea(attrs={"rows": 3})
    )
    on_date = _today_field("补正告知日期", "答复期限自此日停止计算，收到补正后的申请之日起重新计算 20 个工作日。")


class SupplementReceivedForm(forms.Form):
    on_date = _today_field("收到补正后申请的日期")


class ConsultForm(forms.Form):
    kind = forms.ChoiceField(label="征求意见类型", choices=ConsultKind.choices)
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=100)
    matter = forms.CharField(
        label="征求意见事项（涉及的信息及可能损害的合法权益）", widget=forms.Textarea(attrs={"rows": 2})
    )
    sent_on = _today_field("征求意见书送达日期", "自此日起中止计算答复期限，对方 15 个工作日内提出意见。")


class OpinionForm(forms.Form):
    lapsed = forms.TypedChoiceField(
        label="意见情况", choices=[("0", "收到意见"), ("1", "期满未提出意见")], coerce=lambda v: v == "1", initial="0"
    )
    on_date = forms.DateField(
        label="收到意见日期",
        widget=_date_widget(),
        required=False,
        initial=timezone.localdate,
        help_text="期满未提出意见的，按期满之日恢复计算，此栏可不填。",
    )
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20)
    reason = forms.CharField(label="延期理由（写入延期答复告知书）", widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = UserChoiceField(
        label="同意延期的负责人",
        queryset=get_user_model().objects.none(),
        help_text="政府信息公开工作机构（办公室）负责人，或分管领导、局长。",
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        heads = Q(rank=Rank.DIRECTOR)
        if case is not None:
            heads |= Q(rank=Rank.CHIEF, section_id=case.section_id) | Q(pk=case.section.division_leader_id)
        self.fields["approved_by"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, admin_role="")
            .filter(heads)
            .select_related("section")
            .order_by("-rank", "id")
        )


class SheetForm(forms.Form):
    """《依申请信息公开处理单》: the number is taken when it is issued."""

    section = forms.ModelChoiceField(
        label="责任科室",
        queryset=Section.objects.none(),
        empty_label="请选择",
        help_text="批示后由该科室检索、查询并拟定答复意见。",
    )
    opinion = forms.CharField(label="拟办意见", widget=forms.Textarea(attrs={"rows": 3}))
    on_date = _today_field("处理单日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.exclude(kind=Section.Kind.LEADERSHIP)


class DraftForm(forms.Form):
    """答复意见稿 by the responsible section (reviewed by the 分管局长 before it is issued)."""

    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择"), *REPLY_OUTCOMES])
    detail = forms.CharField(
        label="答复内容（获取方式和途径、负责机关、不予公开的理由和依据等）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request is not None and request.draft_outcome and not self.is_bound:  # returned: the draft to revise
            self.fields["outcome"].initial, self.fields["detail"].initial = request.draft_outcome, request.draft_detail


class ReplyForm(forms.Form):
    on_date = _today_field("答复（送达）日期", "答复期限于此日停止计算。")


class ProactiveForm(forms.ModelForm):
    class Meta:
        model = ProactiveItem
        fields = ["title", "category", "formed_on", "summary"]
        widgets = {"formed_on": _date_widget(), "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"formed_on": "自此日起 20 个工作日内公开（条例第二十六条）。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProactiveCategory.objects.filter(active=True)

    def clean_formed_on(self):
        day = self.cleaned_data["formed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("信息形成或变更日期不能晚于今天。")
        return day


class PublishForm(forms.Form):
    published_on = _today_field("公开日期")
    column = forms.CharField(label="公开栏目", max_length=100)
    url = forms.URLField(label="网址", required=False, assume_scheme="https")

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        category = getattr(item, "category", None)
        if category is not None and not self.is_bound:
            self.fields["column"].initial = category.column or category.name
            self.fields["url"].initial = category.url


# move -> (form key on the case page, form factory)
PAGE_FORMS = {
    "clear": ("disclosure_clear", lambda case: ClearForm()),
    "supplement_notice": ("disclosure_supplement", lambda case: SupplementForm()),
    "supplement_received": ("disclosure_received", lambda case: SupplementReceivedForm()),
    "abandon": ("disclosure_abandon", lambda case: DateForm()),
    "sheet": ("disclosure_sheet", lambda case: SheetForm()),
    "consult": ("disclosure_consult", lambda case: ConsultForm()),
    "opinion": ("disclosure_opinion", lambda case: OpinionForm()),
    "extend": ("disclosure_extend", lambda case: ExtendForm(case=case)),
    "draft": ("disclosure_draft", lambda case: DraftForm(request=case.disclosure_request)),
    "reply": ("disclosure_reply", lambda case: ReplyForm()),
}


def page_forms(case, user):
    """The request's own forms on the case page: those `user` may use at this step and stage."""
    from .services import allowed_moves

    return {PAGE_FORMS[move][0]: PAGE_FORMS[move][1](case) for move in allowed_moves(case, user)}
