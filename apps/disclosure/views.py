from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import refuse_print, render_case_form
from apps.printing.lists import filtered, list_page, register_page
from apps.privacy.access import can_reveal
from apps.workflow.api import TransitionError, access_case, route_steps
from apps.workflow.models import CaseClock
from apps.workflow.viewkit import case_step

from . import report, services
from .filters import RequestFilter
from .forms import (
    ClearForm,
    ConsultForm,
    DateForm,
    DraftForm,
    ExtendForm,
    OpinionForm,
    ProactiveForm,
    PublishForm,
    ReplyForm,
    RequestForm,
    SheetForm,
    SupplementForm,
    SupplementReceivedForm,
)
from .models import WITHHELD, AnnualReport, ConsultKind, DisclosureRequest, Outcome, ProactiveItem, Stage
from .processes import INSTRUCT_CHAIN, PROACTIVE_PROCESS, REPORT_PROCESS, REQUEST_PROCESS


def _may_register(user):
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以办理信息公开登记。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )


def visible_requests(user, params):
    """The requests `user` may see, with the register's filters (the page and its export)."""
    clocks = Prefetch("case__clocks", queryset=CaseClock.objects.select_related("rule").order_by("id"))
    qs = (
        DisclosureRequest.objects.visible_to(user)
        .select_related("case", "case__section", "responsible_section")
        .prefetch_related(clocks)
    )
    return filtered(RequestFilter, params, qs).order_by("-received_on", "-pk")


@login_required
def request_list(request):
    return register_page(
        request,
        RequestFilter,
        visible_requests,
        register="disclosure_requests",
        template="disclosure/list.html",
        context={"today": timezone.localdate()},
    )


@login_required
def request_new(request):
    _may_register(request.user)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_request(request.user, {**form.cleaned_data})
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "申请已登记：7 个工作日内完成审查（需补正的一次性告知），20 个工作日内答复。")
            return redirect(case)
    return render(
        request,
        "disclosure/form.html",
        {
            "form": form,
            "title": "登记政府信息公开申请",
            "help": "登记后即自收到申请之日起计算补正告知（7 个工作日）和答复（20 个工作日）期限。",
        },
    )


# move -> (form key on the case page, form class, call(case, user, data), success message)
MOVES = {
    "clear": (
        "disclosure_clear",
        ClearForm,
        lambda c, u, d: services.confirm_clear(c.pk, u, d["on_date"]),
        "已确认申请内容明确；请填写依申请信息公开处理单（拟办意见、责任科室）呈批。",
    ),
    "supplement": (
        "disclosure_supplement",
        SupplementForm,
        lambda c, u, d: services.notify_supplement(c.pk, u, d["on_date"], d["items"]),
        "已一次性告知补正，答复期限停止计算；请打印补正告知书送达申请人。",
    ),
    "received": (
        "disclosure_received",
        SupplementReceivedForm,
        lambda c, u, d: services.receive_supplement(c.pk, u, d["on_date"]),
        "已收到补正，答复期限自收到之日起重新计算 20 个工作日；请填写依申请信息公开处理单呈批。",
    ),
    "abandon": (
        "disclosure_abandon",
        DateForm,
        lambda c, u, d: services.abandon(c.pk, u, d["on_date"]),
        "申请人逾期未补正，已按视为放弃办结。",
    ),
    "consult": (
        "disclosure_consult",
        ConsultForm,
        lambda c, u, d: services.consult(c.pk, u, d["kind"], d["party"], d["matter"], d["sent_on"]),
        "已征求意见，答复期限中止计算；请打印征求意见书送达。",
    ),
    "opinion": (
        "disclosure_opinion",
        OpinionForm,
        lambda c, u, d: services.record_opinion(c.pk, u, d["on_date"], d["text"], d["lapsed"]),
        "意见已记录，答复期限恢复计算。",
    ),
    "extend": (
        "disclosure_extend",
        ExtendForm,
        lambda c, u, d: services.extend(c.pk, u, d["days"], d["reason"], d["approved_by"]),
        "答复期限已延长；请打印延期答复告知书送达申请人。",
    ),
    "sheet": (
        "disclosure_sheet",
        SheetForm,
        lambda c, u, d: services.issue_sheet(c.pk, u, d["section"], d["opinion"], d["on_date"]),
        "处理单已编号，呈办公室主任、分管局长批示；请打印依申请信息公开处理单。",
    ),
    "draft": (
        "disclosure_draft",
        DraftForm,
        lambda c, u, d: services.draft_reply(c.pk, u, d["outcome"], d["detail"]),
        "答复意见稿已送分管局长审核。",
    ),
    "reply": (
        "disclosure_reply",
        ReplyForm,
        lambda c, u, d: services.reply(c.pk, u, d["on_date"]),
        "已答复并办结；请打印答复书和送达回证。",
    ),
}


