from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow.api import TransitionError, access_case, route_steps
from apps.workflow.models import CaseClock, DeadlineRule
from apps.workflow.viewkit import case_step

from . import services
from .filters import CatalogueFilter, FilingFilter, ReviewFilter
from .forms import (
    AdviserForm,
    CleanupForm,
    DateForm,
    MaterialsForm,
    OpinionForm,
    OutcomeForm,
    PauseForm,
    PointsForm,
    PublishForm,
    RegisterForm,
    ResumeForm,
    ReviewForm,
    SelfReviewForm,
    SubmitFilingForm,
    VerifyForm,
    YearlyListForm,
)
from .models import (
    IN_FORCE,
    AdviserOpinion,
    Cleanup,
    Filing,
    Kind,
    LegalityReview,
    NormativeFile,
    Stage,
    sees_registers,
)
from .processes import APPROVAL_CHAIN, CLEANUP_PROCESS, FILING_PROCESS, REVIEW_PROCESS

CLOCKS = Prefetch("case__clocks", queryset=CaseClock.objects.select_related("rule").order_by("id"))


# Filters only the yearly figures' links set (figures.py): the list shows them while set.
FIGURE_FILTERS = {
    "figure_filters": ("issued", "registered", "conclusion", "returned", "late", "filed", "decided", "deferred")
}


def _may_register(user):
    if not services.may_register(user):
        raise PermissionDenied("只有行政执法监督科工作人员可以登记合法性审核、组织清理。")


def visible_reviews(user, params, kind=Kind.NORMATIVE):
    qs = (
        LegalityReview.objects.visible_to(user)
        .filter(kind=kind)
        .select_related("case", "drafter")
        .prefetch_related(CLOCKS)
    )
    if kind == Kind.DECISION:
        qs = qs.prefetch_related(
            Prefetch("adviser_opinions", queryset=AdviserOpinion.objects.order_by("given_on", "id"))
        )
    return filtered(ReviewFilter, params, qs).order_by("-received_on", "-pk")


def visible_decisions(user, params):
    return visible_reviews(user, params, kind=Kind.DECISION)


def visible_filings(user, params):
    qs = Filing.objects.visible_to(user).select_related("case", "file", "file__drafter").prefetch_related(CLOCKS)
    return filtered(FilingFilter, params, qs).order_by("-file__published_on", "-pk")


def catalogue_rows(user, params):
    qs = NormativeFile.objects.visible_to(user).select_related("drafter", "review")
    if not params.get("scope"):  # the catalogue of files in force unless another scope is asked for
        qs = qs.filter(status__in=IN_FORCE)
    return filtered(CatalogueFilter, params, qs).order_by("-published_on", "-pk")


def _rules(*codes):
    return {r.code: r for r in DeadlineRule.objects.filter(code__in=codes)}


@login_required
def home(request):
    """合法性审核登记簿 (规范性文件), the section's entry page."""
    return register_page(
        request,
        ReviewFilter,
        visible_reviews,
        register="normative_reviews",
        template="normative_files/reviews.html",
        context={"kind": Kind.NORMATIVE, "may_register": services.may_register(request.user), **FIGURE_FILTERS},
    )


@login_required
def decisions(request):
    """重大行政决策合法性审查与法律顾问意见登记簿."""
    return register_page(
        request,
        ReviewFilter,
        visible_decisions,
        register="normative_decisions",
        template="normative_files/reviews.html",
        context={"kind": Kind.DECISION, "may_register": services.may_register(request.user), **FIGURE_FILTERS},
    )


def _new(request, kind):
    _may_register(request.user)
    form = ReviewForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_review(request.user, {"kind": kind, **form.cleaned_data})
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            review = case.legality_review
            if review.stage == Stage.RETURNED:
                messages.warning(request, "送审材料不全，已退回起草单位补充；请打印退回补充材料通知书。")
            else:
                messages.success(request, "材料齐全，已开始合法性审核并起算审核期限。")
            return redirect(case)
    decision = kind == Kind.DECISION
    rules = _rules(services.REVIEW_RULE, services.MAX_RULE, services.DECISION_RULE, services.ALLOWANCE_RULE)
    return render(
        request,
        "normative_files/review_form.html",
        {
            "form": form,
            "kind": kind,
            "decision": decision,
            "review_rule": rules.get(services.REVIEW_RULE),
            "max_rule": rules.get(services.MAX_RULE),
            "decision_rule": rules.get(services.DECISION_RULE),
            "title": "登记重大行政决策合法性审查" if decision else "登记规范性文件合法性审核",
        },
    )


@login_required
def review_new(request):
    return _new(request, Kind.NORMATIVE)


@login_required
def decision_new(request):
    return _new(request, Kind.DECISION)


