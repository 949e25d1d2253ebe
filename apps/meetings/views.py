from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.audit.log import record
from apps.org.models import Section
from apps.printing.exports import export_or_queue
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.models import Case, CaseClock
from apps.workflow.services import TransitionError
from apps.workflow.views import get_case_for_user, render_case_error

from . import services
from .forms import AgendaItemForm, MeetingForm
from .models import AgendaItem, Attendance, Decision, Kind, Meeting
from .processes import COLLECT, MINUTES_RULE, PROCESS

STATES = [
    ("draft", "拟定方案"), ("collect", "征集议题"), ("agenda", "审定议题"), ("notice", "待发通知"),
    ("signin", "待召开/签到"), ("minutes", "纪要办理中"), ("issued", "纪要已印发"), ("rejected", "已取消"),
]
STEP_STATES = {"collect", "agenda", "notice", "signin"}


def visible_meetings(user, params):
    """The meetings the user may see (default deny), filtered like the register page."""
    qs = (
        Meeting.objects.visible_to(user)
        .select_related("case", "case__section", "chair", "recorder")
        .annotate(
            agenda_count=Count("agenda_items", filter=~Q(agenda_items__status=AgendaItem.Status.DEFERRED), distinct=True),
            decision_count=Count("decisions", distinct=True),
            supervised_count=Count("decisions", filter=Q(decisions__supervised_case__isnull=False), distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )
    if params.get("kind") in Kind.values:
        qs = qs.filter(kind=params["kind"])
    state = params.get("state")
    if state == "draft":
        qs = qs.filter(case__status__in=(Case.Status.DRAFT, Case.Status.RETURNED))
    elif state in STEP_STATES:
        qs = qs.filter(case__status=Case.Status.ACTIVE, case__current_step=state)
    elif state == "minutes":
        qs = qs.filter(case__status=Case.Status.ACTIVE, held_at__isnull=False)
    elif state == "issued":
        qs = qs.filter(minutes_issued_at__isnull=False)
    elif state == "rejected":
        qs = qs.filter(case__status=Case.Status.REJECTED)
    year = str(params.get("year", ""))
    if year.isdigit():
        qs = qs.filter(starts_at__year=int(year))
    return qs


def _params(request):
    return {key: request.GET[key] for key in ("kind", "state", "year") if request.GET.get(key)}


def _flag(user):
    if not services.sees_party_group_flag(user):
        return None
    held, planned = services.party_group_status()
    if held:
        return None
    return {"today": timezone.localdate(), "planned": planned}


@login_required
@never_cache
@require_GET
def meeting_list(request):
    """会议登记簿: the meetings the user may see, filtered, and the same rows as Excel."""
    params = _params(request)
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "meetings", params)
    page = Paginator(visible_meetings(request.user, params), 30).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return render(request, "meetings/list.html", {
        "page": page, "params": params, "query": query, "kinds": Kind.choices, "states": STATES,
        "party_flag": _flag(request.user), "tab": "list", "today": timezone.localdate(), **_nav(request.user),
    })


def _nav(user):
    return {"organiser": services.is_organiser(user), "may_submit": services.may_submit_agenda(user)}


def collecting(user):
    """Meetings open for 议题 to those who may put items forward: only the name, date and cut-off
    are shown there (the case itself stays the organisers'), and the user's own items."""
    if not services.may_submit_agenda(user):
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(case__status=Case.Status.ACTIVE, case__current_step=COLLECT)
        .select_related("case", "case__section", "chair").order_by("starts_at", "pk")
    )


@login_required
@never_cache
@require_GET
def dashboard(request):
    """会务工作台: the party-group check, agenda collection, notices and minutes due."""
    user = request.user
    if not (services.is_organiser(user) or services.sees_party_group_flag(user)):
        raise PermissionDenied
    now = timezone.now()
    visible = Meeting.objects.visible_to(user).select_related("case", "chair", "recorder")
    upcoming = visible.filter(case__status=Case.Status.ACTIVE, held_at__isnull=True, starts_at__gte=now).order_by("starts_at")[:20]
    minutes_due = (
        CaseClock.objects.filter(rule__code=MINUTES_RULE, status=CaseClock.Status.RUNNING,
                                 case__in=Case.objects.visible_to(user).values("pk"))
        .select_related("case", "case__meeting", "case__meeting__recorder").order_by("due_date", "pk")
    )
    unsupervised = (
        Decision.objects.filter(meeting__in=visible.values("pk"), meeting__minutes_issued_at__isnull=False,
                                supervised_case__isnull=True)
        .select_related("meeting__case", "lead_section").order_by("-meeting__starts_at", "seq")[:30]
    )
    return render(request, "meetings/dashboard.html", {
        "upcoming": upcoming, "minutes_due": minutes_due, "unsupervised": unsupervised,
        "party_flag": _flag(user), "today": timezone.localdate(), "tab": "dashboard", **_nav(user),
    })


