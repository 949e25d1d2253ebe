from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Rank
from apps.workflow.forms import UserChoiceField

from .models import (
    APPLICANT_KIND_CHOICES, REPLY_OUTCOMES, ConsultKind, DisclosureRequest, Outcome, ProactiveCategory, ProactiveItem, Stage,
)

DATE = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _today_field(label, help_text=""):
    return forms.DateField(label=label, widget=_date_widget(), initial=timezone.localdate, help_text=help_text)


class RequestForm(forms.ModelForm):
    class Meta:
        model = DisclosureRequest
        fields = ["applicant", "applicant_kind", "id_number", "phone", "address", "channel", "content", "reply_form", "received_on"]
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
    items = forms.CharField(label="需要补正的事项（一次性告知全部事项及合理补正期限）", widget=forms.Textarea(attrs={"rows": 3}))
    on_date = _today_field("补正告知日期", "答复期限自此日停止计算，收到补正后的申请之日起重新计算 20 个工作日。")


class SupplementReceivedForm(forms.Form):
    on_date = _today_field("收到补正后申请的日期")


class ConsultForm(forms.Form):
    kind = forms.ChoiceField(label="征求意见类型", choices=ConsultKind.choices)
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=100)
    matter = forms.CharField(label="征求意见事项（涉及的信息及可能损害的合法权益）", widget=forms.Textarea(attrs={"rows": 2}))
    sent_on = _today_field("征求意见书送达日期", "自此日起中止计算答复期限，对方 15 个工作日内提出意见。")


class OpinionForm(forms.Form):
    lapsed = forms.TypedChoiceField(
        label="意见情况", choices=[("0", "收到意见"), ("1", "期满未提出意见")], coerce=lambda v: v == "1", initial="0"
    )
    on_date = forms.DateField(label="收到意见日期", widget=_date_widget(), required=False, initial=timezone.localdate,
                              help_text="期满未提出意见的，按期满之日恢复计算，此栏可不填。")
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20)
    reason = forms.CharField(label="延期理由（写入延期答复告知书）", widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = UserChoiceField(label="同意延期的负责人", queryset=get_user_model().objects.none(),
                                  help_text="政府信息公开工作机构（办公室）负责人，或分管领导、局长。")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        heads = Q(rank=Rank.DIRECTOR)
        if case is not None:
            heads |= Q(rank=Rank.CHIEF, section_id=case.section_id) | Q(pk=case.section.division_leader_id)
        self.fields["approved_by"].queryset = (
            get_user_model().objects.filter(is_active=True, admin_role="").filter(heads).select_related("section").order_by("-rank", "id")
        )


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择"), *REPLY_OUTCOMES])
    detail = forms.CharField(label="答复内容（获取方式和途径、负责机关、不予公开的理由和依据等）",
                             widget=forms.Textarea(attrs={"rows": 4}), required=False)
    on_date = _today_field("答复日期")


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "申请人或所需信息", "type": "search"}))
    stage = forms.ChoiceField(label="阶段", choices=[("", "全部阶段"), *Stage.choices], required=False)
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "全部结果"), *Outcome.choices], required=False,
                                widget=forms.Select(attrs={"style": "max-width:14em"}))
    year = forms.IntegerField(label="收到年度", required=False, min_value=2008, max_value=2100,
                              widget=forms.NumberInput(attrs={"placeholder": "年度", "style": "width:6em"}))
    overdue = forms.BooleanField(label="仅超期", required=False, widget=forms.CheckboxInput(attrs={"style": "min-width:0"}))

    def params(self):
        if not self.is_valid():
            return {}
        return {k: str(v) if not isinstance(v, bool) else "1" for k, v in self.cleaned_data.items() if v}


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


def page_forms(case):
    """The request's own forms on the case page, for the stage it is in."""
    stage = case.disclosure_request.stage
    forms_by_stage = {
        Stage.REGISTERED: {"disclosure_clear": ClearForm(), "disclosure_supplement": SupplementForm()},
        Stage.SUPPLEMENT: {"disclosure_received": SupplementReceivedForm(), "disclosure_abandon": DateForm()},
        Stage.HANDLING: {"disclosure_reply": ReplyForm(), "disclosure_consult": ConsultForm(),
                         "disclosure_extend": ExtendForm(case=case)},
        Stage.CONSULTING: {"disclosure_opinion": OpinionForm(), "disclosure_extend": ExtendForm(case=case)},
    }
    return forms_by_stage.get(stage, {})
