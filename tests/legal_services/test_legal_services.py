"""公共法律服务管理科: services end to end, due dates hand-computed over the 2026 National Day
holiday (10月1日–7日 off; 10月10日(六) a make-up working day), the sweep (each notice once),
roles, masking and the reveal audit, query counts.

Hand-computed dates (民法典 §201: the start day is not counted; §203: a last day that is a rest
day moves to the next working day):
- 法律援助异议 received Mon 28 Sept + 5 days = Sat 3 Oct (holiday) → Thu 8 Oct.
- 援助审查 received Mon 28 Sept + 7 = Mon 5 Oct (holiday) → Thu 8 Oct;
  指派 decided Wed 30 Sept + 3 = Sat 3 Oct → Thu 8 Oct.
- 调解回访 agreement Wed 30 Sept + 7 = Wed 7 Oct (holiday) → Thu 8 Oct;
  司法确认 30 days → Fri 30 Oct.
- 陪审员选任公告 published Tue 1 Sept + 30 = Thu 1 Oct (holiday) → Thu 8 Oct;
  公示 5 working days from Mon 28 Sept: 29, 30 Sept, 8, 9 Oct, Sat 10 Oct (make-up) → 10 Oct.
"""

from datetime import date

import pytest
from django.test import Client

from apps.audit.models import AuditEvent
from apps.legal_services import services
from apps.legal_services.models import (
    AidApplication,
    Assessor,
    AssessorCandidate,
    MediationCase,
    MediationParty,
    ObjectionStage,
    PlanTask,
    ServicePerson,
)
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock, Notification, Task
from apps.workflow.sweep import run_sweep
from tests.legal_services.factories import ID_NUMBER, PHONE, Section, committee, mediation, objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def svc(bureau, people):
    return Section(bureau)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def approve_chain(case):
    for _ in range(3):
        task = Task.objects.filter(case=case, status=Task.Status.PENDING, kind=Task.Kind.APPROVE).first()
        if task is None:
            return
        from apps.workflow import api

        api.approve(case.pk, task.pk, task.assignee, "同意")


# --- legal aid -------------------------------------------------------------------------------------