# --- planning ------------------------------------------------------------------------------------


def _plan_page(request, form, case):
    if request.method == "POST" and form.is_valid():
        try:
            case = services.save_meeting(request.user, form.cleaned_data, case=case, submit="submit" in request.POST)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "会议方案已提交，开始征集议题。" if "submit" in request.POST else "草稿已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "meetings/form.html", {"form": form, "case": case, "tab": "list", **_nav(request.user)})


@login_required
def meeting_new(request):
    if not services.is_organiser(request.user):
        raise PermissionDenied
    now = timezone.localtime()
    initial = {"recorder": request.user.pk}
    return _plan_page(request, MeetingForm(request.POST or None, initial=initial), None)


@login_required
def meeting_edit(request, pk):
    case = _meeting_case(request, pk)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该会议已提交，不能再修改会议方案。")
        return redirect(case)
    m = case.meeting
    initial = {
        "kind": m.kind, "title": case.title, "starts_at": timezone.localtime(m.starts_at),
        "ends_at": timezone.localtime(m.ends_at) if m.ends_at else None, "place": m.place, "chair": m.chair_id,
        "recorder": m.recorder_id, "attendees": list(m.attendees.values_list("pk", flat=True)),
        "observers": list(m.observers.values_list("pk", flat=True)), "observers_note": m.observers_note,
        "agenda_cutoff": timezone.localtime(m.agenda_cutoff), "notes": m.notes,
    }
    return _plan_page(request, MeetingForm(request.POST or None, initial=initial), case)


def _meeting_case(request, pk):
    case = get_case_for_user(request.user, pk)
    if case.process != PROCESS:
        raise Http404
    return case


# --- 议题征集 ----------------------------------------------------------------------------------------


@login_required
@never_cache
def agenda(request):
    """议题征集: the meetings open for items, the form, and the items the user put forward."""
    user = request.user
    if not services.may_submit_agenda(user):
        raise PermissionDenied
    open_meetings = list(collecting(user))
    form = AgendaItemForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST":
        meeting = next((m for m in open_meetings if str(m.pk) == request.POST.get("meeting")), None)
        if meeting is None:
            messages.error(request, "请选择正在征集议题的会议。")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_agenda_item(meeting.case_id, user, title=data["title"], section=data["section"],
                                            presenter=data["presenter"], summary=data["summary"], material=data.get("material"))
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方，材料需要重新选择。）")
            else:
                messages.success(request, f"议题已报送“{meeting.case.title}”，由办公室汇总后报主持人审定。")
                return redirect("meetings:agenda")
        else:
            messages.error(request, "请按提示修改后再提交；材料需要重新选择。")
    mine = (
        AgendaItem.objects.filter(submitted_by=user).select_related("meeting", "meeting__case", "section", "presenter")
        .order_by("-submitted_at")[:30]
    )
    return render(request, "meetings/agenda.html", {
        "open_meetings": open_meetings, "form": form, "mine": mine, "chosen": request.POST.get("meeting", ""),
        "tab": "agenda", **_nav(user),
    })


# --- the steps' own forms (on the case page) ---------------------------------------------------------


def _run(request, pk, action, success):
    case = _meeting_case(request, pk)
    try:
        action(case)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(case)


@login_required
@require_POST
def compile_agenda(request, pk):
    case = _meeting_case(request, pk)
    items = list(case.meeting.agenda_items.order_by("order", "id"))
    choices = {}
    for item in items:
        status = request.POST.get(f"item_{item.pk}")
        order = request.POST.get(f"order_{item.pk}", "")
        choices[item.pk] = (status, int(order) if order.isdigit() else None)
    return _run(request, pk, lambda c: services.compile_agenda(c.pk, request.user, choices), "议题已汇总，报主持人审定。")


@login_required
@require_POST
def issue_notice(request, pk):
    return _run(request, pk, lambda c: services.issue_notice(c.pk, request.user), "会议通知已印发，参会人员已收到通知。")


@login_required
@require_POST
def sign_in(request, pk):
    return _run(request, pk, lambda c: services.sign_in(c.pk, request.user), "签到成功。")


@login_required
@require_POST
def attendance(request, pk):
    case = _meeting_case(request, pk)
    m = case.meeting
    people = list(m.attendees.values_list("pk", flat=True)) + list(m.observers.values_list("pk", flat=True))
    rows = {pid: (request.POST.get(f"status_{pid}", ""), request.POST.get(f"reason_{pid}", "")) for pid in people}
    finish = "held" in request.POST
    try:
        services.record_attendance(case.pk, request.user, rows)
        if finish:
            services.confirm_held(case.pk, request.user)
    except TransitionError as exc:
        return render_case_error(request, case, str(exc))  # the page shows what was chosen
    messages.success(request, "会议已召开，请记录人在 2 个工作日内起草会议纪要。" if finish else "签到情况已登记。")
    return redirect(case)


