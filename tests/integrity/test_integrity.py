from datetime import date

import pytest
from django.urls import reverse

from apps.integrity import services
from apps.integrity.models import Reminder, RiskPoint
from apps.workflow.api import TransitionError

pytestmark = pytest.mark.django_db


def remind(
    staff,
    person=None,
    kind=Reminder.Kind.TALK,
    cause=Reminder.Cause.EVALUATION,
    follows=None,
    given_on=date(2026, 7, 10),
):
    return services.give_reminder(
        staff.keeper,
        {
            "person": person or staff.p.clerk,
            "kind": kind,
            "cause": cause,
            "follows": follows,
            "facts": "民主测评较差，限期说明。",
            "given_on": given_on,
        },
    )


def test_an_admonishment_needs_an_earlier_reminder_not_acted_on(staff):
    with pytest.raises(TransitionError, match="须选择前次警示提醒"):
        remind(staff, kind=Reminder.Kind.ADMONISH, cause=Reminder.Cause.NOT_CORRECTED)
    first = remind(staff)
    with pytest.raises(TransitionError, match="须晚于前次"):
        remind(
            staff,
            kind=Reminder.Kind.ADMONISH,
            cause=Reminder.Cause.NOT_CORRECTED,
            follows=first,
            given_on=date(2026, 7, 10),
        )
    admonished = remind(
        staff, kind=Reminder.Kind.ADMONISH, cause=Reminder.Cause.NOT_CORRECTED, follows=first, given_on=date(2026, 8, 1)
    )
    assert admonished.follows == first


def test_an_admonishment_after_a_corrected_reminder_is_refused(staff):
    first = remind(staff)
    services.record_response(staff.keeper, first.pk, "已说明并整改", corrected_on=date(2026, 7, 20))
    with pytest.raises(TransitionError, match="已于 2026-07-20 整改到位"):
        remind(
            staff,
            kind=Reminder.Kind.ADMONISH,
            cause=Reminder.Cause.NOT_CORRECTED,
            follows=first,
            given_on=date(2026, 8, 1),
        )


def test_the_early_sign_cause_allows_an_admonishment_without_a_reminder(staff):
    r = remind(staff, kind=Reminder.Kind.ADMONISH, cause=Reminder.Cause.EARLY_SIGN)
    assert r.kind == Reminder.Kind.ADMONISH


def test_a_reminder_with_an_admonishment_cause_is_refused(staff):
    with pytest.raises(TransitionError, match="诫勉纠错适用于"):
        remind(staff, kind=Reminder.Kind.TALK, cause=Reminder.Cause.EARLY_SIGN)


def test_the_person_answers_but_only_the_section_confirms_correction(staff):
    r = remind(staff)
    services.record_response(staff.p.clerk, r.pk, "已深刻反思，整改措施如下……")
    with pytest.raises(TransitionError, match="整改到位由政工科确认"):
        services.record_response(staff.p.clerk, r.pk, "", corrected_on=date(2026, 7, 20))
    with pytest.raises(TransitionError, match="只有当事人或政工科"):
        services.record_response(staff.p.colleague, r.pk, "代答")


def test_one_evaluation_per_half_year_in_that_half(staff):
    grades = {staff.p.clerk: "good", staff.p.colleague: "poor"}
    with pytest.raises(TransitionError, match="不在2026年上半年"):
        services.record_evaluation(staff.keeper, 2026, 1, date(2026, 7, 1), grades)
    services.record_evaluation(staff.keeper, 2026, 1, date(2026, 6, 30), grades)
    with pytest.raises(TransitionError, match="已登记"):
        services.record_evaluation(staff.keeper, 2026, 1, date(2026, 6, 29), grades)


def test_reminders_are_seen_by_the_person_the_section_and_the_director_only(staff, client):
    r = remind(staff)
    url = reverse("integrity:reminder", args=[r.pk])
    for user, status in [
        (staff.p.clerk, 200),
        (staff.keeper, 200),
        (staff.p.director, 200),
        (staff.p.colleague, 404),
        (staff.p.chief, 404),
        (staff.p.leader, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(staff.p.colleague)
    assert "民主测评较差，限期说明" not in client.get(reverse("integrity:home")).content.decode()


def test_risk_points_are_public_within_the_bureau_and_kept_by_the_section(staff, client, bureau):
    services.save_risk_point(
        staff.keeper,
        {
            "section": bureau["office"],
            "post": "资金审批岗",
            "description": "化整为零",
            "level": RiskPoint.Level.HIGH,
            "measures": "集体研究",
            "owner": staff.p.chief,
            "year": 2026,
        },
    )
    client.force_login(staff.p.outsider)
    assert "化整为零" in client.get(reverse("integrity:home")).content.decode()
    assert client.get(reverse("integrity:risk_new")).status_code == 403
    with pytest.raises(TransitionError, match="只有政工科"):
        services.save_risk_point(staff.p.outsider, {"section": bureau["office"]})


def test_the_yearly_assessment_is_recorded_once(staff):
    data = {"year": 2025, "summary": "s", "conclusion": "c", "reported_on": None}
    services.record_assessment(staff.keeper, data)
    with pytest.raises(TransitionError, match="2025年度考核评估已登记"):
        services.record_assessment(staff.keeper, data)


def test_the_home_page_runs_a_constant_number_of_queries(staff, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff.keeper)
    remind(staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("integrity:home"))
    for _ in range(5):
        remind(staff, person=staff.p.colleague)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("integrity:home"))
    assert len(many) == len(few)
