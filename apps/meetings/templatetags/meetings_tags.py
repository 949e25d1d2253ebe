"""What the meeting's panel on the case page shows to this user (one call, fixed queries)."""

from django import template
from django.utils import timezone

from apps.org.models import Section
from apps.workflow.models import Case, Task

from .. import services
from ..forms import CompileForm
from ..models import AgendaItem, Attendance, Decision
from ..processes import COLLECT, MINUTES, NOTICE, SIGNIN

register = template.Library()


def _typed(forms, key):
    """What was typed into the step form `key` when the page comes back after a refused POST
    (viewkit.case_step puts the bound form into the page's `forms`), else {}."""
    form = (forms or {}).get(key)
    if form is None or not form.is_bound:
        return {}
    return form.data.dict() if hasattr(form.data, "dict") else dict(form.data)


@register.simple_tag
def meeting_panel(case, user, forms=None):
    """`forms`: the case page's forms; a bound one (a refused POST) keeps what was typed."""
    meeting = case.meeting
    posted = {**_typed(forms, "meeting_attendance"), **_typed(forms, "meeting_minutes")}
    mine = set(Task.objects.actionable_by(user).filter(case=case, kind=Task.Kind.HANDLE).values_list("step", flat=True))
    items = list(
        meeting.agenda_items.select_related("section", "presenter", "material", "submitted_by").order_by("order", "id")
    )
    rows = {a.person_id: a for a in meeting.attendance.all()}
    attendees = list(meeting.attendees.select_related("section").order_by("section__order", "full_name"))
    observers = list(meeting.observers.select_related("section").order_by("section__order", "full_name"))
    leave = services.leave_on_day(meeting, [p.pk for p in attendees + observers]) if case.current_step == SIGNIN else {}
    people = [
        {
            "person": p,
            "role": role,
            "row": rows.get(p.pk),
            "leave": leave.get(p.pk),
            "status": posted.get(
                f"status_{p.pk}", rows[p.pk].status if p.pk in rows else ("leave" if p.pk in leave else "")
            ),
            "reason": posted.get(f"reason_{p.pk}", rows[p.pk].reason if p.pk in rows else ""),
        }
        for role, group in ((Attendance.Role.ATTENDEE, attendees), (Attendance.Role.OBSERVER, observers))
        for p in group
    ]
    on_list = any(p.pk == user.pk for p in attendees + observers)
    signin_open = (
        case.status == Case.Status.ACTIVE and case.current_step == SIGNIN and timezone.localdate() == meeting.day
    )
    decisions = list(meeting.decisions.select_related("lead_section", "supervised_case"))
    if "minutes" in posted:
        typed = []
        for n in range(1, 31):
            text = posted.get(f"decision_{n}", "").strip()
            section = posted.get(f"decision_section_{n}", "")
            if text:
                typed.append(
                    Decision(
                        meeting=meeting,
                        seq=len(typed) + 1,
                        text=text,
                        lead_section_id=int(section) if section.isdigit() else None,
                    )
                )
        decisions = typed
    return {
        "meeting": meeting,
        "items": items,
        "listed": [i for i in items if i.status == AgendaItem.Status.ACCEPTED],
        "people": people,
        "counts": {s: sum(1 for r in rows.values() if r.status == s) for s in Attendance.Status.values},
        "decisions": decisions,
        "can_compile": COLLECT in mine,
        "compile_form": ((forms or {}).get("meeting_compile") or CompileForm(items=items)) if COLLECT in mine else None,
        "can_notice": NOTICE in mine,
        "can_record": SIGNIN in mine,
        "can_minutes": MINUTES in mine,
        "can_sign_in": signin_open
        and on_list
        and not (rows.get(user.pk) and rows[user.pk].status == Attendance.Status.PRESENT),
        "signin_open": signin_open,
        "can_supervise": meeting.minutes_issued_at is not None and services.is_organiser(user, meeting),
        "statuses": Attendance.Status.choices,
        "sections": Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by("order", "id")
        if MINUTES in mine
        else [],
        "blank_decisions": range(len(decisions) + 1, len(decisions) + 4) if MINUTES in mine else [],
        "notice_printable": case.status != Case.Status.DRAFT,
        "minutes_text": posted.get("minutes", meeting.minutes),
    }
