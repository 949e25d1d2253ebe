"""Pages of the 区委依法治区办秘书科 (职责手册 3.5–3.8) and the 法治政府建设 annual report.

Cases (plans, assessments, applications, reports) are worked on the engine's case page, with
the app's step forms (forms.page_forms) posted to `act`. The 学法用法 and campaign registers are
pages of their own, seen by the 秘书科, its division leader and the director (may_oversee)."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.audit.log import record
from apps.printing.case_print import print_case
from apps.printing.exports import Column, filename_for, write_xlsx, xlsx_response
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, DeadlineRule
from apps.workflow.viewkit import case_step

from . import forms as f
from . import services
from .figures import report_figures, xlsx_rows
from .filters import (
    ApplicationFilter,
    DutyReportFilter,
    LawReportFilter,
    PlanFilter,
    ScoreFilter,
    SessionFilter,
    TaskFilter,
)
from .models import (
    ASSESSMENT_PROCESS,
    MODEL_UNIT_PROCESS,
    PLAN_PROCESS,
    REPORT_PROCESS,
    AnnualReport,
    Assessment,
    Cadre,
    Campaign,
    DutyReport,
    Exam,
    ExamScore,
    LawReport,
    ModelApplication,
    Outcome,
    Plan,
    PlanTask,
    Presence,
    StudySession,
    is_member,
    may_oversee,
)

NOT_OVERSEER = "该登记簿仅供区委依法治区办秘书科、分管领导和局长查阅。"


def oversee(user):
    if not may_oversee(user):
        raise PermissionDenied(NOT_OVERSEER)


def member(user):
    if not is_member(user):
        raise PermissionDenied(services.NOT_MEMBER)


def _post_form(request, form, done, template, context, success):
    """A register form: valid → service → message and redirect; refused → the page again (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = done(form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
            return redirect(obj)
    elif request.method == "POST":
        messages.error(request, "请按提示补充或更正，已填写的内容都保留着。")
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


# --- rows (pages and Excel share them) ---------------------------------------------------------


def plan_rows(user, params):
    qs = Plan.objects.visible_to(user).select_related("case").annotate(n_tasks=Count("tasks"))
    return filtered(PlanFilter, params, qs).order_by("-start_year", "-pk")


def task_rows(user, params):
    qs = PlanTask.objects.visible_to(user).select_related("plan", "unit", "owner")
    return filtered(TaskFilter, params, qs).order_by("due_on", "pk")


def duty_report_rows(user, params):
    qs = DutyReport.objects.filter(assessment__in=Assessment.objects.visible_to(user).values("pk"))
    qs = qs.select_related("assessment", "unit")
    return filtered(DutyReportFilter, params, qs).order_by("-assessment__year", "-score", "unit__order")


def session_rows(user, params):
    qs = StudySession.objects.visible_to(user).select_related("organiser")
    qs = qs.annotate(
        n_present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT)),
        n_leave=Count("attendance", filter=Q(attendance__presence=Presence.LEAVE)),
        n_absent=Count("attendance", filter=Q(attendance__presence=Presence.ABSENT)),
    )
    return filtered(SessionFilter, params, qs).order_by("-held_on", "-pk")


def score_rows(user, params):
    qs = ExamScore.objects.filter(exam__in=Exam.objects.visible_to(user).values("pk"))
    qs = qs.select_related("exam", "cadre__unit")
    return filtered(ScoreFilter, params, qs).order_by("-exam__held_on", "exam_id", "-score", "pk")


def law_report_rows(user, params):
    qs = LawReport.objects.visible_to(user).select_related("cadre__unit")
    return filtered(LawReportFilter, params, qs).order_by("-year", "cadre__name", "pk")


def application_rows(user, params):
    qs = ModelApplication.objects.visible_to(user).select_related("campaign", "unit", "case")
    return filtered(ApplicationFilter, params, qs).order_by("-applied_on", "-pk")


