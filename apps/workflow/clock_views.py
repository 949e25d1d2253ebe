"""The 期限 card of the case page and its forms: pause, resume, restart, extend a case clock.

Only the case's handlers (a pending non-read task on it) and its section chief may change a
clock; everyone else who can see the case sees the card without forms and gets 403 for a POST.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import deadlines
from .forms import ClockDateForm, ClockExtendForm
from .models import CaseClock, ClockEvent, DeadlineRule
from .services import TransitionError

PLACEHOLDERS = {
    "pause": "如：征求第三方意见、中止审理（§39）",
    "resume": "如：收到第三方意见、中止原因消除",
    "restart": "如：收到补正后的申请",
}
SUCCESS = {
    "pause": "已中止计时。",
    "resume": "已恢复计时，到期日已重新计算。",
    "restart": "已重新起算，到期日已重新计算。",
    "extend": "已延长期限。",
}


@dataclass
class ClockRow:
    clock: CaseClock
    events: list
    remaining: str
    forms: dict = field(default_factory=dict)
    open_form: str = ""


def _forms_for(clock, case, can_manage, override):
    """The legal moves of this clock right now, each with its (possibly re-shown) form."""
    if not can_manage or not clock.is_open or clock.rule.mode != DeadlineRule.Mode.LIMIT or case.process_def.own_clocks:
        return {}
    moves = []
    if clock.status == CaseClock.Status.RUNNING and clock.rule.pausable:
        moves.append("pause")
    if clock.status == CaseClock.Status.PAUSED:
        moves.append("resume")
    if clock.rule.pausable:
        moves.append("restart")
    late = clock.rule.extend_before_due_only and timezone.localdate() > clock.due_date
    if clock.rule.extendable and not late:  # a rule that allows extension only before the due date
        moves.append("extend")
    forms = {}
    for move in moves:
        if override and override[0] == clock.pk and override[1] == move:
            forms[move] = override[2]
        elif move == "extend":
            forms[move] = ClockExtendForm(
                case=case, unit_label=clock.rule.get_unit_display(), prefix=f"c{clock.pk}-{move}"
            )
        else:
            forms[move] = ClockDateForm(reason_placeholder=PLACEHOLDERS[move], prefix=f"c{clock.pk}-{move}")
    return forms


def clock_card(case, user, forms_override=None):
    """Context for templates/workflow/includes/_clocks.html (a constant number of queries)."""
    clocks = list(case.clocks.select_related("rule").order_by("status", "due_date", "id"))
    if not clocks:
        return {"clocks": [], "can_manage_clocks": False, "case_clocks": clocks}
    events = {}
    for event in (
        ClockEvent.objects.filter(clock__case=case).select_related("actor", "approved_by").order_by("created_at", "id")
    ):
        events.setdefault(event.clock_id, []).append(event)
    can_manage = deadlines.may_manage_clocks(case, user)
    override = (forms_override or {}).get("clock")
    today = timezone.localdate()
    rows = []
    for clock in clocks:
        forms = _forms_for(clock, case, can_manage, override)
        rows.append(
            ClockRow(
                clock=clock,
                events=events.get(clock.pk, []),
                remaining=deadlines.remaining_text(clock, today) if clock.status == CaseClock.Status.RUNNING else "",
                forms=forms,
                open_form=override[1] if override and override[0] == clock.pk else "",
            )
        )
    # case_clocks: the same clocks for the header's 办理期限 box (workflow_tags.case_due_box)
    return {"clocks": rows, "can_manage_clocks": can_manage, "case_clocks": clocks}


@login_required
@require_POST
def clock_action(request, pk, clock_id, action):
    from .views import get_case_for_user, render_case_error

    case = get_case_for_user(request.user, pk)
    if action not in SUCCESS:
        raise Http404
    clock = get_object_or_404(CaseClock.objects.select_related("rule"), pk=clock_id, case=case)
    if not deadlines.may_manage_clocks(case, request.user):
        raise PermissionDenied("只有该事项的承办人或承办科室负责人可以变更期限。")
    if case.process_def.own_clocks:
        messages.error(
            request,
            f"{case.process_def.label}的期限随办理环节变动（补正、征求意见、延期答复等），请使用事项页上的办理表单。",
        )
        return redirect(case)
    prefix = f"c{clock.pk}-{action}"
    if action == "extend":
        form = ClockExtendForm(request.POST, case=case, unit_label=clock.rule.get_unit_display(), prefix=prefix)
    else:
        form = ClockDateForm(request.POST, reason_placeholder=PLACEHOLDERS[action], prefix=prefix)
    override = {"clock": (clock.pk, action, form)}
    if not form.is_valid():
        return render_case_error(request, case, "请检查填写的内容。", override)
    data = form.cleaned_data
    try:
        if action == "pause":
            deadlines.pause_clock(clock.pk, request.user, data["on_date"], data["reason"])
        elif action == "resume":
            deadlines.resume_clock(clock.pk, request.user, data["on_date"], data["reason"])
        elif action == "restart":
            deadlines.restart_clock(clock.pk, request.user, data["on_date"], data["reason"])
        else:
            deadlines.extend_clock(clock.pk, request.user, data["days"], data["reason"], data["approved_by"])
    except TransitionError as exc:
        case.refresh_from_db()
        return render_case_error(request, case, str(exc), override)
    messages.success(request, SUCCESS[action])
    return redirect(case)
