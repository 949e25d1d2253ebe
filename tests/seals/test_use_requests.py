"""用印申请: nothing is stamped without a document or a main leader's written exception, the
approvers come from rule rows per seal, and the keeper never stamps more than was approved."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.seals import services
from apps.seals.models import SealChain, SealUseRequest, Stamping
from apps.seals.processes import NO_DOCUMENT, STAMP_STEP
from apps.workflow import services as engine
from apps.workflow.models import ApprovalRule, Case, CaseEvent, Task
from apps.workflow.services import TransitionError
from tests.matters.factories import new_request
from tests.seals.factories import approve_until_stamping, new_use, pdf_upload, pending

pytestmark = pytest.mark.django_db


def route_roles(case):
    return [(step["label"], step["role"]) for step in case.route]


# --- no document, no stamp ------------------------------------------------------------------------


def test_a_request_with_no_document_is_refused_with_the_reason(people, seals):
    case = new_use(people.clerk, seals.official, document=False)
    with pytest.raises(TransitionError) as refused:
        engine.submit(case.pk, people.clerk)
    assert str(refused.value) == NO_DOCUMENT
    assert "空白纸张" in NO_DOCUMENT and "介绍信" in NO_DOCUMENT and "局主要领导" in NO_DOCUMENT
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT and not case.tasks.exists()


def test_the_form_refuses_a_request_with_no_document(client, people, seals):
    client.force_login(people.clerk)
    response = client.post(
        reverse("seals:use_new"),
        {"seal": seals.official.pk, "reason": "空白介绍信盖章备用", "copies": 5, "submit": "1"},
    )
    assert response.status_code == 200
    assert NO_DOCUMENT in response.content.decode()
    assert not Case.objects.filter(process="seals.use").exists()


def test_the_case_page_submit_button_cannot_bypass_the_document_rule(client, people, seals):
    """A draft saved without a document and submitted from the engine's case page is refused too."""
    case = new_use(people.clerk, seals.official, document=False)
    client.force_login(people.clerk)
    response = client.post(reverse("workflow:case_action", args=[case.pk, "submit"]), {"version": case.version})
    assert response.status_code == 409
    assert "必须附上需要盖章的文件" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_a_linked_outgoing_document_counts_as_the_document(people, seals):
    document = new_request(people.clerk, title="关于印发2026年普法工作要点的通知", submit=True)
    case = new_use(people.clerk, seals.official, document=False, document_case=document, submit=True)
    assert case.status == Case.Status.ACTIVE
    assert case.seal_use.document_case == document


def test_a_linked_case_must_be_visible_to_the_requester(people, seals):
    hidden = new_request(people.outsider, title="律师科内部请示", submit=True)
    with pytest.raises(TransitionError, match="无权查看"):
        new_use(people.clerk, seals.official, document=False, document_case=hidden)
    assert not SealUseRequest.objects.exists()


