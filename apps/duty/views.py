from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import render_case_form
from apps.printing.lists import filtered, list_page, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case
from apps.workflow.viewkit import form_errors

from . import services
from .coverage import holiday_name
from .filters import LogFilter
from .forms import CloseEntryForm, EntryForm, HandoverForm, ReportForm, RosterForm, ShiftFormSet, laid_out
from .models import DutyRoster, Handover, LogEntry, Shift, Source, sees_all_duty
from .processes import PROCESS

WEEKDAYS = "一二三四五六日"


def _nav(user, tab):
    return {"tab": tab, "organiser": services.is_duty_organiser(user), "sees_all": sees_all_duty(user)}


@login_required
@never_cache
@require_GET
def home(request):
    """值班: today's shifts, the user's own shift (log, open items, 交班), handovers to confirm."""
    user = request.user
    if user.admin_role:
        raise Http404
    now = timezone.now()
    visible_rosters = DutyRoster.objects.visible_to(user).values("pk")
    running = [
        s for s in services.current_shifts(now) if s.roster_id in {r["pk"] for r in visible_rosters} or s.named(user)
    ]
    today = timezone.localdate(now)
    today_shifts = list(
        services.shifts_in_force()
        .filter(date=today, roster__in=visible_rosters)
        .select_related("leader", "officer", "assistant", "roster")
        .order_by("starts", "id")
    )
    mine = services.my_current_shift(user, now)
    held, received = [], []
    if mine is not None:
        held = list(
            LogEntry.objects.filter(holder_shift=mine)
            .select_related("forwarded_to", "recorded_by", "shift")
            .order_by("-at", "-id")
        )
        received = _contacts_in_shift(user, mine)
    to_confirm = list(
        Handover.objects.filter(to_user=user, acknowledged_at__isnull=True)
        .select_related("handed_by", "from_shift", "to_shift")
        .prefetch_related("entries")
        .order_by("created_at")
    )
    upcoming = list(
        services.shifts_in_force()
        .filter(
            Q(officer=user) | Q(assistant=user) | Q(leader=user), date__gte=today, date__lte=today + timedelta(days=31)
        )
        .select_related("roster__case", "leader", "officer", "assistant")
        .order_by("date", "starts")[:10]
    )
    return render(
        request,
        "duty/home.html",
        {
            "running": running,
            "today_shifts": today_shifts,
            "mine": mine,
            "held": held,
            "to_confirm": to_confirm,
            "upcoming": upcoming,
            "received": received,
            "entry_form": EntryForm(),
            "close_form": CloseEntryForm(),
            "today": today,
            "holiday": holiday_name(today),
            "handed": mine is not None and Handover.objects.filter(from_shift=mine).exists(),
            "next_shift": services.next_shift(mine) if mine else None,
            **_nav(user, "home"),
        },
    )


def _contacts_in_shift(user, shift):
    """The visits and calls this person logged at the reception desk during the shift (apps.reception):
    they belong to the duty record too, so the shift's page lists them beside the log."""
    from apps.reception.models import Contact

    return list(
        Contact.objects.visible_to(user)
        .filter(first_responder=user, occurred_at__gte=shift.start_dt, occurred_at__lt=shift.end_dt)
        .select_related("case", "section")
        .order_by("-occurred_at")[:50]
    )


# --- rosters -------------------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def roster_list(request):
    rosters = (
        DutyRoster.objects.visible_to(request.user).select_related("case", "reported_by").order_by("-start_date", "-pk")
    )
    return render(request, "duty/roster_list.html", {**list_page(request, rosters), **_nav(request.user, "rosters")})


def _roster_page(request, case, header_initial, rows_initial):
    user = request.user
    if request.method == "POST":
        form = RosterForm(request.POST)
        period = None
        if form.is_valid():
            period = (form.cleaned_data["start_date"], form.cleaned_data["end_date"])
        formset = ShiftFormSet(request.POST, prefix="shifts", period=period)
        if "layout" in request.POST and period:
            # 按期间生成: fresh rows for the period, typed header kept
            formset = ShiftFormSet(prefix="shifts", initial=laid_out(*period), period=period)
        elif form.is_valid() and formset.is_valid():
            try:
                case = services.save_roster(
                    user, form.cleaned_data, formset.shifts(), case=case, submit="submit" in request.POST
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, "值班表已提交办公室主任审核。" if "submit" in request.POST else "草稿已保存。"
                )
                return redirect(case)
        else:
            messages.error(request, "值班表未保存，请按提示修改（已填写的内容仍在下方）。")
    else:
        form = RosterForm(initial=header_initial)
        formset = ShiftFormSet(prefix="shifts", initial=rows_initial)
    return render(
        request, "duty/roster_form.html", {"form": form, "formset": formset, "case": case, **_nav(user, "rosters")}
    )


def _next_month(day):
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


@login_required
def roster_new(request):
    if not services.is_duty_organiser(request.user):
        raise PermissionDenied("值班由办公室安排，只有办公室工作人员和主任可以编排值班表。")
    start = parse_date(request.GET.get("start", "") or "")
    end = parse_date(request.GET.get("end", "") or "")
    kind = request.GET.get("kind") if request.GET.get("kind") in DutyRoster.Kind.values else DutyRoster.Kind.MONTH
    if not (start and end and start <= end):
        start, end = _next_month(timezone.localdate())
    header = {
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "phone": getattr(settings, "DUTY_PHONE", ""),
        "title": request.GET.get("title", ""),
    }
    return _roster_page(request, None, header, laid_out(start, end))


