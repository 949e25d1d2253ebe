"""发文 from 拟稿 to 归档 (seed 002 rule 8; 条例第二十五条): 核稿, 会签, 签发 per document type,
numbering only once everyone has signed, 用印, 印制, 分发."""

import pytest
from django.urls import reverse

from apps.documents import services
from apps.documents.models import OutgoingDocument, OutgoingRecipient
from apps.documents.processes import DISTRIBUTE, NUMBER, PRINT, SEAL_REQUEST
from apps.numbering.models import IssuedNumber
from apps.workflow import services as engine
from apps.workflow.models import ApprovalRule, Case
from apps.workflow.services import TransitionError
from tests.documents.factories import draft, pending, seal_through_request, sign_all, today

pytestmark = pytest.mark.django_db


def test_the_route_is_review_countersign_then_the_signers_of_the_document_type(office, people):
    case = draft(people.clerk, countersign=[people.outsider.section])
    assert [s["label"] for s in case.route] == [
        "科室负责人核稿",
        "会签",
        "分管领导审核",
        "局长签发",
        "复核编号",
        "印制",
        "提交用印申请",
        "用印",
        "分发",
    ]
    assert [t.assignee for t in pending(case)] == [people.chief]
    sign_all(case)
    assert case.current_step == NUMBER and [t.assignee for t in pending(case)] == [office.receiver]
    signers = list(case.events.filter(action="approve").values_list("actor__username", flat=True))
    assert signers == ["chief", "leader", "director"]


def test_the_signing_rule_of_a_type_is_configuration(office, people):
    # the administrator lets the division leader alone sign 函
    ApprovalRule.objects.filter(process="documents.outgoing", chain="sign-letter", role="director").update(active=False)
    case = draft(people.clerk, doc_type="letter", title="关于商请协助开展普法活动的函")
    assert [s["label"] for s in case.route][:2] == ["科室负责人核稿", "分管领导审核"]
    assert "局长签发" not in [s["label"] for s in case.route]


def test_a_type_without_signers_cannot_be_submitted(office, people):
    ApprovalRule.objects.filter(process="documents.outgoing", chain="sign-notice").delete()
    case = draft(people.clerk, submit=False)
    with pytest.raises(TransitionError, match="未配置签发规则"):
        engine.submit(case.pk, people.clerk)
    assert Case.objects.get(pk=case.pk).status == Case.Status.DRAFT


def test_numbering_waits_for_every_signature(office, people):
    case = draft(people.clerk)
    with pytest.raises(TransitionError, match="尚未签发"):
        services.number(case.pk, office.receiver)
    assert not IssuedNumber.objects.exists()


def test_the_number_is_allocated_once_and_a_second_press_shows_it(client, office, people):
    case = sign_all(draft(people.clerk))
    client.force_login(office.receiver)
    url = reverse("documents:outgoing_number", args=[case.pk])
    scheme = case.outgoing_document.scheme_id
    response = client.post(url, {"scheme": scheme})
    assert response.status_code == 302
    doc = OutgoingDocument.objects.get(case=case)
    year = today().year
    assert doc.number == f"临司发〔{year}〕1号" and (doc.number_year, doc.number_seq) == (year, 1)
    assert doc.signer == people.director and doc.numbered_by == office.receiver
    assert Case.objects.get(pk=case.pk).number == doc.number
    assert Case.objects.get(pk=case.pk).result == ""  # an office step on the way is not the document's result
    response = client.post(url, {"scheme": scheme}, follow=True)
    assert "编号只分配一次" in response.content.decode()
    assert IssuedNumber.objects.count() == 1
    assert Case.objects.get(pk=case.pk).current_step == PRINT
    # the next document gets the next number
    other = sign_all(draft(people.clerk, title="关于开展法治讲座的通知"))
    services.number(other.pk, office.receiver)
    assert OutgoingDocument.objects.get(case=other).number == f"临司发〔{year}〕2号"


def test_only_the_registrar_numbers(client, office, people):
    case = sign_all(draft(people.clerk))
    client.force_login(people.chief)
    response = client.post(
        reverse("documents:outgoing_number", args=[case.pk]), {"scheme": case.outgoing_document.scheme_id}
    )
    assert response.status_code == 409 and "不是该待办的办理人" in response.content.decode()
    assert not IssuedNumber.objects.exists()


