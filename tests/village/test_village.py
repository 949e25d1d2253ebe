from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.village import services
from apps.village.models import Member, term_end
from apps.village.sweeps import remind_village_days
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification

pytestmark = pytest.mark.django_db


def appoint(staff, person=None, start=date(2025, 3, 1), role=Member.Role.MEMBER):
    return services.appoint(
        staff.keeper,
        {"person": person or staff.p.clerk, "village": "东庄村", "town": "皇城镇", "role": role, "term_start": start},
    )


def test_a_term_is_two_years():
    assert term_end(date(2025, 3, 1)) == date(2027, 2, 28)
    assert term_end(date(2024, 2, 29)) == date(2026, 2, 28)


def test_twenty_days_is_enough_and_nineteen_is_short(staff):
    member = appoint(staff)
    ok = services.file_return(staff.p.clerk, member.pk, date(2025, 4, 1), 18, 2)
    short = services.file_return(staff.p.clerk, member.pk, date(2025, 5, 1), 18, 1)
    assert ok.counted_days == 20 and not ok.short
    assert short.counted_days == 19 and short.short


def test_a_return_cannot_claim_more_days_than_the_month_has(staff):
    member = appoint(staff)
    with pytest.raises(TransitionError, match="超过当月天数 30 天"):
        services.file_return(staff.p.clerk, member.pk, date(2025, 4, 1), 29, 2)


def test_only_the_member_or_the_personnel_section_files_a_return(staff):
    member = appoint(staff)
    with pytest.raises(TransitionError, match="只有驻村干部本人或政工科"):
        services.file_return(staff.p.colleague, member.pk, date(2025, 4, 1), 22, 0)
    assert services.file_return(staff.keeper, member.pk, date(2025, 4, 1), 22, 0).filed_by == staff.keeper


def test_a_month_outside_the_term_is_refused(staff):
    member = appoint(staff)
    with pytest.raises(TransitionError, match="不在驻村任期内"):
        services.file_return(staff.p.clerk, member.pk, date(2025, 2, 1), 22, 0)


def test_one_member_cannot_be_sent_twice(staff):
    appoint(staff)
    with pytest.raises(TransitionError, match="不能重复选派"):
        appoint(staff)


def test_the_appraisal_opens_thirty_days_before_the_term_ends(staff):
    member = appoint(staff)  # term ends 2027-02-28
    with pytest.raises(TransitionError, match="自 2027-01-29 起进行"):
        services.appraise(staff.keeper, member.pk, "competent", "称职", date(2027, 1, 28))
    services.appraise(staff.keeper, member.pk, "competent", "称职", date(2027, 1, 29))
    with pytest.raises(TransitionError, match="已登记"):
        services.appraise(staff.keeper, member.pk, "excellent", "优秀", date(2027, 2, 1))


def test_rotation_needs_the_appraisal_and_a_replacement_needs_reasons(staff):
    member = appoint(staff)
    with pytest.raises(TransitionError, match="须先进行考核"):
        services.end_term(staff.keeper, member.pk, date(2027, 2, 28), "")
    with pytest.raises(TransitionError, match="须写明原因"):
        services.end_term(staff.keeper, member.pk, date(2026, 1, 5), " ", replaced=True)
    services.end_term(staff.keeper, member.pk, date(2026, 1, 5), "局党组研究、区驻村办批准调整", replaced=True)
    assert Member.objects.get().status == Member.Status.REPLACED


class FakeSweep:
    def __init__(self, today):
        from apps.workflow.models import SweepRun

        self.today = today
        self.now = timezone.now()
        self.run = SweepRun.objects.create()
        self.created = 0


def test_the_monthly_sweep_reminds_short_and_missing_months_once(staff):
    short = appoint(staff)
    missing = appoint(staff, person=staff.p.colleague)
    late_start = appoint(staff, person=staff.p.chief, start=date(2025, 4, 10))
    services.file_return(staff.p.clerk, short.pk, date(2025, 4, 1), 15, 0)
    sweep = FakeSweep(date(2025, 5, 1))
    remind_village_days(sweep)
    keys = set(Notification.objects.values_list("key", flat=True))
    assert any(k.startswith(f"village:{short.pk}:202504:short:{staff.p.clerk.pk}") for k in keys)
    assert any(k.startswith(f"village:{missing.pk}:202504:missing:{staff.keeper.pk}") for k in keys)
    assert not any(k.startswith(f"village:{late_start.pk}:") for k in keys)  # began mid-April
    count = Notification.objects.count()
    remind_village_days(FakeSweep(date(2025, 5, 20)))  # later sweeps in the month: nothing new
    assert Notification.objects.count() == count


def test_members_see_their_own_record_and_others_see_none(staff, client):
    member = appoint(staff)
    client.force_login(staff.p.colleague)
    assert client.get(reverse("village:member", args=[member.pk])).status_code == 404
    assert "您不是驻村干部" in client.get(reverse("village:home")).content.decode()
    client.force_login(staff.p.clerk)
    assert client.get(reverse("village:member", args=[member.pk])).status_code == 200
    client.force_login(staff.p.director)
    assert "东庄村" in client.get(reverse("village:home")).content.decode()


def test_a_bad_return_keeps_what_was_typed(staff, client):
    member = appoint(staff, start=timezone.localdate().replace(day=1) - timedelta(days=40))
    client.force_login(staff.p.clerk)
    response = client.post(
        reverse("village:return_file", args=[member.pk]),
        {"month": "2099-01", "days_in_village": "12", "days_on_business": "1", "work_summary": "走访农户"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "走访农户" in page


def test_the_home_page_runs_a_constant_number_of_queries(staff, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_user

    client.force_login(staff.keeper)
    appoint(staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("village:home"))
    for i in range(6):
        appoint(staff, person=make_user(f"v{i}", staff.p.clerk.section))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("village:home"))
    assert len(many) == len(few)