def test_the_new_page_links_a_visible_case_and_answers_404_for_another(client, people, seals):
    mine = new_request(people.clerk, title="关于印发2026年普法工作要点的通知", submit=True)
    hidden = new_request(people.outsider, title="律师科内部请示", submit=True)
    client.force_login(people.clerk)
    response = client.get(reverse("seals:use_new"), {"case": mine.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "关联公文" in body and mine.title in body
    assert client.get(reverse("seals:use_new"), {"case": hidden.pk}).status_code == 404
    assert client.get(reverse("seals:use_new"), {"case": "x"}).status_code == 404
    # a forged hidden field cannot link it either
    response = client.post(
        reverse("seals:use_new"),
        {"seal": seals.official.pk, "reason": "律师科请示用印", "copies": 1, "document_case": hidden.pk, "submit": "1"},
    )
    assert response.status_code == 200 and not SealUseRequest.objects.exists()


def test_the_page_creates_and_submits_a_request_with_its_document(client, people, seals):
    client.force_login(people.clerk)
    response = client.post(
        reverse("seals:use_new"),
        {
            "seal": seals.official.pk,
            "document_title": "关于开展宪法宣传周活动的通知",
            "reason": "通知下发各镇街",
            "copies": 20,
            "attachments": [pdf_upload()],
            "submit": "1",
        },
    )
    case = Case.objects.get(process="seals.use")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.status == Case.Status.ACTIVE and case.attachments.count() == 1
    assert case.current_step_label == "科室负责人初审" and case.current_assignees == people.chief.full_name


# --- approvers come from rule rows, per seal --------------------------------------------------------


def test_the_director_signature_seal_routes_to_the_director(people, seals):
    case = new_use(people.clerk, seals.signature, submit=True)
    assert route_roles(case) == [
        ("科室负责人初审", "section_chief"),
        ("局长签批", "director"),
        ("登记用印", f"user:{seals.keeper.pk}"),
    ]
    case = approve_until_stamping(case)
    approvers = list(case.tasks.filter(decision=Task.Decision.APPROVE).values_list("acted_by__username", flat=True))
    assert approvers == ["chief", "director"]


def test_the_ordinary_seal_routes_to_the_division_leader(people, seals):
    case = new_use(people.clerk, seals.official, submit=True)
    assert [role for _, role in route_roles(case)] == ["section_chief", "division_leader", f"user:{seals.keeper.pk}"]
    # a chief's own request skips the chief's review (the rule applies to staff applicants)
    case = new_use(people.chief, seals.official, submit=True)
    assert [role for _, role in route_roles(case)] == ["division_leader", f"user:{seals.keeper.pk}"]


def test_who_approves_is_rule_rows_and_the_seals_chain(people, seals):
    """The administrator changes approvers by editing data: a new rule row, a seal's chain."""
    ApprovalRule.objects.create(
        process="seals.use", chain=SealChain.STANDARD, seq=3, label="局长审批", role=ApprovalRule.Role.DIRECTOR
    )
    case = new_use(people.clerk, seals.official, submit=True)
    assert [label for label, _ in route_roles(case)] == ["科室负责人初审", "分管领导签批", "局长审批", "登记用印"]
    seals.official.approval_chain = SealChain.SECTION
    seals.official.save()
    case = new_use(people.clerk, seals.official, submit=True)
    assert [label for label, _ in route_roles(case)] == ["科室负责人审批", "登记用印"]


def test_a_chain_with_no_rule_rows_cannot_be_used(people, seals):
    ApprovalRule.objects.filter(process="seals.use", chain=SealChain.DIRECTOR).update(active=False)
    case = new_use(people.clerk, seals.signature)
    with pytest.raises(TransitionError, match="未配置审批规则"):
        engine.submit(case.pk, people.clerk)


def test_a_retired_seal_cannot_be_requested(people, seals):
    case = new_use(people.clerk, seals.official)
    services.change_seal_status(seals.official.pk, people.chief, "retired", timezone.localdate(), "印面磨损")
    with pytest.raises(TransitionError, match="停用"):
        engine.submit(case.pk, people.clerk)


# --- the written exception goes to the main leader --------------------------------------------------


def test_an_exception_without_a_document_routes_to_the_director(people, seals):
    case = new_use(
        people.clerk,
        seals.official,
        document=False,
        exception_reason="赴市局调档须持盖章介绍信，介绍信已填写完整。",
        submit=True,
    )
    assert [label for label, _ in route_roles(case)] == [
        "科室负责人初审",
        "分管领导签批",
        "主要领导批准特殊用印",
        "登记用印",
    ]
    assert case.route[2]["role"] == "director"
    for user in (people.chief, people.leader):
        task = case.tasks.get(status=Task.Status.PENDING)
        assert task.assignee == user
        engine.approve(case.pk, task.pk, user, "同意")
    case.refresh_from_db()
    assert case.current_step == "exception" and case.current_assignees == people.director.full_name
    # the keeper cannot stamp before the main leader signs
    with pytest.raises(TransitionError, match="尚未审批完毕"):
        services.record_stamping(case.pk, seals.keeper, copies=1)
    task = case.tasks.get(status=Task.Status.PENDING)
    engine.approve(case.pk, task.pk, people.director, "同意开具。")
    case.refresh_from_db()
    assert case.current_step == STAMP_STEP


def test_the_director_signs_an_exception_once(people, seals):
    """With the signature seal the director is already in the chain: he signs the exception only."""
    case = new_use(
        people.clerk, seals.signature, document=False, exception_reason="空白授权委托书，由局长签批。", submit=True
    )
    assert [role for _, role in route_roles(case)] == ["section_chief", "director", f"user:{seals.keeper.pk}"]
    assert case.route[1]["label"] == "主要领导批准特殊用印"


def test_an_exception_needs_its_written_reason(client, people, seals):
    client.force_login(people.clerk)
    response = client.post(
        reverse("seals:use_new"),
        {"seal": seals.official.pk, "reason": "空白介绍信", "copies": 1, "exception": "on", "submit": "1"},
    )
    assert "特殊用印须写明书面申请理由" in response.content.decode()
    assert not SealUseRequest.objects.exists()


# --- the keeper records the stamping ------------------------------------------------------------


def test_the_keeper_stamps_at_most_the_approved_copies(people, seals):
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=10, submit=True))
    with pytest.raises(TransitionError, match="超过核准份数"):
        services.record_stamping(case.pk, seals.keeper, copies=11)
    services.record_stamping(case.pk, seals.keeper, copies=6, note="首批")
    with pytest.raises(TransitionError, match="本次最多还能用印 4 份"):
        services.record_stamping(case.pk, seals.keeper, copies=5)
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and case.current_step == STAMP_STEP
    services.record_stamping(case.pk, seals.keeper, copies=4)
    case.refresh_from_db()
    use = case.seal_use
    assert (use.stamped_copies, use.copies) == (10, 10)
    assert case.status == Case.Status.CLOSED and case.result == "已用印 10 份（核准 10 份）。"
    assert list(Stamping.objects.filter(request=use).values_list("copies", flat=True)) == [6, 4]
    audits = AuditEvent.objects.filter(event="seal.stamp", object_id=str(case.pk)).order_by("id")
    assert [(a.detail["copies"], a.detail["stamped_total"], a.detail["approved"]) for a in audits] == [
        (6, 6, 10),
        (4, 10, 10),
    ]
    assert all(a.actor == seals.keeper for a in audits)
    with pytest.raises(TransitionError):
        services.record_stamping(case.pk, seals.keeper, copies=1)