def test_the_generic_button_cannot_skip_numbering(office, people):
    case = sign_all(draft(people.clerk))
    task = pending(case, NUMBER)[0]
    with pytest.raises(TransitionError, match="编号"):
        engine.complete(case.pk, task.pk, office.receiver, "直接办结")


def test_seal_print_and_distribution_close_the_document(office, people):
    case = sign_all(draft(people.clerk))
    services.number(case.pk, office.receiver)
    task = pending(case, PRINT)[0]
    with pytest.raises(TransitionError, match="印制份数"):
        services.record_print(case.pk, task.pk, office.receiver, 0, today())
    services.record_print(case.pk, task.pk, office.receiver, 20, today(), "局文印室")
    doc = OutgoingDocument.objects.get(case=case)
    assert [(r.name, r.kind) for r in doc.recipients.all()] == [
        ("各司法所", "main"),
        ("局属各单位", "main"),
        ("区委依法治区办", "copy"),
    ]
    # the printed copies go to the drafter's 提交用印申请, then to the keeper
    assert [t.assignee for t in pending(case, SEAL_REQUEST)] == [people.clerk]
    use = seal_through_request(case, office)
    assert use.seal_use.copies == 20  # the print run
    task = pending(case, DISTRIBUTE)[0]
    with pytest.raises(TransitionError, match="尚未分发"):
        services.finish_distribution(case.pk, task.pk, office.receiver)
    services.add_recipient(case.pk, office.receiver, "区档案馆", OutgoingRecipient.Kind.COPY)
    ids = list(doc.recipients.values_list("pk", flat=True))
    services.mark_recipients(case.pk, office.receiver, ids, OutgoingRecipient.Status.SENT, "post")
    services.mark_recipients(case.pk, office.receiver, ids[:1], OutgoingRecipient.Status.RECEIVED)
    services.finish_distribution(case.pk, task.pk, office.receiver)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.result == "已分发 4 个单位（签收 1 个）"
    assert doc.recipients.filter(status=OutgoingRecipient.Status.SENT, channel="post").count() == 3
    engine.archive(case.pk, people.archivist)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ARCHIVED


def test_the_drafter_edits_a_returned_draft(client, office, people):
    case = draft(people.clerk)
    task = pending(case)[0]
    engine.return_case(case.pk, task.pk, people.chief, -1, "请补充活动时间。")
    client.force_login(people.clerk)
    url = reverse("documents:outgoing_edit", args=[case.pk])
    assert client.get(url).status_code == 200
    doc = case.outgoing_document
    data = {
        "doc_type": "notice",
        "title": case.title,
        "scheme": str(doc.scheme_id),
        "main_recipients": doc.main_recipients,
        "body": doc.body + "\n活动时间：12月1日至7日。",
        "urgency": "normal",
        "sensitivity": "1",
        "submit": "1",
    }
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and "12月1日" in case.outgoing_document.body
    client.force_login(people.colleague)
    assert client.get(url).status_code == 403


def test_an_upward_type_is_always_upward(client, office, people):
    client.force_login(people.clerk)
    data = {
        "doc_type": "request",
        "title": "关于增加普法经费的请示",
        "scheme": str(_scheme_pk()),
        "main_recipients": "区财政局",
        "body": "区财政局：\n请予支持。",
        "urgency": "normal",
        "sensitivity": "1",
        "save": "1",
    }
    assert client.post(reverse("documents:outgoing_new"), data).status_code == 302
    assert OutgoingDocument.objects.get().upward is True


def _scheme_pk():
    from apps.numbering.models import NumberScheme

    return NumberScheme.objects.get(code="outgoing-bureau").pk


def test_a_document_sent_back_after_numbering_keeps_its_number(office, people):
    case = sign_all(draft(people.clerk))
    doc, allocated = services.number(case.pk, office.receiver)
    assert allocated
    print_task = pending(case, PRINT)[0]
    engine.return_case(case.pk, print_task.pk, office.receiver, -1, "附件名称有误，请修改后重新报签。")
    case.refresh_from_db()
    services.save_outgoing(
        people.clerk, {"title": case.title, "attachment_list": "活动安排表（修订）"}, case=case, submit=True
    )
    sign_all(case)
    again, allocated = services.number(case.pk, office.receiver)
    assert not allocated and again.number == doc.number
    assert IssuedNumber.objects.count() == 1
    case.refresh_from_db()
    assert case.current_step == PRINT