def test_objection_decided_within_five_days_over_national_day(svc):
    case = objection(svc.clerk)
    clock = CaseClock.objects.get(case=case, rule__code="aid-objection-decision")
    assert clock.due_date == date(2026, 10, 8)
    with pytest.raises(TransitionError):  # the chief cannot draft in the clerk's step
        services.draft_objection_decision(case.pk, svc.chief, "uphold", "理由")
    services.draft_objection_decision(case.pk, svc.clerk, "correct", "申请人符合经济困难标准。")
    with pytest.raises(TransitionError):  # not yet approved
        services.issue_objection_decision(case.pk, svc.clerk, date(2026, 9, 30))
    approve_chain(case)
    services.issue_objection_decision(case.pk, svc.clerk, date(2026, 10, 8), "临司援异决〔2026〕1号")
    case.refresh_from_db()
    clock.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert clock.status == CaseClock.Status.MET
    assert case.aid_objection.stage == ObjectionStage.DECIDED
    with pytest.raises(TransitionError):  # a second click
        services.issue_objection_decision(case.pk, svc.clerk, date(2026, 10, 8))
    response = client_for(svc.clerk).get(f"/legal-services/{case.pk}/print/objection-decision.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_aid_register_due_dates_and_overdue_flags(svc):
    app = services.save_aid_application(
        svc.clerk,
        {
            "applicant": "张三",
            "matter": "劳动报酬",
            "received_on": date(2026, 9, 28),
            "decision": "granted",
            "decided_on": date(2026, 9, 30),
        },
    )
    assert app.review_due == date(2026, 10, 8)
    assert app.assign_due == date(2026, 10, 8)
    assert [label for label, _ in app.overdue_flags(date(2026, 10, 9))] == ["指派超期"]
    page = client_for(svc.clerk).get("/legal-services/aid/?overdue=on")
    assert "张三" in page.content.decode()
    with pytest.raises(TransitionError):
        services.save_aid_application(
            svc.clerk,
            {"applicant": "李四", "matter": "x", "received_on": date(2026, 9, 28), "assigned_on": date(2026, 9, 29)},
        )


def test_objection_sweep_notices_once(svc):
    objection(svc.clerk)
    run_sweep(today=date(2026, 10, 9))
    overdue = Notification.objects.filter(user=svc.clerk, kind=Notification.Kind.OVERDUE)
    assert overdue.count() == 1
    run_sweep(today=date(2026, 10, 9))
    run_sweep(today=date(2026, 10, 10))
    assert overdue.count() == 1


# --- mediation --------------------------------------------------------------------------------------


def test_mediation_to_agreement_and_follow_up(svc):
    unit = committee(svc.clerk)
    case = mediation(svc.clerk, unit)
    with pytest.raises(TransitionError):  # no agreement before the notice of rights and sessions
        services.record_agreement(case.pk, svc.clerk, date(2026, 9, 30), "赔偿", 3)
    services.notify_rights(case.pk, svc.clerk, date(2026, 9, 22))
    services.record_investigation(case.pk, svc.clerk, "走访双方。", date(2026, 9, 23))
    services.record_session(case.pk, svc.clerk, date(2026, 9, 28), "调解室", "双方陈述。")
    with pytest.raises(TransitionError):  # one copy per party plus one kept
        services.record_agreement(case.pk, svc.clerk, date(2026, 9, 30), "赔偿", 2)
    services.record_agreement(case.pk, svc.clerk, date(2026, 9, 30), "乙某赔偿甲某500元。", 3)
    m = MediationCase.objects.get(case=case)
    assert m.confirmation_due == date(2026, 10, 30)
    follow = CaseClock.objects.get(case=case, rule__code="mediation-follow-up-visit")
    assert follow.due_date == date(2026, 10, 8)
    run_sweep(today=date(2026, 10, 9))
    run_sweep(today=date(2026, 10, 9))
    assert Notification.objects.filter(user=svc.clerk, clock=follow, kind=Notification.Kind.OVERDUE).count() == 1
    services.record_visit(case.pk, svc.clerk, date(2026, 10, 8), "已履行。")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    with pytest.raises(TransitionError):
        services.record_confirmation(case.pk, svc.clerk, date(2026, 11, 2))  # after the 30 days
    services.record_confirmation(case.pk, svc.clerk, date(2026, 10, 20))
    for form in ("mediation-notice", "mediation-agreement", "mediation-visit"):
        assert client_for(svc.clerk).get(f"/legal-services/{case.pk}/print/{form}.pdf").status_code == 200


def test_mediation_statistics_per_committee_and_type(svc, django_assert_max_num_queries):
    unit = committee(svc.clerk)
    other = committee(svc.clerk, "交通事故调解委员会", kind="pro_mediation")
    for u in (unit, unit, other):
        mediation(svc.clerk, u)
    client = client_for(svc.clerk)
    client.get("/legal-services/mediation/stats/?month=2026-09")
    with django_assert_max_num_queries(12):
        page = client.get("/legal-services/mediation/stats/?month=2026-09").content.decode()
    assert "行业性专业性调解" in page and "人民调解" in page
    assert client.get("/legal-services/mediation/stats/?month=2026-09&export=xlsx").status_code == 200


# --- people's assessors -------------------------------------------------------------------------------


def _selection_to_second_draw(svc, seed1="seed-one", seed2="seed-two"):
    case = services.start_selection(svc.clerk, 2026, 5, 1)
    services.publish_call(case.pk, svc.clerk, date(2026, 9, 1))
    assert CaseClock.objects.get(case=case, rule__code="assessor-public-call").due_date == date(2026, 10, 8)
    with pytest.raises(TransitionError):  # fewer than five times the places by draw (4 × 5 = 20)
        services.first_draw(case.pk, svc.clerk, "公安名单", 500, 19, seed1, date(2026, 9, 10))
    services.first_draw(case.pk, svc.clerk, "公安名单", 500, 20, seed1, date(2026, 9, 10))
    for cand in AssessorCandidate.objects.filter(selection__case=case):
        services.record_candidate(
            case.pk,
            svc.clerk,
            cand.pk,
            {"name": f"候选{cand.serial}", "eligible": True, "consents": cand.serial % 3 != 0},
        )
    services.add_applicant(
        case.pk, svc.clerk, {"source": "application", "name": "申请人", "id_number": ID_NUMBER, "phone": ""}
    )
    applicant = AssessorCandidate.objects.get(selection__case=case, name="申请人")
    services.record_candidate(case.pk, svc.clerk, applicant.pk, {"eligible": True, "consents": True})
    with pytest.raises(TransitionError):  # the 30-day call has not run its course
        services.second_draw(case.pk, svc.clerk, [applicant.pk], seed2, date(2026, 10, 8))
    services.second_draw(case.pk, svc.clerk, [applicant.pk], seed2, date(2026, 10, 9))
    return case


def test_assessor_selection_both_draws_reproducible_to_appointment(svc):
    case = _selection_to_second_draw(svc)
    s = case.assessor_selection
    s.refresh_from_db()
    assert s.first_drawn == services.draw("seed-one", range(1, 501), 20)
    assert services.recheck(s) == (True, True)
    assert AssessorCandidate.objects.filter(selection=s, chosen=True).count() == 5
    services.publish_notice(case.pk, svc.clerk, date(2026, 10, 9))
    notice = CaseClock.objects.get(case=case, rule__code="assessor-public-notice")
    with pytest.raises(TransitionError):
        services.record_appointment(case.pk, svc.clerk, notice.due_date, "临人大常〔2026〕9号")
    services.record_appointment(case.pk, svc.clerk, date(2026, 10, 20), "临人大常〔2026〕9号")
    services.record_oath(case.pk, svc.clerk, date(2026, 10, 22))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assessors = Assessor.objects.filter(selection=s)
    assert assessors.count() == 5 and all(a.term_ends_on == date(2031, 10, 20) for a in assessors)
    for form in ("selection-call", "selection-draws", "selection-notice"):
        assert client_for(svc.clerk).get(f"/legal-services/{case.pk}/print/{form}.pdf").status_code == 200


def test_public_notice_period_counts_working_days_over_the_holiday(svc):
    case = services.start_selection(svc.clerk, 2026, 5, 0)
    services.publish_call(case.pk, svc.clerk, date(2026, 8, 1))
    services.first_draw(case.pk, svc.clerk, "名单", 100, 25, "s", date(2026, 9, 1))
    for cand in AssessorCandidate.objects.filter(selection__case=case):
        services.record_candidate(case.pk, svc.clerk, cand.pk, {"name": "某", "eligible": True, "consents": True})
    services.second_draw(case.pk, svc.clerk, [], "t", date(2026, 9, 25))
    services.publish_notice(case.pk, svc.clerk, date(2026, 9, 28))
    assert CaseClock.objects.get(case=case, rule__code="assessor-public-notice").due_date == date(2026, 10, 10)


def test_applicants_limited_to_a_fifth_of_the_quota(svc):
    with pytest.raises(TransitionError):
        services.start_selection(svc.clerk, 2026, 5, 2)


def test_term_expiry_sweep_notices_once(svc):
    a = services.save_assessor(svc.clerk, {"kind": "assessor", "name": "届满甲", "appointed_on": date(2021, 12, 20)})
    assert a.term_ends_on == date(2026, 12, 20)
    run_sweep(today=date(2026, 10, 1))
    remind = Notification.objects.filter(key__startswith=f"ls-term:{a.pk}:", key__contains=":remind:")
    assert remind.count() == 2  # the section's clerk and chief
    run_sweep(today=date(2026, 10, 2))
    assert remind.count() == 2
    run_sweep(today=date(2026, 12, 21))
    run_sweep(today=date(2026, 12, 22))
    assert Notification.objects.filter(key__startswith=f"ls-term:{a.pk}:", key__contains=":ended:").count() == 2


def test_plan_task_chased_once(svc):
    plan = services.save_plan(svc.clerk, {"duty": "6.12", "title": "司法所规范化建设方案", "kind": "scheme"})
    task = services.add_plan_task(svc.clerk, plan, {"text": "验收", "owner": svc.clerk, "due_on": date(2026, 10, 9)})
    run_sweep(today=date(2026, 10, 12))
    run_sweep(today=date(2026, 10, 13))
    assert Notification.objects.filter(key__startswith=f"ls-task:{task.pk}:", key__contains="overdue").count() == 2
    assert PlanTask.objects.get(pk=task.pk).done_on is None


# --- licence files -----------------------------------------------------------------------------------


def test_licence_itemised_notice_and_forwarding(svc):
    office = services.save_unit(svc.clerk, {"kind": "grassroots_office", "name": "稷下法律服务所"})
    case = services.receive_licence(
        svc.clerk, {"kind": "practice", "applicant": "吴某", "office": office, "received_on": date(2026, 9, 21)}
    )
    with pytest.raises(TransitionError):
        services.notify_missing(case.pk, svc.clerk, [], "", date(2026, 9, 22))
    services.notify_missing(case.pk, svc.clerk, ["education", "health"], "学历认证报告", date(2026, 9, 22))
    assert client_for(svc.clerk).get(f"/legal-services/{case.pk}/print/licence-missing.pdf").status_code == 200
    services.record_completion(case.pk, svc.clerk, date(2026, 9, 29))
    services.forward_licence(case.pk, svc.clerk, "同意报送。", date(2026, 10, 9))
    services.record_city_result(case.pk, svc.clerk, "granted", "证号1", date(2026, 10, 20))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


# --- roles, masking, queries ----------------------------------------------------------------------------


def test_roles_section_leader_director_see_others_do_not(svc, people):
    services.save_person(svc.clerk, {"kind": "notary", "name": "高洁", "phone": PHONE})
    objection(svc.clerk)
    for user in (svc.clerk, svc.chief, svc.leader, people.director):
        page = client_for(user).get("/legal-services/people/")
        assert page.status_code == 200 and "高洁" in page.content.decode(), user
        assert client_for(user).get("/legal-services/objections/").status_code == 200
    for user in (people.clerk, people.outsider, people.other_chief, people.leader, people.sysadmin):
        assert client_for(user).get("/legal-services/people/").status_code == 404, user
        assert client_for(user).get("/legal-services/objections/").status_code == 404
        assert "高洁" not in client_for(user).get("/legal-services/").content.decode()
    assert client_for(svc.leader).get("/legal-services/people/new/").status_code == 403


def test_personal_data_masked_outside_handlers_and_reveal_audited(svc, people):
    person = services.save_person(
        svc.clerk, {"kind": "grassroots_worker", "name": "周平", "phone": PHONE, "id_number": ID_NUMBER}
    )
    case = objection(svc.clerk)
    for user in (svc.clerk, svc.leader, people.director):
        for url in (f"/legal-services/people/{person.pk}/", f"/cases/{case.pk}/"):
            body = client_for(user).get(url).content.decode()
            assert PHONE not in body and ID_NUMBER not in body, (user, url)
    # the section's staff (handlers of the register) may reveal, with a reason on the audit log
    url = f"/privacy/reveal/legal_services.serviceperson/{person.pk}/phone/"
    response = client_for(svc.clerk).post(url, {"reason": "联系核实执业情况"})
    assert PHONE in response.content.decode()
    assert AuditEvent.objects.filter(event="pii.reveal", actor=svc.clerk).count() == 1
    # the division leader oversees but does not handle: refused and audited
    assert client_for(svc.leader).post(url, {"reason": "查看"}).status_code == 403
    assert AuditEvent.objects.filter(event="pii.reveal", actor=svc.leader, outcome="denied").exists()
    # the objector's data: the case handler only
    url = f"/privacy/reveal/legal_services.aidobjection/{case.aid_objection.pk}/phone/"
    assert client_for(svc.chief).post(url, {"reason": "查看"}).status_code == 403
    assert PHONE in client_for(svc.clerk).post(url, {"reason": "电话告知决定"}).content.decode()
    # the mediation parties' phones: the case handler only
    m = mediation(svc.clerk, committee(svc.clerk))
    party = MediationParty.objects.filter(mediation__case=m).first()
    url = f"/privacy/reveal/legal_services.mediationparty/{party.pk}/phone/"
    assert client_for(svc.leader).post(url, {"reason": "查看"}).status_code == 403
    assert client_for(people.outsider).post(url, {"reason": "查看"}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/legal-services/people/",
        "/legal-services/units/",
        "/legal-services/aid/",
        "/legal-services/mediation/",
        "/legal-services/objections/",
        "/legal-services/assessors/",
    ],
)
def test_lists_constant_queries(svc, url, django_assert_max_num_queries):
    unit = committee(svc.clerk)
    for i in range(12):
        services.save_person(svc.clerk, {"kind": "mediator", "name": f"调解员{i}", "unit": unit, "phone": PHONE})
        services.save_aid_application(
            svc.clerk, {"applicant": f"申请人{i}", "matter": "x", "received_on": date(2026, 9, 28)}
        )
        services.save_assessor(svc.clerk, {"kind": "assessor", "name": f"陪审员{i}", "appointed_on": date(2024, 1, 2)})
    for _ in range(3):
        objection(svc.clerk)
        mediation(svc.clerk, unit)
    client = client_for(svc.clerk)
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url + "?export=xlsx").status_code == 200


