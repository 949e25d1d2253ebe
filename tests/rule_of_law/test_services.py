"""The procedures through their services: moves, refusals (wrong person, wrong step, bad
dates), double submissions; the clocks they start."""

from datetime import date
from decimal import Decimal

import pytest

from apps.rule_of_law import services
from apps.rule_of_law.models import Adoption, AnnualReport, Outcome, Plan
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock, Task
from tests.rule_of_law.factories import (
    approve,
    checked,
    new_application,
    new_assessment,
    new_campaign,
    new_plan,
    plan_at_consult,
    plan_issued,
)

pytestmark = pytest.mark.django_db


def test_only_the_section_drafts_a_plan(law, people):
    with pytest.raises(TransitionError, match="秘书科"):
        new_plan(people.clerk)
    plan = new_plan(law.clerk)
    assert plan.case.status == Case.Status.DRAFT and plan.stage == "起草"


def test_plan_goes_through_every_step_of_the_seed(law, units, today):
    today.set(date(2026, 9, 28))
    plan = plan_at_consult(law)
    case = plan.case
    case.refresh_from_db()
    assert case.current_step == "consult"
    # 征求意见 on Tuesday 29 Sept: 10 working days over the National Day holiday -> Monday 19 Oct
    # (30 Sep = 1; 1-7 Oct off; 8 Oct = 2, 9 Oct = 3, Saturday 10 Oct make-up day = 4,
    # 12-16 Oct = 5-9, 19 Oct = 10)
    today.set(date(2026, 9, 29))
    services.send_consultation(case.pk, law.clerk, units.depts[:3], date(2026, 9, 29))
    clock = CaseClock.objects.get(case=case, rule__code="rol-plan-feedback")
    assert clock.due_date == date(2026, 10, 19)
    with pytest.raises(TransitionError, match="均已征求过意见"):
        services.send_consultation(case.pk, law.clerk, units.depts[:3], date(2026, 9, 29))
    rows = list(plan.consultations.order_by("pk"))
    today.set(date(2026, 10, 9))
    services.record_feedback(case.pk, law.clerk, rows[0].pk, date(2026, 10, 9), Adoption.ADOPTED, "增加内容", "已采纳")
    with pytest.raises(TransitionError, match="已登记"):
        services.record_feedback(case.pk, law.clerk, rows[0].pk, date(2026, 10, 9), Adoption.NO_OPINION)
    with pytest.raises(TransitionError, match="采纳反馈说明"):
        services.record_feedback(case.pk, law.clerk, rows[1].pk, date(2026, 10, 9), Adoption.NOT_ADOPTED, "意见", "")
    with pytest.raises(TransitionError, match="尚未反馈"):
        services.close_consultation(case.pk, law.clerk, date(2026, 10, 9))
    services.record_feedback(case.pk, law.clerk, rows[1].pk, date(2026, 10, 9), Adoption.NO_OPINION)
    services.record_feedback(case.pk, law.clerk, rows[2].pk, date(2026, 10, 9), Adoption.PARTLY, "意见", "部分采纳")
    with pytest.raises(TransitionError, match="征求意见环节"):
        services.close_consultation(case.pk, law.colleague, date(2026, 10, 9))  # not the holder
    services.close_consultation(case.pk, law.clerk, date(2026, 10, 9))
    clock.refresh_from_db()
    assert clock.status == CaseClock.Status.MET
    with pytest.raises(TransitionError):
        services.close_consultation(case.pk, law.clerk, date(2026, 10, 9))  # double click
    with pytest.raises(TransitionError, match="不能晚于今天"):
        services.record_countersign(case.pk, law.clerk, date(2026, 10, 12), "领导小组会议")
    services.record_countersign(case.pk, law.clerk, date(2026, 10, 9), "领导小组会议")
    services.issue_plan(case.pk, law.clerk, "临法宣发〔2026〕9号", date(2026, 10, 9))
    with pytest.raises(TransitionError, match="只有在组织实施环节"):
        services.add_task(case.pk, law.colleague, units.depts[0], "任务", law.clerk, date(2026, 11, 1))
    with pytest.raises(TransitionError, match="跟踪责任人"):
        services.add_task(case.pk, law.clerk, units.depts[0], "任务", law.leader, date(2026, 11, 1))
    with pytest.raises(TransitionError, match="请先分解任务"):
        services.close_implementation(case.pk, law.clerk)
    task = services.add_task(case.pk, law.clerk, units.depts[0], "宪法宣传周", law.colleague, date(2026, 12, 4))
    services.close_implementation(case.pk, law.clerk)
    with pytest.raises(TransitionError, match="尚有 1 项任务未完成"):
        services.summarise_plan(case.pk, law.clerk, date(2026, 10, 9), "总结")
    today.set(date(2026, 12, 4))
    services.finish_task(case.pk, law.clerk, task.pk, date(2026, 12, 4), "已完成")
    with pytest.raises(TransitionError, match="已登记完成"):
        services.finish_task(case.pk, law.clerk, task.pk, date(2026, 12, 4), "已完成")
    services.summarise_plan(case.pk, law.clerk, date(2026, 12, 4), "全部完成")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert Plan.objects.get(pk=plan.pk).stage == "已总结"


