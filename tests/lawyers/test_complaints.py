"""Complaints about lawyers, firms, notaries and grassroots workers: intake, 分办, 受理, the
investigation, the upward 处罚建议 and the written reply; the handling section by kind; refusals;
the complainant's data masked outside the handlers and every reveal audited.

Dates over the 2026 National Day holiday (中秋 25 Sept and 1–7 Oct off; Saturday 10 Oct a
make-up working day)."""

from datetime import date

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.lawyers import services
from apps.lawyers.models import Complaint, ComplaintStage, Finding, RecommendationStage
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task
from tests.lawyers.factories import PHONE, make_firm, make_lawyer, new_complaint, note, recommend

pytestmark = pytest.mark.django_db


def clock(case, code):
    return case.clocks.get(rule__code=code)


def approve(case, user, opinion="同意。"):
    from apps.workflow import api

    api.approve(case.pk, Task.objects.pending().get(case=case, assignee=user).pk, user, opinion)


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_a_complaint_against_a_lawyer_to_the_upward_recommendation_and_reply(bureau, people, today):
    p = people
    lawyer = make_lawyer(make_firm())
    today.set(date(2026, 9, 28))
    case = new_complaint(p.outsider, lawyer=lawyer)
    complaint = case.lawyer_complaint
    assert case.section.code == "lawyers" and complaint.subject_unit == "山东齐都律师事务所"
    # 10 WD from Monday 28 Sept: 29, 30 Sept, 8, 9, Sat 10 (5), 12–16 Oct (10).
    assert clock(case, services.ACCEPT_RULE).due_date == date(2026, 10, 16)
    assert case.current_step == "assign" and Task.objects.pending().get(case=case).assignee == p.other_chief

    today.set(date(2026, 9, 29))
    with pytest.raises(TransitionError):
        services.assign(case.pk, p.outsider, p.outsider, date(2026, 9, 29))  # not the chief
    with pytest.raises(TransitionError):
        services.assign(case.pk, p.other_chief, p.clerk, date(2026, 9, 29))  # not of the section
    services.assign(case.pk, p.other_chief, p.outsider, date(2026, 9, 29))
    with pytest.raises(TransitionError):
        services.assign(case.pk, p.other_chief, p.outsider, date(2026, 9, 29))  # a second click

    today.set(date(2026, 9, 30))
    with pytest.raises(TransitionError):
        services.decide(case.pk, p.other_chief, True, date(2026, 9, 30))  # the handler decides
    services.decide(case.pk, p.outsider, True, date(2026, 9, 30))
    case.refresh_from_db()
    assert clock(case, services.ACCEPT_RULE).status == "met"
    # 60 days from 30 Sept: Sunday 29 Nov, rolled forward to Monday 30 Nov (民法典 §203).
    assert clock(case, services.REPLY_RULE).due_date == date(2026, 11, 30)

    today.set(date(2026, 10, 12))
    with pytest.raises(TransitionError, match="调查记录"):
        recommend(case, p.outsider)  # no investigation yet
    note(case, p.outsider, date(2026, 10, 12))
    rec_case = recommend(case, p.outsider)
    rec = rec_case.lawyer_recommendation
    assert rec.recipient.code == "justice_city" and rec.stage == RecommendationStage.APPROVING
    with pytest.raises(TransitionError, match="已提出"):
        recommend(case, p.outsider)
    # The reply saying a recommendation was made waits until it has been sent.
    with pytest.raises(TransitionError, match="报送"):
        services.reply(case.pk, p.outsider, Finding.RECOMMEND, "已提出处罚建议。", date(2026, 10, 12))

    approve(rec_case, p.other_chief)
    approve(rec_case, p.other_leader)  # the lawyers section's division leader
    rec.refresh_from_db()
    rec_case.refresh_from_db()
    assert rec.stage == RecommendationStage.APPROVED
    today.set(date(2026, 10, 14))
    services.send_recommendation(rec_case.pk, p.outsider, date(2026, 10, 14), "临司建〔2026〕5号")
    services.reply(
        case.pk, p.outsider, Finding.RECOMMEND, "投诉属实，已向淄博市司法局提出处罚建议。", date(2026, 10, 14)
    )
    case.refresh_from_db()
    complaint.refresh_from_db()
    assert case.status == Case.Status.CLOSED and complaint.stage == ComplaintStage.REPLIED
    assert clock(case, services.REPLY_RULE).status == "met"
    today.set(date(2026, 11, 20))
    services.record_recommendation_result(rec_case.pk, p.outsider, date(2026, 11, 20), "市局给予警告。")
    rec_case.refresh_from_db()
    assert rec_case.status == Case.Status.CLOSED and rec_case.lawyer_recommendation.stage == RecommendationStage.DONE

    # The printed forms: 受理告知书, 答复书, the 处罚建议书 with its approvals.
    c = client_for(p.outsider)
    for url in (
        f"/lawyers/complaints/{case.pk}/print/accept.pdf",
        f"/lawyers/complaints/{case.pk}/print/reply.pdf",
        f"/lawyers/recommendations/{rec_case.pk}/print.pdf",
    ):
        response = c.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", url
    assert c.get(f"/lawyers/complaints/{case.pk}/print/decline.pdf").status_code == 302  # never declined


