"""监督检查与整改 services: every move, its refusals and a second click of the same form."""

from datetime import date, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.inspections import services
from apps.inspections.models import Check, Mode, Plan, PlanKind, Rectification, RectificationEvent
from apps.workflow.api import TransitionError
from tests.inspections.factories import approved_plan, check_with_findings

pytestmark = pytest.mark.django_db


def test_a_plan_is_drawn_up_by_the_section_and_approved_by_its_chief_once(corr, people, today):
    plan = services.create_plan(
        corr.clerk, corr.section, {"year": 2026, "kind": PlanKind.RESIDENT, "title": "驻所检查", "scope": "闻韶司法所"}
    )
    assert plan.status == Plan.Status.DRAFT
    with pytest.raises(TransitionError, match="负责人批准"):
        services.approve_plan(plan.pk, corr.clerk)
    with pytest.raises(TransitionError, match="负责人批准"):
        services.approve_plan(plan.pk, people.other_chief)  # another section's chief
    with pytest.raises(TransitionError, match="尚未批准"):
        services.record_check(corr.clerk, plan.pk, {"mode": Mode.PAPER, "checked_on": today.date, "unit": "x"})
    services.approve_plan(plan.pk, corr.chief)
    with pytest.raises(TransitionError, match="无需重复批准"):
        services.approve_plan(plan.pk, corr.chief)  # a second click
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (Plan.Status.APPROVED, corr.chief)
    assert AuditEvent.objects.filter(event="inspections.plan_approved").count() == 1


def test_other_sections_cannot_draw_up_plans_for_it(corr, people):
    for user in (people.outsider, people.other_leader, people.director, people.sysadmin):
        with pytest.raises(TransitionError, match="社区矫正工作科的工作人员"):
            services.create_plan(
                user, corr.section, {"year": 2026, "kind": PlanKind.ANNUAL, "title": "t", "scope": "s"}
            )


def test_an_onsite_check_needs_two_inspectors_of_the_section(corr, people, today):
    plan = approved_plan(corr)
    data = {"target": corr.office, "mode": Mode.ONSITE, "checked_on": today.date, "inspectors": [corr.clerk]}
    with pytest.raises(TransitionError, match="两名以上"):
        services.record_check(corr.clerk, plan.pk, data)
    with pytest.raises(TransitionError, match="不是社区矫正工作科的工作人员"):
        services.record_check(corr.clerk, plan.pk, {**data, "inspectors": [corr.clerk, people.outsider]})
    with pytest.raises(TransitionError, match="晚于今天"):
        services.record_check(
            corr.clerk,
            plan.pk,
            {**data, "inspectors": [corr.clerk, corr.chief], "checked_on": today.date + timedelta(1)},
        )
    # the division leader may join an inspection group
    check = services.record_check(corr.clerk, plan.pk, {**data, "inspectors": [corr.clerk, people.other_leader]})
    assert check.target_label == "闻韶司法所" and check.lead == corr.clerk
    # a paper check by one person, of a free-text unit
    paper = services.record_check(
        corr.clerk,
        plan.pk,
        {"unit": "山东齐都律师事务所", "mode": Mode.PAPER, "checked_on": today.date, "inspectors": [corr.clerk]},
    )
    assert (paper.target_type, paper.target_label) == (None, "山东齐都律师事务所")


def test_the_target_keeps_its_name_when_the_unit_is_renamed(corr, today):
    check = check_with_findings(corr)
    corr.office.name = "闻韶街道司法所"
    corr.office.save()
    check.refresh_from_db()
    assert check.target_label == "闻韶司法所"
    assert list(Check.objects.of_target(corr.office)) == [check]


def test_findings_notice_report_verification_and_close(corr, today):
    check = check_with_findings(corr, findings=2)
    assert list(check.findings.values_list("number", flat=True)) == [1, 2]
    with pytest.raises(TransitionError, match="应当发出整改通知书"):
        services.close_without_notice(corr.clerk, check.pk, "无问题")
    with pytest.raises(TransitionError, match="晚于通知日期"):
        services.issue_notice(corr.clerk, check.pk, today.date)
    due = date(2026, 10, 21)
    rect = services.issue_notice(corr.clerk, check.pk, due)
    assert rect.number == "社区矫正工作科整改〔2026〕1号"
    with pytest.raises(TransitionError, match="不能重复发出"):
        services.issue_notice(corr.clerk, check.pk, due)  # a second click
    with pytest.raises(TransitionError, match="不能再增加问题"):
        services.add_finding(corr.clerk, check.pk, {"text": "t", "requirement": "r"})
    with pytest.raises(TransitionError, match="尚未收到整改报告"):
        services.verify_and_close(corr.clerk, rect.pk, today.date, "ok")
    today.set(date(2026, 10, 15))
    services.receive_report(corr.clerk, rect.pk, date(2026, 10, 14), "已补做走访")
    with pytest.raises(TransitionError, match="不能重复登记"):
        services.receive_report(corr.clerk, rect.pk, date(2026, 10, 14), "已补做走访")
    with pytest.raises(TransitionError, match="不能早于收到整改报告"):
        services.verify_and_close(corr.clerk, rect.pk, date(2026, 10, 13), "ok")
    services.verify_and_close(corr.colleague, rect.pk, date(2026, 10, 15), "复查到位")
    with pytest.raises(TransitionError, match="已经销号"):
        services.verify_and_close(corr.colleague, rect.pk, date(2026, 10, 15), "复查到位")
    rect.refresh_from_db()
    check.refresh_from_db()
    assert (rect.status, rect.closed_by, check.status) == (
        Rectification.Status.CLOSED,
        corr.colleague,
        Check.Status.CLOSED,
    )
    assert list(rect.events.values_list("kind", flat=True)) == ["issued", "reported", "closed"]
    # the plan can be completed once nothing is open
    services.close_plan(check.plan_id, corr.clerk)


