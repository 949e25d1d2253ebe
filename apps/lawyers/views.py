from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.audit.log import record
from apps.printing.case_print import print_context, refuse_print, render_case_form
from apps.printing.lists import filtered, list_page, register_page
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import CaseClock
from apps.workflow.viewkit import case_step

from . import services
from .filters import AdviserFilter, ComplaintFilter, FirmFilter, LawyerFilter, LicenceFilter
from .forms import (
    AdviserForm,
    AssignForm,
    CheckForm,
    CityForm,
    ComplaintForm,
    DecideForm,
    ExtendForm,
    FirmForm,
    LawyerForm,
    LicenceForm,
    NoteForm,
    OnDateForm,
    PlanForm,
    ProvinceForm,
    ReceiveReportForm,
    RecommendForm,
    RecordForm,
    ReplyForm,
    ReportResultForm,
    ResultForm,
    ReviewReportForm,
    SendForm,
    TaskDoneForm,
    TaskForm,
)
from .models import (
    AssessmentReport,
    AssessmentStage,
    Complaint,
    ComplaintStage,
    LawFirm,
    Lawyer,
    LegalAdviser,
    LicenceFile,
    PlanTask,
    RecommendationStage,
    SubjectKind,
    WorkPlan,
    WorkRecord,
    is_section_staff,
    may_see_registers,
)
from .processes import COMPLAINT_PROCESS, LICENCE_PROCESS, RECOMMENDATION_PROCESS


def _staff_only(user):
    if not is_section_staff(user):
        raise PermissionDenied("只有律师工作科工作人员可以登记、修改。")


def _clocks():
    return Prefetch("case__clocks", queryset=CaseClock.objects.select_related("rule").order_by("id"))


# --- home ------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    user = request.user
    today = timezone.localdate()
    context = {"may_see": may_see_registers(user), "is_staff": is_section_staff(user), "today": today}
    complaints = Complaint.objects.visible_to(user)
    context["complaint_counts"] = complaints.aggregate(
        open=Count("pk", filter=~Q(stage__in=[ComplaintStage.DECLINED, ComplaintStage.REPLIED])),
        total=Count("pk"),
    )
    if context["may_see"]:
        context["firm_count"] = LawFirm.objects.visible_to(user).count()
        context["lawyer_count"] = Lawyer.objects.visible_to(user).count()
        context["adviser_count"] = LegalAdviser.objects.visible_to(user).count()
        context["open_tasks"] = PlanTask.objects.visible_to(user).filter(done_on__isnull=True).count()
        context["late_tasks"] = PlanTask.objects.visible_to(user).filter(done_on__isnull=True, due_on__lt=today).count()
        firms, lawyers = services.not_reported(user, today.year - 1)
        context["unreported"] = len(firms) + len(lawyers)
        context["report_year"] = today.year - 1
    context["may_complain"] = services.may_register_complaint(user)
    return render(request, "lawyers/home.html", context)


# --- registers -------------------------------------------------------------------------------------


def visible_firms(user, params):
    qs = LawFirm.objects.visible_to(user).select_related("parent").annotate(n_lawyers=Count("lawyers"))
    return filtered(FirmFilter, params, qs).order_by("name")


def visible_lawyers(user, params):
    qs = Lawyer.objects.visible_to(user).select_related("firm")
    return filtered(LawyerFilter, params, qs).order_by("name", "id")


def visible_advisers(user, params):
    qs = LegalAdviser.objects.visible_to(user).select_related("lawyer", "firm")
    return filtered(AdviserFilter, params, qs).order_by("unit", "id")


@login_required
def firm_list(request):
    return register_page(
        request,
        FirmFilter,
        visible_firms,
        register="lawyers_firms",
        template="lawyers/firms.html",
        context={"is_staff": is_section_staff(request.user)},
    )


@login_required
def lawyer_list(request):
    return register_page(
        request,
        LawyerFilter,
        visible_lawyers,
        register="lawyers_lawyers",
        template="lawyers/lawyers.html",
        context={"is_staff": is_section_staff(request.user)},
    )