def test_the_recommendation_cannot_be_printed_before_approval(bureau, people, today):
    p = people
    today.set(date(2026, 10, 12))
    case = new_complaint(p.outsider, received_on=date(2026, 10, 9), kind="lawyer", name="王律师", unit="某所")
    services.assign(case.pk, p.other_chief, p.outsider, date(2026, 10, 9))
    services.decide(case.pk, p.outsider, True, date(2026, 10, 9))
    note(case, p.outsider, date(2026, 10, 12))
    rec_case = recommend(case, p.outsider)
    response = client_for(p.outsider).get(f"/lawyers/recommendations/{rec_case.pk}/print.pdf")
    assert response.status_code == 302


def test_a_declined_complaint_is_closed_with_its_reason(bureau, people, today):
    p = people
    today.set(date(2026, 9, 30))
    case = new_complaint(p.outsider)
    services.assign(case.pk, p.other_chief, p.outsider, date(2026, 9, 29))
    with pytest.raises(TransitionError, match="理由"):
        services.decide(case.pk, p.outsider, False, date(2026, 9, 30), "  ")
    services.decide(case.pk, p.outsider, False, date(2026, 9, 30), "对裁判结果不服，不属于投诉范围。")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert client_for(p.outsider).get(f"/lawyers/complaints/{case.pk}/print/decline.pdf").status_code == 200


def test_complaints_about_notaries_and_grassroots_workers_go_to_the_public_legal_section(
    bureau, people, service, today
):
    today.set(date(2026, 10, 9))
    assert services.complaint_start_url("notary") == "/lawyers/complaints/new/?kind=notary"
    assert services.handling_section_code("grassroots") == "public_legal"
    case = new_complaint(
        service.clerk, received_on=date(2026, 10, 9), kind="notary", name="刘公证员", unit="临淄区公证处"
    )
    assert case.section.code == "public_legal"
    assert Task.objects.pending().get(case=case).assignee == service.chief
    # Seen by that section, its division leader and the director; not by the lawyers section.
    for user in (service.clerk, service.chief, service.leader, people.director):
        assert Complaint.objects.visible_to(user).filter(case=case).exists(), user
    for user in (people.outsider, people.other_chief, people.other_leader, people.clerk):
        assert not Complaint.objects.visible_to(user).filter(case=case).exists(), user
        assert client_for(user).get(f"/cases/{case.pk}/").status_code == 404
    # A lawyers' staff member may register one (intake); the public_legal chief assigns it.
    other = new_complaint(
        people.outsider, received_on=date(2026, 10, 9), kind="grassroots", name="赵某", unit="齐都法律服务所"
    )
    assert other.section.code == "public_legal"
    with pytest.raises(TransitionError):
        services.assign(other.pk, people.other_chief, people.outsider, date(2026, 10, 9))
    services.assign(other.pk, service.chief, service.clerk, date(2026, 10, 9))


def test_only_the_two_sections_register_complaints(bureau, people, today):
    today.set(date(2026, 10, 9))
    with pytest.raises(TransitionError):
        new_complaint(people.clerk, received_on=date(2026, 10, 9))
    assert client_for(people.clerk).get("/lawyers/complaints/new/").status_code == 403
    assert client_for(people.outsider).get("/lawyers/complaints/new/?kind=notary").status_code == 200


def test_the_complainant_is_masked_outside_the_handlers_and_each_reveal_is_audited(bureau, people, today):
    p = people
    today.set(date(2026, 9, 30))
    case = new_complaint(p.outsider)
    services.assign(case.pk, p.other_chief, p.outsider, date(2026, 9, 29))
    complaint = case.lawyer_complaint
    # The division leader and the director oversee: they see the case, masked, without 查看.
    for user in (p.other_leader, p.director):
        page = client_for(user).get(f"/cases/{case.pk}/").content.decode()
        assert PHONE not in page and "pii-reveal" not in page, user
        listing = client_for(user).get("/lawyers/complaints/").content.decode()
        assert "张三" in listing and PHONE not in listing
    # The handler sees it masked with a 查看 link; the reveal shows it and is audited.
    handler = client_for(p.outsider)
    page = handler.get(f"/cases/{case.pk}/").content.decode()
    assert PHONE not in page and "pii-reveal" in page
    url = f"/privacy/reveal/lawyers.complaint/{complaint.pk}/phone/"
    response = handler.post(url, {"reason": "电话告知投诉人受理情况"})
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert AuditEvent.objects.filter(actor=p.outsider, event="pii.reveal", outcome="success").count() == 1
    # An overseer's reveal is refused, and the attempt is audited too.
    assert client_for(p.other_leader).post(url, {"reason": "了解情况"}).status_code == 403
    assert AuditEvent.objects.filter(actor=p.other_leader, event="pii.reveal", outcome="denied").count() == 1
    # The export masks it for everyone.
    export = handler.get("/lawyers/complaints/?export=xlsx")
    assert export.status_code == 200


def test_the_complaint_list_costs_the_same_number_of_queries_whatever_its_length(
    bureau, people, today, django_assert_max_num_queries
):
    today.set(date(2026, 10, 9))
    c = client_for(people.outsider)
    new_complaint(people.outsider, received_on=date(2026, 10, 9))
    c.get("/lawyers/complaints/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert c.get("/lawyers/complaints/").status_code == 200
    for _ in range(6):
        new_complaint(people.outsider, received_on=date(2026, 10, 9))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert c.get("/lawyers/complaints/").status_code == 200
