from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Max, Min, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import CaseClock
from apps.workflow.viewkit import case_step

from . import report, services
from .access import is_section_handler, is_section_viewer, require_handler, require_viewer
from .filters import (
    BodyFilter,
    CertificateFilter,
    CheckFilter,
    ComplaintFilter,
    DisputeFilter,
    FileFilter,
    ListReviewFilter,
)
from .forms import (
    AcceptForm,
    AnnualReviewForm,
    BodyForm,
    CertCheckForm,
    CertificateForm,
    ComplaintForm,
    ComplianceForm,
    ConcludeForm,
    DeclineForm,
    DisputeForm,
    EvaluationForm,
    ExamForm,
    FeedbackForm,
    FileScoreForm,
    IssueCertForm,
    IssueForm,
    ListOpinionForm,
    ListReviewForm,
    LossForm,
    MeetingForm,
    ProposeForm,
    RectifiedForm,
    RevokeForm,
    ThreeSystemsForm,
)
from .models import (
    SCORE_ITEMS,
    Certificate,
    CertStatus,
    Complaint,
    ComplaintStage,
    Dispute,
    DisputeStatus,
    EnforcementBody,
    EvaluatedFile,
    Evaluation,
    Finding,
    ListReview,
    ListReviewStage,
    ThreeSystemsCheck,
)
from .processes import COMPLAINT_PROCESS, LIST_REVIEW_PROCESS


def _form_page(request, form, title, help_text="", submit="登记", tab=""):
    return render(
        request,
        "enforcement/form.html",
        {"form": form, "title": title, "help": help_text, "submit": submit, "tab": tab},
    )


def _call(request, call, done):
    """Run a service; on success a message and the object, on refusal the message and None."""
    try:
        result = call()
    except TransitionError as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, done)
    return result


# --- 首页 ----------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    user = request.user
    context = {"viewer": is_section_viewer(user), "handler": is_section_handler(user)}
    if context["viewer"]:
        today = timezone.localdate()
        complaints = Complaint.objects.visible_to(user)
        context.update(
            open_complaints=complaints.filter(
                stage__in=[ComplaintStage.RECEIVED, ComplaintStage.INVESTIGATING, ComplaintStage.FOLLOWUP]
            ).count(),
            overdue_complaints=complaints.filter(
                case__clocks__status=CaseClock.Status.RUNNING, case__clocks__due_date__lt=today
            )
            .distinct()
            .count(),
            certs_due=filtered(CertificateFilter, {"due": True}, Certificate.objects.visible_to(user)).count(),
            certs_pending=Certificate.objects.visible_to(user)
            .filter(status__in=[CertStatus.APPLIED, CertStatus.CHECKED, CertStatus.PASSED])
            .count(),
            open_disputes=Dispute.objects.visible_to(user)
            .filter(status__in=[DisputeStatus.OPEN, DisputeStatus.REFERRED])
            .count(),
            open_reviews=ListReview.objects.visible_to(user).exclude(stage=ListReviewStage.DONE).count(),
        )
    context["bodies"] = EnforcementBody.objects.visible_to(user).filter(is_active=True).count()
    return render(request, "enforcement/home.html", context)


# --- 5.1 执法主体 ----------------------------------------------------------------------------


def visible_bodies(user, params):
    qs = EnforcementBody.objects.visible_to(user).select_related("unit")
    return filtered(BodyFilter, params, qs).order_by("unit__order", "unit_id", "id")


@login_required
def body_list(request):
    return register_page(
        request,
        BodyFilter,
        visible_bodies,
        register="enforcement_bodies",
        template="enforcement/body_list.html",
        context={
            "handler": is_section_handler(request.user),
            "viewer": is_section_viewer(request.user),
            "tab": "bodies",
        },
    )


@login_required
def body_new(request, pk=None):
    require_handler(request.user)
    body = get_object_or_404(EnforcementBody, pk=pk) if pk else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if _call(request, lambda: services.save_body(request.user, data, pk=pk), "执法主体信息已保存。"):
            return redirect("enforcement:bodies")
    title = f"修改执法主体：{body.unit.name}" if body else "登记执法主体（审核确认）"
    return _form_page(
        request,
        form,
        title,
        "行政执法机关自查申报后，审核其职能依据和机构编制文件，报区政府批准后向社会公告（条例第九条）。",
        submit="保存",
        tab="bodies",
    )


# --- 5.2 投诉举报 ----------------------------------------------------------------------------


