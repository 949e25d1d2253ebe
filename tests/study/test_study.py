from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.study import services
from apps.study.models import Session, StudyPolicy
from apps.study.sweeps import remind_central_study
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification
from tests.village.test_village import FakeSweep

pytestmark = pytest.mark.django_db


def session(staff, kind=Session.Kind.STAFF, held_on=date(2026, 5, 8)):
    return services.add_session(
        staff.keeper, {"kind": kind, "held_on": held_on, "topic": "集中学习", "content": "", "notes_required": True}
    )


def test_leave_needs_its_reason(staff):
    s = session(staff)
    with pytest.raises(TransitionError, match="请假须写明理由"):
        services.record_attendance(staff.keeper, s.pk, {staff.p.clerk: ("leave", " ")})


def test_notes_are_reviewed_by_the_personnel_leader_only(staff):
    s = session(staff)
    services.record_attendance(staff.keeper, s.pk, {staff.p.clerk: ("present", ""), staff.p.colleague: ("absent", "")})
    with pytest.raises(TransitionError, match="只有出席本次学习的人员"):
        services.submit_note(staff.p.colleague, s.pk, "笔记")
    note = services.submit_note(staff.p.clerk, s.pk, "学习笔记和体会")
    for other in (staff.keeper, staff.p.director, staff.p.other_leader):
        with pytest.raises(TransitionError, match="由分管政工的局领导审阅"):
            services.review_note(other, note.pk)
    services.review_note(staff.p.leader, note.pk, "好")
    with pytest.raises(TransitionError, match="已经审阅"):
        services.submit_note(staff.p.clerk, s.pk, "改一改")


def test_points_count_unexcused_absences_and_missing_notes_at_the_policys_figures(staff):
    a, b = session(staff), session(staff, held_on=date(2026, 6, 5))
    services.record_attendance(staff.keeper, a.pk, {staff.p.clerk: ("absent", "")})
    services.record_attendance(staff.keeper, b.pk, {staff.p.clerk: ("present", "")})
    assert services.points(staff.p.clerk, 2026) == Decimal("0")  # the seed sets no figures
    StudyPolicy.objects.create(absence_deduction=Decimal("0.5"), missing_note_deduction=Decimal("0.2"))
    record = services.study_record(staff.p.clerk, 2026)
    assert (record.absent, record.notes_missing, record.points) == (1, 1, Decimal("-0.7"))
    services.submit_note(staff.p.clerk, b.pk, "笔记")
    assert services.points(staff.p.clerk, 2026) == Decimal("-0.5")
    assert services.points(staff.p.clerk, 2025) == Decimal("0")


def test_a_month_without_the_central_study_is_reminded_once(staff):
    session(staff, kind=Session.Kind.CENTRAL, held_on=date(2026, 4, 10))
    remind_central_study(FakeSweep(date(2026, 5, 3)))  # April had one
    assert not Notification.objects.exists()
    remind_central_study(FakeSweep(date(2026, 6, 1)))  # May had none
    keys = set(Notification.objects.values_list("key", flat=True))
    assert f"study-central:202605:{staff.keeper.pk}" in keys and f"study-central:202605:{staff.p.director.pk}" in keys
    remind_central_study(FakeSweep(date(2026, 6, 15)))
    assert Notification.objects.count() == len(keys)


def test_others_see_sessions_but_only_their_own_attendance(staff, client):
    s = session(staff)
    services.record_attendance(
        staff.keeper, s.pk, {staff.p.clerk: ("present", ""), staff.p.colleague: ("leave", "出差")}
    )
    client.force_login(staff.p.clerk)
    page = client.get(reverse("study:session", args=[s.pk])).content.decode()
    assert "办公室科员" in page and "办公室同事" not in page
    assert client.post(reverse("study:attendance", args=[s.pk]), {}).status_code == 403
    client.force_login(staff.p.leader)
    assert "办公室同事" in client.get(reverse("study:session", args=[s.pk])).content.decode()


def test_the_home_page_runs_a_constant_number_of_queries(staff, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff.p.leader)
    session(staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("study:home") + "?year=2026")
    for m in range(1, 10):
        session(staff, kind=Session.Kind.CENTRAL, held_on=date(2026, m, 3))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("study:home") + "?year=2026")
    assert len(many) == len(few)
