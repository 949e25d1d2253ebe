"""督办事项登记 (the office registers an item by hand) and 延期申请 on the case page."""

from django import forms
from django.contrib.auth import get_user_model

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow.models import Case

from .models import Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.Form):
    title = forms.CharField(label="督办事项", max_length=200, error_messages={"required": "请填写督办事项名称。"})
    source = forms.ChoiceField(
        label="事项来源", choices=[("", "请选择"), *Source.choices], error_messages={"required": "请选择事项来源。"}
    )
    instruction = forms.CharField(
        label="批示/决定内容", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000
    )
    lead_section = forms.ModelChoiceField(
        label="牵头科室",
        queryset=Section.objects.none(),
        error_messages={"required": "请选择牵头科室。", "invalid_choice": "请选择有效的牵头科室。"},
    )
    co_sections = forms.ModelMultipleChoiceField(
        label="协办科室", queryset=Section.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    stated_deadline = forms.DateField(
        label="批示确定的时限",
        required=False,
        widget=DATE,
        help_text="仅“主要领导批示”可填写，办结须提前3个工作日；其他来源按规定期限计算。",
    )
    origin_number = forms.IntegerField(
        label="来源事项编号（可选）",
        required=False,
        min_value=1,
        help_text="由其他事项（如来文、建议提案）产生的，填写该事项页地址中的编号。",
        error_messages={"invalid": "来源事项编号应为数字。", "min_value": "来源事项编号应为正整数。"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        sections = Section.objects.filter(kind="section").order_by("order", "id")
        self.fields["lead_section"].queryset = sections
        self.fields["co_sections"].queryset = sections

    def clean_origin_number(self):
        pk = self.cleaned_data.get("origin_number")
        if pk is None:
            return None
        case = Case.objects.visible_to(self.user).filter(pk=pk).first()
        if case is None:
            raise forms.ValidationError("未找到该来源事项，或您无权查看。")
        return case

    def clean(self):
        data = super().clean()
        if data.get("stated_deadline") and data.get("source") and data["source"] != Source.MAIN_LEADER:
            self.add_error("stated_deadline", "只有主要领导批示可以确定时限；其他来源的办理期限按规定计算。")
        lead = data.get("lead_section")
        if lead is not None and lead in (data.get("co_sections") or []):
            self.add_error("co_sections", "协办科室不能与牵头科室相同。")
        return data


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="延长",
        min_value=1,
        max_value=60,
        error_messages={
            "required": "请填写延长的期限。",
            "min_value": "延长的期限须为正整数。",
            "max_value": "一次延长不超过60。",
            "invalid": "延长的期限须为整数。",
        },
    )
    reason = forms.CharField(
        label="延期原因、进展情况和下一步打算",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明延期原因。"},
    )
    approved_by = forms.ModelChoiceField(
        label="批准人", queryset=get_user_model().objects.none(), error_messages={"required": "请选择批准人。"}
    )

    def __init__(self, *args, unit_label="", **kwargs):
        super().__init__(*args, **kwargs)
        if unit_label:
            self.fields["days"].label = f"延长（{unit_label}）"
        self.fields["approved_by"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, admin_role="", rank__in=[Rank.CHIEF, Rank.DIVISION_LEADER, Rank.DIRECTOR])
            .order_by("-rank", "id")
        )
