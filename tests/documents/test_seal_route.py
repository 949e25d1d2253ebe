"""发文 用印 is part of the route (issue 13 item 4): once a signed, numbered document reaches 用印,
its drafter has a 待办 "提交用印申请" and a notice at once (and the engine's reminder as the step
falls due), the form is filled from the document (the issuing organ's seal, the print run), the
keeper completes 用印 from that request, and where 用印 stands (after 印制 by default) is the
administrator's rule. A double press files one request, never two."""

import pytest
from django.urls import reverse

from apps.documents import services
from apps.documents.models import OutgoingRules, SealOrder
from apps.documents.processes import DISTRIBUTE, NUMBER, PRINT, SEAL, SEAL_REQUEST
from apps.seals.models import Seal, SealKind, SealUseRequest
from apps.workflow.models import Case, Notification, Task
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep
from tests.documents.factories import (
    bureau_seal,
    draft,
    pending,
    print_run,
    seal_through_request,
    sign_all,
    stamp_request,
)
from tests.workflow.test_concurrency import interleave, one_success

pytestmark = pytest.mark.django_db


def numbered(office, people, **overrides):
    case = sign_all(draft(people.clerk, **overrides))
    services.number(case.pk, office.receiver)
    case.refresh_from_db()
    return case


def set_seal_order(order):
    rules = OutgoingRules.objects.order_by("pk").first() or OutgoingRules()
    rules.seal_order = order
    rules.save()


def test_by_default_the_printed_copies_are_stamped(office, people):
    case = draft(people.clerk)
    codes = [step["code"] for step in case.route]
    assert codes[codes.index(NUMBER) :] == [NUMBER, PRINT, SEAL_REQUEST, SEAL, DISTRIBUTE]
    labels = [step["label"] for step in case.route]
    assert labels[-4:] == ["印制", "提交用印申请", "用印", "分发"]


def test_the_drafter_gets_a_todo_and_a_notice_the_moment_sealing_starts(client, office, people):
    bureau_seal(office)
    case = print_run(numbered(office, people), office, copies=30)
    assert case.current_step == SEAL_REQUEST
    [task] = pending(case, SEAL_REQUEST)
    assert task.assignee == people.clerk and task.due_date is not None
    notice = Notification.objects.get(user=people.clerk, task=task)
    assert "请提交用印申请" in notice.message and notice.url == case.get_absolute_url()
    client.force_login(people.clerk)
    inbox = client.get(reverse("workflow:inbox")).content.decode()
    assert case.title in inbox and "提交用印申请" in inbox
    # the keeper has nothing to do yet: no step he cannot finish
    assert not pending(case, SEAL)
    # the engine's sweep reminds the drafter as the step falls due
    run_sweep(today=task.due_date)
    assert Notification.objects.filter(user=people.clerk, task=task, kind=Notification.Kind.REMIND).exists()