@login_required
@require_POST
def minutes(request, pk):
    case = _meeting_case(request, pk)
    sections = {str(s.pk): s for s in Section.objects.all()}
    decisions = []
    for index in range(1, 31):
        text = request.POST.get(f"decision_{index}", "")
        if text.strip():
            decisions.append((text, sections.get(request.POST.get(f"decision_section_{index}", ""))))
    submit = "submit" in request.POST
    try:
        services.save_minutes(case.pk, request.user, request.POST.get("minutes", ""), decisions, submit=submit)
    except TransitionError as exc:
        return render_case_error(request, case, str(exc))  # the page keeps the typed minutes
    messages.success(request, "会议纪要已报主持人审定。" if submit else "纪要草稿已保存。")
    return redirect(case)


@login_required
@require_POST
def supervise(request, pk, decision_id):
    case = _meeting_case(request, pk)
    decision = get_object_or_404(Decision, pk=decision_id, meeting__case=case)
    try:
        item = services.decision_to_supervision(decision.pk, request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(case)
    messages.success(request, f"议定事项已转为督办事项，交{decision.lead_section.name}落实。")
    return redirect(item)


# --- prints ----------------------------------------------------------------------------------------------


def _print(request, case, template, title, **extra):
    meeting = Meeting.objects.select_related("chair", "recorder", "case__section").get(case=case)
    context = {
        "case": case, "meeting": meeting, "org_name": settings.ORG_NAME, "printed_by": request.user,
        "printed_at": timezone.localtime(), "start": timezone.localtime(meeting.starts_at),
        "weekday": "一二三四五六日"[timezone.localtime(meeting.starts_at).weekday()],
        "agenda": list(meeting.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("section", "presenter")),
        "attendees": list(meeting.attendees.select_related("section").order_by("section__order", "rank", "full_name")),
        "observers": list(meeting.observers.select_related("section").order_by("section__order", "full_name")),
        **extra,
    }
    pdf = render_pdf(template, context, request)
    record("print.meeting_form", actor=request.user, obj=case, detail={"form": template.rsplit("/", 1)[-1]})
    return pdf_response(pdf, f"{case.title}-{title}.pdf")


@login_required
@require_GET
def notice_pdf(request, pk):
    """会议通知."""
    case = _meeting_case(request, pk)
    if case.status == Case.Status.DRAFT:
        raise Http404
    return _print(request, case, "print/meetings/notice.html", "会议通知", date=services._d(
        timezone.localtime(case.meeting.notice_issued_at).date() if case.meeting.notice_issued_at else timezone.localdate()))


@login_required
@require_GET
def signin_pdf(request, pk):
    """会议签到表 (blank on the day, filled in afterwards)."""
    case = _meeting_case(request, pk)
    if case.status == Case.Status.DRAFT:
        raise Http404
    meeting = case.meeting
    rows = {a.person_id: a for a in meeting.attendance.all()}
    leave = services.leave_on_day(meeting)
    sheet = []
    groups = (("参会", meeting.attendees), ("列席", meeting.observers))
    for role, people in groups:
        for person in people.select_related("section").order_by("section__order", "full_name"):
            row = rows.get(person.pk)
            if row is not None and row.status != Attendance.Status.PRESENT:
                note = f"{row.get_status_display()}：{row.reason}"
            elif row is not None:
                note = "出席"
            elif person.pk in leave:
                note = "已批准请假"
            else:
                note = ""
            sheet.append((len(sheet) + 1, person, role, note))
    return _print(request, case, "print/meetings/signin.html", "签到表", sheet=sheet)


@login_required
@require_GET
def minutes_pdf(request, pk):
    """会议纪要 (GB/T 9704 纪要 format): only once drafted."""
    case = _meeting_case(request, pk)
    meeting = case.meeting
    if not meeting.minutes_submitted_at:
        raise Http404
    from apps.documents.printing import paragraphs

    attendance = list(meeting.attendance.select_related("person", "person__section").order_by("role", "person__section__order", "id"))
    return _print(
        request, case, "print/meetings/minutes.html", "会议纪要",
        paragraphs=paragraphs(meeting.minutes), decisions=list(meeting.decisions.select_related("lead_section")),
        present=[a for a in attendance if a.status == Attendance.Status.PRESENT and a.role == Attendance.Role.ATTENDEE],
        on_leave=[a for a in attendance if a.status != Attendance.Status.PRESENT],
        observing=[a for a in attendance if a.status == Attendance.Status.PRESENT and a.role == Attendance.Role.OBSERVER],
        date=services._d(timezone.localtime(meeting.minutes_issued_at).date()) if meeting.minutes_issued_at else "",
    )
