"""保密管理 (seed 000 1.1.3): pledges flagged from the staff record, training attendance, the
self-inspection's rectification on the inspections platform, the carrier ledger's periodic
check and its sweep; who sees it; lists at a constant number of queries."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.accounts.models import OfficeRole, OfficeRoleGrant
from apps.hr.models import StaffRecord
from apps.secrecy import services
from apps.secrecy.models import Attendance, Carrier, Pledge
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def staff_record(person, entry, status=StaffRecord.Status.SERVING):
    return StaffRecord.objects.create(
        person=person,
        gender="M",
        birth_date=date(1985, 1, 1),
        staffing_type="civil_service",
        work_start_date=date(2008, 8, 1),
        entry_date=entry,
        status=status,
    )


@pytest.fixture
def secret(people):
    """The office clerk holds the 机要员 role."""
    OfficeRoleGrant.objects.create(user=people.clerk, role=OfficeRole.CONFIDENTIAL_CLERK)
    return people.clerk


def carrier(actor, number, **kw):
    data = {
        "number": number,
        "kind": Carrier.Kind.MEDIA,
        "name": "涉密U盘",
        "level": Carrier.Level.SECRET,
        "keeper": actor,
        "location": "机要室保密柜",
        "registered_on": date(2026, 1, 5),
        **kw,
    }
    return services.register_carrier(actor, data)


def test_a_new_staff_member_without_a_pledge_is_flagged_after_five_working_days(people, secret):
    # Entry on Friday 2026-03-06: five working days skip the weekend, so the last day is
    # Friday 03-13 (no holiday in between).
    staff_record(people.outsider, date(2026, 3, 6))
    due = services.pledge_due(date(2026, 3, 6))
    assert due == date(2026, 3, 13)
    [flag] = services.missing_pledges(today=due)
    assert flag["person"] == people.outsider and flag["kind"] == Pledge.Kind.APPOINTMENT
    assert flag["due"] == due and not flag["overdue"]  # the last day is still in time
    [flag] = services.missing_pledges(today=due + timedelta(days=1))
    assert flag["overdue"]
    services.record_pledge(secret, {"person": people.outsider, "kind": "appointment", "signed_on": date(2026, 3, 9)})
    assert services.missing_pledges(today=due + timedelta(days=1)) == []


def test_a_departed_staff_member_needs_a_departure_pledge_with_a_period(people, secret):
    staff_record(people.colleague, date(2015, 3, 1), status=StaffRecord.Status.LEFT)
    services.record_pledge(secret, {"person": people.colleague, "kind": "appointment", "signed_on": date(2015, 3, 2)})
    [flag] = services.missing_pledges()
    assert flag["kind"] == Pledge.Kind.DEPARTURE
    with pytest.raises(TransitionError, match="脱密期"):
        services.record_pledge(secret, {"person": people.colleague, "kind": "departure", "signed_on": date(2026, 3, 1)})
    services.record_pledge(
        secret, {"person": people.colleague, "kind": "departure", "signed_on": date(2026, 3, 1), "period_months": 12}
    )
    assert services.missing_pledges() == []
    with pytest.raises(TransitionError, match="已经登记过"):
        services.record_pledge(
            secret, {"person": people.colleague, "kind": "departure", "signed_on": date(2026, 3, 2), "period_months": 6}
        )


def test_only_the_office_records_and_only_the_office_and_its_leaders_see(people, secret):
    with pytest.raises(TransitionError):
        services.record_pledge(
            people.leader, {"person": people.clerk, "kind": "appointment", "signed_on": date(2026, 1, 1)}
        )
    carrier(secret, "BM-U-001")
    pages = ["/secrecy/", "/secrecy/pledges/", "/secrecy/trainings/", "/secrecy/inspections/", "/secrecy/carriers/"]
    for user in (people.clerk, people.chief, people.leader, people.director):
        for url in pages:
            assert client(user).get(url).status_code == 200, (user.username, url)
    for user in (people.outsider, people.other_chief, people.other_leader):
        for url in pages + ["/secrecy/carriers/?export=xlsx"]:
            assert client(user).get(url).status_code == 403, (user.username, url)
    # a leader reads but does not record
    assert client(people.leader).get("/secrecy/carriers/new/").status_code == 403


def test_the_form_refuses_in_chinese_and_keeps_what_was_typed(people, secret):
    response = client(secret).post(
        "/secrecy/pledges/new/",
        {"person": people.colleague.pk, "kind": "departure", "signed_on": "2026-03-01", "note": "调往区委办"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "离岗保密承诺须填写脱密期" in page and "调往区委办" in page
    assert not Pledge.objects.exists()


def test_training_lists_everyone_and_attendance_is_corrected(people, secret):
    training = services.record_training(
        secret,
        {
            "held_on": date(2026, 6, 1),
            "title": "保密法培训",
            "trainer": "区保密局",
            "hours": 2,
            "people": [people.clerk, people.colleague, people.chief],
        },
    )
    rows = {a.person_id: a for a in training.attendance.all()}
    response = client(secret).post(
        f"/secrecy/trainings/{training.pk}/",
        {f"status_{a.pk}": ("leave" if a.person_id == people.colleague.pk else "present") for a in rows.values()},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(pk=rows[people.colleague.pk].pk).status == Attendance.Status.LEAVE
    with pytest.raises(TransitionError, match="签到名单已变化"):
        services.set_attendance(secret, training.pk, {999999: "present"})


def test_the_self_inspection_links_to_the_inspections_platform(people, secret):
    inspection = services.record_self_inspection(secret, {"conducted_on": date(2026, 11, 20), "scope": "全局保密工作"})
    page = client(people.chief).get(f"/secrecy/inspections/{inspection.pk}/").content.decode()
    assert "/inspections/s/office/checks/new/?ct=" in page  # 登记检查发现的问题
    with pytest.raises(TransitionError, match="已经登记"):
        services.record_self_inspection(secret, {"conducted_on": date(2026, 11, 21), "scope": "再查"})


def test_the_periodic_check_covers_every_carrier_in_use(people, secret):
    a, b = carrier(secret, "BM-U-001"), carrier(secret, "BM-U-002")
    with pytest.raises(TransitionError, match="逐件检查"):
        services.record_check(secret, {"checked_on": date(2026, 4, 1), "checkers": "甲、乙"}, {a.pk: ("ok", "")})
    with pytest.raises(TransitionError, match="写明情况"):
        services.record_check(
            secret, {"checked_on": date(2026, 4, 1), "checkers": "甲、乙"}, {a.pk: ("ok", ""), b.pk: ("missing", "")}
        )
    services.record_check(
        secret, {"checked_on": date(2026, 4, 1), "checkers": "甲、乙"}, {a.pk: ("ok", ""), b.pk: ("ok", "")}
    )
    assert services.next_check_due() == date(2026, 7, 1)  # the rule row: every 3 months
    services.close_carrier(secret, b.pk, Carrier.Status.DESTROYED, date(2026, 5, 1), "送销毁，监销人甲")
    with pytest.raises(TransitionError, match="已销毁"):
        services.close_carrier(secret, b.pk, Carrier.Status.DESTROYED, date(2026, 5, 2), "again")
    # a destroyed carrier leaves the check
    services.record_check(secret, {"checked_on": date(2026, 6, 30), "checkers": "甲、乙"}, {a.pk: ("ok", "")})


def test_the_sweep_chases_the_check_and_the_pledge_once(people, secret):
    carrier(secret, "BM-U-001", registered_on=date(2026, 1, 5))
    staff_record(people.colleague, date(2026, 1, 5))
    run_sweep(today=date(2026, 4, 7))
    run_sweep(today=date(2026, 4, 7))  # again: nothing new
    mine = Notification.objects.filter(user=secret, key__startswith="secrecy:")
    assert mine.filter(kind="overdue", message__contains="涉密载体定期检查").count() == 1
    assert mine.filter(message__contains="上岗保密承诺书").count() == 1
    assert Notification.objects.filter(user=people.chief, key__startswith="secrecy:").count() == 2
    assert not Notification.objects.filter(user=people.colleague, key__startswith="secrecy:").exists()


def _count(user, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client(user).get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_and_exports_cost_the_same_at_one_and_many_rows(people, secret):
    carrier(secret, "BM-0")
    services.record_pledge(secret, {"person": people.clerk, "kind": "appointment", "signed_on": date(2026, 1, 1)})
    urls = [
        "/secrecy/carriers/",
        "/secrecy/pledges/",
        "/secrecy/carriers/?export=xlsx",
        "/secrecy/pledges/?export=xlsx",
    ]
    few = [_count(people.chief, u) for u in urls]
    made = [carrier(secret, f"BM-{n}") for n in range(1, 8)]
    services.record_check(
        secret,
        {"checked_on": date(2026, 2, 1), "checkers": "甲、乙"},
        {c.pk: ("ok", "") for c in Carrier.objects.all()},
    )
    del made
    for person in (people.colleague, people.chief, people.archivist, people.outsider):
        services.record_pledge(secret, {"person": person, "kind": "appointment", "signed_on": date(2026, 1, 2)})
    many = [_count(people.chief, u) for u in urls]
    assert few == many
    sheet = load_workbook(BytesIO(client(people.chief).get("/secrecy/carriers/?export=xlsx").content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert any(r[0] == "BM-3" and r[9] == "在位完好" for r in rows)


def test_a_year_without_training_is_reminded_before_its_end_once(people, secret, monkeypatch):
    from datetime import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime(2026, 12, 24, 9, 0)))
    run_sweep(today=date(2026, 11, 2))  # more than 20 working days before 31 December
    assert not Notification.objects.filter(key__startswith="secrecy:training:").exists()
    run_sweep(today=date(2026, 12, 4))
    run_sweep(today=date(2026, 12, 4))
    assert Notification.objects.filter(user=secret, key__startswith="secrecy:training:2026:").count() == 1
    services.record_training(
        secret, {"held_on": date(2026, 12, 7), "title": "保密培训", "trainer": "甲", "hours": 2, "people": [secret]}
    )
    run_sweep(today=date(2026, 12, 24))  # the 5-day lead: a training was held, nothing more
    assert Notification.objects.filter(key__startswith="secrecy:training:").count() == 2  # secret and chief, once