def visible_complaints(user, params):
    if not is_section_viewer(user):
        return Complaint.objects.none()
    clocks = Prefetch("case__clocks", queryset=CaseClock.objects.select_related("rule").order_by("id"))
    qs = Complaint.objects.visible_to(user).select_related("case", "unit").prefetch_related(clocks)
    return filtered(ComplaintFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def complaint_list(request):
    require_viewer(request.user)
    return register_page(
        request,
        ComplaintFilter,
        visible_complaints,
        register="enforcement_complaints",
        template="enforcement/complaint_list.html",
        context={"handler": is_section_handler(request.user), "tab": "complaints"},
    )


@login_required
def complaint_new(request):
    require_handler(request.user)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _call(
            request,
            lambda: services.register_complaint(request.user, dict(form.cleaned_data)),
            "投诉举报已登记，请在立案审查期限内决定是否立案。",
        )
        if case:
            return redirect(case)
    return _form_page(
        request,
        form,
        "登记行政执法投诉举报",
        "公民、法人和其他组织认为行政执法行为违法或者不当的投诉、举报（山东省行政执法监督条例第六条）。",
        tab="complaints",
    )


COMPLAINT_MOVES = {
    "accept": (
        "enforcement_accept",
        AcceptForm,
        lambda c, u, d: services.accept_complaint(c.pk, u, d["on_date"]),
        "已立案，调查处理期限已起算。",
    ),
    "decline": (
        "enforcement_decline",
        DeclineForm,
        lambda c, u, d: services.decline_complaint(c.pk, u, d["on_date"], d["reason"]),
        "已决定不予立案并办结；请打印告知书送达投诉人。",
    ),
    "propose": (
        "enforcement_propose",
        ProposeForm,
        lambda c, u, d: services.propose(
            c.pk, u, d["findings"], d["finding"], d["proposal"], d["on_date"], d["decision_kind"]
        ),
        "处理意见已送审批。",
    ),
    "issue": (
        "enforcement_issue",
        IssueForm,
        lambda c, u, d: services.issue(c.pk, u, d["issued_on"], d["served_on"]),
        "文书已制发送达。",
    ),
    "compliance": (
        "enforcement_compliance",
        ComplianceForm,
        lambda c, u, d: services.record_compliance(c.pk, u, d["compliance"], d["note"], d["on_date"]),
        "纠正/执行情况已登记，事项办结。",
    ),
}


@login_required
@require_POST
def complaint_act(request, pk, move):
    if move not in COMPLAINT_MOVES:
        raise Http404
    key, form_class, call, done = COMPLAINT_MOVES[move]
    return case_step(
        request,
        pk,
        process=COMPLAINT_PROCESS,
        key=key,
        form=form_class,
        action=lambda case, data: call(case, request.user, data),
        success=done,
    )


def _approvals(case):
    return list(
        case.tasks.filter(status="done", decision="approve", kind="approve")
        .select_related("acted_by")
        .order_by("acted_at")
    )


COMPLAINT_FORMS = {
    "document": lambda c: c.finding and c.issued_on is not None or c.stage == ComplaintStage.DECLINED,
    "approval": lambda c: bool(c.finding),
}


@login_required
@require_GET
def complaint_print(request, pk, form):
    case = access_case(request.user, pk, process=COMPLAINT_PROCESS)
    if form not in COMPLAINT_FORMS:
        raise Http404
    c = case.enforcement_complaint
    if not COMPLAINT_FORMS[form](c):
        return refuse_print(request, case, "该投诉尚无可打印的文书（处理意见审批并制发后才能打印）。")
    if form == "approval":
        title, template = "行政执法监督处理意见审批表", "print/enforcement/approval.html"
    elif c.stage == ComplaintStage.DECLINED:
        title, template = "不予立案告知书", "print/enforcement/declined.html"
    else:
        title, template = c.document_title, f"print/enforcement/{c.finding}.html"
    clocks = {clock.rule.code: clock for clock in case.clocks.select_related("rule")}
    context = {"c": c, "approvals": _approvals(case), "clocks": clocks, "Finding": Finding}
    return render_case_form(
        request,
        case,
        template,
        title,
        context,
        event="print.enforcement_form",
        detail={"form": form},
        filename=f"{c.complainant}-{title}.pdf",
    )


# --- 5.7–5.8 清单合法性审查 --------------------------------------------------------------------


def visible_list_reviews(user, params):
    if not is_section_viewer(user):
        return ListReview.objects.none()
    clocks = Prefetch("case__clocks", queryset=CaseClock.objects.select_related("rule").order_by("id"))
    qs = ListReview.objects.visible_to(user).select_related("case", "submitter").prefetch_related(clocks)
    return filtered(ListReviewFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def list_review_list(request):
    require_viewer(request.user)
    return register_page(
        request,
        ListReviewFilter,
        visible_list_reviews,
        register="enforcement_list_reviews",
        template="enforcement/list_review_list.html",
        context={"handler": is_section_handler(request.user), "tab": "reviews"},
    )


@login_required
def list_review_new(request):
    require_handler(request.user)
    form = ListReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _call(
            request,
            lambda: services.register_list_review(request.user, dict(form.cleaned_data)),
            "已登记，合法性审查期限已起算。",
        )
        if case:
            return redirect(case)
    return _form_page(
        request,
        form,
        "登记权责清单/行政许可事项合法性审查",
        "机构编制部门提出审核意见后报行政执法监督机构进行合法性审查（职责手册 5.7、5.8）。",
        tab="reviews",
    )


LIST_MOVES = {
    "opinion": (
        "enforcement_list_opinion",
        ListOpinionForm,
        lambda c, u, d: services.review_list(c.pk, u, d["conclusion"], d["opinion"], d["consultation"], d["on_date"]),
        "合法性审查意见已送审批。",
    ),
    "feedback": (
        "enforcement_feedback",
        FeedbackForm,
        lambda c, u, d: services.feed_back(c.pk, u, d["on_date"]),
        "审查意见已反馈，事项办结。",
    ),
}


@login_required
@require_POST
def list_review_act(request, pk, move):
    if move not in LIST_MOVES:
        raise Http404
    key, form_class, call, done = LIST_MOVES[move]
    return case_step(
        request,
        pk,
        process=LIST_REVIEW_PROCESS,
        key=key,
        form=form_class,
        action=lambda case, data: call(case, request.user, data),
        success=done,
    )


@login_required
@require_GET
def list_review_print(request, pk):
    case = access_case(request.user, pk, process=LIST_REVIEW_PROCESS)
    r = case.enforcement_list_review
    if not r.conclusion:
        return refuse_print(request, case, "尚未出具合法性审查意见，不能打印。")
    return render_case_form(
        request,
        case,
        "print/enforcement/list_opinion.html",
        "合法性审查意见书",
        {"r": r, "approvals": _approvals(case)},
        event="print.enforcement_form",
        detail={"form": "list_opinion"},
    )


# --- 5.3 争议协调 ----------------------------------------------------------------------------


def visible_disputes(user, params):
    qs = Dispute.objects.visible_to(user).select_related("applicant").prefetch_related("parties")
    return filtered(DisputeFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def dispute_list(request):
    require_viewer(request.user)
    return register_page(
        request,
        DisputeFilter,
        visible_disputes,
        register="enforcement_disputes",
        template="enforcement/dispute_list.html",
        context={"handler": is_section_handler(request.user), "tab": "disputes"},
    )


@login_required
def dispute_new(request):
    require_handler(request.user)
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        dispute = _call(
            request,
            lambda: services.register_dispute(
                request.user, d["title"], d["applicant"], list(d["parties"]), d["received_on"], d["description"]
            ),
            "争议已受理登记。",
        )
        if dispute:
            return redirect("enforcement:dispute", dispute.pk)
    return _form_page(
        request,
        form,
        "受理行政执法争议协调",
        "行政执法机关之间的执法争议，提请本级政府法制工作部门协调；协调不成的报请区政府裁决（条例第十八条）。",
        tab="disputes",
    )


@login_required
def dispute_detail(request, pk):
    dispute = get_object_or_404(Dispute.objects.visible_to(request.user).select_related("applicant"), pk=pk)
    handler = is_section_handler(request.user)
    open_ = dispute.status in (DisputeStatus.OPEN, DisputeStatus.REFERRED)
    return render(
        request,
        "enforcement/dispute_detail.html",
        {
            "d": dispute,
            "tab": "disputes",
            "meeting_form": MeetingForm() if handler and dispute.status == DisputeStatus.OPEN else None,
            "conclude_form": ConcludeForm() if handler and open_ else None,
        },
    )


@login_required
@require_POST
def dispute_act(request, pk, move):
    dispute = get_object_or_404(Dispute.objects.visible_to(request.user), pk=pk)
    if move == "meeting":
        form = MeetingForm(request.POST)
        call = lambda d: services.record_meeting(dispute.pk, request.user, d["meeting_on"], d["minutes"])  # noqa: E731
    elif move == "conclude":
        form = ConcludeForm(request.POST)
        call = lambda d: services.conclude_dispute(  # noqa: E731
            dispute.pk, request.user, d["status"], d["outcome"], d["on_date"]
        )
    else:
        raise Http404
    if form.is_valid():
        _call(request, lambda: call(form.cleaned_data), "已登记。")
    else:
        messages.error(request, "请检查填写的内容：" + "；".join(e for es in form.errors.values() for e in es))
    return redirect("enforcement:dispute", dispute.pk)


# --- 5.4–5.6 证件 ----------------------------------------------------------------------------


def visible_certificates(user, params):
    qs = Certificate.objects.visible_to(user).select_related("unit")
    return filtered(CertificateFilter, params, qs).order_by("kind", "holder", "-pk")


@login_required
def certificate_list(request):
    require_viewer(request.user)
    return register_page(
        request,
        CertificateFilter,
        visible_certificates,
        register="enforcement_certificates",
        template="enforcement/certificate_list.html",
        context={"handler": is_section_handler(request.user), "tab": "certificates", "today": timezone.localdate()},
    )


@login_required
def certificate_new(request):
    require_handler(request.user)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cert = _call(
            request,
            lambda: services.apply_certificate(request.user, dict(form.cleaned_data)),
            "申请已登记，请进行资格审查。",
        )
        if cert:
            return redirect(cert)
    return _form_page(
        request,
        form,
        "登记证件申请",
        "行政执法证（5.4）、行政执法听证主持人证（5.5）、行政执法监督证（5.6）：网上申请 → 资格审查 → 省司法厅资格审定 → 培训考试 → 发证。",
        tab="certificates",
    )


CERT_MOVES = {
    "check": (CertCheckForm, lambda pk, u, d: services.check_certificate(pk, u, d["passed"], d["note"], d["on_date"])),
    "exam": (ExamForm, lambda pk, u, d: services.record_exam(pk, u, d["score"], d["on_date"])),
    "issue": (
        IssueCertForm,
        lambda pk, u, d: services.issue_certificate(pk, u, d["number"], d["issued_on"], d["expires_on"]),
    ),
    "review": (
        AnnualReviewForm,
        lambda pk, u, d: services.annual_review(pk, u, d["year"], d["result"], d["on_date"], d["note"]),
    ),
    "loss": (
        LossForm,
        lambda pk, u, d: services.report_loss(pk, u, d["on_date"], d["new_number"], d["reissued_on"]),
    ),
    "revoke": (RevokeForm, lambda pk, u, d: services.revoke_certificate(pk, u, d["on_date"], d["reason"])),
}
# status -> the moves its page offers
CERT_STATUS_MOVES = {
    CertStatus.APPLIED: ["check"],
    CertStatus.CHECKED: ["exam"],
    CertStatus.PASSED: ["issue"],
    CertStatus.ISSUED: ["review", "loss", "revoke"],
    CertStatus.LOST: ["revoke"],
}


@login_required
def certificate_detail(request, pk, bound=None):
    cert = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("unit", "replaces", "registered_by"), pk=pk
    )
    moves = CERT_STATUS_MOVES.get(cert.status, []) if is_section_handler(request.user) else []
    forms = {move: CERT_MOVES[move][0]() for move in moves}
    forms.update(bound or {})
    return render(
        request,
        "enforcement/certificate_detail.html",
        {
            "cert": cert,
            "forms": forms,
            "reviews": cert.reviews.select_related("reviewed_by"),
            "tab": "certificates",
            "today": timezone.localdate(),
        },
        status=409 if bound else 200,
    )


@login_required
@require_POST
def certificate_act(request, pk, move):
    cert = get_object_or_404(Certificate.objects.visible_to(request.user), pk=pk)
    if move not in CERT_MOVES:
        raise Http404
    form_class, call = CERT_MOVES[move]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return certificate_detail(request, pk, bound={move: form})
    try:
        result = call(cert.pk, request.user, form.cleaned_data)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return certificate_detail(request, pk, bound={move: form})
    messages.success(request, "已登记。")
    if move == "loss" and result is not None:
        return redirect(result)
    return redirect(cert)


# --- 案卷评查 ----------------------------------------------------------------------------------


@login_required
def evaluation_list(request):
    require_viewer(request.user)
    evaluations = (
        Evaluation.objects.visible_to(request.user)
        .annotate(file_count=Count("files"), average=Avg("files__total"))
        .order_by("-year", "-started_on", "-pk")
    )
    return render(
        request,
        "enforcement/evaluation_list.html",
        {**list_page(request, evaluations), "handler": is_section_handler(request.user), "tab": "evaluations"},
    )


@login_required
def evaluation_new(request):
    require_handler(request.user)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        evaluation = _call(
            request,
            lambda: services.open_evaluation(request.user, d["year"], d["title"], d["started_on"], d["scope"]),
            "评查活动已登记，请逐卷录入评分表。",
        )
        if evaluation:
            return redirect("enforcement:evaluation", evaluation.pk)
    return _form_page(
        request,
        form,
        "组织行政执法案卷评查",
        "行政执法监督机关应当定期组织行政执法案卷评查（条例第十四条）。",
        tab="evaluations",
    )


def visible_files(user, params):
    qs = EvaluatedFile.objects.visible_to(user).select_related("unit", "evaluation", "evaluated_by")
    return filtered(FileFilter, params, qs).order_by("-total", "unit_id", "id")


def ranking(evaluation):
    """The departments of one evaluation by average score (then by their lowest file)."""
    return list(
        evaluation.files.values("unit_id", "unit__name")
        .annotate(count=Count("id"), average=Avg("total"), lowest=Min("total"), highest=Max("total"))
        .order_by("-average", "-lowest", "unit__name")
    )


@login_required
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(Evaluation.objects.visible_to(request.user), pk=pk)
    if request.GET.get("export") == "xlsx":
        from apps.printing.exports import export_or_queue

        return export_or_queue(request, "enforcement_files", {"evaluation": evaluation.pk})
    handler = is_section_handler(request.user)
    form = FileScoreForm(request.POST or None) if handler else None
    if request.method == "POST":
        require_handler(request.user)
        if form.is_valid():
            if _call(
                request,
                lambda: services.score_file(evaluation.pk, request.user, dict(form.cleaned_data)),
                "评分表已录入。",
            ):
                return redirect("enforcement:evaluation", evaluation.pk)
        else:
            messages.error(request, "请检查评分表填写的内容。")
    files = visible_files(request.user, {"evaluation": evaluation.pk})
    return render(
        request,
        "enforcement/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "files": files,
            "ranking": ranking(evaluation),
            "form": form,
            "score_items": SCORE_ITEMS,
            "tab": "evaluations",
        },
        status=409 if request.method == "POST" else 200,
    )


# --- 三项制度 ----------------------------------------------------------------------------------


def visible_checks(user, params):
    qs = ThreeSystemsCheck.objects.visible_to(user).select_related("unit", "checked_by")
    return filtered(CheckFilter, params, qs).order_by("-checked_on", "-pk")


@login_required
def check_list(request):
    require_viewer(request.user)
    return register_page(
        request,
        CheckFilter,
        visible_checks,
        register="enforcement_checks",
        template="enforcement/check_list.html",
        context={
            "handler": is_section_handler(request.user),
            "tab": "checks",
            "rectified_form": RectifiedForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
def check_new(request):
    require_handler(request.user)
    form = ThreeSystemsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _call(request, lambda: services.record_check(request.user, dict(form.cleaned_data)), "检查结果已登记。"):
            return redirect("enforcement:checks")
    return _form_page(
        request,
        form,
        "登记“三项制度”检查",
        "行政执法公示、执法全过程记录、重大执法决定法制审核（国办发〔2018〕118号）落实情况，按部门检查。",
        tab="checks",
    )


@login_required
@require_POST
def check_rectified(request, pk):
    check = get_object_or_404(ThreeSystemsCheck.objects.visible_to(request.user), pk=pk)
    form = RectifiedForm(request.POST)
    if form.is_valid():
        _call(
            request,
            lambda: services.record_rectified(check.pk, request.user, form.cleaned_data["on_date"]),
            "整改完成已登记。",
        )
    else:
        messages.error(request, "请填写整改完成日期。")
    return redirect("enforcement:checks")


# --- 年度数据 ----------------------------------------------------------------------------------


@login_required
@require_GET
def figures(request):
    require_viewer(request.user)
    today = timezone.localdate()
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2015), today.year)
    except ValueError:
        year = today.year
    data = report.yearly_figures(year, request.user)
    if request.GET.get("export") == "xlsx":
        return report.export(request, year, data)
    return render(
        request,
        "enforcement/figures.html",
        {"year": year, "figures": data, "years": list(range(today.year, today.year - 6, -1)), "tab": "figures"},
    )
