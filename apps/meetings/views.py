from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.printing.case_print import render_case_form
from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError, access_case
from apps.workflow.models import Case, CaseClock
from apps.workflow.viewkit import case_step

from . import services
from .filters import STATES, MeetingFilter
from .forms import AgendaItemForm, AttendanceForm, CompileForm, MeetingForm, MinutesForm
from .models import AgendaItem, Attendance, Decision, Kind, Meeting
from .processes import COLLECT, MINUTES_RULE, PROCESS


def visible_meetings(user, params):
    """The meetings the user may see (default deny), filtered like the register page."""
    qs = (
        Meeting.objects.visible_to(user)
        .select_related("case", "case__section", "chair", "recorder")
        .annotate(
            agenda_count=Count(
                "agenda_items", filter=~Q(agenda_items__status=AgendaItem.Status.DEFERRED), distinct=True
            ),
            decision_count=Count("decisions", distinct=True),
            supervised_count=Count("decisions", filter=Q(decisions__supervised_case__isnull=False), distinct=True),
        )
    )
    return filtered(MeetingFilter, params, qs).order_by("-starts_at", "-pk")


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
    return register_page(
        request,
        MeetingFilter,
        visible_meetings,
        register="meetings",
        template="meetings/list.html",
        context={
            "kinds": Kind.choices,
            "states": STATES,
            "party_flag": _flag(request.user),
            "tab": "list",
            "today": timezone.localdate(),
            **_nav(request.user),
        },
    )


def _nav(user):
    return {"organiser": services.is_organiser(user), "may_submit": services.may_submit_agenda(user)}


def collecting(user):
    """Meetings open for 议题 to those who may put items forward: only the name, date and cut-off
    are shown there (the case itself stays the organisers'), and the user's own items."""
    if not services.may_submit_agenda(user):
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(case__status=Case.Status.ACTIVE, case__current_step=COLLECT)
        .select_related("case", "case__section", "chair")
        .order_by("starts_at", "pk")
    )


@login_required
@never_cache
@require_GET
def dashboard(request):
    """会务工作台: the party-group check, agenda collection, notices and minutes due."""
    user = request.user
    if not (services.is_organiser(user) or services.sees_party_group_flag(user)):
        raise PermissionDenied("会务工作台只对办公室、依法治区办秘书科的工作人员和局领导开放。")
    now = timezone.now()
    visible = Meeting.objects.visible_to(user).select_related("case", "chair", "recorder")
    upcoming = visible.filter(case__status=Case.Status.ACTIVE, held_at__isnull=True, starts_at__gte=now).order_by(
        "starts_at"
    )[:20]
    minutes_due = (
        CaseClock.objects.filter(
            rule__code=MINUTES_RULE,
            status=CaseClock.Status.RUNNING,
            case__in=Case.objects.visible_to(user).values("pk"),
        )
        .select_related("case", "case__meeting", "case__meeting__recorder")
        .order_by("due_date", "pk")
    )
    unsupervised = (
        Decision.objects.filter(
            meeting__in=visible.values("pk"), meeting__minutes_issued_at__isnull=False, supervised_case__isnull=True
        )
        .select_related("meeting__case", "lead_section")
        .order_by("-meeting__starts_at", "seq")[:30]
    )
    return render(
        request,
        "meetings/dashboard.html",
        {
            "upcoming": upcoming,
            "minutes_due": minutes_due,
            "unsupervised": unsupervised,
            "party_flag": _flag(user),
            "today": timezone.localdate(),
            "tab": "dashboard",
            **_nav(user),
        },
    )


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
        raise PermissionDenied("会议由办公室和依法治区办秘书科安排，只有这两个科室的工作人员和科室负责人可以办理。")
    return _plan_page(request, MeetingForm(request.POST or None, initial={"recorder": request.user.pk}), None)


