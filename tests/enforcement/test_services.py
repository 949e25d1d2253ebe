"""行政执法监督's services: the complaint's moves and clocks, refusals, double submits; the
certificate lifecycle; disputes, list reviews, evaluations and checks. Due dates are
hand-computed over the 2026 National Day holiday (中秋 Fri 25 Sept and 1–7 Oct off; Sunday
20 Sept and Saturday 10 Oct make-up working days)."""

from datetime import date
from decimal import Decimal

import pytest

from apps.enforcement import report, services
from apps.enforcement.models import (
    CertStatus,
    Complaint,
    ComplaintStage,
    Compliance,
    DisputeStatus,
    Finding,
    ListKind,
    ListReviewStage,
    ReviewConclusion,
    ReviewResult,
)
from apps.numbering.models import IssuedNumber
from apps.workflow.api import TransitionError
from apps.workflow.models import Case
from tests.enforcement.factories import (
    approve_all,
    issued_certificate,
    new_certificate,
    new_complaint,
    pending,
    to_followup,
    unit,
)

pytestmark = pytest.mark.django_db


def clock(case, code):
    return case.clocks.get(rule__code=code)


def test_a_complaint_from_registration_to_a_supervision_decision(enf, today):
    today.set(date(2026, 9, 23))
    case = new_complaint(enf.clerk)
    # 5 working days from Wed 23 Sept: 24, 28, 29, 30 Sept, Thu 8 Oct (25 Sept and 1–7 Oct off).
    assert clock(case, "enforcement-complaint-accept").due_date == date(2026, 10, 8)
    today.set(date(2026, 9, 29))
    services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 29))
    assert clock(case, "enforcement-complaint-accept").status == "met"
    # 60 calendar days from 29 Sept: Sat 28 Nov, a rest day: Mon 30 Nov.
    assert clock(case, "enforcement-complaint-handle").due_date == date(2026, 11, 30)
    today.set(date(2026, 10, 9))
    services.propose(
        case.pk,
        enf.clerk,
        "处罚前未告知陈述申辩权利。",
        Finding.DECISION,
        "撤销该处罚决定。",
        date(2026, 10, 9),
        "revoke",
    )
    case.refresh_from_db()
    # a 决定书 goes up to the director: the chain was expanded again from the rule rows
    labels = [step["label"] for step in case.route]
    assert labels[-4:-2] == ["分管领导审批", "局长审批"] and "科室负责人审核" in labels
    assert case.current_step_label == "科室负责人审核"
    approve_all(case, enf.chief, enf.leader, enf.director)
    case.refresh_from_db()
    assert case.current_step == "issue"
    today.set(date(2026, 10, 13))
    services.issue(case.pk, enf.clerk, date(2026, 10, 12), date(2026, 10, 13))
    complaint = Complaint.objects.get(case=case)
    assert complaint.document_number == "临司执监决〔2026〕1号"  # allocated, not typed
    with pytest.raises(TransitionError):  # the second click numbers nothing more
        services.issue(case.pk, enf.clerk, date(2026, 10, 12), date(2026, 10, 13))
    assert IssuedNumber.objects.filter(scheme__code="enforcement-decision").count() == 1
    # §29 ¶2: 30 days from receipt on 13 Oct: Thu 12 Nov.
    assert clock(case, "enforcement-decision-report").due_date == date(2026, 11, 12)
    assert clock(case, "enforcement-complaint-handle").status == "met"
    today.set(date(2026, 11, 2))
    services.record_compliance(case.pk, enf.clerk, Compliance.DONE, "已撤销原处罚决定并书面报告。", date(2026, 11, 2))
    case.refresh_from_db()
    complaint = Complaint.objects.get(case=case)
    assert case.status == Case.Status.CLOSED and complaint.stage == ComplaintStage.CLOSED
    assert complaint.concluded_on == date(2026, 11, 2)


def test_an_opinion_skips_the_director_and_its_30_days_roll_over_the_holiday(enf, today):
    today.set(date(2026, 9, 10))
    case = new_complaint(enf.clerk, date(2026, 8, 20))
    services.accept_complaint(case.pk, enf.clerk, date(2026, 8, 21))
    services.propose(case.pk, enf.clerk, "查明。", Finding.OPINION, "请自行纠正。", date(2026, 8, 28))
    case.refresh_from_db()
    assert "局长审批" not in [s["label"] for s in case.route]
    approve_all(case, enf.chief, enf.leader)
    services.issue(case.pk, enf.clerk, date(2026, 9, 3), date(2026, 9, 4))
    assert Complaint.objects.get(case=case).document_number == "临司执监意〔2026〕1号"
    # §28: 30 days from 4 Sept end Sun 4 Oct, inside the holiday: the next working day, Thu 8 Oct.
    assert clock(case, "enforcement-opinion-correction").due_date == date(2026, 10, 8)
    today.set(date(2026, 10, 12))
    with pytest.raises(TransitionError, match="届满"):
        services.record_compliance(case.pk, enf.clerk, Compliance.DONE, "已纠正。", date(2026, 10, 12))
    services.record_compliance(case.pk, enf.clerk, Compliance.LATE, "逾期后纠正。", date(2026, 10, 12))
    assert Complaint.objects.get(case=case).stage == ComplaintStage.CLOSED


