from django import forms
from django.utils import timezone

from apps.workflow import api
from apps.workflow.models import Case

from .models import Drill, Incident, Plan
from .processes import RESPOND, REVIEW

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _now():
    return timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")


def _area(label, rows=3, required=True):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class PlanForm(forms.Form):
    title = forms.CharField(label="预案名称", max_length=120)
    kind = forms.ChoiceField(label="预案类别", choices=Plan.Kind.choices)
    scope = _area("适用范围")
    report_interval_hours = forms.IntegerField(
        label="续报间隔（小时）", min_value=1, max_value=72, initial=4, help_text="应急响应期间两次报告之间的最长间隔。"
    )
    revised_on = forms.DateField(label="最近修订日期", widget=DATE, initial=timezone.localdate)
    revision_months = forms.IntegerField(label="修订（评估）周期（月）", min_value=6, max_value=120, initial=36)
    is_active = forms.BooleanField(label="现行有效", required=False, initial=True)


class DrillForm(forms.Form):
    plan = forms.ModelChoiceField(label="预案", queryset=Plan.objects.filter(is_active=True), empty_label="（请选择）")
    held_on = forms.DateField(label="演练日期", widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label="演练形式", choices=Drill.Kind.choices)
    scenario = _area("演练情景")
    participants = forms.IntegerField(label="参演人数", min_value=1, max_value=9999)
    evaluation = _area("评估与发现的问题", required=False)
    improvements = _area("改进措施", required=False)


class DutyEntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{timezone.localtime(obj.at):%m-%d %H:%M} {obj.get_source_display()}：{obj.content[:30]}"


class ActivateForm(forms.Form):
    plan = forms.ModelChoiceField(label="启动的预案", queryset=Plan.objects.none(), empty_label="（请选择）")
    level = forms.ChoiceField(label="事件级别", choices=Incident.Level.choices, initial=Incident.Level.ORDINARY)
    occurred_at = forms.DateTimeField(label="发生时间", input_formats=DT_FORMATS, widget=DATETIME, initial=_now)
    unit = forms.CharField(label="发生单位", max_length=120)
    place = forms.CharField(label="发生地点", max_length=120)
    summary = _area("简要经过")
    cause = _area("原因初步判断", 2, required=False)
    measures = _area("已采取的措施", 2, required=False)
    duty_entry = DutyEntryChoice(
        label="值班记录",
        queryset=Case.objects.none(),
        required=False,
        empty_label="（不选：您正在值班的，系统自动记入值班日志）",
        help_text="事件经值班电话报来的，选择那条值班记录。",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.duty.models import LogEntry

        self.fields["plan"].queryset = Plan.objects.visible_to(user).filter(is_active=True)
        self.fields["duty_entry"].queryset = (
            LogEntry.objects.visible_to(user)
            .filter(at__gte=timezone.now() - timezone.timedelta(days=3))
            .order_by("-at")
        )

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("发生时间不能晚于现在。")
        return value


class ReportForm(forms.Form):
    recipients = forms.CharField(label="报送对象", max_length=120, initial="局应急指挥领导小组、区委区政府总值班室")
    content = _area("报告内容（事态发展、采取的措施、下一步）", 4)


class TerminateForm(forms.Form):
    termination_order = forms.CharField(label="终止指令下达人", max_length=120, initial="局应急指挥领导小组组长")
    terminated_at = forms.DateTimeField(label="终止时间", input_formats=DT_FORMATS, widget=DATETIME, initial=_now)
    recipients = forms.CharField(label="终报报送对象", max_length=120, initial="局应急指挥领导小组、区委区政府总值班室")
    content = _area("终报内容（处置结果、人员伤亡和损失、恢复情况）", 4)


class ReviewForm(forms.Form):
    aftermath = _area("善后处置（救济补偿、社会救助、保险索赔、恢复重建；责任追究、表彰）", 4)
    investigation = _area("调查报告（经过、原因、经验教训、改进建议；上报区委区政府情况）", 5)


def incident_forms(case, user):
    if case.status != Case.Status.ACTIVE:
        return {}
    incident = case.emergency_incident
    if incident.stage == Incident.Stage.RESPONDING and api.find_pending_task(case, user, step=RESPOND):
        return {"em_report": ReportForm(), "em_terminate": TerminateForm()}
    if incident.stage == Incident.Stage.TERMINATED and api.find_pending_task(case, user, step=REVIEW):
        return {"em_review": ReviewForm()}
    return {}
