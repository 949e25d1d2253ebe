"""6.11 基层法律服务违规执业处罚: the district's own 警告 from 立案 to 结案 with the 告知书, the
hearing and the numbered, printed decision; the outcomes it may only recommend upward; the
refusals the 行政处罚法 asks for; a granted grassroots licence creating or updating the worker's
register row; the 职责手册 entry.

Hand-computed dates over the 2026 National Day holiday (1–7 Oct off; Saturday 10 Oct a make-up
working day; 行政处罚法 §85: 五日、七日 are working days, 九十日 calendar days):
- 立案 Mon 28 Sept + 90 days = Sun 27 Dec → Mon 28 Dec (民法典 §203).
- 告知 Wed 30 Sept + 5 working days: 8, 9, Sat 10, 12, 13 Oct → Tue 13 Oct.
- 听证 Fri 23 Oct: notified at least 7 working days before: 22, 21, 20, 19, 16, 15, 14 → 14 Oct.
- 决定 Mon 26 Oct + 7 working days: 27, 28, 29, 30 Oct, 2, 3, 4 Nov → Wed 4 Nov.
"""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from apps.legal_services import penalties, services
from apps.legal_services.models import PenaltyCase, PenaltyStage, PersonStatus, ServicePerson
from apps.org.models import Procedure
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task
from tests.hr.conftest import Today
from tests.legal_services.factories import ID_NUMBER, PHONE, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    clock = Today(date(2026, 9, 28))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def svc(bureau, people):
    return Section(bureau)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def worker(svc):
    office = services.save_unit(svc.clerk, {"kind": "grassroots_office", "name": "稷下法律服务所"})
    return services.save_person(
        svc.clerk, {"kind": "grassroots_worker", "name": "周平", "unit": office, "id_number": ID_NUMBER}
    )


def file_case(svc, person, filed_on=date(2026, 9, 28)):
    return penalties.file_case(
        svc.clerk,
        {
            "subject": "worker",
            "person": person,
            "office": None,
            "party_address": "淄博市临淄区桓公路18号",
            "source": "complaint",
            "source_ref": "投诉事项 12",
            "facts_alleged": "以律师名义执业",
            "filed_on": filed_on,
        },
    )


FINDINGS = {
    "facts_found": "周平在代理合同上署名为“律师”。",
    "evidence": "委托代理合同、询问笔录。",
    "legal_basis": "《基层法律服务工作者管理办法》第四十六条",
}


def pending(case, user):
    return Task.objects.pending().get(case=case, assignee=user)


