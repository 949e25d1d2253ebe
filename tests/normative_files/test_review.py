"""5.9 合法性审核, 5.10 报送备案, 5.11 清理 through the services: moves, refusals, double submits.
Dates over the 2026 National Day holiday (中秋 25 Sept and 1–7 Oct off; Saturday 10 Oct a
make-up working day)."""

from datetime import date

import pytest

from apps.normative_files import services
from apps.normative_files.models import (
    Cleanup,
    CleanupAction,
    FileStatus,
    Filing,
    FilingOutcome,
    Kind,
    NormativeFile,
    PauseKind,
    Stage,
)
from apps.workflow.api import TransitionError
from apps.workflow.models import Case
from tests.normative_files.factories import ALL, OK_POINTS, approve, new_review, published, reviewed

pytestmark = pytest.mark.django_db


def clock(case, code):
    return case.clocks.get(rule__code=code)


def test_incomplete_materials_are_returned_itemised_and_the_clocks_start_on_the_complete_set(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, materials=[k for k in ALL if k not in ("prelim", "interpretation")])
    review = case.legality_review
    assert review.stage == Stage.RETURNED and review.return_count == 1
    assert "部门法制机构合法性初步审查报告" in review.missing_items and "政策解读" in review.missing_items
    assert not case.clocks.exists()
    assert services.resubmit_materials(case.pk, team.handler, ALL, date(2026, 9, 29))
    case.refresh_from_db()
    # Tuesday 29 Sept + 5 WD: 30 Sept, 8, 9, Saturday 10, Monday 12 Oct.
    assert clock(case, services.REVIEW_RULE).due_date == date(2026, 10, 12)
    # + 15 WD: … 12 (5), 13–16 (9), 19–23 (14), 26 Oct (15).
    assert clock(case, services.MAX_RULE).due_date == date(2026, 10, 26)
    with pytest.raises(TransitionError):  # a second click once accepted
        services.resubmit_materials(case.pk, team.handler, ALL, date(2026, 9, 29))