@login_required
def filings(request):
    """报送备案登记簿, with last year's catalogue to report for the record (§7 ¶3): its due date
    and, for the section, the form that records the report (a POST here)."""
    status = services.yearly_list_status(request.user)
    form = None
    if status and not status["done"] and services.may_register(request.user):
        form = YearlyListForm(request.POST or None, initial={"year": status["year"]})
    if request.method == "POST":
        _may_register(request.user)
        if form is None:
            messages.error(request, "上一年度的目录已登记报送。")
            return redirect("normative_files:filings")
        if form.is_valid():
            try:
                services.record_yearly_list(request.user, form.cleaned_data["year"], form.cleaned_data["reported_on"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已登记{status['year']}年度规范性文件目录报送，期限提醒停止。")
                return redirect("normative_files:filings")
        else:
            messages.error(request, "请填写报送日期，已填写的内容保留着。")
    response = register_page(
        request,
        FilingFilter,
        visible_filings,
        register="normative_filings",
        template="normative_files/filings.html",
        context={
            "rules": _rules(services.CONGRESS_RULE, services.INTERNAL_RULE, services.RESUBMIT_RULE),
            "yearly": status,
            "yearly_form": form,
            **FIGURE_FILTERS,
        },
    )
    if request.method == "POST":
        response.status_code = 400
    return response


@login_required
def catalogue(request):
    return register_page(
        request,
        CatalogueFilter,
        catalogue_rows,
        register="normative_catalogue",
        template="normative_files/catalogue.html",
    )


@login_required
def cleanups(request):
    qs = (
        Cleanup.objects.visible_to(request.user)
        .select_related("case")
        .annotate(n_items=Count("items"), n_verified=Count("items", filter=Q(items__verified_on__isnull=False)))
        .order_by("-pk")
    )
    return render(
        request,
        "normative_files/cleanups.html",
        {**list_page(request, qs), "may_register": services.may_register(request.user)},
    )


@login_required
def cleanup_new(request):
    _may_register(request.user)
    form = CleanupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.open_cleanup(request.user, d["title"], d["notice"], d["self_review_due"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "清理通知已送科室负责人、分管领导审批。")
            return redirect(case)
    return render(request, "normative_files/cleanup_form.html", {"form": form})


@login_required
def figures(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "normative_files/figures.html",
        {
            "year": year,
            "figures": services.yearly_figures(year, request.user),
            "complete": sees_registers(request.user),
        },
    )


# --- case-page moves ---------------------------------------------------------------------------

# move -> (process, form key, form factory(case, data), call(case, user, form), success message)
MOVES = {
    "materials": (
        REVIEW_PROCESS,
        "nf_materials",
        lambda c, d: MaterialsForm(d, review=c.legality_review),
        lambda c, u, f: services.resubmit_materials(c.pk, u, f.cleaned_data["materials"], f.cleaned_data["on_date"]),
        "已核对补充材料。",
    ),
    "points": (
        REVIEW_PROCESS,
        "nf_points",
        lambda c, d: PointsForm(d, review=c.legality_review),
        lambda c, u, f: services.record_points(c.pk, u, f.points(), f.cleaned_data["on_date"]),
        "审核要点已记录。",
    ),
    "pause": (
        REVIEW_PROCESS,
        "nf_pause",
        lambda c, d: PauseForm(d),
        lambda c, u, f: services.pause(
            c.pk, u, f.cleaned_data["kind"], f.cleaned_data["reason"], f.cleaned_data["on_date"]
        ),
        "已中止计时：调研、听证或专家论证的时间不计入审核期限。",
    ),
    "resume": (
        REVIEW_PROCESS,
        "nf_resume",
        lambda c, d: ResumeForm(d),
        lambda c, u, f: services.resume(c.pk, u, f.cleaned_data["on_date"], f.cleaned_data["result"]),
        "已恢复计时，审核期限相应顺延。",
    ),
    "adviser": (
        REVIEW_PROCESS,
        "nf_adviser",
        lambda c, d: AdviserForm(d),
        lambda c, u, f: services.add_adviser_opinion(c.pk, u, **f.cleaned_data),
        "法律意见已登记。",
    ),
    "opinion": (
        REVIEW_PROCESS,
        "nf_opinion",
        lambda c, d: OpinionForm(d),
        lambda c, u, f: services.submit_opinion(c.pk, u, **f.cleaned_data),
        "审核意见已报送审批。",
    ),
    "issue": (
        REVIEW_PROCESS,
        "nf_issue",
        lambda c, d: DateForm(d, label="出具日期"),
        lambda c, u, f: services.issue_opinion(c.pk, u, f.cleaned_data["on_date"]),
        "已出具合法性审核意见书，审核期限停止计算；请打印意见书送起草单位。",
    ),
    "register": (
        REVIEW_PROCESS,
        "nf_register",
        lambda c, d: RegisterForm(d),
        lambda c, u, f: services.register_file(c.pk, u, **f.cleaned_data),
        "已登记编号；请打印规范性文件登记通知书。",
    ),
    "publish": (
        REVIEW_PROCESS,
        "nf_publish",
        lambda c, d: PublishForm(d),
        lambda c, u, f: services.publish(c.pk, u, f.cleaned_data["published_on"], f.cleaned_data["channel"]),
        "已登记公布并列入现行有效目录；报送备案事项已生成。",
    ),
    "submit_filing": (
        FILING_PROCESS,
        "nf_submit",
        lambda c, d: SubmitFilingForm(d),
        lambda c, u, f: services.submit_filing(c.pk, u, f.cleaned_data["to_city_on"], f.cleaned_data["to_congress_on"]),
        "报送日期已登记。",
    ),
    "outcome": (
        FILING_PROCESS,
        "nf_outcome",
        lambda c, d: OutcomeForm(d),
        lambda c, u, f: services.record_outcome(
            c.pk, u, f.cleaned_data["outcome"], f.cleaned_data["on_date"], f.cleaned_data["note"]
        ),
        "备案结果已登记。",
    ),
    "resubmit": (
        FILING_PROCESS,
        "nf_resubmit",
        lambda c, d: DateForm(d, label="补充（重新）报送日期"),
        lambda c, u, f: services.resubmit_filing(c.pk, u, f.cleaned_data["on_date"]),
        "已补充（重新）报送备案。",
    ),
    "notice": (
        CLEANUP_PROCESS,
        "nf_notice",
        lambda c, d: DateForm(d, label="通知印发日期"),
        lambda c, u, f: services.send_notice(c.pk, u, f.cleaned_data["on_date"]),
        "清理通知已印发，各部门自行清理。",
    ),
    "self_review": (
        CLEANUP_PROCESS,
        "nf_self_review",
        lambda c, d: SelfReviewForm(d, cleanup=c.normative_cleanup),
        lambda c, u, f: services.record_self_review(c.pk, u, **f.cleaned_data),
        "部门清理意见已登记。",
    ),
    "verify": (
        CLEANUP_PROCESS,
        "nf_verify",
        lambda c, d: VerifyForm(d, cleanup=c.normative_cleanup),
        lambda c, u, f: services.verify_item(
            c.pk,
            u,
            f.cleaned_data["item"],
            f.cleaned_data["decision"],
            f.cleaned_data["note"],
            f.cleaned_data["on_date"],
        ),
        "已审核认定。",
    ),
    "publish_cleanup": (
        CLEANUP_PROCESS,
        "nf_cleanup_publish",
        lambda c, d: PublishForm(d),
        lambda c, u, f: services.publish_cleanup(c.pk, u, f.cleaned_data["published_on"], f.cleaned_data["channel"]),
        "清理结果已公布，现行有效目录已更新。",
    ),
}


@login_required
@require_POST
def act(request, pk, move):
    if move not in MOVES:
        raise Http404
    process, key, make_form, call, done = MOVES[move]
    holder = {}

    def form(case):
        holder["form"] = make_form(case, request.POST)
        return holder["form"]

    return case_step(
        request,
        pk,
        process=process,
        key=key,
        form=form,
        action=lambda case, data: call(case, request.user, holder["form"]),
        success=done,
    )


# --- prints ------------------------------------------------------------------------------------

# form -> (process, title, may print(record), template)
PRINTS = {
    "return": (REVIEW_PROCESS, "退回补充材料通知书", lambda r: r.return_count > 0),
    "opinion": (REVIEW_PROCESS, "合法性审核意见书", lambda r: r.issued_on is not None),
    "registration": (REVIEW_PROCESS, "规范性文件登记通知书", lambda r: bool(r.reg_number)),
    "report": (
        FILING_PROCESS,
        "规范性文件备案报告",
        lambda f: f.to_city_on is not None or f.to_congress_on is not None,
    ),
    "notice": (CLEANUP_PROCESS, "关于开展行政规范性文件集中清理工作的通知", lambda c: True),
}


def _approvals(case):
    steps = [step for step in route_steps(case) if step.chain == APPROVAL_CHAIN]
    done = {}
    signed = case.tasks.filter(step__in=[s.code for s in steps], status="done", decision="approve")
    for task in signed.select_related("acted_by").order_by("acted_at"):
        done[task.step] = task
    return [{"label": s.label, "task": done.get(s.code)} for s in steps]


@login_required
@require_GET
def print_form(request, pk, form):
    if form not in PRINTS:
        raise Http404
    process, title, allowed = PRINTS[form]
    case = access_case(request.user, pk, process=process)
    record = case.process_def.domain(case)
    if not allowed(record):
        return refuse_print(request, case, f"尚无可打印的{title}。")
    context = {"obj": record, "clocks": list(case.clocks.select_related("rule").order_by("id"))}
    if process == REVIEW_PROCESS:
        if record.is_decision and form == "opinion":
            title = "重大行政决策合法性审查意见书"
        context["approvals"] = _approvals(case)
        context["advisers"] = list(record.adviser_opinions.all())
    if process == CLEANUP_PROCESS:
        context["approvals"] = _approvals(case)
    return render_case_form(
        request,
        case,
        f"print/normative_files/{form}.html",
        title,
        context,
        event="print.normative_form",
        detail={"form": form},
        filename=f"{title}.pdf",
    )
