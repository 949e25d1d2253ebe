from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.workcalendar.alerts import calendar_warnings
from apps.workcalendar.models import CalendarYear, Holiday
from apps.workflow.calendar import is_provisional, is_working_day

NOVEMBER = date(2026, 11, 22)


def today_is(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.mark.django_db
def test_warnings_by_date(holidays):
    assert calendar_warnings(date(2026, 10, 31)) == []  # 2026 is confirmed; too early for 2027
    [warning] = calendar_warnings(NOVEMBER)
    assert warning.startswith("2027 年的放假安排尚未确认") and "load_holidays" in warning
    assert [w[:4] for w in calendar_warnings(date(2027, 1, 5))] == ["2027"]  # still missing in January
    CalendarYear.objects.create(year=2027, confirmed=True, source="notice")
    assert calendar_warnings(NOVEMBER) == []
    assert calendar_warnings(date(2027, 12, 1))[0].startswith("2028 年")


@pytest.mark.django_db
def test_admin_home_warns_the_system_administrator_in_november(client, people):
    client.force_login(people.sysadmin)
    with today_is(NOVEMBER):
        page = client.get(reverse("admin:index")).content.decode()
    assert 'id="calendar-warnings"' in page
    assert "2027 年的放假安排尚未确认" in page and "python manage.py load_holidays" in page
    assert "节假日与调休" in page  # the model is on the admin home as well


@pytest.mark.django_db
def test_no_warning_once_next_year_is_confirmed_or_before_november(client, people):
    client.force_login(people.sysadmin)
    with today_is(date(2026, 10, 15)):
        assert "calendar-warnings" not in client.get(reverse("admin:index")).content.decode()
    CalendarYear.objects.create(year=2027, confirmed=True, source="notice", note="测试")
    with today_is(NOVEMBER):
        assert "calendar-warnings" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_security_administrator_neither_sees_the_warning_nor_edits_holidays(client, people):
    client.force_login(people.secadmin)
    with today_is(NOVEMBER):
        page = client.get(reverse("admin:index"))
    assert "calendar-warnings" not in page.content.decode()
    assert client.get(reverse("admin:workcalendar_holiday_changelist")).status_code == 403


@pytest.mark.django_db
def test_admin_edits_are_audited_versioned_and_seen_by_the_calendar_at_once(client, people):
    client.force_login(people.sysadmin)
    assert is_working_day(date(2027, 2, 20)) is False  # cached: Saturday, 2027 unconfirmed
    response = client.post(
        reverse("admin:workcalendar_holiday_add"),
        {"date": "2027-02-20", "kind": "workday", "name": "春节", "source": "manual"},
    )
    assert response.status_code == 302, response.content.decode()
    holiday = Holiday.objects.get(date=date(2027, 2, 20))
    assert is_working_day(date(2027, 2, 20)) is True
    event = AuditEvent.objects.get(event="config.holiday")
    assert event.actor == people.sysadmin and event.detail["action"] == "create"
    assert event.detail["date"] == "2027-02-20"

    client.post(reverse("admin:workcalendar_holiday_delete", args=[holiday.pk]), {"post": "yes"})
    assert not Holiday.objects.filter(date=date(2027, 2, 20)).exists()
    assert is_working_day(date(2027, 2, 20)) is False
    assert list(AuditEvent.objects.filter(event="config.holiday").values_list("detail__action", flat=True)) == [
        "delete",
        "create",
    ]
    assert Holiday.history.filter(date=date(2027, 2, 20)).count() == 2

    year_form = {"year": "2027", "confirmed": "on", "source": "notice", "note": "手工录入通知"}
    response = client.post(reverse("admin:workcalendar_calendaryear_add"), year_form)
    assert "尚未录入 2027 年的任何放假安排" in response.content.decode()  # nothing entered yet
    Holiday.objects.create(date=date(2027, 2, 5), kind="holiday", name="春节", source="notice")
    response = client.post(reverse("admin:workcalendar_calendaryear_add"), year_form)
    assert response.status_code == 302
    assert not is_provisional(date(2027, 6, 1))
    assert AuditEvent.objects.filter(event="config.holiday", detail__year=2027).exists()


@pytest.mark.django_db
def test_make_up_day_on_a_weekday_is_refused(client, people):
    client.force_login(people.sysadmin)
    response = client.post(
        reverse("admin:workcalendar_holiday_add"),
        {"date": "2027-02-17", "kind": "workday", "name": "春节", "source": "manual"},
    )
    assert response.status_code == 200
    assert "本来就是工作日" in response.content.decode()
    assert not Holiday.objects.filter(date__year=2027).exists()


@pytest.mark.django_db
def test_calendar_year_list_counts_days(client, people):
    client.force_login(people.sysadmin)
    page = client.get(reverse("admin:workcalendar_calendaryear_changelist")).content.decode()
    assert "chinesecalendar 1.11.0" in page