@login_required
@require_POST
def act(request, pk, move):
    if move not in MOVES:
        raise Http404
    key, form_class, call, done = MOVES[move]
    return case_step(
        request,
        pk,
        process=REQUEST_PROCESS,
        key=key,
        form=(lambda case: ExtendForm(request.POST, case=case)) if form_class is ExtendForm else form_class,
        action=lambda case, data: call(case, request.user, data),
        success=done,
    )


# Which printed form may be printed when (a notice that was never given is not printed).
FORMS = {
    "sheet": ("依申请信息公开处理单", lambda r: bool(r.sheet_number)),
    "supplement": ("补正告知书", lambda r: r.supplement_notice_on is not None),
    "consult": ("征求意见书", lambda r: r.consult_sent_on is not None),
    "extension": ("延期答复告知书", lambda r: r.extended_days > 0),
    "reply": ("政府信息公开申请答复书", lambda r: r.stage == Stage.REPLIED),
    "receipt": (
        "送达回证",
        lambda r: r.supplement_notice_on or r.consult_sent_on or r.extended_days or r.stage == Stage.REPLIED,
    ),
}
RECEIPT_DOCS = {"supplement": "补正告知书", "extension": "延期答复告知书", "reply": "政府信息公开申请答复书"}


def _instructions(case):
    """The 批示 rows of the 处理单: each step of the chain "instruct" in the route, with the
    approval that was signed last at it (a step returned and signed again shows the last)."""
    steps = [step for step in route_steps(case) if step.chain == INSTRUCT_CHAIN]
    done = {}
    signed = case.tasks.filter(step__in=[step.code for step in steps], status="done", decision="approve")
    for task in signed.select_related("acted_by").order_by("acted_at"):
        done[task.step] = task
    return [{"label": step.label, "task": done.get(step.code)} for step in steps]


@login_required
@require_GET
def print_form(request, pk, form):
    case = access_case(request.user, pk, process=REQUEST_PROCESS)
    if form not in FORMS:
        raise Http404
    title, allowed = FORMS[form]
    r = case.disclosure_request
    if not allowed(r):
        return refuse_print(request, case, f"该申请目前“{r.get_stage_display()}”，没有可打印的{title}。")
    clocks = {c.rule.code: c for c in case.clocks.select_related("rule")}
    if form == "consult":
        title = (
            "政府信息公开征求第三方意见书" if r.consult_kind == ConsultKind.THIRD_PARTY else "政府信息公开征求意见书"
        )
    served = [RECEIPT_DOCS[k] for k in ("supplement", "extension", "reply") if FORMS[k][1](r)]
    context = {
        "r": r,
        "clocks": clocks,
        "reply_clock": clocks.get(services.REPLY_RULE),
        "supplement_clock": clocks.get(services.APPLICANT_SUPPLEMENT_RULE),
        "consult_clock": clocks.get(services.CONSULT_RULES.get(r.consult_kind, "")),
        "withheld": r.outcome in WITHHELD,
        "Outcome": Outcome,
        "served": served,
    }
    detail = {"form": form}
    if form == "sheet":
        context["instructions"] = _instructions(case)
        # The 处理单 carries the applicant's phone in full for the case's handlers only (audited below).
        context["reveal"] = bool(r.phone) and can_reveal(r, request.user)
        if context["reveal"]:
            detail["revealed"] = ["phone"]
    return render_case_form(
        request,
        case,
        f"print/disclosure/{form}.html",
        title,
        context,
        event="print.disclosure_form",
        detail=detail,
        filename=f"{r.applicant}-{title}.pdf",
    )