# --- home -------------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    context = {"overseer": may_oversee(user), "member": is_member(user), "today": timezone.localdate()}
    context["published"] = (
        Plan.objects.published(user).select_related("case").annotate(n_tasks=Count("tasks")).order_by("-issued_on")[:10]
    )
    if context["overseer"]:
        cases = Case.objects.visible_to(user).filter(
            process__in=[PLAN_PROCESS, ASSESSMENT_PROCESS, MODEL_UNIT_PROCESS, REPORT_PROCESS]
        )
        context["open_cases"] = cases.open().select_related("section").order_by("due_date", "pk")[:30]
        context["overdue_tasks"] = (
            PlanTask.objects.visible_to(user)
            .filter(done_on__isnull=True, due_on__lt=timezone.localdate())
            .select_related("plan", "unit", "owner")
            .order_by("due_on")[:20]
        )
        context["report_due"] = report_status(user)
    return render(request, "rule_of_law/home.html", context)


def report_status(user):
    """The last ended year's annual report: its due date and whether it is registered."""
    from .sweeps import report_due

    today = timezone.localdate()
    year = today.year - 1
    rule = DeadlineRule.objects.filter(code=services.REPORT_RULE, active=True).first()
    report = AnnualReport.objects.visible_to(user).filter(year=year).select_related("case").first()
    return {"year": year, "due": report_due(rule, year) if rule else None, "rule": rule, "report": report}


# --- 3.5 普法规划 ----------------------------------------------------------------------------


@login_required
def plan_list(request):
    return register_page(
        request,
        PlanFilter,
        plan_rows,
        register="rule_of_law_plans",
        template="rule_of_law/plan_list.html",
        context={"member": is_member(request.user)},
    )


@login_required
def plan_new(request):
    member(request.user)
    form = f.PlanForm(request.POST or None)
    return _post_form(
        request,
        form,
        lambda d: services.create_plan(request.user, d).case,
        "rule_of_law/form.html",
        {"heading": "起草普法规划", "back": reverse("rule_of_law:plans")},
        "已保存规划草稿；完善后在事项页提交初审。",
    )