def test_a_warning_from_filing_through_the_hearing_to_service_and_closing(svc, people, today):
    case = file_case(svc, worker(svc))
    p = case.grassroots_penalty
    assert case.section.code == "public_legal" and p.office.name == "稷下法律服务所"
    assert case.clocks.get(rule__code=penalties.DECISION_RULE).due_date == date(2026, 12, 28)

    today.set(date(2026, 9, 30))
    with pytest.raises(TransitionError, match="调查取证"):
        penalties.notify(case.pk, svc.clerk, {**FINDINGS, "proposed": "warning", "on_date": date(2026, 9, 30)})
    with pytest.raises(TransitionError, match="不得少于两人"):
        penalties.add_note(
            case.pk, svc.clerk, {"on_date": date(2026, 9, 29), "method": "inquiry", "officers": "甲", "content": "询问"}
        )
    penalties.add_note(
        case.pk, svc.clerk, {"on_date": date(2026, 9, 29), "method": "inquiry", "officers": "甲 乙", "content": "询问"}
    )
    with pytest.raises(TransitionError, match="告知书"):  # a penalty only after the notice
        penalties.draft_decision(case.pk, svc.clerk, {**FINDINGS, "outcome": "warning", "reasons": "x"})
    penalties.notify(
        case.pk, svc.clerk, {**FINDINGS, "proposed": "warning", "hearing_right": True, "on_date": date(2026, 9, 30)}
    )
    p.refresh_from_db()
    assert p.notice_no == "临司罚告〔2026〕1号" and p.hearing_request_due == date(2026, 10, 13)
    with pytest.raises(TransitionError):  # not twice
        penalties.notify(case.pk, svc.clerk, {**FINDINGS, "proposed": "warning", "on_date": date(2026, 9, 30)})
    with pytest.raises(TransitionError, match="听取"):  # §62: not before the party is heard
        penalties.draft_decision(case.pk, svc.clerk, {"outcome": "warning", "reasons": "x"})

    today.set(date(2026, 10, 14))
    with pytest.raises(TransitionError, match="五个工作日"):
        penalties.request_hearing(case.pk, svc.clerk, date(2026, 10, 14))
    penalties.request_hearing(case.pk, svc.clerk, date(2026, 10, 13))
    with pytest.raises(TransitionError, match="七个工作日前"):
        penalties.notify_hearing(case.pk, svc.clerk, date(2026, 10, 14), date(2026, 10, 22), "第一会议室", svc.chief)
    with pytest.raises(TransitionError, match="非本案调查人员"):
        penalties.notify_hearing(case.pk, svc.clerk, date(2026, 10, 14), date(2026, 10, 23), "第一会议室", svc.clerk)
    penalties.notify_hearing(case.pk, svc.clerk, date(2026, 10, 14), date(2026, 10, 23), "第一会议室", svc.chief)

    today.set(date(2026, 10, 22))
    with pytest.raises(TransitionError, match="举行后"):
        penalties.record_hearing(case.pk, svc.clerk, "听证笔录")
    today.set(date(2026, 10, 23))
    penalties.record_hearing(case.pk, svc.clerk, "当事人承认署名错误，请求从轻。")
    penalties.draft_decision(
        case.pk,
        svc.clerk,
        {
            "outcome": "warning",
            "reasons": "当事人的申辩理由不足以免除处罚，予以警告。",
            "serious": True,
            "collective_on": date(2026, 10, 23),
            "collective_note": "局长办公会议讨论同意给予警告。",
        },
    )
    case.refresh_from_db()
    assert case.current_step == "approval-1" and pending(case, svc.chief)
    with pytest.raises(TransitionError):  # the issue step is not the registrar's yet
        penalties.issue_decision(case.pk, svc.clerk, date(2026, 10, 23))
    api.approve(case.pk, pending(case, svc.chief).pk, svc.chief, "同意")
    api.approve(case.pk, pending(case, svc.leader).pk, svc.leader, "同意")
    api.approve(case.pk, pending(case, people.director).pk, people.director, "同意警告")
    case.refresh_from_db()
    assert case.current_step == "issue"
    assert case.grassroots_penalty.stage_label == "已批准，待制作决定书"

    today.set(date(2026, 10, 26))
    penalties.issue_decision(case.pk, svc.clerk, date(2026, 10, 26))
    with pytest.raises(TransitionError):  # a second click
        penalties.issue_decision(case.pk, svc.clerk, date(2026, 10, 26))
    case.refresh_from_db()
    assert case.clocks.get(rule__code=penalties.DECISION_RULE).status == "met"
    assert case.clocks.get(rule__code=penalties.SERVICE_RULE).due_date == date(2026, 11, 4)
    c = client_for(svc.clerk)
    for form in ("penalty-notice", "penalty-hearing", "penalty-decision"):
        response = c.get(f"/legal-services/{case.pk}/print/{form}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", form

    today.set(date(2026, 10, 28))
    penalties.serve_decision(case.pk, svc.clerk, date(2026, 10, 28), "直接送达")
    today.set(date(2026, 10, 29))
    penalties.close_case(case.pk, svc.clerk, date(2026, 10, 29), "警告已送达执行，结果报市司法局。")
    case.refresh_from_db()
    p = case.grassroots_penalty
    assert case.status == Case.Status.CLOSED and p.stage == PenaltyStage.CLOSED
    assert p.decision_no == "临司罚决〔2026〕1号"
    assert case.clocks.get(rule__code=penalties.SERVICE_RULE).status == "met"


def test_a_fine_is_not_the_districts_it_goes_up_to_the_city_without_a_notice(svc, people, today):
    case = file_case(svc, worker(svc))
    penalties.add_note(
        case.pk,
        svc.clerk,
        {"on_date": date(2026, 9, 28), "method": "documents", "officers": "甲、乙", "content": "调取收费凭证"},
    )
    with pytest.raises(TransitionError, match="告知书用于"):
        penalties.notify(case.pk, svc.clerk, {**FINDINGS, "proposed": "recommend", "on_date": date(2026, 9, 28)})
    penalties.draft_decision(
        case.pk, svc.clerk, {**FINDINGS, "outcome": "recommend", "reasons": "违法所得三千元，应没收并处罚款。"}
    )
    case.refresh_from_db()
    for user in (svc.chief, svc.leader, people.director):
        api.approve(case.pk, pending(case, user).pk, user, "同意")
    penalties.issue_decision(case.pk, svc.clerk, date(2026, 9, 28))
    response = client_for(svc.clerk).get(f"/legal-services/{case.pk}/print/penalty-decision.pdf")
    assert response.status_code == 200
    assert PenaltyCase.objects.get(case=case).outcome == "recommend"


def test_a_serious_case_needs_its_collective_discussion_and_only_staff_file(svc, people, today):
    person = worker(svc)
    with pytest.raises(TransitionError):
        penalties.file_case(people.outsider, {"subject": "worker", "person": person, "source": "other"})
    case = file_case(svc, person)
    response = client_for(svc.clerk).post(
        f"/legal-services/penalties/{case.pk}/draft",
        {**FINDINGS, "outcome": "minor", "reasons": "情节轻微", "serious": "on"},
    )
    assert response.status_code == 409 and "集体讨论" in response.content.decode()
    assert PenaltyCase.objects.get(case=case).stage == PenaltyStage.INVESTIGATING


def test_penalty_list_roles_and_the_handbook_entry(svc, people, today):
    case = file_case(svc, worker(svc))
    for user in (svc.clerk, svc.chief, svc.leader, people.director):
        page = client_for(user).get("/legal-services/penalties/")
        assert page.status_code == 200 and case.title in page.content.decode(), user
    for user in (people.clerk, people.outsider, people.sysadmin):
        assert client_for(user).get("/legal-services/penalties/").status_code == 404, user
        assert client_for(user).get(f"/cases/{case.pk}/").status_code == 404, user
    # the party's address on the case page: masked for the overseers
    body = client_for(svc.leader).get(f"/cases/{case.pk}/").content.decode()
    assert "桓公路18号" not in body
    assert Procedure.objects.get(code="6.11").portal_url_name == "legal_services:penalties"


def test_lists_of_penalty_cases_take_constant_queries(svc, today, django_assert_max_num_queries):
    person = worker(svc)
    file_case(svc, person)
    client = client_for(svc.clerk)
    client.get("/legal-services/penalties/")
    with django_assert_max_num_queries(20) as one:
        client.get("/legal-services/penalties/")
    for _ in range(8):
        file_case(svc, person)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/legal-services/penalties/").status_code == 200


def licence(svc, kind, applicant="吴某", **extra):
    office = services.save_unit(svc.clerk, {"kind": "grassroots_office", "name": f"{applicant}所{kind}"})
    case = services.receive_licence(
        svc.clerk,
        {"kind": kind, "applicant": applicant, "office": office, "received_on": date(2026, 9, 21), **extra},
    )
    services.forward_licence(case.pk, svc.clerk, "同意报送。", date(2026, 9, 22))
    return case, office


def test_a_granted_grassroots_licence_creates_then_moves_then_cancels_the_register_row(svc, today):
    case, office = licence(svc, "practice", id_number=ID_NUMBER, phone=PHONE)
    services.record_city_result(case.pk, svc.clerk, "granted", "33703201112345", date(2026, 9, 25))
    person = ServicePerson.objects.get(licence_no="33703201112345")
    case.refresh_from_db()
    assert case.grassroots_licence.person == person
    assert (person.kind, person.name, person.unit, person.status) == ("grassroots_worker", "吴某", office, "active")
    assert person.licence_issued_on == date(2026, 9, 25) and person.id_number.plain == ID_NUMBER

    # 变更执业机构: the same row (found by the ID number) moves to the new office.
    moved, new_office = licence(svc, "change", id_number=ID_NUMBER)
    services.record_city_result(moved.pk, svc.clerk, "granted", "变更核准", date(2026, 9, 26))
    person.refresh_from_db()
    assert person.unit == new_office and ServicePerson.objects.filter(name="吴某").count() == 1

    cancelled, _ = licence(svc, "cancel", id_number=ID_NUMBER)
    services.record_city_result(cancelled.pk, svc.clerk, "granted", "注销", date(2026, 9, 27))
    person.refresh_from_db()
    assert person.status == PersonStatus.LEFT and person.status_changed_on == date(2026, 9, 27)

    # A refusal leaves the register alone.
    refused, _ = licence(svc, "practice", applicant="郑某")
    services.record_city_result(refused.pk, svc.clerk, "refused", "不予核准", date(2026, 9, 28))
    assert not ServicePerson.objects.filter(name="郑某").exists()


def test_the_person_edit_form_keeps_the_id_number_without_showing_it(svc, today):
    person = services.save_person(
        svc.clerk, {"kind": "grassroots_worker", "name": "周平", "phone": PHONE, "id_number": ID_NUMBER}
    )
    c = client_for(svc.clerk)
    page = c.get(f"/legal-services/people/{person.pk}/edit/").content.decode()
    assert ID_NUMBER not in page and PHONE not in page
    response = c.post(
        f"/legal-services/people/{person.pk}/edit/",
        {"kind": "grassroots_worker", "name": "周平", "status": "active", "id_number": "", "phone": "", "note": "x"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number.plain == ID_NUMBER and person.phone.plain == PHONE and person.note == "x"
