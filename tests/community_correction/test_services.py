"""The subject's path and 调查评估 through the services, with due dates computed by hand over
the 2026 National Day holiday (中秋 25–27 Sept and 1–7 Oct off; Sun 20 Sept and Sat 10 Oct
make-up working days)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.community_correction import services
from apps.community_correction.models import Assessment, Monitoring, Proposal, Sanction, SentenceType, Subject, Travel
from apps.org.models import ExternalUnit
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock, Task

from .factories import id_number, new_subject, subject_data, supervised

pytestmark = pytest.mark.django_db


def test_intake_counts_the_report_in_limit_over_the_holiday(cc, today_is):
    today_is(date(2026, 9, 24))
    s = new_subject(cc)
    # effective Tue 22 Sept + 10 days = Fri 2 Oct, a holiday: the limit ends on Thu 8 Oct (民法典 §203)
    assert s.report_due == date(2026, 10, 8)
    assert s.status == Subject.Status.AWAITING
    # the limit is the engine's clock on the subject's case, in the 司法所's 待办
    clock = s.case.clocks.get()
    assert (clock.rule.code, clock.due_date, clock.status) == ("correction-report-in", date(2026, 10, 8), "running")
    s.case.refresh_from_db()  # the clock's start moved the case's due date
    assert s.case.due_date == date(2026, 10, 8) and s.case.is_confidential
    holders = set(Task.objects.filter(case=s.case, status="pending").values_list("assignee__username", flat=True))
    assert holders == {"ws.chief", "ws.staff"}
    assert "测试对象" not in s.case.title and "测**" in s.case.title
    line = s.events.get().text
    # notice: 22 Sept + 5 = Sun 27 Sept (中秋 rest) → Mon 28 Sept; documents 2 Oct → 8 Oct
    assert "通知执行地社区矫正机构期限 2026-09-28" in line
    assert "送达法律文书期限 2026-10-08" in line
    assert "报到期限 2026-10-08" in line


def test_medical_parole_is_a_handover_with_its_own_rule(cc, today_is):
    today_is(date(2026, 9, 24))
    s = new_subject(cc, sentence_type=SentenceType.MEDICAL, deciding_body=ExternalUnit.objects.get(code="prison_zibo"))
    assert s.report_due == date(2026, 10, 8)
    assert "移送期限" in s.events.get().text


def test_only_the_section_registers_a_subject(cc, today_is):
    for user in (cc.ws, cc.leader, cc.director, cc.office_chief):
        with pytest.raises(TransitionError):
            services.register_subject(user, subject_data(cc.offices))


def test_report_in_search_announce(cc, today_is):
    today_is(date(2026, 10, 9))
    s = new_subject(cc)
    with pytest.raises(TransitionError, match="宣告"):
        services.announce(s.pk, cc.ws, date(2026, 10, 9), "a", "b")
    services.record_search(s.pk, cc.ws, "电话无法接通，走访家属。", notified_body_on=date(2026, 10, 9))
    assert Subject.objects.get(pk=s.pk).status == Subject.Status.MISSING
    with pytest.raises(TransitionError):  # another office's staff
        services.record_report_in(s.pk, cc.qd, date(2026, 10, 9))
    services.record_report_in(s.pk, cc.ws, date(2026, 10, 9))
    assert "逾期报到" in Subject.objects.get(pk=s.pk).events.first().text
    assert s.case.clocks.get().status == CaseClock.Status.LATE
    with pytest.raises(TransitionError):
        services.record_report_in(s.pk, cc.ws, date(2026, 10, 9))  # twice
    services.announce(s.pk, cc.ws, date(2026, 10, 9), "所员、网格员", "每月报告两次。")
    assert Subject.objects.get(pk=s.pk).status == Subject.Status.SUPERVISED
    # the term's clock: due on the end date (期满当日); Sun 21 Mar 2027 rolls to Mon 22 Mar (民法典 §203)
    term = s.case.clocks.get(rule__code="correction-termination-certificate")
    assert term.due_date == date(2027, 3, 22)
    s.case.refresh_from_db()
    assert s.case.current_step == "supervise"


def test_search_refused_before_the_limit_runs_out(cc, today_is):
    today_is(date(2026, 10, 8))
    s = new_subject(cc)
    with pytest.raises(TransitionError, match="尚未届满"):
        services.record_search(s.pk, cc.ws, "查找")


@pytest.mark.parametrize(
    "start,end,tier",
    [
        (date(2026, 10, 9), date(2026, 10, 15), Travel.Tier.OFFICE),  # 7 days
        (date(2026, 10, 9), date(2026, 10, 16), Travel.Tier.AGENCY),  # 8 days
        (date(2026, 10, 9), date(2026, 11, 7), Travel.Tier.AGENCY),  # 30 days
    ],
)
def test_travel_tier_by_length(cc, today_is, start, end, tier):
    today_is(date(2026, 10, 8))
    s = supervised(cc)
    assert services.request_travel(s.pk, cc.ws, "济南", "探亲", start, end).tier == tier


def test_travel_over_30_days_refused(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc)
    with pytest.raises(TransitionError, match="30日"):
        services.request_travel(s.pk, cc.ws, "济南", "务工", date(2026, 10, 9), date(2026, 11, 8))


def test_office_tier_approved_by_the_office_chief_agency_tier_only_by_the_section_chief(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc)
    short = services.request_travel(s.pk, cc.ws, "济南", "探亲", date(2026, 10, 9), date(2026, 10, 15))
    # the chain from the rule rows: 7 days → the office's 所长 alone
    assert [step["code"] for step in short.case.route] == ["office-1", "return"]
    assert short.case.tasks.get(status="pending").assignee == cc.ws_chief
    # the return date applied for is the clock (calendar days, not rolled)
    assert short.case.clocks.get().due_date == date(2026, 10, 15)
    for wrong in (cc.ws, cc.qd_chief, cc.clerk, cc.leader, cc.chief):
        with pytest.raises(TransitionError):
            services.decide_travel(short.pk, wrong, True)
    services.decide_travel(short.pk, cc.ws_chief, True)
    with pytest.raises(TransitionError, match="已经审批"):
        services.decide_travel(short.pk, cc.ws_chief, True)
    today_is(date(2026, 10, 15))
    services.record_return(short.pk, cc.ws, date(2026, 10, 15))
    assert Travel.objects.get(pk=short.pk).status == Travel.Status.RETURNED
    assert short.case.clocks.get().status == CaseClock.Status.MET
    long = services.request_travel(s.pk, cc.ws, "上海", "务工", date(2026, 10, 16), date(2026, 10, 30))
    assert [step["code"] for step in long.case.route] == ["agency-1", "return"]
    with pytest.raises(TransitionError, match="区社区矫正机构负责人"):
        services.decide_travel(long.pk, cc.ws_chief, True)
    services.decide_travel(long.pk, cc.chief, True)
    assert Travel.objects.get(pk=long.pk).status == Travel.Status.APPROVED


def test_monitoring_needs_the_head_and_runs_three_months(cc, today_is):
    today_is(date(2026, 10, 12))
    s = supervised(cc)
    m = services.request_monitoring(s.pk, cc.ws, "未经批准离开所居住的县")
    # the chain (rules 1720, 1721): the chief reviews, the 县级司法行政部门负责人 approves (§29)
    for wrong in (cc.clerk, cc.ws_chief, cc.other_leader, cc.leader):
        with pytest.raises(TransitionError, match="负责人"):
            services.approve_monitoring(m.pk, wrong)
    services.approve_monitoring(m.pk, cc.chief)
    with pytest.raises(TransitionError, match="负责人"):
        services.approve_monitoring(m.pk, cc.chief)  # twice
    services.approve_monitoring(m.pk, cc.leader)
    assert Monitoring.objects.get(pk=m.pk).status == Monitoring.Status.ACTIVE
    services.start_monitoring(m.pk, cc.ws, date(2026, 10, 12))
    m.refresh_from_db()
    # 民法典 §201/§202: three months after 12 Oct is 12 Jan (a working day); not rolled anyway
    assert (m.start_on, m.end_on) == (date(2026, 10, 12), date(2027, 1, 12))
    today_is(date(2027, 1, 5))
    renewal = services.request_monitoring(s.pk, cc.ws, "经评估仍有必要", renewal_of=m.pk)
    services.approve_monitoring(renewal.pk, cc.chief)
    services.approve_monitoring(renewal.pk, cc.leader)
    m.refresh_from_db()
    renewal.refresh_from_db()
    # the first use's clock is extended by three months, approved by the head
    clock = m.case.clocks.get()
    assert clock.due_date == m.end_on == renewal.end_on == date(2027, 4, 12)
    assert clock.events.get(kind="extend").approved_by == cc.leader
    assert Monitoring.objects.get(pk=m.pk).status == Monitoring.Status.ACTIVE
    assert Monitoring.objects.get(pk=renewal.pk).status == Monitoring.Status.ACTIVE
    today_is(date(2027, 3, 1))
    services.end_monitoring(m.pk, cc.ws, date(2027, 3, 1))
    assert Monitoring.objects.get(pk=m.pk).status == Monitoring.Status.ENDED
    assert Monitoring.objects.get(pk=renewal.pk).status == Monitoring.Status.ENDED
    assert m.case.clocks.get().status == CaseClock.Status.MET


def test_warning_goes_to_the_section_chief_and_is_numbered_when_approved(cc, today_is):
    today_is(date(2026, 10, 20))
    s = supervised(cc)
    services.record_sanction(s.pk, cc.ws, Sanction.Kind.ADMONITION, date(2026, 10, 19), "未按规定报告")
    w = services.record_sanction(s.pk, cc.ws_chief, Sanction.Kind.WARNING, date(2026, 10, 20), "拒不报告")
    assert w.status == Sanction.Status.REQUESTED and not w.number
    for wrong in (cc.ws_chief, cc.clerk, cc.leader):
        with pytest.raises(TransitionError):
            services.decide_sanction(w.pk, wrong, True)
    services.decide_sanction(w.pk, cc.chief, True)
    w.refresh_from_db()
    assert w.status == Sanction.Status.DECIDED and w.number == "临司矫警告〔2026〕1号"
    assert w.decided_by == cc.chief and w.decided_on == date(2026, 10, 20)
    refused = services.record_sanction(s.pk, cc.ws, Sanction.Kind.WARNING, date(2026, 10, 20), "理由不足")
    with pytest.raises(TransitionError, match="理由"):
        services.decide_sanction(refused.pk, cc.chief, False)
    services.decide_sanction(refused.pk, cc.chief, False, "事实不清")
    assert Sanction.objects.get(pk=refused.pk).status == Sanction.Status.REFUSED


def test_proposals_and_the_outside_limits(cc, today_is):
    today_is(date(2026, 9, 25), hour=12)
    s = supervised(cc, on=date(2026, 9, 24))
    court = ExternalUnit.objects.get(code="court_district")
    at = timezone.make_aware(datetime(2026, 9, 25, 10, 0))
    with pytest.raises(TransitionError, match="同时"):
        services.submit_proposal(s.pk, cc.clerk, Proposal.Kind.ARREST, court, "可能逃跑")
    with pytest.raises(TransitionError, match="暂予监外执行"):
        services.submit_proposal(s.pk, cc.clerk, Proposal.Kind.PRISON, court, "理由")
    with pytest.raises(TransitionError):
        services.submit_proposal(s.pk, cc.ws, Proposal.Kind.REVOCATION, court, "理由")
    rev = services.submit_proposal(s.pk, cc.clerk, Proposal.Kind.REVOCATION, court, "两次警告仍不改正")
    with pytest.raises(TransitionError, match="尚未批准"):
        services.serve_proposal(rev.pk, cc.clerk, at)
    services.decide_proposal(rev.pk, cc.chief, True)
    services.decide_proposal(rev.pk, cc.leader, True)
    services.serve_proposal(rev.pk, cc.clerk, at)
    rev.refresh_from_db()
    # 25 Sept + 30 days = Sun 25 Oct, a rest day → Mon 26 Oct, on the case's clock too
    assert timezone.localtime(rev.due_at).date() == date(2026, 10, 26)
    assert rev.case.clocks.get().due_date == date(2026, 10, 26)
    arrest = services.submit_proposal(s.pk, cc.clerk, Proposal.Kind.ARREST, court, "可能逃跑")
    services.decide_proposal(arrest.pk, cc.chief, True)
    services.decide_proposal(arrest.pk, cc.leader, True)
    services.serve_proposal(arrest.pk, cc.clerk, at)
    arrest.refresh_from_db()
    assert timezone.localtime(arrest.due_at) == timezone.localtime(at).replace(day=27)  # 48 hours
    today_is(date(2026, 10, 20))
    services.record_proposal_result(rev.pk, cc.clerk, True, "（2026）鲁0305刑更1号裁定撤销缓刑", date(2026, 10, 20))
    assert rev.case.clocks.get().status == CaseClock.Status.MET
    # the 司法所 holding the file ends it (终止, §45)
    services.terminate(s.pk, cc.ws, date(2026, 10, 20), "撤销缓刑")
    s.refresh_from_db()
    assert s.status == Subject.Status.TERMINATED and s.case.status == Case.Status.CLOSED
    assert not s.case.clocks.filter(status="running").exists()


def test_release_on_expiry(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc, end_on=date(2026, 12, 1), on=date(2026, 10, 8))
    with pytest.raises(TransitionError, match="期满前"):
        services.release(s.pk, cc.ws, date(2026, 10, 8))
    today_is(date(2026, 12, 1))
    services.release(s.pk, cc.ws, date(2026, 12, 1))
    s.refresh_from_db()
    assert s.status == Subject.Status.RELEASED and s.certificate_no == "临司矫解〔2026〕1号"
    assert s.case.status == Case.Status.CLOSED
    assert s.case.clocks.get(rule__code="correction-termination-certificate").status == CaseClock.Status.MET
    with pytest.raises(TransitionError):
        services.release(s.pk, cc.ws, date(2026, 12, 1))


def test_assessment_10_and_5_working_days_over_the_holiday(cc, today_is):
    today_is(date(2026, 9, 23))
    court = ExternalUnit.objects.get(code="court_district")
    common = {
        "requester": court,
        "letter_no": "委托函1号",
        "person": "被告人甲",
        "id_number": id_number(50),
        "crime": "盗窃罪",
        "received_on": date(2026, 9, 23),
        "office": cc.offices["jo_qidu"],
    }
    normal = services.register_assessment(cc.clerk, {**common, "fast_track": False})
    fast = services.register_assessment(cc.clerk, {**common, "fast_track": True})
    # working days after Wed 23 Sept: 24; (25–27 中秋); 28, 29, 30; (1–7 Oct); 8, 9, Sat 10 (make-up), 12, 13, 14
    assert normal.due_on == date(2026, 10, 14)
    assert fast.due_on == date(2026, 10, 8)
    with pytest.raises(TransitionError):
        services.submit_assessment(normal.pk, cc.ws, "情况", "suitable")  # another office
    services.submit_assessment(normal.pk, cc.qd, "居所固定，家庭愿意协助。", "suitable")
    with pytest.raises(TransitionError):
        services.review_assessment(normal.pk, cc.clerk, True)
    assert Assessment.objects.get(pk=normal.pk).status == Assessment.Status.SUBMITTED
    services.review_assessment(normal.pk, cc.chief, False, "请补充村委会意见")  # back to the office
    assert Assessment.objects.get(pk=normal.pk).status == Assessment.Status.INVESTIGATING
    services.submit_assessment(normal.pk, cc.qd, "补充：村委会无异议。", "suitable")
    services.review_assessment(normal.pk, cc.chief, True)
    today_is(date(2026, 10, 13))
    services.return_assessment(normal.pk, cc.clerk, date(2026, 10, 13))
    assert Assessment.objects.get(pk=normal.pk).status == Assessment.Status.RETURNED
    assert normal.case.clocks.get().status == CaseClock.Status.MET
    assert fast.case.clocks.get().due_date == date(2026, 10, 8)


def test_relocation_decision_in_5_working_days_and_report_in_7_days(cc, today_is):
    today_is(date(2026, 9, 29))
    s = supervised(cc, on=date(2026, 9, 24))
    # applied Tue 29 Sept for a move on 15 Oct: less than a month ahead, recorded
    r = services.request_relocation(s.pk, cc.ws, "淄博市张店区", "随子女迁居", date(2026, 9, 29), date(2026, 10, 15))
    assert "未提前1个月申请" in s.events.first().text
    # 5 working days after Tue 29 Sept: 30 Sept; (1–7 Oct); 8, 9, Sat 10 (make-up), 12 → Mon 12 Oct
    decision = r.case.clocks.get(rule__code="correction-relocation-decision")
    assert decision.due_date == date(2026, 10, 12)
    with pytest.raises(TransitionError):
        services.serve_relocation(r.pk, cc.ws, date(2026, 9, 29))  # not decided yet
    today_is(date(2026, 10, 9))
    services.decide_relocation(r.pk, cc.chief, True)
    services.serve_relocation(r.pk, cc.ws, date(2026, 10, 9))
    decision.refresh_from_db()
    assert decision.status == CaseClock.Status.MET
    # 9 Oct + 7 days = Fri 16 Oct
    assert r.case.clocks.get(rule__code="correction-relocation-report").due_date == date(2026, 10, 16)
    today_is(date(2026, 10, 17))
    services.record_arrival(r.pk, cc.ws, date(2026, 10, 17))
    assert r.case.clocks.get(rule__code="correction-relocation-report").status == CaseClock.Status.LATE
    s.refresh_from_db()
    assert s.status == Subject.Status.TERMINATED and "变更执行地" in s.end_reason