def test_the_keeper_may_finish_with_fewer_copies(people, seals):
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=5, submit=True))
    services.record_stamping(case.pk, seals.keeper, copies=3, finish=True)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.result == "已用印 3 份（核准 5 份）。其余 2 份不再用印。"


def test_only_the_keeper_records_stamping(people, seals):
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=2, submit=True))
    for user in (people.clerk, people.chief, people.director):
        with pytest.raises(TransitionError, match="保管人"):
            services.record_stamping(case.pk, user, copies=1)
    assert not Stamping.objects.exists()


def test_the_database_refuses_more_stamped_than_approved(people, seals):
    """The backstop under the service's check."""
    from django.db import IntegrityError, transaction

    case = new_use(people.clerk, seals.official, copies=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        SealUseRequest.objects.filter(case=case).update(stamped_copies=3)


def test_stamping_through_the_page(client, people, seals):
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=4, submit=True))
    client.force_login(seals.keeper)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "登记用印" in page and "本次最多 4 份" in page
    today = timezone.localdate(case.submitted_at).isoformat()  # the bureau's day, not UTC's
    response = client.post(reverse("seals:use_stamp", args=[case.pk]), {"copies": 5, "stamped_on": today})
    assert response.status_code == 302
    assert "超过核准份数" in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(
        reverse("seals:use_stamp", args=[case.pk]), {"copies": 4, "stamped_on": today, "next": "desk"}
    )
    assert response["Location"] == reverse("seals:desk")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.seal_use.stamped_copies == 4
    # someone who sees the case but is not the keeper is refused
    client.force_login(people.chief)
    case2 = approve_until_stamping(new_use(people.clerk, seals.official, copies=1, submit=True))
    client.post(reverse("seals:use_stamp", args=[case2.pk]), {"copies": 1, "stamped_on": today})
    assert case2.seal_use.stampings.count() == 0