@login_required
def roster_edit(request, pk):
    case = access_case(request.user, pk, process=PROCESS)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied("只有编排人本人可以修改这份值班表。")
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该值班表已提交，不能再修改。")
        return redirect(case)
    roster = case.duty_roster
    header = {
        "kind": roster.kind,
        "title": case.title,
        "start_date": roster.start_date,
        "end_date": roster.end_date,
        "phone": roster.phone,
        "note": roster.note,
    }
    rows = [
        {
            "date": s.date,
            "starts": s.starts,
            "ends": s.ends,
            "leader": s.leader_id,
            "officer": s.officer_id,
            "assistant": s.assistant_id,
            "phone": s.phone,
        }
        for s in roster.shifts.all()
    ]
    return _roster_page(request, case, header, rows)


def get_roster_for_user(user, pk):
    return get_object_or_404(DutyRoster.objects.visible_to(user).select_related("case", "reported_by"), pk=pk)


def _table(roster):
    """Rows of the printed/shown table: one per shift, with the day's holiday and weekday."""
    rows = []
    for shift in roster.shifts.select_related("leader", "officer", "assistant"):
        rows.append({"shift": shift, "weekday": WEEKDAYS[shift.date.weekday()], "holiday": holiday_name(shift.date)})
    return rows


@login_required
@never_cache
def roster_detail(request, pk):
    """值班表: the table as sent down, the approval state and the 报送 record."""
    roster = get_roster_for_user(request.user, pk)
    can_report = services.is_duty_organiser(request.user) and roster.approved_at and not roster.reported_at
    form = ReportForm(request.POST or None) if can_report else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室工作人员和主任可以报送已批准、尚未报送的值班表。")
        if form.is_valid():
            try:
                services.report_roster(
                    roster.pk, request.user, list(form.cleaned_data["bodies"]), form.cleaned_data["note"]
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已登记报送。")
                return redirect("duty:roster", pk=roster.pk)
        else:
            messages.error(request, "请选择报送单位。")
    sees_case = Case.objects.visible_to(request.user).filter(pk=roster.case_id).exists()
    return render(
        request,
        "duty/roster_detail.html",
        {
            "roster": roster,
            "rows": _table(roster),
            "report_form": form,
            "sees_case": sees_case,
            **_nav(request.user, "rosters"),
        },
    )


@login_required
@require_GET
def roster_pdf(request, pk):
    """值班表 (landscape table) for reporting upward."""
    roster = get_roster_for_user(request.user, pk)
    # Reached through the roster (the people on duty see it, not its approval case).
    approvals = list(
        roster.case.tasks.filter(status="done", kind="approve").select_related("acted_by").order_by("acted_at")
    )
    return render_case_form(
        request,
        roster.case,
        "print/duty/roster.html",
        roster.case.title,
        {"roster": roster, "rows": _table(roster), "approvals": approvals},
        event="print.duty_roster",
        filename=f"{roster.case.title}.pdf",
    )


# --- the duty log ----------------------------------------------------------------------------------------


@login_required
@require_POST
def entry_add(request, shift_id):
    shift = get_object_or_404(Shift, pk=shift_id)
    form = EntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "值班记录未保存：" + form_errors(form))
        return redirect("duty:home")
    data = form.cleaned_data
    try:
        services.add_entry(
            shift.pk,
            request.user,
            source=data["source"],
            content=data["content"],
            at=data["at"],
            counterpart=data["counterpart"],
            handling=data["handling"],
            forwarded_to=data["forwarded_to"],
            close=data["close"],
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已记入值班日志。")
    return redirect("duty:home")


@login_required
@require_POST
def entry_close(request, pk):
    entry = get_object_or_404(LogEntry.objects.visible_to(request.user), pk=pk)
    form = CloseEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.close_entry(
                entry.pk, request.user, form.cleaned_data["handling"], form.cleaned_data["forwarded_to"]
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "该事项已办结。")
    return redirect(request.POST.get("next") == "log" and "duty:log" or "duty:home")


@login_required
@require_POST
def handover(request, shift_id):
    shift = get_object_or_404(Shift, pk=shift_id)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未交班：" + form_errors(form))
        return redirect("duty:home")
    try:
        done = services.hand_over(shift.pk, request.user, form.cleaned_data["note"])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已交班，待{done.to_user.full_name}确认接班。")
    return redirect("duty:home")


@login_required
@require_POST
def acknowledge(request, pk):
    handover = get_object_or_404(Handover, pk=pk, to_user=request.user)
    try:
        services.acknowledge(handover.pk, request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已确认接班，移交事项转由您办理。")
    return redirect("duty:home")


def visible_entries(user, params):
    """The log entries the user may see, filtered like the log page (the page and its export)."""
    qs = LogEntry.objects.visible_to(user).select_related(
        "shift", "shift__officer", "holder_shift", "holder_shift__officer", "forwarded_to", "recorded_by", "closed_by"
    )
    return filtered(LogFilter, params, qs).order_by("-at", "-pk")


@login_required
@never_cache
@require_GET
def log(request):
    """值班日志: the entries the user may see, filtered, and the same rows as Excel."""
    return register_page(
        request,
        LogFilter,
        visible_entries,
        register="duty_log",
        template="duty/log.html",
        per_page=50,
        context={"sources": Source.choices, "statuses": LogEntry.Status.choices, **_nav(request.user, "log")},
    )