@login_required
def meeting_edit(request, pk):
    case = access_case(request.user, pk, process=PROCESS)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied("只有发起人本人可以修改这次会议的安排。")
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        messages.error(request, "该会议已提交，不能再修改会议方案。")
        return redirect(case)
    m = case.meeting
    initial = {
        "kind": m.kind,
        "title": case.title,
        "starts_at": timezone.localtime(m.starts_at),
        "ends_at": timezone.localtime(m.ends_at) if m.ends_at else None,
        "place": m.place,
        "chair": m.chair_id,
        "recorder": m.recorder_id,
        "attendees": list(m.attendees.values_list("pk", flat=True)),
        "observers": list(m.observers.values_list("pk", flat=True)),
        "observers_note": m.observers_note,
        "agenda_cutoff": timezone.localtime(m.agenda_cutoff),
        "notes": m.notes,
    }
    return _plan_page(request, MeetingForm(request.POST or None, initial=initial), case)


# --- 议题征集 ----------------------------------------------------------------------------------------


@login_required
@never_cache
def agenda(request):
    """议题征集: the meetings open for items, the form, and the items the user put forward."""
    user = request.user
    if not services.may_submit_agenda(user):
        raise PermissionDenied("只有科室负责人、局领导和办公室、依法治区办秘书科的工作人员可以提交议题。")
    open_meetings = collecting(user)
    form = AgendaItemForm(request.POST or None, request.FILES or None, user=user, meetings=open_meetings)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            meeting = data["meeting"]
            try:
                services.submit_agenda_item(
                    meeting.case_id,
                    user,
                    title=data["title"],
                    section=data["section"],
                    presenter=data["presenter"],
                    summary=data["summary"],
                    material=data.get("material"),
                )
            except TransitionError as exc:
                messages.error(request, f"{exc}（已填写的内容仍在下方，材料需要重新选择。）")
            else:
                messages.success(request, f"议题已报送“{meeting.case.title}”，由办公室汇总后报主持人审定。")
                return redirect("meetings:agenda")
        else:
            messages.error(request, "请按提示修改后再提交；材料需要重新选择。")
    mine = (
        AgendaItem.objects.filter(submitted_by=user)
        .select_related("meeting", "meeting__case", "section", "presenter")
        .order_by("-submitted_at")[:30]
    )
    return render(
        request,
        "meetings/agenda.html",
        {
            "open_meetings": list(open_meetings),
            "form": form,
            "mine": mine,
            "tab": "agenda",
            **_nav(user),
        },
    )


# --- the steps' own forms (on the case page; apps.workflow.viewkit.case_step) -------------------------


def _step(request, pk, key, form, action, success, **kwargs):
    return case_step(
        request, pk, process=PROCESS, key=key, form=form, action=action, success=success, invalid="{errors}", **kwargs
    )


@login_required
@require_POST
def compile_agenda(request, pk):
    return _step(
        request,
        pk,
        "meeting_compile",
        lambda case: CompileForm(request.POST, items=case.meeting.agenda_items.order_by("order", "id")),
        lambda case, d: services.compile_agenda(case.pk, request.user, d["choices"]),
        "议题已汇总，报主持人审定。",
    )


@login_required
@require_POST
def issue_notice(request, pk):
    return _step(
        request,
        pk,
        "meeting_notice",
        forms.Form,
        lambda case, d: services.issue_notice(case.pk, request.user),
        "会议通知已印发，参会人员已收到通知。",
    )


@login_required
@require_POST
def sign_in(request, pk):
    return _step(
        request,
        pk,
        "meeting_sign_in",
        forms.Form,
        lambda case, d: services.sign_in(case.pk, request.user),
        "签到成功。",
    )


def _record_attendance(case, user, data):
    services.record_attendance(case.pk, user, data["rows"])
    if data["held"]:
        services.confirm_held(case.pk, user)


@login_required
@require_POST
def attendance(request, pk):
    def form(case):
        m = case.meeting
        people = [*m.attendees.values_list("pk", flat=True), *m.observers.values_list("pk", flat=True)]
        return AttendanceForm(request.POST, people=people)

    return _step(
        request,
        pk,
        "meeting_attendance",
        form,
        lambda case, d: _record_attendance(case, request.user, d),
        "会议已召开，请记录人在 2 个工作日内起草会议纪要。" if "held" in request.POST else "签到情况已登记。",
    )


