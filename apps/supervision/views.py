from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.org.models import Section
from apps.printing.exports import export_or_queue
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.models import Case, Task
from apps.workflow.services import TransitionError
from apps.workflow.views import get_case_for_user, render_case_error

from . import services
from .forms import ExtendForm, ItemForm
from .models import Source, SupervisedItem
from .processes import HANDLE_STEP, PROCESS, REPORT_STEP
from .registers import STATES


def visible_items(user, params):
    """The items on cases the user may see (default deny), filtered like the page."""
    today = timezone.localdate()
    items = (
        SupervisedItem.objects.filter(case__in=Case.objects.visible_to(user))
        .select_related("case", "lead_section").prefetch_related("co_sections")
        .annotate(report_count=Count("reports"))
        # open items first, the most urgent on top; finished ones (no due date) after them
        .order_by(F("case__due_date").asc(nulls_last=True), "-pk")
    )
    if params.get("source") in Source.values:
        items = items.filter(source=params["source"])
    if str(params.get("section", "")).isdigit():
        items = items.filter(lead_section_id=int(params["section"]))
    state = params.get("state")
    open_q = {"case__status__in": Case.OPEN_STATUSES}
    if state == "open":
        items = items.filter(**open_q)
    elif state == "week":
        items = items.filter(**open_q, case__due_date__gte=today,
                             case__due_date__lte=today + timedelta(days=6 - today.weekday()))
    elif state == "overdue":
        items = items.filter(**open_q, case__due_date__lt=today)
    elif state == "done":
        items = items.filter(case__status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED))
    return items


def _params(request):
    return {key: request.GET.get(key, "") for key in ("source", "section", "state") if request.GET.get(key)}


def sees_dashboard(user):
    """The office chief runs 督查督办; the leaders read the same figures."""
    if not user.is_active or user.admin_role:
        return False
    if user.rank in (Rank.DIRECTOR, Rank.DIVISION_LEADER):
        return True
    return user.rank == Rank.CHIEF and user.section is not None and user.section.code == "office"


@login_required
@never_cache
@require_GET
def item_list(request):
    """督办事项登记簿: the items the user may see, filtered, and the same rows as Excel."""
    params = _params(request)
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "supervision_items", params)
    page = Paginator(visible_items(request.user, params), 30).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return render(request, "supervision/list.html", {
        "page": page, "params": params, "query": query, "sources": Source.choices, "states": STATES,
        "sections": Section.objects.order_by("id"),
        "today": timezone.localdate(), "sees_dashboard": sees_dashboard(request.user),
        "may_register": may_register(request.user),
    })


@login_required
@never_cache
@require_GET
def dashboard(request):
    if not sees_dashboard(request.user):
        raise PermissionDenied
    return render(request, "supervision/dashboard.html", {"rows": services.dashboard(), "today": timezone.localdate()})


def may_register(user):
    """The office keeps the supervision register and registers the items (seed 000, 1.1.6)."""
    return user.is_active and not user.admin_role and user.section is not None and user.section.code == "office"


@login_required
def item_new(request):
    """督办事项登记: the office registers an item by hand; it goes to the lead section at once."""
    if not may_register(request.user):
        raise PermissionDenied
    form = ItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.register_item(
                request.user, title=d["title"], source=d["source"], instruction=d["instruction"],
                lead_section=d["lead_section"], co_sections=list(d["co_sections"]), stated_deadline=d["stated_deadline"],
                origin_case=d["origin_number"],
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"督办事项已登记并交{d['lead_section'].name}办理，办理期限 {case.due_date:%Y-%m-%d}。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "supervision/form.html", {"form": form})


def _item_case(request, pk):
    case = get_case_for_user(request.user, pk)
    if case.process != PROCESS:
        raise Http404
    return case


@login_required
@require_POST
def progress(request, pk):
    case = _item_case(request, pk)
    try:
        services.report_progress(case.pk, request.user, request.POST.get("text", ""))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "进展情况已反馈。")
    return redirect(case)


@login_required
@require_POST
def completion(request, pk):
    case = _item_case(request, pk)
    try:
        services.submit_completion(case.pk, request.user, request.POST.get("report", ""))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "办结报告已报办公室主任审核。")
    return redirect(case)


@login_required
@require_POST
def extend(request, pk):
    """延期申请 on the case page: before the due date only (the rule says so), with an approver."""
    case = _item_case(request, pk)
    clock = services.running_clock(case)
    form = ExtendForm(request.POST, unit_label=clock.rule.get_unit_display() if clock else "")
    if not form.is_valid():
        message = "请按要求填写：" + "；".join(e for errors in form.errors.values() for e in errors)
        return render_case_error(request, case, message, {"supervision_extend": form})
    d = form.cleaned_data
    try:
        services.extend_item(case.pk, request.user, d["days"], d["reason"], d["approved_by"])
    except TransitionError as exc:
        return render_case_error(request, case, str(exc), {"supervision_extend": form})
    messages.success(request, "办理期限已延长。")
    return redirect(case)


def _print(request, case, template, title):
    item = SupervisedItem.objects.select_related("lead_section").get(case=case)
    # The clock holds the time limit after the case closes (case.due_date is cleared then); the
    # engine's tasks say who finished the report and who approved it, and when.
    done = {t.step: t for t in case.tasks.filter(status=Task.Status.DONE).select_related("acted_by").order_by("acted_at")}
    context = {
        "case": case, "item": item, "co": list(item.co_sections.all()), "reports": list(item.reports.select_related("author")),
        "clock": case.clocks.select_related("rule").order_by("id").first(),
        "handled": done.get(HANDLE_STEP), "approved": done.get(REPORT_STEP),
        "org_name": settings.ORG_NAME, "printed_by": request.user, "printed_at": timezone.localtime(),
    }
    pdf = render_pdf(template, context, request)
    record("print.supervision_form", actor=request.user, obj=case, detail={"form": template.rsplit("/", 1)[-1]})
    return pdf_response(pdf, f"{case.title}-{title}.pdf")


@login_required
@require_GET
def notice_pdf(request, pk):
    """督办通知单."""
    return _print(request, _item_case(request, pk), "print/supervision/notice.html", "督办通知单")


@login_required
@require_GET
def report_pdf(request, pk):
    """督办事项办结报告."""
    case = _item_case(request, pk)
    if not case.supervision.completion_report:
        raise Http404
    return _print(request, case, "print/supervision/report.html", "督办事项办结报告")
