"""行政复议 as the 复议机构, the bureau as respondent, 行政应诉, the committee: each move, its
refusals and its clocks. Dates over the 2026 National Day holiday (1–7 Oct off; Sunday 20 Sept
and Saturday 10 Oct working days; 中秋 Friday 25 Sept off), computed by hand."""

from datetime import date

import pytest

from apps.reconsideration import services
from apps.reconsideration.models import LawsuitStage, ReconCase, Stage
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock
from tests.reconsideration.factories import (
    approve_decision,
    chain,
    new_answer,
    new_case,
    new_lawsuit,
    pending,
)

pytestmark = pytest.mark.django_db


def clock(case, code):
    return CaseClock.objects.get(case=case, rule__code=code)


def record(case):
    return ReconCase.objects.get(case=case)


def test_an_ordinary_case_from_oral_intake_to_service(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    case = new_case(p)
    # 5 WD from Wed 23 Sept: 24, (25 中秋), 28, 29, 30, (1–7 Oct), 8 Oct
    assert clock(case, "recon-acceptance-review").due_date == date(2026, 10, 8)
    assert {t.assignee for t in case.tasks.filter(status="pending")} == {p.clerk, p.colleague}

    today.set(date(2026, 9, 24))
    services.notify_supplement(case.pk, p.clerk, date(2026, 9, 24), "请提交处罚决定书复印件。")
    with pytest.raises(TransitionError, match="只能发一次|不能进行此操作"):
        services.notify_supplement(case.pk, p.clerk, date(2026, 9, 24), "再补一次")
    # the applicant's 10 WD: 28, 29, 30 Sept, 8, 9, 10 (Sat, working), 12, 13, 14, 15 Oct
    assert clock(case, "recon-applicant-supplement").due_date == date(2026, 10, 15)
    assert clock(case, "recon-acceptance-review").status == "paused"

    today.set(date(2026, 10, 9))
    services.receive_supplement(case.pk, p.colleague, date(2026, 10, 9))
    # the review counts again from 9 Oct: 10 (Sat), 12, 13, 14, 15
    assert clock(case, "recon-acceptance-review").due_date == date(2026, 10, 15)

    today.set(date(2026, 10, 12))
    services.accept(case.pk, p.clerk, date(2026, 10, 12), "ordinary")
    assert clock(case, "recon-send-copy").due_date == date(2026, 10, 21)  # 7 WD
    assert clock(case, "recon-decision").due_date == date(2026, 12, 11)  # 60 days, a Friday

    today.set(date(2026, 10, 14))
    services.send_copy(case.pk, p.clerk, date(2026, 10, 13), date(2026, 10, 14))
    assert clock(case, "recon-send-copy").status == "met"
    assert clock(case, "recon-answer-watch").due_date == date(2026, 10, 28)  # 10 WD from 14 Oct
    today.set(date(2026, 10, 27))
    services.record_answer(case.pk, p.clerk, date(2026, 10, 27))
    assert clock(case, "recon-answer-watch").status == "met"

    # 听证 on Tue 10 Nov: the notice must be served by Tue 3 Nov (5 WD before)
    today.set(date(2026, 11, 4))
    hearing = {
        "hearing_on": date(2026, 11, 10),
        "notice_on": date(2026, 11, 4),
        "place": "区司法局三楼听证室",
        "matter": "处罚事实是否清楚",
        "presiding": "复议科科长",
        "panel": "复议科员、复议同事",
        "clerk": "书记员",
    }
    with pytest.raises(TransitionError, match="2026-11-03"):
        services.schedule_hearing(case.pk, p.clerk, hearing)
    assert not CaseClock.objects.filter(case=case, rule__code="recon-hearing-notice").exists()  # rolled back
    services.schedule_hearing(case.pk, p.clerk, {**hearing, "notice_on": date(2026, 11, 2)})
    today.set(date(2026, 11, 10))
    services.record_hearing(case.pk, p.clerk, date(2026, 11, 10), True, "双方到场陈述。")

    today.set(date(2026, 11, 12))
    services.pause(case.pk, p.clerk, date(2026, 11, 12), "8", "需以另案审理结果为依据")
    assert clock(case, "recon-decision").status == "paused"
    assert not CaseClock.objects.filter(case=case, rule__code="recon-suspension-to-termination").exists()
    with pytest.raises(TransitionError):
        services.pause(case.pk, p.clerk, date(2026, 11, 12), "8", "again")
    with pytest.raises(TransitionError, match="只能决定终止"):
        services.draft_decision(case.pk, p.clerk, "maintain", "理由", date(2026, 11, 12))
    today.set(date(2026, 11, 19))
    services.resume(case.pk, p.clerk, date(2026, 11, 19), "另案已审结")
    assert clock(case, "recon-decision").due_date == date(2026, 12, 18)  # 7 days paused

    # extension: the chief's approval, at most 30 days
    with pytest.raises(TransitionError, match="30"):
        services.extend(case.pk, p.clerk, 31, "情况复杂", p.chief)
    with pytest.raises(TransitionError, match="批准人"):
        services.extend(case.pk, p.clerk, 10, "情况复杂", p.outsider)
    services.extend(case.pk, p.clerk, 10, "情况复杂，需补充调查", p.chief)
    assert clock(case, "recon-decision").due_date == date(2026, 12, 28)
    with pytest.raises(TransitionError, match="30"):
        services.extend(case.pk, p.clerk, 21, "再延", p.chief)

    today.set(date(2026, 11, 26))
    with pytest.raises(TransitionError, match="承办人"):
        services.draft_decision(case.pk, p.outsider, "maintain", "理由", date(2026, 11, 25))
    services.draft_decision(case.pk, p.colleague, "revoke", "处罚认定事实不清。", date(2026, 11, 25))
    case.refresh_from_db()
    assert case.current_step == "decision-1"
    assert not case.tasks.filter(status="pending", assignee=p.clerk).exists()  # the other handler's task went
    with pytest.raises(TransitionError):  # a second click
        services.draft_decision(case.pk, p.colleague, "revoke", "x", date(2026, 11, 25))
    approve_decision(case, p)
    case.refresh_from_db()
    assert case.current_step == "serve"
    today.set(date(2026, 12, 1))
    services.serve(case.pk, p.clerk, date(2026, 11, 30), date(2026, 12, 1))
    case.refresh_from_db()
    r = record(case)
    assert case.current_step == "follow" and r.stage == Stage.DECIDED
    assert clock(case, "recon-decision").status == "met"
    with pytest.raises(TransitionError):
        services.serve(case.pk, p.clerk, date(2026, 11, 30), date(2026, 12, 1))
    # publication (§79) watched from service: 20 WD from Tue 1 Dec → Tue 29 Dec (待核实 row)
    assert clock(case, "recon-decision-publication").due_date == date(2026, 12, 29)
    with pytest.raises(TransitionError, match="公开"):
        services.close_file(case.pk, p.clerk, date(2026, 12, 1))
    today.set(date(2026, 12, 3))
    services.publish(case.pk, p.colleague, {"published_on": date(2026, 12, 3), "place": "区政府门户网站"})
    services.close_file(case.pk, p.clerk, date(2026, 12, 3))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert clock(case, "recon-decision-publication").status == "met"


def test_deemed_acceptance_and_refusals_at_intake(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    with pytest.raises(TransitionError, match="笔录"):
        new_case(p, oral_signed=False)
    with pytest.raises(TransitionError, match="第二承办人"):
        new_case(p, handler2=p.clerk)
    with pytest.raises(TransitionError, match="行政复议应诉科"):
        services.register_case(p.office_clerk, {})
    case = new_case(p)
    today.set(date(2026, 10, 12))
    with pytest.raises(TransitionError, match="五日内"):
        services.notify_supplement(case.pk, p.clerk, date(2026, 10, 9), "晚了")
    with pytest.raises(TransitionError, match="视为受理"):
        services.reject(case.pk, p.clerk, date(2026, 10, 12), "不属于受理范围")
    services.accept(case.pk, p.clerk, date(2026, 10, 12), "simple")
    r = record(case)
    assert r.deemed_accepted and r.accepted_on == date(2026, 10, 8)
    assert clock(case, "recon-simple-send-copy").due_date == date(2026, 10, 12)  # 3 WD: 9, 10 (Sat), 12
    assert clock(case, "recon-simple-decision").due_date == date(2026, 11, 9)  # 30 days: Sat 7 Nov → Mon 9 Nov
    # no extension on the simplified track; the switch needs the chief
    with pytest.raises(TransitionError):
        services.extend(case.pk, p.clerk, 10, "复杂", p.chief)
    with pytest.raises(TransitionError, match="负责人批准"):
        services.switch_to_ordinary(case.pk, p.clerk, date(2026, 10, 12), "案情复杂", p.director)
    services.switch_to_ordinary(case.pk, p.clerk, date(2026, 10, 12), "案情复杂", p.chief)
    assert clock(case, "recon-simple-decision").status == "cancelled"
    assert clock(case, "recon-decision").due_date == date(2026, 12, 7)  # 60 days from 8 Oct


def test_supplement_lapse_closes_the_case_as_withdrawn(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    case = new_case(p)
    services.notify_supplement(case.pk, p.clerk, date(2026, 9, 23), "补充身份证明")
    today.set(date(2026, 10, 14))
    with pytest.raises(TransitionError, match="届满"):
        services.lapse_supplement(case.pk, p.clerk, date(2026, 10, 14))
    today.set(date(2026, 10, 16))
    services.lapse_supplement(case.pk, p.colleague, date(2026, 10, 16))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and record(case).stage == Stage.WITHDRAWN
    assert not case.clocks.filter(status__in=CaseClock.OPEN_STATUSES).exists()


def test_a_terminating_pause_starts_the_sixty_days_and_termination_is_a_decision(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    case = new_case(p)
    services.accept(case.pk, p.clerk, date(2026, 9, 23), "ordinary")
    services.pause(case.pk, p.clerk, date(2026, 9, 23), "1", "申请人死亡，近亲属未确定")
    assert clock(case, "recon-suspension-to-termination").due_date == date(2026, 11, 23)  # Sun 22 Nov → Mon
    today.set(date(2026, 11, 24))
    services.draft_decision(case.pk, p.clerk, "terminate", "中止满60日原因仍未消除（§41(五)）。", date(2026, 11, 24))
    approve_decision(case, p)
    services.serve(case.pk, p.clerk, date(2026, 11, 24), date(2026, 11, 24))
    assert clock(case, "recon-decision").status == "met"
    assert clock(case, "recon-suspension-to-termination").status == "cancelled"


def test_the_bureau_as_respondent(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    case = new_answer(p)
    # 10 WD from 23 Sept: 24, 28, 29, 30, 8, 9, 10 (Sat), 12, 13, 14
    assert clock(case, "recon-respondent-answer").due_date == date(2026, 10, 14)
    services.draft_answer(case.pk, p.clerk, "处理程序合法。", "1. 申请材料；2. 不予许可决定书")
    with pytest.raises(TransitionError):
        services.file_answer(case.pk, p.clerk, date(2026, 9, 30))  # still in approval
    chain(case, p.chief, p.leader, p.director)
    today.set(date(2026, 10, 9))
    services.file_answer(case.pk, p.clerk, date(2026, 10, 9))
    assert clock(case, "recon-respondent-answer").status == "met"
    today.set(date(2026, 11, 20))
    services.record_result(case.pk, p.clerk, "maintain", date(2026, 11, 20), "维持；无需整改。")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    simple = new_answer(p, received_on=date(2026, 9, 30), simplified=True)
    # 5 WD from Wed 30 Sept: 8, 9, 10 (Sat), 12, 13 Oct
    assert clock(simple, "recon-simple-respondent-answer").due_date == date(2026, 10, 13)


def test_a_lawsuit_through_defence_appearance_judgment_and_appeal(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    case = new_lawsuit(p)
    # 15 days from 23 Sept: Thu 8 Oct
    assert clock(case, "litigation-defence-evidence").due_date == date(2026, 10, 8)
    today.set(date(2026, 10, 9))
    with pytest.raises(TransitionError, match="十五日内"):
        services.apply_evidence_extension(case.pk, p.clerk, date(2026, 10, 8), "档案调取中", 10, p.chief)
    today.set(date(2026, 10, 8))
    services.apply_evidence_extension(case.pk, p.clerk, date(2026, 10, 8), "档案调取中", 10, p.chief)
    assert clock(case, "litigation-defence-evidence").due_date == date(2026, 10, 19)  # Sun 18 → Mon 19
    services.draft_defence(case.pk, p.clerk, "答复程序合法。", "证据1—5", "复议科员")
    chain(case, p.chief, p.leader, p.director)
    services.file_defence(case.pk, p.clerk, date(2026, 10, 8))
    today.set(date(2026, 11, 2))
    with pytest.raises(TransitionError, match="情况说明"):
        services.record_appearance(
            case.pk,
            p.clerk,
            {"hearing_on": date(2026, 11, 2), "head_appeared": False, "head_name": "局长", "head_title": "局长"},
        )
    services.record_appearance(
        case.pk,
        p.clerk,
        {
            "hearing_on": date(2026, 11, 2),
            "head_appeared": False,
            "head_name": "张某",
            "head_title": "副局长",
            "explanation": "参加全市依法行政会议",
            "staff": "复议科员",
        },
    )
    today.set(date(2026, 11, 10))
    services.record_judgment(case.pk, p.clerk, "judgment", "revoke", date(2026, 11, 10))
    # appeal: 15 days from Tue 10 Nov → Wed 25 Nov
    assert clock(case, "litigation-appeal-judgment").due_date == date(2026, 11, 25)
    with pytest.raises(TransitionError, match="是否上诉"):
        services.close_lawsuit(case.pk, p.clerk, "revoke", date(2026, 11, 12), "x")
    today.set(date(2026, 11, 20))
    services.decide_appeal(case.pk, p.clerk, True, date(2026, 11, 20), "事实认定有误")
    services.receive_appeal_copy(case.pk, p.clerk, date(2026, 11, 20))
    assert clock(case, "litigation-appeal-answer").due_date == date(2026, 12, 7)  # Sat 5 Dec → Mon 7 Dec
    with pytest.raises(TransitionError, match="上诉答辩状"):
        services.close_lawsuit(case.pk, p.clerk, "dismiss", date(2026, 11, 20))
    services.file_appeal_answer(case.pk, p.clerk, date(2026, 11, 20))
    with pytest.raises(TransitionError, match="败诉"):
        services.close_lawsuit(case.pk, p.clerk, "revoke", date(2026, 11, 20))
    services.close_lawsuit(case.pk, p.clerk, "revoke", date(2026, 11, 20), "证据收集不全", "")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.recon_lawsuit.stage == LawsuitStage.CLOSED


def test_the_committee_materials_seven_days_before(bureau, recon, today):
    p = recon
    today.set(date(2026, 10, 12))
    case = services.schedule_meeting(p.clerk, date(2026, 10, 20), "三楼会议室", "审议王某案")
    assert clock(case, "committee-materials").due_date == date(2026, 10, 13)
    with pytest.raises(TransitionError, match="材料"):
        services.record_minutes(case.pk, p.clerk, date(2026, 10, 20), "纪要")
    services.send_materials(case.pk, p.clerk, date(2026, 10, 12))
    today.set(date(2026, 10, 20))
    services.record_minutes(case.pk, p.clerk, date(2026, 10, 20), "一致同意撤销。")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_handlers_may_move_only_their_own_step(bureau, recon, today):
    p = recon
    today.set(date(2026, 9, 23))
    case = new_case(p)
    for who in (p.chief, p.outsider, p.director):
        with pytest.raises(TransitionError):
            services.accept(case.pk, who, date(2026, 9, 23), "ordinary")
    services.accept(case.pk, p.clerk, date(2026, 9, 23), "ordinary")
    with pytest.raises(TransitionError):
        services.accept(case.pk, p.colleague, date(2026, 9, 23), "ordinary")  # double submit
    assert pending(case, p.colleague)