def test_a_declined_complaint_closes_at_once(enf, today):
    today.set(date(2026, 9, 24))
    case = new_complaint(enf.clerk)
    with pytest.raises(TransitionError, match="理由"):
        services.decline_complaint(case.pk, enf.clerk, date(2026, 9, 24), " ")
    services.decline_complaint(case.pk, enf.clerk, date(2026, 9, 24), "已申请行政复议，不属于监督受理范围。")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert Complaint.objects.get(case=case).stage == ComplaintStage.DECLINED
    with pytest.raises(TransitionError):
        services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 24))


def test_an_unfounded_complaint_closes_when_its_answer_is_served(enf, today):
    today.set(date(2026, 10, 20))
    case = new_complaint(enf.clerk)
    services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 29))
    services.propose(case.pk, enf.clerk, "执法程序合法。", Finding.UNFOUNDED, "投诉不成立。", date(2026, 10, 9))
    approve_all(case, enf.chief, enf.leader)
    services.issue(case.pk, enf.clerk, date(2026, 10, 12), date(2026, 10, 13))
    assert Complaint.objects.get(case=case).document_number == "临司执监告〔2026〕1号"
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert not case.clocks.filter(rule__code__in=["enforcement-opinion-correction", "enforcement-decision-report"])


def test_refusals_wrong_person_wrong_step_future_dates_and_double_submit(enf, people, today):
    today.set(date(2026, 9, 29))
    with pytest.raises(TransitionError, match="行政执法监督科"):
        new_complaint(people.clerk)  # the office's clerk
    case = new_complaint(enf.clerk)
    with pytest.raises(TransitionError):
        services.accept_complaint(case.pk, enf.colleague, date(2026, 9, 29))  # not their task
    with pytest.raises(TransitionError, match="晚于今天"):
        services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 30))
    with pytest.raises(TransitionError, match="早于"):
        services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 22))
    with pytest.raises(TransitionError):
        services.propose(case.pk, enf.clerk, "x", Finding.OPINION, "y", date(2026, 9, 29))  # wrong step
    services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 29))
    with pytest.raises(TransitionError):
        services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 29))  # the second click
    with pytest.raises(TransitionError, match="处理决定的种类"):
        services.propose(case.pk, enf.clerk, "x", Finding.DECISION, "y", date(2026, 9, 29))
    services.propose(case.pk, enf.clerk, "x", Finding.OPINION, "y", date(2026, 9, 29))
    with pytest.raises(TransitionError):
        services.propose(case.pk, enf.clerk, "x", Finding.OPINION, "y", date(2026, 9, 29))
    with pytest.raises(TransitionError):
        services.issue(case.pk, enf.clerk, date(2026, 9, 29), date(2026, 9, 29))  # not approved yet
    assert not IssuedNumber.objects.filter(target=f"case:{case.pk}").exists()


def test_a_returned_proposal_is_proposed_again_and_the_chain_follows_the_new_finding(enf, today):
    today.set(date(2026, 10, 9))
    case = new_complaint(enf.clerk)
    services.accept_complaint(case.pk, enf.clerk, date(2026, 9, 29))
    services.propose(case.pk, enf.clerk, "x", Finding.OPINION, "y", date(2026, 10, 9))
    from apps.workflow import api

    api.return_case(case.pk, pending(case).pk, enf.chief, api.step_index(case, "investigate"), "应作出监督决定。")
    case.refresh_from_db()
    assert case.current_step == "investigate"
    services.propose(case.pk, enf.clerk, "x", Finding.DECISION, "撤销。", date(2026, 10, 9), "revoke")
    case.refresh_from_db()
    assert "局长审批" in [s["label"] for s in case.route]