def test_the_second_notice_of_a_section_gets_the_next_number(corr, today):
    plan = approved_plan(corr)
    one = services.issue_notice(corr.clerk, check_with_findings(corr, plan).pk, date(2026, 10, 21))
    two = services.issue_notice(corr.clerk, check_with_findings(corr, plan).pk, date(2026, 10, 21))
    assert (one.number, two.number) == ("社区矫正工作科整改〔2026〕1号", "社区矫正工作科整改〔2026〕2号")


def test_extension_by_the_chief_and_renotice_after_failed_verification_or_overdue(corr, today):
    check = check_with_findings(corr)
    rect = services.issue_notice(corr.clerk, check.pk, date(2026, 9, 30))
    with pytest.raises(TransitionError, match="负责人批准"):
        services.extend_due(corr.clerk, rect.pk, date(2026, 10, 16), "单位申请")
    with pytest.raises(TransitionError, match="晚于现在的整改期限"):
        services.extend_due(corr.chief, rect.pk, date(2026, 9, 29), "单位申请")
    with pytest.raises(TransitionError, match="尚未届满"):
        services.renotice(corr.clerk, rect.pk, date(2026, 10, 30), "未整改")
    services.extend_due(corr.chief, rect.pk, date(2026, 10, 16), "单位申请延期")
    rect.refresh_from_db()
    assert (rect.due_date, rect.first_due_date, rect.extensions) == (date(2026, 10, 16), date(2026, 9, 30), 1)
    today.set(date(2026, 10, 19))
    assert rect.is_overdue(today.date)
    assert list(Rectification.objects.overdue(today.date)) == [rect]
    services.renotice(corr.clerk, rect.pk, date(2026, 11, 2), "逾期未报告整改情况")
    rect.refresh_from_db()
    assert (rect.round, rect.status, rect.due_date) == (2, Rectification.Status.ISSUED, date(2026, 11, 2))
    services.receive_report(corr.clerk, rect.pk, date(2026, 10, 19), "整改中")
    services.renotice(corr.clerk, rect.pk, date(2026, 11, 9), "核查未通过：走访记录仍不全")
    rect.refresh_from_db()
    assert (rect.round, rect.status) == (3, Rectification.Status.ISSUED)
    assert rect.events.filter(kind=RectificationEvent.Kind.RENOTICED).count() == 2


def test_a_check_without_problems_is_closed_without_notice(corr, today):
    check = check_with_findings(corr, findings=0)
    services.close_without_notice(corr.clerk, check.pk, "未发现问题")
    with pytest.raises(TransitionError, match="已办结"):
        services.close_without_notice(corr.clerk, check.pk, "未发现问题")
    with pytest.raises(TransitionError, match="不能重复发出"):
        services.issue_notice(corr.clerk, check.pk, date(2026, 10, 21))


def test_a_finding_recorded_by_mistake_can_be_removed_while_the_check_is_open(corr, today):
    check = check_with_findings(corr, findings=2)
    first = check.findings.get(number=1)
    services.remove_finding(corr.clerk, check.pk, first.pk)
    with pytest.raises(TransitionError, match="已删除"):
        services.remove_finding(corr.clerk, check.pk, first.pk)
    finding = services.add_finding(corr.clerk, check.pk, {"text": "新问题", "requirement": "整改"})
    assert finding.number == 3


def test_people_outside_the_section_cannot_move_anything(corr, people, today):
    check = check_with_findings(corr)
    rect = services.issue_notice(corr.clerk, check.pk, date(2026, 10, 21))
    for user in (people.outsider, people.other_chief, people.director, people.other_leader):
        with pytest.raises(TransitionError):
            services.receive_report(user, rect.pk, today.date, "x")
        with pytest.raises(TransitionError):
            services.add_finding(user, check.pk, {"text": "t", "requirement": "r"})


def test_open_rectifications_of_a_target_and_the_public_urls(corr, people, today):
    check = check_with_findings(corr)
    rect = services.issue_notice(corr.clerk, check.pk, date(2026, 10, 21))
    assert list(services.open_rectifications(corr.office)) == [rect]
    assert list(services.open_rectifications(corr.office, corr.clerk)) == [rect]
    assert list(services.open_rectifications(corr.office, people.outsider)) == []
    assert list(services.open_rectifications(corr.section)) == []
    url = services.inspection_url("correction", corr.office)
    assert url.startswith("/inspections/s/correction/?ct=") and url.endswith(f"&oid={corr.office.pk}")
    assert services.inspection_url("lawyers") == "/inspections/s/lawyers/"
    assert services.start_url("correction", corr.office).startswith("/inspections/s/correction/checks/new/?ct=")


def test_a_target_must_be_a_business_record_the_user_may_see(corr, people):
    from django.contrib.contenttypes.models import ContentType

    user_ct = ContentType.objects.get(app_label="accounts", model="user")
    with pytest.raises(TransitionError, match="不能作为检查对象"):
        services.resolve_target(corr.clerk, user_ct.pk, people.director.pk)
    section_ct = ContentType.objects.get_for_model(corr.office)
    assert services.resolve_target(corr.clerk, section_ct.pk, corr.office.pk)[1] == corr.office
    with pytest.raises(TransitionError, match="不存在"):
        services.resolve_target(corr.clerk, section_ct.pk, 999999)