def test_history_kept_on_register_changes(svc):
    person = services.save_person(svc.clerk, {"kind": "notary", "name": "高洁"})
    services.save_person(svc.clerk, {"status": "suspended", "status_changed_on": date(2026, 11, 1)}, person)
    assert ServicePerson.history.filter(id=person.pk).count() == 2
    assert AidApplication.history.count() == 0


def test_demo_records_in_every_state(svc):
    from apps.legal_services import demo
    from apps.legal_services.models import GrassrootsLicence, MediationStage, SelectionStage

    assert demo.create_demo_cases({"service.clerk": svc.clerk, "service.chief": svc.chief}) > 0
    assert set(MediationCase.objects.values_list("stage", flat=True)) >= {
        MediationStage.INTAKE,
        MediationStage.SESSIONS,
        MediationStage.AGREED,
        MediationStage.VISITED,
        MediationStage.FAILED,
    }
    assert {SelectionStage.QUOTA, SelectionStage.FIRST_DRAW, SelectionStage.SWORN} <= set(
        Case.objects.filter(assessor_selection__isnull=False).values_list("assessor_selection__stage", flat=True)
    )
    assert GrassrootsLicence.objects.values("stage").distinct().count() == 4
    for url in ("/legal-services/", "/legal-services/mediation/stats/?month=2026-11", "/legal-services/units/"):
        assert client_for(svc.clerk).get(url).status_code == 200