def test_approvals_and_stamping_are_in_the_business_log_and_audit(people, seals):
    case = approve_until_stamping(new_use(people.clerk, seals.signature, copies=1, submit=True))
    services.record_stamping(case.pk, seals.keeper, copies=1)
    actions = list(case.events.values_list("action", "actor__username"))
    assert actions == [
        (CaseEvent.Action.CREATE, "clerk"),
        (CaseEvent.Action.SUBMIT, "clerk"),
        (CaseEvent.Action.APPROVE, "chief"),
        (CaseEvent.Action.APPROVE, "director"),
        (CaseEvent.Action.DONE, "keeper"),
    ]
    events = set(
        AuditEvent.objects.filter(object_id=str(case.pk), object_type="workflow.Case").values_list("event", flat=True)
    )
    assert {"workflow.approve", "workflow.done", "seal.stamp", "permission.grant_case"} <= events


# --- the office chief oversees every submitted request -------------------------------------------


def test_the_office_chief_sees_submitted_requests_of_other_sections_not_drafts(people, seals):
    draft = new_use(people.outsider, seals.official)
    assert not Case.objects.visible_to(people.chief).filter(pk=draft.pk).exists()
    engine.submit(draft.pk, people.outsider)
    assert Case.objects.visible_to(people.chief).filter(pk=draft.pk).exists()
    # and nobody else of the office does
    assert not Case.objects.visible_to(people.clerk).filter(pk=draft.pk).exists()
    assert not pending(draft)[0].assignee == people.chief


def test_the_stamping_step_does_not_close_without_a_stamping_record(client, people, seals):
    """The generic 办结 is not offered, and refused if posted: stamping goes through 登记用印."""
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=5, submit=True))
    task = case.tasks.get(status=Task.Status.PENDING)
    client.force_login(seals.keeper)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/tasks/{task.pk}/complete" not in page
    response = client.post(f"/cases/{case.pk}/tasks/{task.pk}/complete", {"opinion": "已盖章"})
    assert response.status_code == 409 and "登记实际用印份数" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE
    # after a first stamping, 用印完毕 with no more copies closes it
    services.record_stamping(case.pk, seals.keeper, copies=2)
    response = client.post(
        reverse("seals:use_stamp", args=[case.pk]), {"copies": "", "finish": "on", "stamped_on": timezone.localdate()}
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.result == "已用印 2 份（核准 5 份）。其余 3 份不再用印。"
    assert Stamping.objects.filter(request__case=case).count() == 1


def test_finishing_needs_a_first_stamping(people, seals):
    case = approve_until_stamping(new_use(people.clerk, seals.official, copies=5, submit=True))
    with pytest.raises(TransitionError, match="至少为 1 份"):
        services.record_stamping(case.pk, seals.keeper, copies=0, finish=True)


def test_the_first_stamping_gives_the_register_number_gapless_per_year(people, seals):
    year = timezone.localdate().year
    cases = [approve_until_stamping(new_use(people.clerk, seals.official, copies=2, submit=True)) for _ in range(3)]
    services.record_stamping(cases[1].pk, seals.keeper, copies=1)
    services.record_stamping(cases[0].pk, seals.keeper, copies=1)
    services.record_stamping(cases[1].pk, seals.keeper, copies=1)  # a second stamping keeps its number
    # a refused stamping takes no number
    with pytest.raises(TransitionError):
        services.record_stamping(cases[2].pk, seals.keeper, copies=3)
    for case in cases:
        case.refresh_from_db()
    assert [c.number for c in cases] == [f"用印〔{year}〕002", f"用印〔{year}〕001", ""]
    services.record_stamping(cases[2].pk, seals.keeper, copies=2)
    cases[2].refresh_from_db()
    assert cases[2].number == f"用印〔{year}〕003"
    assert AuditEvent.objects.filter(event="numbering.allocate").count() == 3