@login_required
def plan_edit(request, pk):
    case = api.access_case(request.user, pk, process=PLAN_PROCESS)
    if case.initiator_id != request.user.pk or case.status not in api.EDITABLE:
        raise PermissionDenied("只有起草人可以修改尚未提交（或退回修改）的规划。")
    plan = case.rol_plan
    initial = {k: getattr(plan, k) for k in ("kind", "title", "start_year", "end_year", "outline")}
    form = f.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(case.pk, request.user, form.cleaned_data)
            if "submit" in request.POST:
                services.submit_plan(case.pk, request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提交初审。" if "submit" in request.POST else "已保存。")
            return redirect(case)
    return render(
        request,
        "rule_of_law/form.html",
        {"form": form, "heading": f"修改规划：{plan.title}", "back": case.get_absolute_url(), "can_submit": True},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@never_cache
def plan_view(request, pk):
    """An issued plan as every department and section reads it (a public document)."""
    plan = get_object_or_404(Plan.objects.published(request.user).select_related("case"), pk=pk)
    tasks = plan.tasks.select_related("unit", "owner")
    may_open = Case.objects.visible_to(request.user).filter(pk=plan.case_id).exists()
    return render(request, "rule_of_law/plan_view.html", {"plan": plan, "tasks": tasks, "may_open": may_open})


@login_required
def task_list(request):
    return register_page(
        request, TaskFilter, task_rows, register="rule_of_law_plan_tasks", template="rule_of_law/task_list.html"
    )


# --- the case page's step forms ----------------------------------------------------------------


def _d(case):
    return case.process_def.domain(case)


def _actions(user):
    s = services
    return {
        # 3.5
        "consult": (PLAN_PROCESS, "rol_consult_send", lambda c, p: f.ConsultSendForm(p),
                    lambda c, d: s.send_consultation(c.pk, user, d["units"], d["sent_on"]),
                    "已登记征求意见，反馈期限已起算。"),
        "feedback": (PLAN_PROCESS, "rol_feedback", lambda c, p: f.FeedbackForm(p, plan=_d(c)),
                     lambda c, d: s.record_feedback(c.pk, user, d["consultation"], d["replied_on"], d["adoption"],
                                                    d["feedback"], d["response"]),
                     "已登记反馈意见。"),
        "consult_close": (PLAN_PROCESS, "rol_consult_close", lambda c, p: f.ConsultCloseForm(p),
                          lambda c, d: s.close_consultation(c.pk, user, d["closed_on"]), "征求意见完成，转入会签审议。"),
        "countersign": (PLAN_PROCESS, "rol_countersign", lambda c, p: f.CountersignForm(p),
                        lambda c, d: s.record_countersign(c.pk, user, d["countersigned_on"], d["meeting"]),
                        "已登记会签审议，转入印发。"),
        "issue": (PLAN_PROCESS, "rol_issue", lambda c, p: f.IssueForm(p),
                  lambda c, d: s.issue_plan(c.pk, user, d["doc_number"], d["issued_on"]), "已印发，转入组织实施。"),
        "task": (PLAN_PROCESS, "rol_task", lambda c, p: f.TaskForm(p),
                 lambda c, d: s.add_task(c.pk, user, d["unit"], d["content"], d["owner"], d["due_on"], d["contact"]),
                 "已分解任务，期限届满前由期限巡检提醒跟踪责任人。"),
        "task_done": (PLAN_PROCESS, "rol_task_done", lambda c, p: f.TaskDoneForm(p, plan=_d(c)),
                      lambda c, d: s.finish_task(c.pk, user, d["task"], d["done_on"], d["result"]), "已登记任务完成情况。"),
        "implemented": (PLAN_PROCESS, "rol_implemented", lambda c, p: f.EmptyForm(p),
                        lambda c, d: s.close_implementation(c.pk, user), "转入检查总结。"),
        "summary": (PLAN_PROCESS, "rol_summary", lambda c, p: f.SummaryForm(p),
                    lambda c, d: s.summarise_plan(c.pk, user, d["summarised_on"], d["summary"]), "检查总结完成，规划办结。"),
        # 3.6
        "list": (ASSESSMENT_PROCESS, "rol_list", lambda c, p: f.ListForm(p, assessment=_d(c)),
                 lambda c, d: s.receive_list(c.pk, user, d["unit"], d["received_on"], d["items"]), "已登记普法责任清单。"),
        "report": (ASSESSMENT_PROCESS, "rol_report", lambda c, p: f.DutyReportForm(p, assessment=_d(c)),
                   lambda c, d: s.receive_report(c.pk, user, d["unit"], d["received_on"], d["summary"]),
                   "已登记年度报告。"),
        "collected": (ASSESSMENT_PROCESS, "rol_collected", lambda c, p: f.CollectCloseForm(p),
                      lambda c, d: s.close_collection(c.pk, user, d["collected_on"]), "收集完毕，转入评分。"),
        "score": (ASSESSMENT_PROCESS, "rol_score", lambda c, p: f.ScoreForm(p, assessment=_d(c)),
                  lambda c, d: s.score_report(c.pk, user, d["report"], d["score"], d["remarks"]), "已评分。"),
        "scored": (ASSESSMENT_PROCESS, "rol_scored", lambda c, p: f.ScoreCloseForm(p),
                   lambda c, d: s.close_scoring(c.pk, user, d["scored_on"]), "评分排名完成，报送审定。"),
        "publish": (ASSESSMENT_PROCESS, "rol_publish", lambda c, p: f.PublishForm(p),
                    lambda c, d: s.publish_assessment(c.pk, user, d["doc_number"], d["published_on"]),
                    "考核结果已通报，请打印考核结果通知。"),
        # 3.8
        "check": (MODEL_UNIT_PROCESS, "rol_check", lambda c, p: f.CheckForm(p),
                  lambda c, d: s.check_application(c.pk, user, d["checked_on"], d["score"], d["opinion"]),
                  "已登记审核意见，报送审批。"),
        "decide": (MODEL_UNIT_PROCESS, "rol_decide", lambda c, p: f.DecideForm(p),
                   lambda c, d: s.decide_application(c.pk, user, d["outcome"], d["decided_on"], d["decision_number"]),
                   "已登记命名决定。"),
        "revoke": (MODEL_UNIT_PROCESS, "rol_revoke", lambda c, p: f.RevokeForm(p),
                   lambda c, d: s.revoke_title(c.pk, user, d["revoked_on"], d["reason"]), "已撤销命名。"),
        # annual report
        "reported": (REPORT_PROCESS, "rol_record_report", lambda c, p: f.RecordReportForm(p),
                     lambda c, d: s.record_report(c.pk, user, d["reported_on"], d["reported_to"], d["published_on"],
                                                  d["published_url"]),
                     "已登记报送与公开，年度报告办结。"),
    }  # fmt: skip


@login_required
@require_POST
def act(request, pk, action):
    entry = _actions(request.user).get(action)
    if entry is None:
        raise Http404
    process, key, form, do, success = entry
    return case_step(
        request,
        pk,
        process=process,
        key=key,
        form=lambda case: form(case, request.POST),
        action=do,
        success=success,
        redirect_to=lambda case, result: case,
    )


# --- prints ------------------------------------------------------------------------------------

PRINTS = {
    "assessment_result": (
        ASSESSMENT_PROCESS,
        "print/rule_of_law/assessment_result.html",
        "普法责任制考核结果通知",
        lambda case: "" if case.rol_assessment.published_on else "考核结果尚未审定印发，不能打印通知。",
        lambda case, user: {"a": case.rol_assessment, "rows": case.rol_assessment.ranking()},
    ),
    "naming_decision": (
        MODEL_UNIT_PROCESS,
        "print/rule_of_law/naming_decision.html",
        "示范单位命名决定",
        lambda case: "" if case.rol_application.outcome == Outcome.NAMED else "尚未作出命名决定，不能打印。",
        lambda case, user: {"a": case.rol_application},
    ),
    "consult_letter": (
        PLAN_PROCESS,
        "print/rule_of_law/consult_letter.html",
        "征求意见函",
        lambda case: "" if case.rol_plan.consult_sent_on else "尚未征求意见，不能打印征求意见函。",
        lambda case, user: {
            "p": case.rol_plan,
            "units": case.rol_plan.consultations.select_related("unit"),
            "due": case.clocks.filter(rule__code=services.FEEDBACK_RULE).values_list("due_date", flat=True).first(),
        },
    ),
    # the annual report's figures as the printing person may see them (rule_of_law.figures)
    "figures": (
        REPORT_PROCESS,
        "print/rule_of_law/report_figures.html",
        "法治政府建设年度报告数据",
        lambda case: "",
        lambda case, user: {"r": case.rol_annual_report, "sources": report_figures(case.rol_annual_report.year, user)},
    ),
}


@login_required
@require_GET
def print_form(request, pk, form):
    entry = PRINTS.get(form)
    if entry is None:
        raise Http404
    process, template, title, refuse, context = entry
    return print_case(
        request,
        pk,
        process=process,
        template=template,
        title=title,
        event="print.rule_of_law",
        refuse=refuse,
        context=lambda case: context(case, request.user),
        detail={"form": form},
    )


# --- 3.6 -----------------------------------------------------------------------------------------


@login_required
def assessment_list(request):
    rows = (
        Assessment.objects.visible_to(request.user)
        .select_related("case")
        .annotate(n_units=Count("units", distinct=True), n_reports=Count("reports", distinct=True))
    )
    return render(
        request,
        "rule_of_law/assessment_list.html",
        {**list_page(request, rows.order_by("-year")), "member": is_member(request.user)},
    )


@login_required
def assessment_new(request):
    member(request.user)
    form = f.AssessmentForm(request.POST or None)
    return _post_form(
        request,
        form,
        lambda d: services.open_assessment(request.user, d["year"], d["units"], d["notice_on"], d["reports_due"]).case,
        "rule_of_law/form.html",
        {"heading": "印发普法责任制考核通知", "back": reverse("rule_of_law:assessments")},
        "已登记考核通知；各单位报送后在事项页登记。",
    )


@login_required
def ranking(request):
    """The ranking of one year's assessment (the latest by default); Excel: every scored report."""
    assessments = Assessment.objects.visible_to(request.user).select_related("case")
    year = request.GET.get("year")
    if request.GET.get("export") == "xlsx":
        return register_page(
            request, DutyReportFilter, duty_report_rows, register="rule_of_law_duty_reports", template=""
        )
    a = assessments.filter(year=int(year)).first() if (year or "").isdigit() else assessments.order_by("-year").first()
    return render(
        request,
        "rule_of_law/ranking.html",
        {"a": a, "rows": a.ranking() if a else [], "years": list(assessments.values_list("year", flat=True))},
    )


# --- 3.7 -----------------------------------------------------------------------------------------


@login_required
def session_list(request):
    oversee(request.user)
    return register_page(
        request,
        SessionFilter,
        session_rows,
        register="rule_of_law_sessions",
        template="rule_of_law/session_list.html",
        context={"member": is_member(request.user)},
    )


@login_required
def session_new(request):
    member(request.user)
    form = f.SessionForm(request.POST or None)
    return _post_form(
        request,
        form,
        lambda d: services.record_session(request.user, d, form.attendance()),
        "rule_of_law/form.html",
        {"heading": "登记学法活动", "back": reverse("rule_of_law:sessions")},
        "已登记学法活动及出勤。",
    )


@login_required
@never_cache
def session_detail(request, pk):
    oversee(request.user)
    session = get_object_or_404(StudySession.objects.visible_to(request.user).select_related("organiser"), pk=pk)
    attendance = session.attendance.select_related("cadre__unit")
    return render(request, "rule_of_law/session_detail.html", {"s": session, "attendance": attendance})


@login_required
def cadre_list(request):
    oversee(request.user)
    form = f.CadreForm(request.POST or None)
    if request.method == "POST":
        member(request.user)
        if form.is_valid():
            try:
                services.add_cadre(
                    request.user, form.cleaned_data["name"], form.cleaned_data["post"], form.cleaned_data["unit"]
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已登记。")
                return redirect("rule_of_law:cadres")
    cadres = (
        Cadre.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(
            n_sessions=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT), distinct=True),
            n_exams=Count("scores", distinct=True),
        )
    )
    return render(
        request,
        "rule_of_law/cadre_list.html",
        {**list_page(request, cadres.order_by("unit__order", "name")), "form": form, "member": is_member(request.user)},
    )


@login_required
def exam_list(request):
    oversee(request.user)
    return register_page(
        request,
        ScoreFilter,
        score_rows,
        register="rule_of_law_exam_scores",
        template="rule_of_law/exam_list.html",
        context={
            "member": is_member(request.user),
            "exams": Exam.objects.visible_to(request.user).annotate(n=Count("scores"))[:20],
        },
    )


@login_required
def exam_new(request):
    member(request.user)
    form = f.ExamForm(request.POST or None)
    return _post_form(
        request,
        form,
        lambda d: services.record_exam(request.user, d["held_on"], d["title"], d["pass_mark"]),
        "rule_of_law/form.html",
        {"heading": "登记学法考试", "back": reverse("rule_of_law:exams")},
        "已登记考试，请录入成绩。",
    )


@login_required
@never_cache
def exam_detail(request, pk):
    oversee(request.user)
    exam = get_object_or_404(Exam.objects.visible_to(request.user), pk=pk)
    form = f.ExamScoreForm(request.POST or None)
    if request.method == "POST":
        member(request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.record_score(request.user, exam.pk, d["cadre"], d["score"], d["absent"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已录入成绩。")
                return redirect(exam)
    scores = exam.scores.select_related("cadre__unit", "exam").order_by("-score", "cadre__name")
    return render(
        request,
        "rule_of_law/exam_detail.html",
        {"exam": exam, "scores": scores, "form": form, "member": is_member(request.user)},
    )


@login_required
def law_report_list(request):
    oversee(request.user)
    return register_page(
        request,
        LawReportFilter,
        law_report_rows,
        register="rule_of_law_law_reports",
        template="rule_of_law/law_report_list.html",
        context={"member": is_member(request.user), "rate_form": f.RateForm()},
    )


@login_required
def law_report_new(request):
    member(request.user)
    form = f.LawReportForm(request.POST or None)
    return _post_form(
        request,
        form,
        lambda d: (
            services.record_law_report(request.user, d["cadre"], d["year"], d["reported_on"], d["form"], d["summary"]),
            _Url(reverse("rule_of_law:law_reports")),
        )[1],
        "rule_of_law/form.html",
        {"heading": "登记述法", "back": reverse("rule_of_law:law_reports")},
        "已登记述法。",
    )


class _Url:
    """A redirect target for _post_form when the record has no page of its own."""

    def __init__(self, url):
        self.url = url

    def get_absolute_url(self):
        return self.url


@login_required
@require_POST
def law_report_rate(request, pk):
    member(request.user)
    get_object_or_404(LawReport.objects.visible_to(request.user), pk=pk)
    form = f.RateForm(request.POST)
    if form.is_valid():
        try:
            services.rate_law_report(request.user, pk, form.cleaned_data["rating"], form.cleaned_data["comments"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已登记评议结果。")
    else:
        messages.error(request, "请选择评议结果并填写评议意见。")
    return redirect("rule_of_law:law_reports")


# --- 3.8 -----------------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    oversee(request.user)
    rows = Campaign.objects.visible_to(request.user).annotate(
        n=Count("applications", distinct=True),
        named=Count(
            "applications",
            filter=Q(applications__outcome=Outcome.NAMED, applications__revoked_on__isnull=True),
            distinct=True,
        ),
    )
    return render(
        request,
        "rule_of_law/campaign_list.html",
        {**list_page(request, rows.order_by("-year", "-pk")), "member": is_member(request.user)},
    )


@login_required
def campaign_new(request):
    member(request.user)
    form = f.CampaignForm(request.POST or None)
    return _post_form(
        request,
        form,
        lambda d: services.create_campaign(request.user, d),
        "rule_of_law/form.html",
        {"heading": "部署创建活动", "back": reverse("rule_of_law:campaigns")},
        "已登记创建活动。",
    )


@login_required
@never_cache
def campaign_detail(request, pk):
    oversee(request.user)
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    apps_ = ModelApplication.objects.visible_to(request.user).filter(campaign=campaign).select_related("unit", "case")
    return render(request, "rule_of_law/campaign_detail.html", {"c": campaign, "applications": apps_})


@login_required
def application_list(request):
    return register_page(
        request,
        ApplicationFilter,
        application_rows,
        register="rule_of_law_applications",
        template="rule_of_law/application_list.html",
        context={"member": is_member(request.user)},
    )


@login_required
def application_new(request):
    member(request.user)
    form = f.ApplicationForm(request.POST or None, initial={"campaign": request.GET.get("campaign")})
    return _post_form(
        request,
        form,
        lambda d: (
            services.register_application(
                request.user, d["campaign"], d["unit"], d["candidate"], d["applied_on"], d["materials"]
            ).case
        ),
        "rule_of_law/form.html",
        {"heading": "受理示范单位申报", "back": reverse("rule_of_law:applications")},
        "已受理申报，请在事项页登记审核与实地核查意见。",
    )


# --- 法治政府建设年度报告 ------------------------------------------------------------------------


@login_required
def report_list(request):
    oversee(request.user)
    rows = AnnualReport.objects.visible_to(request.user).select_related("case").order_by("-year")
    form = f.OpenReportForm(request.POST or None)
    if request.method == "POST":
        member(request.user)
        if form.is_valid():
            try:
                report = services.open_report(request.user, form.cleaned_data["year"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已登记编制，报送期限已起算。")
                return redirect(report.case)
    return render(
        request,
        "rule_of_law/report_list.html",
        {"rows": rows, "form": form, "member": is_member(request.user), "status": report_status(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def report_figures_xlsx(request, pk):
    """The report's figures as Excel, as the viewer may see them (the case page's table)."""
    case = api.access_case(request.user, pk, process=REPORT_PROCESS)
    report = case.rol_annual_report
    sources = report_figures(report.year, request.user)
    rows = xlsx_rows(sources)
    title = f"{report.year}年度法治政府建设年度报告数据"
    hidden = [s.title for s in sources if not s.visible]
    described = [("年度", str(report.year)), ("事项编号", str(case.pk))]
    if hidden:
        described.append(("未列出（本人无权查看其台账）", "、".join(hidden)))
    buffer = BytesIO()
    write_xlsx(
        buffer,
        title,
        [Column("来源", 22), Column("类别", 22), Column("项目", 36), Column("数量", 12, "integer")],
        rows,
        described=described,
        requested_by=request.user,
    )
    record(
        "export.rule_of_law_report_figures",
        actor=request.user,
        obj=case,
        detail={"year": report.year, "rows": len(rows)},
    )
    return xlsx_response(buffer.getvalue(), filename_for(title))