def test_the_form_is_filled_from_the_document_and_the_keeper_completes_sealing(client, office, people):
    seal = bureau_seal(office)
    case = print_run(numbered(office, people), office, copies=30)
    client.force_login(people.clerk)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "提交用印申请" in page
    assert f'<option value="{seal.pk}" selected>' in page and 'value="30"' in page
    task = pending(case, SEAL_REQUEST)[0]
    response = client.post(
        reverse("documents:outgoing_seal_request", args=[case.pk]),
        {"task": task.pk, "seal": seal.pk, "copies": 30, "reason": ""},
    )
    assert response.status_code == 302
    request = SealUseRequest.objects.get(document_case=case)
    assert (request.seal, request.copies, request.case.initiator) == (seal, 30, people.clerk)
    assert request.case.status == Case.Status.ACTIVE and "经局长签发" in request.reason
    case.refresh_from_db()
    [keeper_task] = pending(case, SEAL)
    assert keeper_task.assignee == office.keeper
    # the keeper confirms only once the request is approved and stamped
    with pytest.raises(TransitionError, match="用印申请"):
        services.confirm_seal(case.pk, keeper_task.pk, office.keeper)
    stamp_request(case, office)
    client.force_login(office.keeper)
    response = client.post(reverse("documents:outgoing_seal", args=[case.pk]), {"task": keeper_task.pk, "note": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step == DISTRIBUTE
    assert "测试区司法局（公章） 30 份" in case.events.get(task__step=SEAL).opinion


def test_the_generic_button_cannot_skip_the_seal_request(office, people):
    from apps.workflow import services as engine

    case = print_run(numbered(office, people), office)
    task = pending(case, SEAL_REQUEST)[0]
    with pytest.raises(TransitionError):
        engine.complete(case.pk, task.pk, people.clerk, "已办")
    assert Case.objects.get(pk=case.pk).current_step == SEAL_REQUEST


def test_only_the_drafter_files_the_request(office, people):
    seal = bureau_seal(office)
    case = print_run(numbered(office, people), office)
    task = pending(case, SEAL_REQUEST)[0]
    with pytest.raises(TransitionError, match="不是该待办的办理人"):
        services.request_seal(case.pk, task.pk, people.colleague, seal, 20)
    assert not SealUseRequest.objects.exists()


def test_an_office_document_defaults_to_the_office_seal(office, people):
    from apps.numbering.models import NumberScheme

    bureau_seal(office)
    office_seal = Seal.objects.create(
        name="测试区司法局办公室", kind=SealKind.SECTION, owner_unit=office.keeper.section, keeper=office.keeper
    )
    case = numbered(office, people, scheme=NumberScheme.objects.get(code="outgoing-office"))
    assert services.default_seal(case.outgoing_document) == office_seal


def test_the_administrator_may_put_sealing_before_printing(office, people):
    set_seal_order(SealOrder.SEAL_FIRST)
    bureau_seal(office)
    case = draft(people.clerk)
    codes = [step["code"] for step in case.route]
    assert codes[codes.index(NUMBER) :] == [NUMBER, SEAL_REQUEST, SEAL, PRINT, DISTRIBUTE]
    case = numbered(office, people)
    assert case.current_step == SEAL_REQUEST
    assert Notification.objects.filter(user=people.clerk, task__step=SEAL_REQUEST).exists()
    # before printing the copies default to one per recipient (主送 2, 抄送 1)
    assert services.default_seal_copies(case.outgoing_document) == 3
    seal_through_request(case, office)
    assert case.current_step == PRINT
    # a document already running keeps the order it was submitted with
    set_seal_order(SealOrder.PRINT_FIRST)
    case.refresh_from_db()
    assert [s["code"] for s in case.route][-3:] == [SEAL, PRINT, DISTRIBUTE]


def test_where_sealing_comes_first_the_print_form_offers_the_stamped_count(client, office, people):
    set_seal_order(SealOrder.SEAL_FIRST)
    seal = bureau_seal(office)
    case = numbered(office, people)
    # the drafter asks for 12 stamped copies (more than the 3 recipients: file copies, spares)
    services.request_seal(case.pk, pending(case, SEAL_REQUEST)[0].pk, people.clerk, seal, 12)
    stamp_request(case, office)
    services.confirm_seal(case.pk, pending(case, SEAL)[0].pk, office.keeper)
    case.refresh_from_db()
    [task] = pending(case, PRINT)
    client.force_login(task.assignee)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "印制份数" in page and 'name="copies" value="12"' in page


def test_the_rule_is_edited_in_the_admin(client, people):
    client.force_login(people.sysadmin)
    rules = OutgoingRules.objects.order_by("pk").first() or OutgoingRules.objects.create()
    url = reverse("admin:documents_outgoingrules_change", args=[rules.pk])
    page = client.get(url)
    if page.status_code == 302:  # the administrators' second factor
        from tests.conftest import pass_second_factor

        pass_second_factor(client, people.sysadmin)
        page = client.get(url)
    assert page.status_code == 200 and "先印制、后用印" in page.content.decode()
    response = client.post(url, {"seal_order": SealOrder.SEAL_FIRST, "note": "本局先用印后印制"})
    assert response.status_code == 302
    assert OutgoingRules.current().seal_order == SealOrder.SEAL_FIRST
    assert rules.history.count() >= 1


def test_a_second_press_files_nothing_more(client, office, people):
    seal = bureau_seal(office)
    case = print_run(numbered(office, people), office)
    task = pending(case, SEAL_REQUEST)[0]
    client.force_login(people.clerk)
    url = reverse("documents:outgoing_seal_request", args=[case.pk])
    data = {"task": task.pk, "seal": seal.pk, "copies": 20}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 409 and "已经处理过了" in second.content.decode()
    assert SealUseRequest.objects.filter(document_case=case).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_files_one_request(office, people):
    seal = bureau_seal(office)
    case = print_run(numbered(office, people), office)
    task = pending(case, SEAL_REQUEST)[0]

    def press():
        return services.request_seal(case.pk, task.pk, people.clerk, seal, 20)

    # the first press stops inside its transaction (the request being submitted, the document
    # locked); the second must wait for it, then finds the step done
    first, second = interleave(press, press, pause_first_at="log_case_event")
    error = one_success(first, second)
    assert isinstance(error, TransitionError) and "已经处理过了" in str(error)
    assert SealUseRequest.objects.filter(document_case=case).count() == 1
    assert Task.objects.filter(case=case, step=SEAL_REQUEST, status=Task.Status.DONE).count() == 1