def test_a_plan_returned_by_the_director_is_edited_and_resubmitted(law):
    plan = new_plan(law.clerk, submit=True)
    approve(plan.case, law.chief)
    from apps.workflow import api

    task = Task.objects.get(case=plan.case, assignee=law.director, status="pending")
    api.return_case(plan.case_id, task.pk, law.director, -1, "请补充法治文化内容")
    services.update_plan(
        plan.case_id,
        law.clerk,
        {"kind": "yearly", "title": "修改后的要点", "start_year": 2027, "end_year": 2027, "outline": "补充"},
    )
    services.submit_plan(plan.case_id, law.clerk)
    with pytest.raises(TransitionError, match="已提交"):
        services.submit_plan(plan.case_id, law.clerk)  # double submit
    plan.case.refresh_from_db()
    assert plan.case.title == "修改后的要点" and plan.case.current_step == "approval-1"


def test_assessment_collects_scores_ranks_and_publishes(law, units, today):
    today.set(date(2026, 11, 20))
    a = new_assessment(law, units.depts[:4])
    with pytest.raises(TransitionError, match="已登记"):
        new_assessment(law, units.depts[:4])
    case = a.case
    services.receive_list(case.pk, law.clerk, units.depts[0], date(2026, 11, 10), "清单")
    with pytest.raises(TransitionError, match="不在本年度考核"):
        services.receive_report(case.pk, law.clerk, units.depts[5], date(2026, 11, 10), "报告")
    for d in units.depts[:3]:
        services.receive_report(case.pk, law.clerk, d, date(2026, 11, 15), "报告")
    with pytest.raises(TransitionError, match="已登记"):
        services.receive_report(case.pk, law.clerk, units.depts[0], date(2026, 11, 15), "报告")
    with pytest.raises(TransitionError, match="前不能结束收集"):
        services.close_collection(case.pk, law.clerk, date(2026, 11, 20))
    today.set(date(2026, 12, 3))
    services.receive_report(case.pk, law.clerk, units.depts[3], date(2026, 12, 3), "迟报")
    services.close_collection(case.pk, law.clerk, date(2026, 12, 3))
    reports = list(a.reports.order_by("pk"))
    assert reports[3].late
    for r, score in zip(reports, ["88", "95", "88", "59"], strict=True):
        services.score_report(case.pk, law.clerk, r.pk, Decimal(score))
    with pytest.raises(TransitionError, match="0 到 100"):
        services.score_report(case.pk, law.clerk, reports[0].pk, Decimal("101"))
    ranking = [(rank, unit.pk, r.grade) for rank, unit, r in a.ranking()]
    assert ranking == [
        (1, units.depts[1].pk, "优秀"),
        (2, units.depts[0].pk, "良好"),
        (2, units.depts[2].pk, "良好"),
        (4, units.depts[3].pk, "不合格"),
    ]
    services.close_scoring(case.pk, law.clerk, date(2026, 12, 3))
    for user in (law.chief, law.leader, law.director):
        approve(case, user)
    services.publish_assessment(case.pk, law.clerk, "临法宣办〔2026〕5号", date(2026, 12, 3))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_missing_reports_are_flagged_in_the_ranking(law, units, today):
    today.set(date(2026, 12, 3))
    a = new_assessment(law, units.depts[:3])
    services.receive_report(a.case_id, law.clerk, units.depts[1], date(2026, 11, 30), "报告")
    rows = a.ranking()
    assert [(rank, unit.pk, r is None) for rank, unit, r in rows] == [
        (None, units.depts[1].pk, False),
        (None, units.depts[0].pk, True),
        (None, units.depts[2].pk, True),
    ]
    services.close_collection(a.case_id, law.clerk, date(2026, 12, 3))  # after the due date: allowed