def test_an_expert_consultation_is_not_counted(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    services.pause(case.pk, team.handler, PauseKind.EXPERT, "组织法律顾问论证", date(2026, 9, 30))
    with pytest.raises(TransitionError):
        services.pause(case.pk, team.handler, PauseKind.EXPERT, "再次", date(2026, 9, 30))
    with pytest.raises(TransitionError, match="尚未结束"):
        services.record_points(case.pk, team.handler, OK_POINTS, date(2026, 10, 9))
        services.submit_opinion(case.pk, team.handler, "lawful", "合法", False, date(2026, 10, 9))
    services.resume(case.pk, team.handler, date(2026, 10, 9), "专家论证意见已收到")
    case.refresh_from_db()
    # 8 and 9 Oct paused: 5 + 2 WD from 29 Sept = 30 Sept, 8, 9, 10, 12, 13, 14 Oct.
    assert clock(case, services.REVIEW_RULE).due_date == date(2026, 10, 14)
    assert clock(case, services.MAX_RULE).due_date == date(2026, 10, 28)


def test_the_full_review_registration_publication_and_filing(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, received_on=date(2026, 9, 29), major=True)
    with pytest.raises(TransitionError, match="审核要点"):
        services.submit_opinion(case.pk, team.handler, "lawful", "合法", True, date(2026, 9, 30))
    bad = {**OK_POINTS, "rights": {"verdict": "issue", "note": ""}}
    with pytest.raises(TransitionError, match="写明问题"):
        services.record_points(case.pk, team.handler, bad, date(2026, 9, 30))
    bad["rights"]["note"] = "第五条增设了证明材料"
    services.record_points(case.pk, team.handler, bad, date(2026, 9, 30))
    with pytest.raises(TransitionError, match="结论不能为"):
        services.submit_opinion(case.pk, team.handler, "lawful", "合法", True, date(2026, 9, 30))
    services.submit_opinion(case.pk, team.handler, "amend", "删去第五条的证明要求后可以印发。", True, date(2026, 9, 30))
    with pytest.raises(TransitionError):  # double submit
        services.submit_opinion(case.pk, team.handler, "amend", "x", True, date(2026, 9, 30))
    with pytest.raises(TransitionError):  # the opinion is not issued before the chain has signed
        services.issue_opinion(case.pk, team.handler, date(2026, 10, 8))
    approve(case, team.chief)
    approve(case, team.leader)
    approve(case, team.director)  # a major file goes to the director
    services.issue_opinion(case.pk, team.handler, date(2026, 10, 9))
    assert clock(case, services.REVIEW_RULE).status == "met"
    review = services.register_file(case.pk, team.handler, date(2026, 10, 12), "临政发〔2026〕5号", date(2026, 10, 12))
    assert review.reg_number == "LZDR-2026-001"
    with pytest.raises(TransitionError):
        services.register_file(case.pk, team.handler, date(2026, 10, 12), "临政发〔2026〕5号", date(2026, 10, 12))
    services.publish(case.pk, team.handler, date(2026, 10, 15), "临淄区人民政府门户网站")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    entry = NormativeFile.objects.get(review=case.legality_review)
    assert entry.status == FileStatus.IN_FORCE
    filing = Filing.objects.get(file=entry)
    # 15 days from Thursday 15 Oct: Friday 30 Oct; 30 days: Saturday 14 Nov → Monday 16 Nov.
    assert clock(filing.case, services.INTERNAL_RULE).due_date == date(2026, 10, 30)
    assert clock(filing.case, services.CONGRESS_RULE).due_date == date(2026, 11, 16)
    services.submit_filing(filing.case_id, team.handler, date(2026, 10, 19), None)
    filing.refresh_from_db()
    assert filing.outcome == FilingOutcome.PENDING
    services.submit_filing(filing.case_id, team.handler, None, date(2026, 10, 20))
    filing.refresh_from_db()
    assert filing.outcome == FilingOutcome.SUBMITTED
    assert clock(filing.case, services.INTERNAL_RULE).status == "met"
    services.record_outcome(filing.case_id, team.handler, FilingOutcome.DEFERRED, date(2026, 10, 20), "缺起草说明")
    assert clock(filing.case, services.RESUBMIT_RULE).due_date == date(2026, 11, 4)
    services.resubmit_filing(filing.case_id, team.handler, date(2026, 10, 20))
    services.record_outcome(filing.case_id, team.handler, FilingOutcome.REGISTERED, date(2026, 10, 20), "")
    filing.case.refresh_from_db()
    assert filing.case.status == Case.Status.CLOSED


def test_a_plain_file_skips_the_director_and_an_unlawful_one_ends_with_the_opinion(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    services.record_points(case.pk, team.handler, OK_POINTS, date(2026, 9, 30))
    services.submit_opinion(case.pk, team.handler, "unlawful", "制定主体不适格。", False, date(2026, 9, 30))
    case.refresh_from_db()
    assert [s["role"] for s in case.route] == ["initiator", "section_chief", "division_leader", "initiator"]
    approve(case, team.chief)
    approve(case, team.leader)
    services.issue_opinion(case.pk, team.handler, date(2026, 10, 8))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.legality_review.stage == Stage.CLOSED
    assert not NormativeFile.objects.exists()


def test_a_major_decision_with_adviser_opinions(team, today):
    today.set(date(2026, 10, 20))
    case = new_review(
        team.handler,
        kind=Kind.DECISION,
        materials=["draft", "basis", "procedure"],
        received_on=date(2026, 9, 29),
        planned_on=date(2026, 10, 9),
    )
    review = case.legality_review
    # 条例 §26: at least 7 WD; 29 Sept → 9 Oct is 3 working days (30 Sept, 8, 9 Oct).
    rule, days = services.allowance(review)
    assert (rule.length, days) == (7, 3)
    # 7 WD from 29 Sept: 30 Sept, 8, 9, 10, 12, 13, 14 Oct.
    assert clock(case, services.DECISION_RULE).due_date == date(2026, 10, 14)
    services.add_adviser_opinion(case.pk, team.handler, "adviser", "王律师", date(2026, 10, 8), "建议补充风险评估。")
    reviewed(case, team, on=date(2026, 10, 9))
    services.issue_opinion(case.pk, team.handler, date(2026, 10, 9))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert review.adviser_opinions.count() == 1


def test_refusals_for_other_people(team, today):
    today.set(date(2026, 10, 20))
    with pytest.raises(TransitionError, match="行政执法监督科"):
        new_review(team.office)
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    for user in (team.colleague, team.chief, team.office):
        with pytest.raises(TransitionError):
            services.pause(case.pk, user, PauseKind.RESEARCH, "调研", date(2026, 9, 30))
    with pytest.raises(TransitionError, match="晚于今天"):
        services.pause(case.pk, team.handler, PauseKind.RESEARCH, "调研", date(2026, 10, 21))


def test_a_cleanup_campaign_updates_the_catalogue(team, today):
    today.set(date(2026, 10, 20))
    first = published(team, title="文件甲")
    second = published(team, title="文件乙")
    files = list(NormativeFile.objects.order_by("id"))
    case = services.open_cleanup(
        team.handler, "2026年规范性文件集中清理", "清理范围：现行有效文件。", date(2026, 11, 30)
    )
    with pytest.raises(TransitionError):
        services.send_notice(case.pk, team.handler, date(2026, 10, 20))  # not yet approved
    approve(case, team.chief)
    approve(case, team.leader)
    services.send_notice(case.pk, team.handler, date(2026, 10, 20))
    services.record_self_review(case.pk, team.handler, files[0], CleanupAction.KEEP, "符合上位法", date(2026, 10, 20))
    services.record_self_review(case.pk, team.handler, files[1], CleanupAction.KEEP, "仍需要", date(2026, 10, 20))
    items = list(case.normative_cleanup.items.order_by("id"))
    with pytest.raises(TransitionError, match="写明理由"):
        services.verify_item(case.pk, team.handler, items[1].pk, CleanupAction.REPEAL, "", date(2026, 10, 20))
    services.verify_item(case.pk, team.handler, items[0].pk, CleanupAction.KEEP, "", date(2026, 10, 20))
    with pytest.raises(TransitionError, match="未审核认定"):
        services.publish_cleanup(case.pk, team.handler, date(2026, 10, 20), "门户网站")
    services.verify_item(case.pk, team.handler, items[1].pk, CleanupAction.REPEAL, "与上位法抵触", date(2026, 10, 20))
    with pytest.raises(TransitionError):
        services.verify_item(case.pk, team.handler, items[1].pk, CleanupAction.REPEAL, "x", date(2026, 10, 20))
    services.publish_cleanup(case.pk, team.handler, date(2026, 10, 20), "临淄区人民政府门户网站")
    assert NormativeFile.objects.get(pk=files[1].pk).status == FileStatus.REPEALED
    assert NormativeFile.objects.get(pk=files[0].pk).status == FileStatus.IN_FORCE
    assert Cleanup.objects.get(case=case).published_on == date(2026, 10, 20)
    assert first.status == second.status == Case.Status.CLOSED


def test_an_approver_returns_the_opinion_and_the_handler_revises_it(team, today):
    from apps.workflow import api
    from tests.normative_files.factories import task_of

    today.set(date(2026, 10, 20))
    case = new_review(team.handler, received_on=date(2026, 9, 29))
    services.record_points(case.pk, team.handler, OK_POINTS, date(2026, 9, 30))
    services.submit_opinion(case.pk, team.handler, "lawful", "合法。", False, date(2026, 9, 30))
    api.return_case(case.pk, task_of(case, team.chief).pk, team.chief, 0, "请补充公平竞争审查情况")
    case.refresh_from_db()
    assert case.current_step == "review"
    services.submit_opinion(case.pk, team.handler, "lawful", "合法，已补充公平竞争审查情况。", False, date(2026, 10, 8))
    case.refresh_from_db()
    assert case.legality_review.stage == Stage.APPROVING and case.current_step.startswith("approval")
