"""Forms of 监督检查与整改 (Chinese messages; the services re-check everything)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from .models import Mode, Plan, PlanKind, Severity
from .services import target_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE, error_messages={"invalid": "请填写正确的日期。"}, **kwargs)


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="检查类别", choices=PlanKind.choices)
    title = forms.CharField(label="计划名称", max_length=120)
    scope = forms.CharField(
        label="检查范围和内容", widget=forms.Textarea(attrs={"rows": 4}), help_text="检查哪些单位、查什么、怎么查"
    )
    starts_on = _date("计划开始", required=False)
    ends_on = _date("计划结束", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class CheckForm(forms.Form):
    plan = forms.ModelChoiceField(label="检查计划", queryset=Plan.objects.none(), empty_label="请选择已批准的计划")
    unit_choice = forms.ChoiceField(label="被检查单位", required=False, help_text="司法所、局属单位从列表选")
    unit = forms.CharField(
        label="或填写单位名称",
        max_length=120,
        required=False,
        help_text="列表中没有的单位（如律师事务所）填写全称",
    )
    mode = forms.ChoiceField(label="检查方式", choices=Mode.choices, initial=Mode.ONSITE)
    checked_on = _date("检查日期")
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="现场检查应当由两名以上检查人员进行",
        error_messages={"required": "请选择检查人员。"},
    )
    lead = forms.ModelChoiceField(label="主办检查人", queryset=get_user_model().objects.none(), required=False)
    summary = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, section, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["plan"].queryset = Plan.objects.filter(section=section, status=Plan.Status.APPROVED)
        people = (
            get_user_model()
            .objects.filter(is_active=True, admin_role="")
            .filter(Q(section=section) | Q(led_sections=section) | Q(rank="director"))
            .distinct()
            .order_by("section__order", "id")
        )
        self.fields["inspectors"].queryset = people
        self.fields["lead"].queryset = people
        self.fields["lead"].empty_label = "（默认：登记人或第一位检查人员）"
        self.units = {f"s{s.pk}": s for s in target_choices()}
        self.fields["unit_choice"].choices = [("", "（不从列表选）")] + [(k, s.name) for k, s in self.units.items()]
        self.fields["checked_on"].initial = timezone.localdate()
        if target is not None:
            del self.fields["unit_choice"]
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        if self.target is not None:
            data["target"] = self.target
            return data
        choice, unit = data.get("unit_choice"), (data.get("unit") or "").strip()
        if choice and unit:
            self.add_error("unit", "从列表选了单位，就不要再填写单位名称。")
        elif choice:
            data["target"] = self.units.get(choice)
        elif not unit:
            self.add_error("unit_choice", "请从列表选择被检查单位，或填写单位名称。")
        else:
            data["target"] = None
        return data


class FindingForm(forms.Form):
    text = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(label="问题性质", choices=Severity.choices)
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    due_date = _date("整改期限", help_text="被检查单位应当在此日期前完成整改并书面报告")


class CloseForm(forms.Form):
    conclusion = forms.CharField(label="办结说明", max_length=200, initial="未发现需要整改的问题")


class ReportForm(forms.Form):
    received_on = _date("收到整改报告日期")
    summary = forms.CharField(label="整改报告摘要", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class VerifyForm(forms.Form):
    verified_on = _date("核查日期")
    opinion = forms.CharField(label="核查意见", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = timezone.localdate()


class NewDueForm(forms.Form):
    new_due = _date("新的整改期限")
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
