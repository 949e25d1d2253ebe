from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import Rank
from apps.printing.case_print import print_case, render_case_form
from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case, Task
from apps.workflow.viewkit import case_step

from . import services
from .filters import ItemFilter
from .forms import ExtendForm, ItemForm
from .models import SupervisedItem
from .processes import HANDLE_STEP, PROCESS, REPORT_STEP


def visible_items(user, params):
    """The items on cases the user may see (default deny), filtered like the page."""
    items = (
        SupervisedItem.objects.filter(case__in=Case.objects.visible_to(user))
        .select_related("case", "lead_section")
        .prefetch_related("co_sections")
        .annotate(report_count=Count("reports"))
    )
    # open items first, the most urgent on top; finished ones (no due date) after them
    return filtered(ItemFilter, params, items).order_by(F("case__due_date").asc(nulls_last=True), "-pk")


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
    return register_page(
        request,
        ItemFilter,
        visible_items,
        register="supervision_items",
        template="supervision/list.html",
        context={
            "today": timezone.localdate(),
            "sees_dashboard": sees_dashboard(request.user),
            "may_register": may_register(request.user),
        },
    )


@login_required
@never_cache
@require_GET
def dashboard(request):
    if not sees_dashboard(request.user):
        raise PermissionDenied("督查督办工作台只对办公室主任和局领导开放。")
    return render(request, "supervision/dashboard.html", {"rows": services.dashboard(), "today": timezone.localdate()})


def may_register(user):
    """The office keeps the supervision register and registers the items (seed 000, 1.1.6)."""
    return user.is_active and not user.admin_role and user.section is not None and user.section.code == "office"


@login_required
def item_new(request):
    """督办事项登记: the office registers an item by hand; it goes to the lead section at once."""
    if not may_register(request.user):
        raise PermissionDenied("督办事项由办公室登记，只有办公室人员可以办理。")
    form = ItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.register_item(
                request.user,
                title=d["title"],
                source=d["source"],
                instruction=d["instruction"],
                lead_section=d["lead_section"],
                co_sections=list(d["co_sections"]),
                stated_deadline=d["stated_deadline"],
                origin_case=d["origin_number"],
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"督办事项已登记并交{d['lead_section'].name}办理，办理期限 {case.due_date:%Y-%m-%d}。"
            )
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "supervision/form.html", {"form": form})


def _report(request, pk, action, success):
    """The handler's progress report or completion report: a text posted from the case page."""
    case = access_case(request.user, pk, process=PROCESS)
    try:
        action(case)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(case)


@login_required
@require_POST
def progress(request, pk):
    return _report(
        request,
        pk,
        lambda case: services.report_progress(case.pk, request.user, request.POST.get("text", "")),
        "进展情况已反馈。",
    )


@login_required
@require_POST
def completion(request, pk):
    return _report(
        request,
        pk,
        lambda case: services.submit_completion(case.pk, request.user, request.POST.get("report", "")),
        "办结报告已报办公室主任审核。",
    )


@login_required
@require_POST
def extend(request, pk):
    """延期申请 on the case page: before the due date only (the rule says so), with an approver."""

    def form(case):
        clock = services.running_clock(case)
        return ExtendForm(request.POST, unit_label=clock.rule.get_unit_display() if clock else "")

    return case_step(
        request,
        pk,
        process=PROCESS,
        key="supervision_extend",
        form=form,
        action=lambda case, d: services.extend_item(case.pk, request.user, d["days"], d["reason"], d["approved_by"]),
        success="办理期限已延长。",
        invalid="请按要求填写：{errors}",
        redirect_to=lambda case, result: case,
    )


def _print_context(case):
    item = SupervisedItem.objects.select_related("lead_section").get(case=case)
    # The clock holds the time limit after the case closes (case.due_date is cleared then); the
    # engine's tasks say who finished the report and who approved it, and when.
    done = {
        t.step: t for t in case.tasks.filter(status=Task.Status.DONE).select_related("acted_by").order_by("acted_at")
    }
    return {
        "item": item,
        "co": list(item.co_sections.all()),
        "reports": list(item.reports.select_related("author")),
        "clock": case.clocks.select_related("rule").order_by("id").first(),
        "handled": done.get(HANDLE_STEP),
        "approved": done.get(REPORT_STEP),
    }


@login_required
@require_GET
def notice_pdf(request, pk):
    """督办通知单."""
    return print_case(
        request,
        pk,
        process=PROCESS,
        template="print/supervision/notice.html",
        title="督办通知单",
        event="print.supervision_form",
        context=_print_context,
    )


@login_required
@require_GET
def report_pdf(request, pk):
    """督办事项办结报告."""
    case = access_case(request.user, pk, process=PROCESS)
    if not case.supervision.completion_report:
        raise Http404
    return render_case_form(
        request,
        case,
        "print/supervision/report.html",
        "督办事项办结报告",
        _print_context(case),
        event="print.supervision_form",
    )
