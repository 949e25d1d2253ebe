"""收文 from 签收登记 to 归档 through the services and pages (seed 000 appendix 1.1.1)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.documents import services
from apps.documents.models import IncomingDocument, Urgency
from apps.documents.processes import ASSIGN, HANDLE, PLAN, READING
from apps.workflow import calendar
from apps.workflow import services as engine
from apps.workflow.models import Case, CaseClock, CaseEvent, Task
from apps.workflow.services import TransitionError
from tests.documents.factories import assign, incoming_data, instruct_all, pending, plan, register, to_handling

pytestmark = pytest.mark.django_db


def test_it_registers_with_a_yearly_receipt_number_and_sends_it_to_the_office_chief(office, people):
    first = register(office)
    second = register(office, title="关于做好年度考核工作的通知")
    year = first.created_at.year
    assert (first.number, second.number) == (f"收〔{year}〕001", f"收〔{year}〕002")
    doc = IncomingDocument.objects.get(case=first)
    assert (doc.receipt_year, doc.receipt_seq, doc.received_by) == (year, 1, office.receiver)
    assert first.status == Case.Status.ACTIVE and first.current_step == PLAN
    assert [t.assignee for t in pending(first)] == [people.chief]
    assert list(first.events.values_list("step_label", flat=True)[:1]) == ["签收登记"]
    assert AuditEvent.objects.filter(event="numbering.allocate", actor=office.receiver).count() == 2


def test_only_the_receiver_registers(client, office, people):
    client.force_login(people.clerk)
    assert client.get(reverse("documents:incoming_new")).status_code == 403
    with pytest.raises(TransitionError, match="只有收发员"):
        services.register_incoming(people.clerk, incoming_data())
    assert not Case.objects.exists()


def test_state_secrets_are_refused_with_the_reason(client, office):
    client.force_login(office.receiver)
    data = {**incoming_data(), "channel": "post", "sensitivity": "1", "state_secret": "on", "intact": "on"}
    response = client.post(reverse("documents:incoming_new"), data)
    assert response.status_code == 200
    assert "保守国家秘密法" in response.content.decode() and "机要员" in response.content.decode()
    assert not Case.objects.exists()
    with pytest.raises(TransitionError, match="不得在本平台登记"):
        services.register_incoming(office.receiver, incoming_data(state_secret=True))


def test_the_page_registers_and_redirects_to_the_route(client, office):
    client.force_login(office.receiver)
    data = {
        **incoming_data(),
        "channel": "post",
        "sensitivity": "1",
        "intact": "on",
        "copies": "2",
        "doc_type": "notice",
    }
    response = client.post(reverse("documents:incoming_new"), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    doc = case.incoming_document
    assert (doc.copies, doc.channel, doc.doc_type, doc.source_number) == (2, "post", "notice", "淄司函〔2026〕8号")


def test_plan_appends_the_leaders_in_order_and_the_handling_steps(office, people):
    case = register(office)
    plan(case, people, leaders=[people.director, people.leader])
    codes = [step["code"] for step in case.route]
    assert codes == [PLAN, "instruct-1", "instruct-2", ASSIGN, HANDLE]
    assert [s["role"] for s in case.route[1:3]] == [f"user:{people.leader.pk}", f"user:{people.director.pk}"]
    assert [t.assignee for t in pending(case)] == [people.leader]  # the division leader first
    doc = case.incoming_document
    assert doc.handling == IncomingDocument.Handling.ACTION and doc.planned_by == people.chief
    instruct_all(case)
    assert case.current_step == ASSIGN and [t.assignee for t in pending(case)] == [office.receiver]


def test_the_generic_button_cannot_skip_the_plan_form(office, people):
    case = register(office)
    task = pending(case, PLAN)[0]
    with pytest.raises(TransitionError, match="拟办"):
        engine.complete(case.pk, task.pk, people.chief, "直接办结")
    case.refresh_from_db()
    assert case.current_step == PLAN and case.status == Case.Status.ACTIVE


def test_plan_refuses_without_leaders_or_by_someone_else(office, people):
    case = register(office)
    task = pending(case, PLAN)[0]
    with pytest.raises(TransitionError, match="批办领导"):
        services.plan(case.pk, task.pk, people.chief, "action", [], "建议办理。")
    with pytest.raises(TransitionError, match="不是局领导"):
        services.plan(case.pk, task.pk, people.chief, "action", [people.clerk], "建议办理。")
    with pytest.raises(TransitionError, match="不是该待办的办理人"):
        services.plan(case.pk, task.pk, people.clerk, "action", [people.leader], "建议办理。")


def test_transfer_starts_the_urgency_clock_and_handlers_work_in_parallel(office, people):
    case = to_handling(office, people, people.outsider.section, co=[office.correction], urgency=Urgency.URGENT)
    doc = case.incoming_document
    assert case.current_step == HANDLE
    assert {t.assignee for t in pending(case)} == {people.other_chief, office.co_chief}
    clock = CaseClock.objects.get(case=case)
    assert clock.rule.code == "document-incoming-urgent"
    assert clock.due_date == calendar.add_working_days(clock.started_on, 3) == doc.due_date == case.due_date
    # the lead section sums up only after the co-handler reported
    lead = next(t for t in pending(case) if t.assignee == people.other_chief)
    with pytest.raises(TransitionError, match="协办科室"):
        engine.complete(case.pk, lead.pk, people.other_chief, "已办理")
    co = next(t for t in pending(case) if t.assignee == office.co_chief)
    engine.complete(case.pk, co.pk, office.co_chief, "矫正科已提供相关材料。")
    engine.complete(case.pk, lead.pk, people.other_chief, "已按要求报送。")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.result == "已按要求报送。"
    clock.refresh_from_db()
    assert clock.status == CaseClock.Status.MET
    engine.archive(case.pk, people.archivist)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ARCHIVED


def test_a_named_handler_gets_the_task_and_may_hand_it_on(office, people):
    case = to_handling(office, people, people.outsider.section, handler=people.outsider)
    assert [t.assignee for t in pending(case)] == [people.outsider]
    with pytest.raises(TransitionError, match="不是"):
        task = pending(register(office), PLAN)[0]
        other = task.case
        plan(other, people)
        instruct_all(other)
        assign(other, office, people.outsider.section, handler=people.clerk)


def test_the_senders_earlier_date_wins_over_the_rule(office, people):
    soon = calendar.add_working_days(register(office).created_at.date(), 2)
    case = to_handling(office, people, people.outsider.section, requested_due=soon)
    assert case.incoming_document.due_date == soon == case.due_date
    assert {t.due_date for t in pending(case)} == {soon}


def test_a_reading_document_is_circulated_with_read_receipts(office, people):
    case = register(office)
    plan(case, people, handling=IncomingDocument.Handling.READING, leaders=[people.director])
    instruct_all(case, "请各科室阅知。")
    assert case.current_step == READING
    task = pending(case, READING)[0]
    with pytest.raises(TransitionError, match="传阅"):
        engine.complete(case.pk, task.pk, office.receiver, "已传阅")
    services.send_for_reading(case.pk, task.pk, office.receiver, [people.chief, people.other_chief], "请阅")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    reads = case.tasks.filter(kind=Task.Kind.READ)
    assert {t.assignee for t in reads} == {people.chief, people.other_chief}
    read = reads.get(assignee=people.other_chief)
    engine.mark_read(case.pk, read.pk, people.other_chief, "已阅")
    read.refresh_from_db()
    assert read.acted_at is not None and read.decision == Task.Decision.READ


def test_the_sweep_chases_an_overdue_transfer(office, people):
    from apps.workflow.sweep import run_sweep

    case = to_handling(office, people, people.outsider.section, urgency=Urgency.EXTRA_URGENT)
    clock = CaseClock.objects.get(case=case)
    later = clock.due_date + timedelta(days=7)
    run_sweep(today=later)
    notices = people.other_chief.notifications.filter(case=case)
    assert notices.exists(), "the handler is chased once the 1-working-day limit has passed"


def test_a_reply_is_linked_both_ways(client, office, people):
    case = to_handling(office, people, people.outsider.section)
    client.force_login(people.other_chief)  # the lead section's chief, who holds the handling task
    response = client.get(reverse("documents:outgoing_new"), {"reply_to": case.pk})
    assert response.status_code == 200 and "复函" in response.content.decode()
    data = {
        "doc_type": "letter",
        "title": "关于报送2026年度普法工作总结的复函",
        "scheme": str(_scheme().pk),
        "main_recipients": "市司法局",
        "body": "市司法局：\n现将总结报送如下。",
        "urgency": "normal",
        "sensitivity": "1",
        "reply_to": str(case.pk),
        "save": "1",
    }
    response = client.post(reverse("documents:outgoing_new"), data)
    assert response.status_code == 302
    reply = Case.objects.get(process="documents.outgoing")
    assert reply.outgoing_document.in_reply_to == case.incoming_document
    assert list(case.incoming_document.replies.all()) == [reply.outgoing_document]
    page = client.get(reply.get_absolute_url()).content.decode()
    assert case.incoming_document.receipt_number in page
    assert reply.title in client.get(case.get_absolute_url()).content.decode()
    # someone who cannot see the incoming document cannot reply to it (nor learn that it exists)
    client.force_login(people.outsider)
    response = client.get(reverse("documents:outgoing_new"), {"reply_to": case.pk})
    assert response.status_code == 404 and case.title not in response.content.decode()


def _scheme():
    from apps.numbering.models import NumberScheme

    return NumberScheme.objects.get(code="outgoing-bureau")


def test_events_tell_the_whole_route(office, people):
    case = to_handling(office, people, people.outsider.section)
    labels = list(case.events.values_list("step_label", "action"))
    assert labels[:3] == [
        ("签收登记", CaseEvent.Action.CREATE),
        ("提交", CaseEvent.Action.SUBMIT),
        ("拟办", CaseEvent.Action.DONE),
    ]
    assert ("转办", CaseEvent.Action.DONE) in labels


def test_a_transfer_sent_back_and_made_again_keeps_its_clock(office, people):
    case = to_handling(office, people, people.outsider.section)
    due = case.due_date
    task = pending(case, HANDLE)[0]
    assign_index = next(i for i, step in enumerate(case.route) if step["code"] == ASSIGN)
    engine.return_case(case.pk, task.pk, people.other_chief, assign_index, "不属于律师科职责，请改转矫正科。")
    case.refresh_from_db()
    assert case.current_step == ASSIGN
    assign(case, office, office.correction)
    assert [t.assignee for t in pending(case)] == [office.co_chief]
    assert CaseClock.objects.filter(case=case).count() == 1 and case.due_date == due