def test_the_certificate_lifecycle(enf, today):
    today.set(date(2025, 10, 9))
    cert = issued_certificate(enf.clerk)
    assert cert.status == CertStatus.ISSUED
    assert cert.review_due == date(2026, 10, 9)  # one review period (12 months) after issue
    today.set(date(2026, 9, 30))
    with pytest.raises(TransitionError, match="原因"):
        services.annual_review(cert.pk, enf.clerk, 2026, ReviewResult.FAILED, date(2026, 9, 30))
    services.annual_review(cert.pk, enf.clerk, 2026, ReviewResult.PASSED, date(2026, 9, 30))
    cert.refresh_from_db()
    assert cert.review_due == date(2027, 10, 9)
    with pytest.raises(TransitionError, match="已年审"):
        services.annual_review(cert.pk, enf.clerk, 2026, ReviewResult.PASSED, date(2026, 9, 30))
    new = services.report_loss(cert.pk, enf.clerk, date(2026, 9, 30), "SD-ZF-0002", date(2026, 9, 30))
    cert.refresh_from_db()
    assert cert.status == CertStatus.LOST and new.replaces == cert and new.status == CertStatus.ISSUED
    assert new.id_number.plain == "370305198301127530"
    services.revoke_certificate(cert.pk, enf.clerk, date(2026, 9, 30), "证件遗失，已补发")
    with pytest.raises(TransitionError):
        services.revoke_certificate(cert.pk, enf.clerk, date(2026, 9, 30), "again")


def test_certificate_refusals(enf, people, today):
    today.set(date(2025, 10, 9))
    with pytest.raises(TransitionError, match="行政执法监督科"):
        new_certificate(people.clerk)
    cert = new_certificate(enf.clerk)
    with pytest.raises(TransitionError):
        services.record_exam(cert.pk, enf.clerk, 90, date(2025, 9, 20))  # not checked yet
    with pytest.raises(TransitionError, match="理由"):
        services.check_certificate(cert.pk, enf.clerk, False, "", date(2025, 9, 5))
    services.check_certificate(cert.pk, enf.clerk, True, "", date(2025, 9, 5))
    with pytest.raises(TransitionError):
        services.check_certificate(cert.pk, enf.clerk, True, "", date(2025, 9, 5))  # double submit
    services.record_exam(cert.pk, enf.clerk, "59.5", date(2025, 9, 20))
    cert.refresh_from_db()
    assert cert.status == CertStatus.FAILED
    other = issued_certificate(enf.clerk, number="SD-ZF-0009")
    third = new_certificate(enf.clerk)
    services.check_certificate(third.pk, enf.clerk, True, "", date(2025, 9, 5))
    services.record_exam(third.pk, enf.clerk, 70, date(2025, 9, 20))
    with pytest.raises(TransitionError, match="已登记"):
        services.issue_certificate(third.pk, enf.clerk, other.number, date(2025, 10, 9), date(2030, 10, 8))
    with pytest.raises(TransitionError, match="有效期"):
        services.issue_certificate(third.pk, enf.clerk, "SD-ZF-0010", date(2025, 10, 9), date(2025, 10, 1))