@login_required
@require_POST
def minutes(request, pk):
    return _step(
        request,
        pk,
        "meeting_minutes",
        lambda case: MinutesForm(request.POST),
        lambda case, d: services.save_minutes(case.pk, request.user, d["minutes"], d["decisions"], submit=d["submit"]),
        "会议纪要已报主持人审定。" if "submit" in request.POST else "纪要草稿已保存。",
    )


@login_required
@require_POST
def supervise(request, pk, decision_id):
    def action(case, data):
        decision = get_object_or_404(Decision, pk=decision_id, meeting__case=case)
        return services.decision_to_supervision(decision.pk, request.user)

    return _step(
        request,
        pk,
        "meeting_supervise",
        forms.Form,
        action,
        lambda item: f"议定事项已转为督办事项，交{item.meeting_decision.lead_section.name}落实。",
        redirect_to=lambda case, item: item,
    )


# --- prints ----------------------------------------------------------------------------------------------


def _meeting_pdf(request, pk, template, title, extra=None, printable=None):
    """One of the meeting's printed forms, with what every one of them shows (time, place, the
    listed agenda, the attendees); a form that does not exist yet is a 404."""
    case = access_case(request.user, pk, process=PROCESS)
    meeting = Meeting.objects.select_related("chair", "recorder", "case__section").get(case=case)
    if printable is not None and not printable(case, meeting):
        raise Http404
    start = timezone.localtime(meeting.starts_at)
    context = {
        "meeting": meeting,
        "start": start,
        "weekday": "一二三四五六日"[start.weekday()],
        "agenda": list(
            meeting.agenda_items.filter(status=AgendaItem.Status.ACCEPTED).select_related("section", "presenter")
        ),
        "attendees": list(meeting.attendees.select_related("section").order_by("section__order", "rank", "full_name")),
        "observers": list(meeting.observers.select_related("section").order_by("section__order", "full_name")),
        **(extra(meeting) if extra else {}),
    }
    return render_case_form(request, case, template, title, context, event="print.meeting_form")


def _day_text(moment):
    return services.chinese_date(timezone.localtime(moment).date()) if moment else ""


@login_required
@require_GET
def notice_pdf(request, pk):
    """会议通知."""
    return _meeting_pdf(
        request,
        pk,
        "print/meetings/notice.html",
        "会议通知",
        extra=lambda m: {"date": _day_text(m.notice_issued_at) or services.chinese_date(timezone.localdate())},
        printable=lambda case, m: case.status != Case.Status.DRAFT,
    )


def signin_sheet(meeting):
    """[(n, person, 参会/列席, note)]: the sign-in sheet, blank on the day, filled in afterwards."""
    rows = {a.person_id: a for a in meeting.attendance.all()}
    leave = services.leave_on_day(meeting)
    sheet = []
    for role, people in (("参会", meeting.attendees), ("列席", meeting.observers)):
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
    return sheet


@login_required
@require_GET
def signin_pdf(request, pk):
    """会议签到表."""
    return _meeting_pdf(
        request,
        pk,
        "print/meetings/signin.html",
        "签到表",
        extra=lambda m: {"sheet": signin_sheet(m)},
        printable=lambda case, m: case.status != Case.Status.DRAFT,
    )


def _minutes_context(meeting):
    from apps.documents.printing import paragraphs

    attendance = list(
        meeting.attendance.select_related("person", "person__section").order_by("role", "person__section__order", "id")
    )
    return {
        "paragraphs": paragraphs(meeting.minutes),
        "decisions": list(meeting.decisions.select_related("lead_section")),
        "present": [
            a for a in attendance if a.status == Attendance.Status.PRESENT and a.role == Attendance.Role.ATTENDEE
        ],
        "on_leave": [a for a in attendance if a.status != Attendance.Status.PRESENT],
        "observing": [
            a for a in attendance if a.status == Attendance.Status.PRESENT and a.role == Attendance.Role.OBSERVER
        ],
        "date": _day_text(meeting.minutes_issued_at),
    }


@login_required
@require_GET
def minutes_pdf(request, pk):
    """会议纪要 (GB/T 9704 纪要 format): only once drafted."""
    return _meeting_pdf(
        request,
        pk,
        "print/meetings/minutes.html",
        "会议纪要",
        extra=_minutes_context,
        printable=lambda case, m: m.minutes_submitted_at is not None,
    )