@login_required
def adviser_list(request):
    return register_page(
        request,
        AdviserFilter,
        visible_advisers,
        register="lawyers_advisers",
        template="lawyers/advisers.html",
        context={"is_staff": is_section_staff(request.user), "today": timezone.localdate()},
    )


def _edit(request, form_class, instance, title, done, help_text=""):
    _staff_only(request.user)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.save_register_form(request.user, form)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect(done(obj))
    return render(request, "lawyers/form.html", {"form": form, "title": title, "help": help_text})


@login_required
def firm_new(request):
    return _edit(request, FirmForm, None, "登记律师事务所（分所）", lambda o: f"/lawyers/firms/{o.pk}/")


@login_required
def firm_edit(request, pk):
    firm = get_object_or_404(LawFirm.objects.visible_to(request.user), pk=pk)
    return _edit(
        request, FirmForm, firm, f"修改：{firm.name}", lambda o: f"/lawyers/firms/{o.pk}/", "修改记入变更历史。"
    )


def _open_rectifications(target, user):
    """The target's open rectifications from the shared inspections app (7.1), [] if it is not there."""
    try:
        from apps.inspections.services import open_rectifications
    except ImportError:
        return []
    return list(open_rectifications(target, user))


@login_required
@require_GET
def firm_detail(request, pk):
    firm = get_object_or_404(LawFirm.objects.visible_to(request.user).select_related("parent"), pk=pk)
    return render(
        request,
        "lawyers/firm_detail.html",
        {
            "firm": firm,
            "lawyers": firm.lawyers.order_by("name"),
            "branches": firm.branches.order_by("name"),
            "complaints": Complaint.objects.visible_to(request.user)
            .filter(Q(firm=firm) | Q(lawyer__firm=firm))
            .select_related("case"),
            "reports": firm.reports.order_by("-year"),
            "rectifications": _open_rectifications(firm, request.user),
            "history": firm.history.select_related("history_user").order_by("-history_date")[:20],
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def lawyer_new(request):
    return _edit(request, LawyerForm, None, "登记律师（含公职律师、公司律师）", lambda o: f"/lawyers/lawyers/{o.pk}/")


@login_required
def lawyer_edit(request, pk):
    lawyer = get_object_or_404(Lawyer.objects.visible_to(request.user), pk=pk)
    return _edit(
        request, LawyerForm, lawyer, f"修改：{lawyer.name}", lambda o: f"/lawyers/lawyers/{o.pk}/", "修改记入变更历史。"
    )


@login_required
@require_GET
def lawyer_detail(request, pk):
    lawyer = get_object_or_404(Lawyer.objects.visible_to(request.user).select_related("firm"), pk=pk)
    return render(
        request,
        "lawyers/lawyer_detail.html",
        {
            "lawyer": lawyer,
            "complaints": Complaint.objects.visible_to(request.user).filter(lawyer=lawyer).select_related("case"),
            "reports": lawyer.reports.order_by("-year"),
            "advisories": lawyer.advisories.order_by("-starts_on"),
            "history": lawyer.history.select_related("history_user").order_by("-history_date")[:20],
            "is_staff": is_section_staff(request.user),
        },
    )


@login_required
def adviser_new(request):
    return _edit(
        request,
        AdviserForm,
        None,
        "登记法律顾问",
        lambda o: "/lawyers/advisers/",
        "党政机关、企事业单位聘请的法律顾问（职责手册 7.4）。",
    )


@login_required
def adviser_edit(request, pk):
    adviser = get_object_or_404(LegalAdviser.objects.visible_to(request.user), pk=pk)
    return _edit(
        request, AdviserForm, adviser, f"修改：{adviser}", lambda o: "/lawyers/advisers/", "修改记入变更历史。"
    )


# --- complaints ------------------------------------------------------------------------------------


def visible_complaints(user, params):
    qs = (
        Complaint.objects.visible_to(user)
        .select_related("case", "case__section", "handler")
        .prefetch_related(_clocks())
    )
    return filtered(ComplaintFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def complaint_list(request):
    return register_page(
        request,
        ComplaintFilter,
        visible_complaints,
        register="lawyers_complaints",
        template="lawyers/complaints.html",
        context={"may_complain": services.may_register_complaint(request.user), "kinds": SubjectKind.choices},
    )


@login_required
def complaint_new(request):
    if not services.may_register_complaint(request.user):
        raise PermissionDenied("只有律师工作科、公共法律服务管理科工作人员可以登记投诉。")
    kind = request.GET.get("kind")
    initial = {"subject_kind": kind} if kind in SubjectKind.values else {}
    form = ComplaintForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_complaint(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "投诉已登记，送承办科室负责人分办；受理审查期限已起算。")
            return redirect(case)
    return render(
        request,
        "lawyers/form.html",
        {
            "form": form,
            "title": "登记投诉",
            "help": "对律师、律师事务所的投诉由律师工作科承办；"
            "对公证员（公证机构）、基层法律服务工作者（所）的投诉由公共法律服务管理科承办。"
            "投诉人的身份证号码、电话、地址仅承办人可查看完整信息。",
        },
    )


COMPLAINT_MOVES = {
    "assign": (
        "lawyers_assign",
        "form_assign",
        lambda c, u, d: services.assign(c.pk, u, d["handler"], d["on_date"]),
        "已分办。",
    ),
    "decide": (
        "lawyers_decide",
        DecideForm,
        lambda c, u, d: services.decide(c.pk, u, d["accept"], d["on_date"], d["reason"]),
        "受理决定已记录；请打印告知书送达投诉人。",
    ),
    "note": ("lawyers_note", NoteForm, lambda c, u, d: services.add_note(c.pk, u, d), "调查记录已登记。"),
    "recommend": (
        "lawyers_recommend",
        RecommendForm,
        lambda c, u, d: services.start_recommendation(c.pk, u, d),
        "处罚建议已送科室负责人、分管局长审批；批准后报送淄博市司法局。",
    ),
    "extend": (
        "lawyers_extend",
        ExtendForm,
        lambda c, u, d: services.request_extension(c.pk, u, d["days"], d["reason"]),
        "延期申请已送审批；批准后答复期限自动延长。",
    ),
    "reply": (
        "lawyers_reply",
        ReplyForm,
        lambda c, u, d: services.reply(c.pk, u, d["finding"], d["text"], d["on_date"]),
        "已答复投诉人，投诉办结；请打印答复书送达。",
    ),
}


@login_required
@require_POST
def complaint_act(request, pk, move):
    if move not in COMPLAINT_MOVES:
        raise Http404
    key, form_class, call, done = COMPLAINT_MOVES[move]
    form = (lambda case: AssignForm(request.POST, case=case)) if form_class == "form_assign" else form_class
    return case_step(
        request,
        pk,
        process=COMPLAINT_PROCESS,
        key=key,
        form=form,
        action=lambda case, data: call(case, request.user, data),
        success=done,
        redirect_to=lambda case, result: result if move == "recommend" else case,
    )


COMPLAINT_FORMS = {
    "accept": ("投诉受理告知书", lambda c: c.stage in (ComplaintStage.INVESTIGATING, ComplaintStage.REPLIED)),
    "decline": ("投诉不予受理告知书", lambda c: c.stage == ComplaintStage.DECLINED),
    "reply": ("投诉处理答复书", lambda c: c.stage == ComplaintStage.REPLIED),
}


@login_required
@require_GET
def complaint_print(request, pk, form):
    case = access_case(request.user, pk, process=COMPLAINT_PROCESS)
    if form not in COMPLAINT_FORMS:
        raise Http404
    title, allowed = COMPLAINT_FORMS[form]
    c = case.lawyer_complaint
    if not allowed(c):
        return refuse_print(request, case, f"该投诉目前“{c.get_stage_display()}”，不能打印{title}。")
    clocks = {k.rule.code: k for k in case.clocks.select_related("rule")}
    return render_case_form(
        request,
        case,
        f"print/lawyers/complaint_{form}.html",
        title,
        {"c": c, "reply_clock": clocks.get(services.REPLY_RULE)},
        event="print.lawyers_form",
        detail={"form": f"complaint_{form}"},
    )


REC_MOVES = {
    "send": (
        "lawyers_send",
        SendForm,
        lambda c, u, d: services.send_recommendation(c.pk, u, d["on_date"], d["number"]),
        "已登记报送；请打印处罚建议书报送。",
    ),
    "result": (
        "lawyers_result",
        ResultForm,
        lambda c, u, d: services.record_recommendation_result(c.pk, u, d["on_date"], d["text"]),
        "上级处理结果已登记，事项办结。",
    ),
}


@login_required
@require_POST
def recommendation_act(request, pk, move):
    if move not in REC_MOVES:
        raise Http404
    key, form_class, call, done = REC_MOVES[move]
    return case_step(
        request,
        pk,
        process=RECOMMENDATION_PROCESS,
        key=key,
        form=form_class,
        action=lambda case, data: call(case, request.user, data),
        success=done,
    )


@login_required
@require_GET
def recommendation_print(request, pk):
    """处罚建议书: printable once approved (the signed approvals are on it)."""
    case = access_case(request.user, pk, process=RECOMMENDATION_PROCESS)
    rec = case.lawyer_recommendation
    if rec.stage in (RecommendationStage.APPROVING, RecommendationStage.DROPPED):
        return refuse_print(request, case, f"该处罚建议目前“{rec.stage_label}”，审批通过后方可打印处罚建议书。")
    approvals = list(
        case.tasks.filter(status="done", decision="approve").select_related("acted_by").order_by("acted_at")
    )
    return render_case_form(
        request,
        case,
        "print/lawyers/recommendation.html",
        "关于对违法执业行为给予行政处罚的建议书",
        {"r": rec, "c": rec.complaint, "approvals": approvals, "notes": rec.complaint.notes.all()},
        event="print.lawyers_form",
        detail={"form": "recommendation"},
    )


# --- licence files ---------------------------------------------------------------------------------


def visible_licences(user, params):
    qs = LicenceFile.objects.visible_to(user).select_related("case", "firm").prefetch_related(_clocks())
    return filtered(LicenceFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def licence_list(request):
    return register_page(
        request,
        LicenceFilter,
        visible_licences,
        register="lawyers_licences",
        template="lawyers/licences.html",
        context={"is_staff": is_section_staff(request.user)},
    )


@login_required
def licence_new(request):
    _staff_only(request.user)
    form = LicenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_licence(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已接收申请材料：5个工作日内审查完毕，材料不全的一次性告知需要补正的全部内容。")
            return redirect(case)
    return render(
        request,
        "lawyers/form.html",
        {
            "form": form,
            "title": "接收律师执业/律师事务所设立申请材料",
            "help": "区司法局接收材料、审查是否齐全后转报淄博市司法局；"
            "市局自受理之日起20日内审查并报省司法厅，省厅自收到之日起10日内作出决定（《律师法》第六条、第十八条）。",
        },
    )


LICENCE_MOVES = {
    "check": (
        "lawyers_check",
        "check",
        lambda c, u, d: services.check_materials(c.pk, u, d["present"], d["on_date"], d["note"]),
        "审查结果已记录；材料不全的，请打印补正告知书一次性告知申请人。",
    ),
    "supplied": (
        "lawyers_supplied",
        OnDateForm,
        lambda c, u, d: services.receive_supplement(c.pk, u, d["on_date"]),
        "补正材料已收到。",
    ),
    "forward": (
        "lawyers_forward",
        OnDateForm,
        lambda c, u, d: services.forward_licence(c.pk, u, d["on_date"]),
        "已转报市司法局；请打印转报函。",
    ),
    "city": (
        "lawyers_city",
        CityForm,
        lambda c, u, d: services.record_city(c.pk, u, d["on_date"], d["passed"], d["opinion"]),
        "市局审查意见已登记。",
    ),
    "province": (
        "lawyers_province",
        ProvinceForm,
        lambda c, u, d: services.record_province(c.pk, u, d["on_date"], d["granted"], d["licence_no"], d["note"]),
        "省厅决定已登记，事项办结。",
    ),
}


@login_required
@require_POST
def licence_act(request, pk, move):
    if move not in LICENCE_MOVES:
        raise Http404
    key, form_class, call, done = LICENCE_MOVES[move]
    if form_class == "check":
        form = lambda case: CheckForm(request.POST, kind=case.lawyer_licence.kind)  # noqa: E731
    else:
        form = form_class
    return case_step(
        request,
        pk,
        process=LICENCE_PROCESS,
        key=key,
        form=form,
        action=lambda case, data: call(case, request.user, data),
        success=done,
    )


LICENCE_FORMS = {
    "supplement": ("申请材料补正告知书", lambda f: bool(f.missing)),
    "forward": ("申请材料转报函", lambda f: f.forwarded_on is not None),
}


@login_required
@require_GET
def licence_print(request, pk, form):
    case = access_case(request.user, pk, process=LICENCE_PROCESS)
    if form not in LICENCE_FORMS:
        raise Http404
    title, allowed = LICENCE_FORMS[form]
    f = case.lawyer_licence
    if not allowed(f):
        return refuse_print(request, case, f"该申请目前“{f.get_stage_display()}”，不能打印{title}。")
    return render_case_form(
        request,
        case,
        f"print/lawyers/licence_{form}.html",
        title,
        {"f": f},
        event="print.lawyers_form",
        detail={"form": f"licence_{form}"},
    )


# --- annual assessment -----------------------------------------------------------------------------


def _year(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    return min(max(year, 2000), today.year)


@login_required
@require_GET
def assessment(request):
    """年度考核 (7.3): the year's reports with their 初审 and results, and who has not reported."""
    year = _year(request)
    user = request.user
    reports = (
        AssessmentReport.objects.visible_to(user)
        .filter(year=year)
        .select_related("firm", "lawyer", "lawyer__firm", "reviewed_by")
        .order_by("stage", "id")
    )
    firms, lawyers = services.not_reported(user, year)
    today = timezone.localdate()
    return render(
        request,
        "lawyers/assessment.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "reports": reports,
            "firms_missing": firms,
            "lawyers_missing": lawyers,
            "is_staff": is_section_staff(user),
            "receive_form": ReceiveReportForm(initial={"year": year}),
            "review_form": ReviewReportForm(),
            "result_form": ReportResultForm(),
            "forward_form": OnDateForm(),
            "to_forward": sum(1 for r in reports if r.stage == AssessmentStage.REVIEWED),
        },
    )


def _assessment_post(request, form, call, done):
    _staff_only(request.user)
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
    else:
        messages.error(request, "请按要求填写：" + "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"/lawyers/assessment/?year={_year(request)}")


@login_required
@require_POST
def assessment_receive(request):
    return _assessment_post(
        request,
        ReceiveReportForm(request.POST),
        lambda d: services.receive_report(request.user, d["year"], d["received_on"], d["firm"], d["lawyer"]),
        "考核材料已登记。",
    )


@login_required
@require_POST
def assessment_review(request, pk):
    get_object_or_404(AssessmentReport.objects.visible_to(request.user), pk=pk)
    return _assessment_post(
        request,
        ReviewReportForm(request.POST),
        lambda d: services.review_report(request.user, pk, d["grade"], d["opinion"], d["on_date"]),
        "初审意见已登记。",
    )


@login_required
@require_POST
def assessment_forward(request):
    return _assessment_post(
        request,
        OnDateForm(request.POST),
        lambda d: services.forward_reports(request.user, _year(request), d["on_date"]),
        "已报送市司法局；请打印初审意见汇总表随材料报送。",
    )


@login_required
@require_POST
def assessment_result(request, pk):
    get_object_or_404(AssessmentReport.objects.visible_to(request.user), pk=pk)
    return _assessment_post(
        request,
        ReportResultForm(request.POST),
        lambda d: services.record_assessment_result(request.user, pk, d["grade"], d["on_date"]),
        "考核结果已登记。",
    )


@login_required
@require_GET
def assessment_print(request):
    """年度考核初审意见汇总表: the reviewed and forwarded reports of the year."""
    if not may_see_registers(request.user):
        raise Http404
    year = _year(request)
    reports = list(
        AssessmentReport.objects.visible_to(request.user)
        .filter(year=year, stage__in=[AssessmentStage.REVIEWED, AssessmentStage.FORWARDED, AssessmentStage.DONE])
        .select_related("firm", "lawyer", "lawyer__firm")
        .order_by("firm_id", "id")
    )
    title = f"{year}年度律师事务所、律师年度考核初审意见汇总表"
    pdf = render_pdf(
        "print/lawyers/assessment.html",
        {"title": title, "year": year, "reports": reports, **print_context(request.user)},
        request,
    )
    record("print.lawyers_assessment", actor=request.user, detail={"year": year, "rows": len(reports)})
    return pdf_response(pdf, f"{title}.pdf")


# --- plans and work records ------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    today = timezone.localdate()
    plans = (
        WorkPlan.objects.visible_to(request.user)
        .annotate(
            n_tasks=Count("tasks"),
            n_open=Count("tasks", filter=Q(tasks__done_on__isnull=True)),
            n_late=Count("tasks", filter=Q(tasks__done_on__isnull=True, tasks__due_on__lt=today)),
        )
        .order_by("-year", "-issued_on", "-id")
    )  # Meta.ordering does not apply to an aggregated query
    return render(
        request, "lawyers/plans.html", {**list_page(request, plans), "is_staff": is_section_staff(request.user)}
    )


@login_required
def plan_new(request):
    _staff_only(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "计划已登记，请分解任务、明确责任人和完成时限。")
            return redirect("lawyers:plan_detail", plan.pk)
    return render(
        request,
        "lawyers/form.html",
        {
            "form": form,
            "title": "登记工作计划/措施",
            "help": "指导监督计划（7.2）、促进律师行业健康发展措施（7.6）及宣传方案。",
        },
    )


@login_required
@require_GET
def plan_detail(request, pk):
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user).select_related("created_by"), pk=pk)
    return render(
        request,
        "lawyers/plan_detail.html",
        {
            "plan": plan,
            "tasks": plan.tasks.select_related("owner"),
            "records": plan.records.select_related("recorded_by"),
            "today": timezone.localdate(),
            "is_staff": is_section_staff(request.user),
            "task_form": TaskForm(),
            "done_form": TaskDoneForm(),
        },
    )


@login_required
@require_POST
def task_add(request, pk):
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    _staff_only(request.user)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.add_task(request.user, plan.pk, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "任务已添加，到期前提醒责任人。")
    else:
        messages.error(request, "请按要求填写任务、责任人和完成时限。")
    return redirect("lawyers:plan_detail", plan.pk)


@login_required
@require_POST
def task_done(request, pk):
    task = get_object_or_404(PlanTask.objects.visible_to(request.user), pk=pk)
    _staff_only(request.user)
    form = TaskDoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_task(request.user, task.pk, form.cleaned_data["on_date"], form.cleaned_data["result"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "任务已登记完成。")
    else:
        messages.error(request, "请填写完成日期和完成情况。")
    return redirect("lawyers:plan_detail", task.plan_id)


@login_required
@require_GET
def plan_print(request, pk):
    plan = get_object_or_404(WorkPlan.objects.visible_to(request.user), pk=pk)
    tasks = list(plan.tasks.select_related("owner"))
    pdf = render_pdf(
        "print/lawyers/plan.html",
        {"title": plan.title, "plan": plan, "tasks": tasks, **print_context(request.user)},
        request,
    )
    record("print.lawyers_plan", actor=request.user, obj=plan, detail={"plan": plan.pk})
    return pdf_response(pdf, f"{plan.title}.pdf")


@login_required
@require_GET
def record_list(request):
    records = WorkRecord.objects.visible_to(request.user).select_related("plan", "recorded_by")
    return render(
        request, "lawyers/records.html", {**list_page(request, records), "is_staff": is_section_staff(request.user)}
    )


@login_required
def record_new(request):
    _staff_only(request.user)
    form = RecordForm(request.POST or None)
    form.fields["plan"].queryset = WorkPlan.objects.visible_to(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_record(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "工作记录已登记。")
            return redirect("lawyers:records")
    return render(
        request,
        "lawyers/form.html",
        {"form": form, "title": "登记工作记录", "help": "日常指导、培训交流、宣传、党建及诚信建设等工作情况。"},
    )
