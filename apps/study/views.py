from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.training.access import business_only, is_keeper, keeper_only, sees_all
from apps.workflow.api import TransitionError

from . import services
from .forms import AttendanceForm, NoteForm, ReviewForm, SessionForm
from .models import Attendance, Note, Session


def _year(request):
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


@login_required
def home(request):
    """学习制度：党组中心组每月集中学习、机关集中学习考勤、学习笔记审阅（内部制度第三项）。"""
    business_only(request.user)
    year = _year(request)
    today = timezone.localdate()
    held = services.central_months(year)
    months = [
        {"month": m, "count": held.get(m, 0), "past": (year, m) < (today.year, today.month)} for m in range(1, 13)
    ]
    sessions = Session.objects.filter(held_on__year=year).annotate(
        present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT), distinct=True),
        notes_count=Count("notes", distinct=True),
    )
    reviewer = services.is_reviewer(request.user)
    pending = Note.objects.filter(reviewed_at__isnull=True).select_related("person", "session")[:50] if reviewer else ()
    context = {
        "year": year,
        "years": range(today.year, today.year - 4, -1),
        "months": months,
        "sessions": sessions,
        "record": services.study_record(request.user, year),
        "keeper": is_keeper(request.user),
        "pending": pending,
        "reviewer": reviewer,
    }
    return render(request, "study/home.html", context)


@login_required
def session_new(request):
    keeper_only(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.add_session(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "已登记，请登记考勤。")
            return redirect("study:session", session.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "study/session_form.html", {"form": form})


@login_required
def session_detail(request, pk, attendance_form=None, note_form=None, status=200):
    business_only(request.user)
    session = get_object_or_404(Session.objects.select_related("created_by"), pk=pk)
    everyone = sees_all(request.user) or services.is_reviewer(request.user)
    attendances = session.attendances.select_related("person", "person__section").order_by("person__full_name")
    notes = session.notes.select_related("person", "reviewed_by").order_by("person__full_name")
    if not everyone:
        attendances = attendances.filter(person=request.user)
        notes = notes.filter(person=request.user)
    mine = next((a for a in attendances if a.person_id == request.user.pk), None)
    my_note = next((n for n in notes if n.person_id == request.user.pk), None)
    may_note = mine is not None and mine.status == Attendance.Status.PRESENT and not (my_note and my_note.reviewed_at)
    context = {
        "session": session,
        "attendances": attendances,
        "notes": notes,
        "attendance_form": attendance_form or (AttendanceForm(session=session) if is_keeper(request.user) else None),
        "note_form": note_form or (NoteForm(initial={"text": my_note.text if my_note else ""}) if may_note else None),
        "reviewer": services.is_reviewer(request.user),
    }
    return render(request, "study/session.html", context, status=status)


@login_required
@require_POST
def attendance(request, pk):
    keeper_only(request.user)
    session = get_object_or_404(Session, pk=pk)
    form = AttendanceForm(request.POST, session=session)
    if form.is_valid():
        try:
            services.record_attendance(request.user, session.pk, form.marks())
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "考勤已登记。")
            return redirect("study:session", session.pk)
    return session_detail(request, pk, attendance_form=form, status=409)


@login_required
@require_POST
def note(request, pk):
    business_only(request.user)
    session = get_object_or_404(Session, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.submit_note(request.user, session.pk, form.cleaned_data["text"])
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "学习笔记已提交，等待分管政工的局领导审阅。")
            return redirect("study:session", session.pk)
    return session_detail(request, pk, note_form=form, status=409)


@login_required
@require_POST
def review(request, pk):
    business_only(request.user)
    note = get_object_or_404(Note, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # a comment over 200 characters used to be dropped silently and the note marked reviewed
        messages.error(request, "审阅意见不超过 200 字，请精简后再提交。")
        return redirect("study:session", note.session_id)
    try:
        services.review_note(request.user, note.pk, form.cleaned_data.get("comment", ""))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已审阅。")
    return redirect("study:session", note.session_id)