def test_model_unit_application_is_checked_named_and_revoked(law, units, today):
    today.set(date(2026, 12, 4))
    campaign = new_campaign(law)
    a = new_application(law, campaign, units.towns[0])
    with pytest.raises(TransitionError, match="已申报"):
        new_application(law, campaign, units.towns[0])
    with pytest.raises(TransitionError, match="命名决定环节"):
        services.decide_application(a.case_id, law.clerk, Outcome.NAMED, date(2026, 12, 4), "临法治〔2026〕1号")
    checked(law, a)
    with pytest.raises(TransitionError, match="命名决定文号"):
        services.decide_application(a.case_id, law.clerk, Outcome.NAMED, date(2026, 12, 4), "")
    services.decide_application(a.case_id, law.clerk, Outcome.NAMED, date(2026, 12, 4), "临法治〔2026〕1号")
    with pytest.raises(TransitionError, match="秘书科"):
        services.revoke_title(a.case_id, law.leader, date(2026, 12, 4), "复核不合格")
    services.revoke_title(a.case_id, law.clerk, date(2026, 12, 4), "复核不合格")
    with pytest.raises(TransitionError, match="已撤销"):
        services.revoke_title(a.case_id, law.clerk, date(2026, 12, 4), "复核不合格")
    a.refresh_from_db()
    assert a.stage == "已撤销命名"
    other = checked(law, new_application(law, campaign, units.towns[1], "西山村"), "50")
    services.decide_application(other.case_id, law.clerk, Outcome.NOT_NAMED, date(2026, 12, 4))
    with pytest.raises(TransitionError, match="只有已命名"):
        services.revoke_title(other.case_id, law.clerk, date(2026, 12, 4), "x")


def test_the_annual_report_opens_after_year_end_with_its_due_date(law, today):
    today.set(date(2026, 12, 5))
    with pytest.raises(TransitionError, match="尚未结束"):
        services.open_report(law.clerk, 2026)
    report = services.open_report(law.clerk, 2025)
    with pytest.raises(TransitionError, match="已登记"):
        services.open_report(law.clerk, 2025)
    clock = CaseClock.objects.get(case=report.case, rule__code="rol-annual-report")
    assert clock.due_date == date(2026, 3, 31)  # 第一季度: 31 Dec + 3 months, fixed date, no roll
    today.set(date(2026, 12, 31))
    r2027 = services.open_report(law.clerk, 2026)
    clock = CaseClock.objects.get(case=r2027.case, rule__code="rol-annual-report")
    assert clock.due_date == date(2027, 3, 31)  # a Wednesday
    case = report.case
    from apps.workflow import api

    task = Task.objects.get(case=case, status="pending")
    api.complete(case.pk, task.pk, law.clerk, "初稿")
    for user in (law.chief, law.leader, law.director):
        approve(case, user)
    with pytest.raises(TransitionError, match="报送与公开环节"):
        services.record_report(case.pk, law.colleague, date(2026, 12, 5), "区委")
    services.record_report(case.pk, law.clerk, date(2026, 12, 5), "区委、区人大常委会、市政府")
    assert AnnualReport.objects.get(pk=report.pk).case.status == Case.Status.CLOSED
    clock = CaseClock.objects.get(case=case, rule__code="rol-annual-report")
    assert clock.status == CaseClock.Status.LATE


def test_study_registers(law, units, today):
    from apps.rule_of_law.models import Presence

    cadre = services.add_cadre(law.clerk, "刘建国", "局长", units.depts[0])
    other = services.add_cadre(law.clerk, "陈红", "副局长", units.depts[1])
    session = services.record_session(
        law.clerk,
        {"held_on": today.now.date(), "title": "学习民法典", "kind": "lecture"},
        [(cadre, Presence.PRESENT), (other, Presence.LEAVE)],
    )
    assert session.attendance.count() == 2
    exam = services.record_exam(law.clerk, today.now.date(), "学法考试")
    s = services.record_score(law.clerk, exam.pk, cadre, Decimal("59.5"))
    assert s.result == "不合格"
    with pytest.raises(TransitionError, match="已登记"):
        services.record_score(law.clerk, exam.pk, cadre, Decimal("80"))
    assert services.record_score(law.clerk, exam.pk, other, absent=True).result == "缺考"
    r = services.record_law_report(law.clerk, cadre, 2025, today.now.date(), "meeting", "述法")
    with pytest.raises(TransitionError, match="已登记"):
        services.record_law_report(law.clerk, cadre, 2025, today.now.date(), "meeting", "述法")
    services.rate_law_report(law.clerk, r.pk, "good", "好")
    with pytest.raises(TransitionError, match="已评议"):
        services.rate_law_report(law.clerk, r.pk, "good", "好")
    with pytest.raises(TransitionError, match="秘书科"):
        services.add_cadre(law.leader, "x", "y")


def test_issued_plans_are_visible_to_every_business_account(law, units, people, today):
    today.set(date(2026, 12, 4))
    draft = new_plan(law.clerk, "草稿规划")
    issued = plan_issued(law, units.depts, date(2026, 12, 4), date(2026, 12, 4))
    assert set(Plan.objects.visible_to(people.outsider)) == {issued}
    assert set(Plan.objects.visible_to(law.colleague)) == {issued}  # a draft is its author's
    assert set(Plan.objects.visible_to(law.clerk)) == {issued, draft}
    assert not Plan.objects.visible_to(people.sysadmin).exists()