def test_disputes_list_reviews_evaluations_and_checks(enf, today):
    today.set(date(2026, 10, 20))
    d = services.register_dispute(
        enf.clerk,
        "占道经营执法职责争议",
        unit("dept_urban"),
        [unit("dept_market")],
        date(2026, 10, 9),
        "双方均认为不属本部门职责。",
    )
    with pytest.raises(TransitionError, match="纪要"):
        services.conclude_dispute(d.pk, enf.clerk, DisputeStatus.AGREED, "一致", date(2026, 10, 20))
    services.record_meeting(d.pk, enf.clerk, date(2026, 10, 15), "会议明确由综合执法局负责。")
    services.conclude_dispute(
        d.pk, enf.clerk, DisputeStatus.REFERRED, "未能达成一致，报请区政府裁决。", date(2026, 10, 16)
    )
    with pytest.raises(TransitionError):
        services.conclude_dispute(d.pk, enf.clerk, DisputeStatus.AGREED, "x", date(2026, 10, 20))
    services.conclude_dispute(d.pk, enf.clerk, DisputeStatus.RULED, "区政府裁决由综合执法局负责。", date(2026, 10, 20))

    case = services.register_list_review(
        enf.clerk,
        {
            "kind": ListKind.POWERS,
            "submitter": unit("dept_gov_office"),
            "departments": "区市场监督管理局",
            "items": "新增行政检查事项3项。",
            "received_on": date(2026, 9, 30),
        },
    )
    # 10 working days from Wed 30 Sept: 8, 9, 10 (Sat), 12–16, 19, 20 Oct.
    assert clock(case, "enforcement-list-review").due_date == date(2026, 10, 20)
    services.review_list(case.pk, enf.clerk, ReviewConclusion.LEGAL, "于法有据。", "", date(2026, 10, 15))
    approve_all(case, enf.chief, enf.leader)
    services.feed_back(case.pk, enf.clerk, date(2026, 10, 16))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.enforcement_list_review.stage == ListReviewStage.DONE

    evaluation = services.open_evaluation(enf.clerk, 2026, "2026年度行政处罚案卷评查", date(2026, 10, 8))
    base = {
        "file_title": "某案",
        "evaluated_on": date(2026, 10, 9),
        "score_subject": 10,
        "score_facts": 20,
        "score_procedure": 20,
        "score_law": 18,
        "score_documents": 17,
    }
    services.score_file(evaluation.pk, enf.clerk, {**base, "unit": unit("dept_market"), "file_number": "A1"})
    services.score_file(
        evaluation.pk, enf.clerk, {**base, "unit": unit("dept_urban"), "file_number": "B1", "score_facts": 25}
    )
    with pytest.raises(TransitionError, match="已评查"):
        services.score_file(evaluation.pk, enf.clerk, {**base, "unit": unit("dept_market"), "file_number": "A1"})
    with pytest.raises(TransitionError, match="0 到 10"):
        services.score_file(
            evaluation.pk, enf.clerk, {**base, "unit": unit("dept_market"), "file_number": "A2", "score_subject": 11}
        )
    from apps.enforcement.views import ranking

    assert [r["unit__name"] for r in ranking(evaluation)] == ["区综合行政执法局", "区市场监督管理局"]
    assert ranking(evaluation)[0]["average"] == Decimal("90.0")

    with pytest.raises(TransitionError, match="问题"):
        services.record_check(enf.clerk, {"unit": unit("dept_market"), "checked_on": date(2026, 10, 9)})
    check = services.record_check(
        enf.clerk,
        {
            "unit": unit("dept_market"),
            "checked_on": date(2026, 10, 9),
            "publicity_ok": True,
            "recording_ok": False,
            "legal_review_ok": True,
            "findings": "执法记录仪使用不规范。",
            "rectify_by": date(2026, 11, 9),
        },
    )
    services.record_rectified(check.pk, enf.clerk, date(2026, 10, 20))
    with pytest.raises(TransitionError):
        services.record_rectified(check.pk, enf.clerk, date(2026, 10, 20))


def _values(figures, group):
    return {f.label: f.value for f in figures[group]}


def test_the_yearly_figures(enf, today, people):
    today.set(date(2026, 11, 2))
    to_followup(enf, Finding.DECISION)
    case = new_complaint(enf.clerk)
    services.decline_complaint(case.pk, enf.clerk, date(2026, 9, 24), "不属于行政执法行为。")
    today.set(date(2025, 10, 9))
    issued_certificate(enf.clerk)
    figures = report.yearly_figures(2026, enf.leader)
    complaints = _values(figures, "行政执法投诉举报")
    assert complaints["收到投诉举报"] == 2 and complaints["立案"] == 1 and complaints["不予立案"] == 1
    assert complaints["作出行政执法监督决定书"] == 1
    certificates = _values(figures, "行政执法类证件")
    assert certificates["新发行政执法证"] == 0 and certificates["年末持有行政执法证"] == 1
    assert _values(report.yearly_figures(2025, enf.director), "行政执法类证件")["新发行政执法证"] == 1
    # default deny: staff of another section count nothing of the section's registers
    outsider = _values(report.yearly_figures(2026, people.outsider), "行政执法投诉举报")
    assert set(outsider.values()) == {0}
    assert _values(report.yearly_figures(2025, people.outsider), "行政执法类证件")["新发行政执法证"] == 0


def test_each_yearly_figure_links_to_the_rows_behind_it(enf, today, client):
    """The figure and the register it links to count the same rows."""
    today.set(date(2026, 11, 2))
    to_followup(enf, Finding.DECISION)
    case = new_complaint(enf.clerk)
    services.decline_complaint(case.pk, enf.clerk, date(2026, 9, 24), "不属于行政执法行为。")
    issued_certificate(enf.clerk)
    client.force_login(enf.chief)
    figures = report.yearly_figures(2026, enf.chief)
    linked = [f for group in ("行政执法投诉举报", "行政执法类证件") for f in figures[group] if f.url]
    assert len(linked) >= 8
    for f in linked:
        page = client.get(f.url)
        assert page.status_code == 200, f.url
        assert page.context["page"].paginator.count == f.value, (f.label, f.url)
