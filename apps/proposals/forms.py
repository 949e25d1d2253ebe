import re

from django import forms
from django.utils import timezone

from apps.org.models import Section

from .models import Category, ContactForm, Kind, Proposal, Satisfaction, Session

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = re.compile(r"^第?\s*(\d{1,5})\s*号?$")


def _not_future(day, what):
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"{what}不能晚于今天。")
    return day


def _sections():
    return Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.INSTITUTION]).order_by(
        "kind", "order", "id"
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "kind",
            "session",
            "number",
            "title",
            "proposers",
            "delegation",
            "contact_phone",
            "content",
            "received_on",
            "assigned_on",
        ]
        widgets = {"received_on": DATE, "assigned_on": DATE, "content": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "kind": {"required": "请选择类别。"},
            "session": {"required": "请选择届次会议。"},
            "number": {"required": "请填写编号。"},
            "title": {"required": "请填写标题。"},
            "proposers": {"required": "请填写领衔代表或委员姓名。"},
            "content": {"required": "请填写建议或提案内容。"},
            "received_on": {"required": "请填写接收日期。", "invalid": "请填写有效的日期。"},
            "assigned_on": {"required": "请填写交办日期。", "invalid": "请填写有效的日期。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(active=True)
        if not self.fields["session"].queryset.exists():
            # a new year's sessions are added by the system administrator (后台“建议提案届次会议”)
            self.fields[
                "session"
            ].help_text = "尚无可登记的届次会议：请系统管理员在后台“建议提案届次会议”中添加本年度人大、政协会议。"
        self.fields["kind"].choices = [("", "请选择"), *Kind.choices]

    def clean_number(self):
        match = NUMBER.match(self.cleaned_data["number"].strip())
        if not match:
            raise forms.ValidationError("编号请填写数字，如 12 或 第12号。")
        return f"第{int(match.group(1))}号"

    def clean_received_on(self):
        return _not_future(self.cleaned_data["received_on"], "接收日期")

    def clean_assigned_on(self):
        return _not_future(self.cleaned_data["assigned_on"], "交办日期")

    def clean(self):
        data = super().clean()
        if data.get("session") and data.get("kind") and data["session"].kind != data["kind"]:
            self.add_error("session", "所选届次会议与类别不符（建议对应人大会议，提案对应政协会议）。")
        return data


class AssignForm(forms.Form):
    lead_section = forms.ModelChoiceField(
        label="主办科室",
        queryset=Section.objects.none(),
        error_messages={"required": "请选择主办科室。", "invalid_choice": "请选择有效的主办科室。"},
    )
    co_sections = forms.ModelMultipleChoiceField(
        label="会办科室",
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="会办科室自交办之日起1个月内将会办意见送主办科室。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_section"].queryset = _sections()
        self.fields["co_sections"].queryset = _sections()

    def clean(self):
        data = super().clean()
        if data.get("lead_section") and data["lead_section"] in (data.get("co_sections") or []):
            self.add_error("co_sections", "会办科室不能与主办科室相同。")
        return data


class CoOpinionForm(forms.Form):
    text = forms.CharField(
        label="会办意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "请填写会办意见。"},
    )
    on_date = forms.DateField(
        label="送主办科室日期",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "请填写日期。", "invalid": "请填写有效的日期。"},
    )


class ContactRecordForm(forms.Form):
    on_date = forms.DateField(
        label="日期",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "请填写面商日期。", "invalid": "请填写有效的日期。"},
    )
    form = forms.ChoiceField(label="方式", choices=ContactForm.choices)
    participants = forms.CharField(label="参加人员", max_length=200, error_messages={"required": "请填写参加人员。"})
    view = forms.CharField(
        label="代表委员的意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "请记录代表委员的意见。"},
    )


class DraftForm(forms.Form):
    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "请填写答复内容。"},
    )
    category = forms.ChoiceField(
        label="答复类别", choices=[("", "请选择"), *Category.choices], error_messages={"required": "请选择答复类别。"}
    )


class SendForm(forms.Form):
    on_date = forms.DateField(
        label="答复日期",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "请填写答复日期。", "invalid": "请填写有效的日期。"},
    )


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="满意度", choices=[("", "请选择"), *Satisfaction.choices], error_messages={"required": "请选择满意度。"}
    )
    on_date = forms.DateField(
        label="反馈日期",
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": "请填写反馈日期。", "invalid": "请填写有效的日期。"},
    )
    feedback = forms.CharField(
        label="代表委员的意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="不满意的必填：将退回主办科室重新办理。",
    )