# --- 主动公开 -------------------------------------------------------------------------------


@login_required
def proactive_list(request):
    qs = ProactiveItem.objects.visible_to(request.user).select_related("case", "case__section", "category")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    if request.GET.get("pending"):
        qs = qs.filter(published_on__isnull=True)
    return render(
        request, "disclosure/proactive_list.html", {**list_page(request, qs.order_by("-formed_on", "-pk")), "q": q}
    )


@login_required
def proactive_new(request):
    _may_register(request.user)
    form = ProactiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_item(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已登记并送保密审查；自信息形成或变更之日起 20 个工作日内公开。")
            return redirect(case)
    return render(
        request,
        "disclosure/form.html",
        {
            "form": form,
            "title": "登记主动公开信息",
            "help": "登记后依次送科室负责人保密审查、分管领导审核，签批后发布并登记公开日期和栏目。",
        },
    )


@login_required
@require_POST
def proactive_publish(request, pk):
    return case_step(
        request,
        pk,
        process=PROACTIVE_PROCESS,
        key="disclosure_publish",
        form=PublishForm,
        action=lambda case, d: services.publish_item(case.pk, request.user, d["published_on"], d["column"], d["url"]),
        success="已登记公开，事项办结。",
        redirect_to=lambda case, result: case,
    )


@login_required
@require_GET
def proactive_print(request, pk):
    """政府信息公开保密审查表: the 审核表 with the section chief's and the leader's signed opinions."""
    case = access_case(request.user, pk, process=PROACTIVE_PROCESS)
    item = case.proactive_item
    tasks = {t.step: t for t in case.tasks.filter(status="done").select_related("acted_by").order_by("acted_at")}
    context = {
        "item": item,
        "secrecy": tasks.get("secrecy"),
        "approval": tasks.get("approve"),
        "clock": case.clocks.select_related("rule").first(),
    }
    return render_case_form(
        request,
        case,
        "print/disclosure/review.html",
        "政府信息公开保密审查表",
        context,
        event="print.disclosure_form",
        detail={"form": "review"},
        filename=f"{item.title}-保密审查表.pdf",
    )


# --- 年度报告 --------------------------------------------------------------------------------


def _year(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    return min(max(year, 2008), today.year)


@login_required
@require_GET
def annual_report(request):
    year = _year(request)
    figures = report.figures(request.user, year)
    if request.GET.get("export") == "xlsx":
        return report.export(request, figures)
    report_row = AnnualReport.objects.visible_to(request.user).filter(year=year).select_related("case").first()
    today = timezone.localdate()
    return render(
        request,
        "disclosure/report.html",
        {
            "figures": figures,
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "report_case": report_row,
            "may_open": year < today.year
            and report_row is None
            and not AnnualReport.objects.filter(year=year).exists()
            and not request.user.admin_role
            and request.user.section_id is not None,
        },
    )


@login_required
@require_POST
def report_open(request):
    _may_register(request.user)
    try:
        case = services.open_report(request.user, request.POST.get("year"))
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("disclosure:report")
    messages.success(request, "年度报告已登记，公布期限（次年1月31日前）已起算。")
    return redirect(case)


@login_required
@require_POST
def report_publish(request, pk):
    return case_step(
        request,
        pk,
        process=REPORT_PROCESS,
        key="disclosure_publish",
        form=PublishForm,
        action=lambda case, d: services.publish_report(case.pk, request.user, d["published_on"], d["column"], d["url"]),
        success="年度报告已登记公布，事项办结。",
        redirect_to=lambda case, result: case,
    )
