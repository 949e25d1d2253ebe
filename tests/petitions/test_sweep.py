"""The deadline sweep on the petition clocks: reminders before the due date, the overdue notice
after it, escalation to the office chief and then the division leader, each sent once (every
day is swept twice). Days hand-computed from the rule rows (fixtures/deadline_rules.json) over
the 2026 holidays: 中秋 9月25–27日, 国庆 10月1–7日 放假; 9月20日 (Sun) and 10月10日 (Sat) are
make-up working days. Leads and escalations count working days from the due date."""

from datetime import date

import pytest

from apps.petitions import services
from apps.workflow.models import CaseClock, Notification
from apps.workflow.sweep import run_sweep
from tests.petitions.factories import answered_by_judicial_office, new_petition, read_through

pytestmark = pytest.mark.django_db


def swept(day, clock):
    """Sweep `day` twice; the notices of `clock` created that day as {(kind, username)}."""
    before = set(Notification.objects.filter(clock=clock).values_list("pk", flat=True))
    run_sweep(today=day)
    after_first = Notification.objects.filter(clock=clock).count()
    run_sweep(today=day)
    assert Notification.objects.filter(clock=clock).count() == after_first, f"{day}: a notice was sent twice"
    return set(Notification.objects.filter(clock=clock).exclude(pk__in=before).values_list("kind", "user__username"))


def clock(case, code):
    return CaseClock.objects.get(case=case, rule__code=code)


def test_the_acceptance_notice_clock_reminds_escalates_and_flags_once(bureau, people):
    # Received Friday 18 Sept: 15 days → Saturday 3 Oct (holiday) → due Thursday 8 Oct.
    case = read_through(new_petition(people.clerk, received_on=date(2026, 9, 18)), people)
    notice = clock(case, "petition-accept-notice")
    assert notice.due_date == date(2026, 10, 8)
    # remind_before 3,1: working days before 8 Oct are 30 Sept (1), 29 Sept (2), 28 Sept (3).
    assert swept(date(2026, 9, 25), notice) == set()  # 中秋, and still 4 working days ahead
    assert swept(date(2026, 9, 28), notice) == {("remind", "clerk")}
    assert swept(date(2026, 9, 29), notice) == set()  # the lead-3 reminder was already sent
    assert swept(date(2026, 9, 30), notice) == {("remind", "clerk")}  # lead 1
    assert swept(date(2026, 10, 5), notice) == set()  # in the holiday nothing new
    # escalate_after 0,2: the office chief on the due day; the leader 2 working days after (9, 10 Oct).
    assert swept(date(2026, 10, 8), notice) == {("escalate", "chief")}
    assert swept(date(2026, 10, 9), notice) == {("overdue", "clerk")}
    assert swept(date(2026, 10, 10), notice) == {("escalate", "leader")}  # Saturday, a make-up working day
    assert swept(date(2026, 10, 12), notice) == set()
    assert case.events.filter(action="urge").count() == 3  # overdue + two escalations, each recorded once


def test_the_handling_clock_and_its_extension(bureau, people):
    case = read_through(new_petition(people.clerk, received_on=date(2026, 9, 18)), people)
    services.decide(case.pk, people.clerk, True, date(2026, 10, 9))
    handle = clock(case, "petition-handle")
    # Accepted Friday 9 Oct: 60 days → Tuesday 8 Dec.
    assert handle.due_date == date(2026, 12, 8)
    # remind_before 10,5,2: 2 working days before 8 Dec = Fri 4 Dec; 5 = Tue 1 Dec; 10 = Tue 24 Nov.
    assert swept(date(2026, 11, 23), handle) == set()
    assert swept(date(2026, 11, 24), handle) == {("remind", "clerk")}
    assert swept(date(2026, 12, 1), handle) == {("remind", "clerk")}
    assert swept(date(2026, 12, 4), handle) == {("remind", "clerk")}
    # Extended by 10 days (the director approves): → Friday 18 Dec; the new date is reminded again.
    services.extend(case.pk, people.clerk, 10, "需调取卷宗", people.director)
    handle.refresh_from_db()
    assert handle.due_date == date(2026, 12, 18)
    # New leads before 18 Dec: 10 WD = Fri 4 Dec (already past on 8 Dec: reminded at once), 5 = Fri 11 Dec, 2 = Wed 16 Dec.
    assert swept(date(2026, 12, 8), handle) == {("remind", "clerk")}
    assert swept(date(2026, 12, 9), handle) == set()
    assert swept(date(2026, 12, 11), handle) == {("remind", "clerk")}
    assert swept(date(2026, 12, 16), handle) == {("remind", "clerk")}
    assert swept(date(2026, 12, 18), handle) == {("escalate", "chief")}
    assert swept(date(2026, 12, 21), handle) == {("overdue", "clerk")}
    assert swept(date(2026, 12, 22), handle) == {("escalate", "leader")}  # 2 working days after 18 Dec


def test_the_review_clocks(bureau, people):
    case = answered_by_judicial_office(bureau, people, date(2026, 9, 18), date(2026, 10, 9), date(2026, 11, 20))
    review = services.request_review(case.pk, people.clerk, {"received_on": date(2026, 11, 26), "demands": "不服"})
    accept, opinion = clock(review, "petition-review-accept"), clock(review, "petition-review-opinion")
    # Thursday 26 Nov + 3 working days (山东省信访条例 §43) → Fri 27, Mon 30 Nov, Tue 1 Dec;
    # + 30 days → Saturday 26 Dec → Monday 28 Dec.
    assert (accept.due_date, opinion.due_date) == (date(2026, 12, 1), date(2026, 12, 28))
    # review-accept: remind 1 WD before (Mon 30 Nov); chief on the due day, leader 1 WD after (Wed 2 Dec).
    assert swept(date(2026, 11, 30), accept) == {("remind", "clerk")}
    assert swept(date(2026, 12, 1), accept) == {("escalate", "chief")}
    assert swept(date(2026, 12, 2), accept) == {("overdue", "clerk"), ("escalate", "leader")}
    services.accept_review(review.pk, people.clerk, date(2026, 12, 2))
    accept.refresh_from_db()
    assert accept.status == CaseClock.Status.LATE
    assert swept(date(2026, 12, 3), accept) == set()  # stopped: nothing more
    # review-opinion: remind 7,3,1 WD before Mon 28 Dec: 25 (1), 24, 23 (3), 22, 21, 18, 17 Dec (7).
    assert swept(date(2026, 12, 16), opinion) == set()
    assert swept(date(2026, 12, 17), opinion) == {("remind", "clerk")}
    assert swept(date(2026, 12, 18), opinion) == set()
    assert swept(date(2026, 12, 23), opinion) == {("remind", "clerk")}
    assert swept(date(2026, 12, 25), opinion) == {("remind", "clerk")}
    assert swept(date(2026, 12, 28), opinion) == {("escalate", "chief")}
    assert swept(date(2026, 12, 29), opinion) == {("overdue", "clerk")}
    assert swept(date(2026, 12, 30), opinion) == {("escalate", "leader")}
