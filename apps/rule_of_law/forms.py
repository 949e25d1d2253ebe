"""Forms of the app, and the step forms the case page shows to whoever holds the step."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow.api import find_pending_task

from .models import (
    ASSESSMENT_PROCESS,
    MODEL_UNIT_PROCESS,
    PLAN_PROCESS,
    REPORT_PROCESS,
    SECTION,
    Adoption,
    Cadre,
    Campaign,
    CampaignKind,
    Level,
    Outcome,
    PlanKind,
    Presence,
    Rating,
    SessionKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def today():
    return timezone.localdate()


def day(label, required=True, help_text=""):
    return forms.DateField(label=label, widget=DATE, required=required, initial=today, help_text=help_text)


def units_qs(kinds=("department", "town")):
    return ExternalUnit.objects.filter(is_active=True, kind__in=list(kinds)).order_by("kind", "order", "name")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def text(label, rows=3, required=True, max_length=None):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, max_length=max_length
    )


# --- 3.5 -----------------------------------------------------------------------------------


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PlanKind.choices)
    title = forms.CharField(label="规划名称", max_length=200)
    start_year = forms.IntegerField(label="起始年度", min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label="截止年度", min_value=2000, max_value=2100)
    outline = text("规划提纲及主要内容", rows=6, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial:
            year = today().year + 1
            self.initial = {"start_year": year, "end_year": year, "kind": PlanKind.YEARLY}


class ConsultSendForm(forms.Form):
    units = UnitsChoice(label="征求意见单位", queryset=units_qs(), widget=forms.SelectMultiple(attrs={"size": 8}))
    sent_on = day("送出日期", help_text="反馈期限按“普法规划征求意见反馈”规则自送出之日起算（工作日）。")


class FeedbackForm(forms.Form):
    consultation = forms.TypedChoiceField(label="单位", coerce=int, choices=())
    replied_on = day("反馈日期")
    adoption = forms.ChoiceField(label="采纳情况", choices=Adoption.choices)
    feedback = text("反馈意见", required=False)
    response = text("采纳反馈说明", required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = plan.consultations.filter(replied_on__isnull=True).select_related("unit") if plan else []
        self.fields["consultation"].choices = [(c.pk, c.unit.name) for c in waiting]


class ConsultCloseForm(forms.Form):
    closed_on = day("征求意见完成日期")


class CountersignForm(forms.Form):
    countersigned_on = day("会签审议日期")
    meeting = forms.CharField(label="审议会议", max_length=100, initial="区普法教育依法治区领导小组会议")


class IssueForm(forms.Form):
    doc_number = forms.CharField(label="文号", max_length=60, help_text="按发文办理流程编号，如 临法宣发〔2026〕3号")
    issued_on = day("印发日期")


class TaskForm(forms.Form):
    unit = UnitChoice(label="责任单位", queryset=units_qs())
    content = text("任务内容")
    owner = forms.ModelChoiceField(label="跟踪责任人", queryset=get_user_model().objects.none())
    contact = forms.CharField(label="单位联系人", max_length=40, required=False)
    due_on = forms.DateField(label="完成期限", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(section__code=SECTION, is_active=True, admin_role="").order_by("id")
        )


class TaskDoneForm(forms.Form):
    task = forms.TypedChoiceField(label="任务", coerce=int, choices=())
    done_on = day("完成日期")
    result = text("完成情况")

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = plan.tasks.filter(done_on__isnull=True).select_related("unit") if plan else []
        self.fields["task"].choices = [(t.pk, f"{t.unit.name}：{t.content[:30]}") for t in waiting]


class EmptyForm(forms.Form):
    pass


class SummaryForm(forms.Form):
    summarised_on = day("总结日期")
    summary = text("检查总结（检查督导、总结验收、评先树优情况）", rows=5)


# --- 3.6 -----------------------------------------------------------------------------------


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    units = UnitsChoice(
        label="重点单位",
        queryset=units_qs(("department",)),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="按住 Ctrl 多选；通知这些单位报送普法责任清单和年度报告。",
    )
    notice_on = day("通知日期")
    reports_due = forms.DateField(label="报送截止日期", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", today().year)
            self.initial.setdefault("units", list(units_qs(("department",)).values_list("pk", flat=True)))


class KeyUnitForm(forms.Form):
    unit = UnitChoice(label="单位", queryset=ExternalUnit.objects.none())
    received_on = day("报送日期")

    def __init__(self, *args, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assessment is not None:
            self.fields["unit"].queryset = assessment.units.order_by("order", "name")


class ListForm(KeyUnitForm):
    items = text("普法责任清单（普法内容、对象、方式、责任科室）", rows=4)


class DutyReportForm(KeyUnitForm):
    summary = text("报告摘要", rows=4)


class CollectCloseForm(forms.Form):
    collected_on = day("收集完毕日期")


class ScoreForm(forms.Form):
    report = forms.TypedChoiceField(label="单位", coerce=int, choices=())
    score = forms.DecimalField(label="得分", min_value=0, max_value=100, decimal_places=1)
    remarks = text("评分说明", rows=2, required=False)

    def __init__(self, *args, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = assessment.reports.select_related("unit") if assessment else []
        self.fields["report"].choices = [
            (r.pk, f"{r.unit.name}（{'已评 ' + str(r.score) if r.score is not None else '未评分'}）") for r in rows
        ]


class ScoreCloseForm(forms.Form):
    scored_on = day("评分完成日期")


class PublishForm(forms.Form):
    doc_number = forms.CharField(label="通报文号", max_length=60)
    published_on = day("通报日期")


# --- 3.7 -----------------------------------------------------------------------------------


class CadreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class CadresChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def cadres_qs():
    return Cadre.objects.filter(active=True).select_related("unit").order_by("unit__order", "name")


class CadreForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    post = forms.CharField(label="职务", max_length=100)
    unit = UnitChoice(label="单位", queryset=units_qs(), required=False)


class SessionForm(forms.Form):
    held_on = day("学法日期")
    title = forms.CharField(label="学习主题", max_length=200)
    kind = forms.ChoiceField(label="形式", choices=SessionKind.choices)
    organiser = UnitChoice(label="组织单位", queryset=units_qs(), required=False)
    speaker = forms.CharField(label="主讲人", max_length=60, required=False)
    hours = forms.DecimalField(label="学时", min_value=0, max_value=99, decimal_places=1, initial=2)
    content = text("学习内容", required=False)
    present = CadresChoice(
        label="出席", queryset=Cadre.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    leave = CadresChoice(
        label="请假", queryset=Cadre.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    absent = CadresChoice(
        label="缺席", queryset=Cadre.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("present", "leave", "absent"):
            self.fields[name].queryset = cadres_qs()

    def clean(self):
        data = super().clean()
        seen = set()
        for name in ("present", "leave", "absent"):
            for cadre in data.get(name) or []:
                if cadre.pk in seen:
                    raise forms.ValidationError(f"{cadre.name}的出勤只能选一种。")
                seen.add(cadre.pk)
        return data

    def attendance(self):
        d = self.cleaned_data
        return [
            (c, presence)
            for name, presence in (
                ("present", Presence.PRESENT),
                ("leave", Presence.LEAVE),
                ("absent", Presence.ABSENT),
            )
            for c in d.get(name) or []
        ]


class ExamForm(forms.Form):
    held_on = day("考试日期")
    title = forms.CharField(label="考试名称", max_length=200)
    pass_mark = forms.DecimalField(label="合格分", min_value=0, max_value=100, decimal_places=1, initial=60)


class ExamScoreForm(forms.Form):
    cadre = CadreChoice(label="领导干部", queryset=Cadre.objects.none())
    score = forms.DecimalField(label="成绩", min_value=0, max_value=100, decimal_places=1, required=False)
    absent = forms.BooleanField(label="缺考", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres_qs()

    def clean(self):
        data = super().clean()
        if not data.get("absent") and data.get("score") is None:
            raise forms.ValidationError("请填写成绩，或勾选缺考。")
        return data


class LawReportForm(forms.Form):
    cadre = CadreChoice(label="述法人", queryset=Cadre.objects.none())
    year = forms.IntegerField(label="述法年度", min_value=2000, max_value=2100)
    reported_on = day("述法日期")
    form = forms.ChoiceField(label="述法方式", choices=[("written", "书面述法"), ("meeting", "会议现场述法")])
    summary = text("述法要点", rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres_qs()
        if not self.is_bound:
            self.initial.setdefault("year", today().year - 1 if today().month < 7 else today().year)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label="评议结果", choices=Rating.choices)
    comments = text("评议意见", rows=2)


# --- 3.8 -----------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    title = forms.CharField(label="创建活动名称", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=CampaignKind.choices)
    level = forms.ChoiceField(label="命名层级", choices=Level.choices, initial=Level.DISTRICT)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: today().year)
    plan_doc = forms.CharField(label="创建方案文号", max_length=60, required=False)
    launched_on = day("部署日期")
    applications_due = forms.DateField(label="申报截止日期", widget=DATE)
    standard = text("创建标准", required=False)


class ApplicationForm(forms.Form):
    campaign = forms.ModelChoiceField(label="创建活动", queryset=Campaign.objects.order_by("-year", "-id"))
    unit = UnitChoice(label="申报单位", queryset=units_qs())
    candidate = forms.CharField(label="创建对象（村、社区或单位名称）", max_length=100)
    applied_on = day("申报日期")
    materials = text("申报材料及创建情况", rows=4)


class CheckForm(forms.Form):
    checked_on = day("核查日期")
    score = forms.DecimalField(label="考评得分", min_value=0, max_value=100, decimal_places=1)
    opinion = text("审核意见")


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="结果", choices=Outcome.choices)
    decided_on = day("决定日期")
    decision_number = forms.CharField(label="命名决定文号", max_length=60, required=False)


class RevokeForm(forms.Form):
    revoked_on = day("撤销日期")
    reason = text("撤销理由（动态管理复核情况）")


# --- 法治政府建设年度报告 --------------------------------------------------------------------


class OpenReportForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            t = today()
            self.initial.setdefault("year", t.year if (t.month, t.day) == (12, 31) else t.year - 1)


class RecordReportForm(forms.Form):
    reported_on = day("报送日期")
    reported_to = forms.CharField(label="报送对象", max_length=200, initial="区委、区人大常委会、市政府")
    published_on = forms.DateField(label="向社会公开日期", widget=DATE, required=False)
    published_url = forms.CharField(label="公开网址", max_length=300, required=False)


# --- the case page ----------------------------------------------------------------------------

STEP_FORMS = {
    PLAN_PROCESS: {
        "consult": lambda d: {
            "rol_consult_send": ConsultSendForm(),
            "rol_feedback": FeedbackForm(plan=d),
            "rol_consult_close": ConsultCloseForm(),
        },
        "countersign": lambda d: {"rol_countersign": CountersignForm()},
        "issue": lambda d: {"rol_issue": IssueForm()},
        "implement": lambda d: {
            "rol_task": TaskForm(),
            "rol_task_done": TaskDoneForm(plan=d),
            "rol_implemented": EmptyForm(),
        },
        "review": lambda d: {"rol_task_done": TaskDoneForm(plan=d), "rol_summary": SummaryForm()},
    },
    ASSESSMENT_PROCESS: {
        "collect": lambda d: {
            "rol_list": ListForm(assessment=d),
            "rol_report": DutyReportForm(assessment=d),
            "rol_collected": CollectCloseForm(),
        },
        "score": lambda d: {
            "rol_report": DutyReportForm(assessment=d),
            "rol_score": ScoreForm(assessment=d),
            "rol_scored": ScoreCloseForm(),
        },
        "publish": lambda d: {"rol_publish": PublishForm()},
    },
    MODEL_UNIT_PROCESS: {
        "check": lambda d: {"rol_check": CheckForm()},
        "decide": lambda d: {"rol_decide": DecideForm()},
    },
    REPORT_PROCESS: {"report": lambda d: {"rol_record_report": RecordReportForm()}},
}


def page_forms(case, user):
    from .models import is_member

    steps = STEP_FORMS.get(case.process, {})
    if case.process == MODEL_UNIT_PROCESS and not case.is_open:
        a = case.rol_application
        if a.outcome == Outcome.NAMED and not a.revoked_on and is_member(user):
            return {"rol_revoke": RevokeForm()}
        return {}
    if not case.is_open or case.current_step not in steps:
        return {}
    if find_pending_task(case, user, step=case.current_step) is None:
        return {}
    return steps[case.current_step](case.process_def.domain(case))


def year_choices():
    y = today().year
    return [(str(v), f"{v}年") for v in range(y + 1, 2019, -1)]
