"""建议提案办理: the whole procedure, every move checked against the stage, the clocks counted by
hand on the 2026 calendar, re-handling after 不满意 with a new clock, and the sweep's notices
(reply clock and co-handling opinions) each sent once."""

from datetime import date

import pytest

from apps.proposals import services
from apps.proposals.models import Category, Proposal, Satisfaction, Stage
from apps.workcalendar import years
from apps.workflow import deadlines
from apps.workflow.models import Case, CaseClock, Notification
from apps.workflow.services import TransitionError
from apps.workflow.sweep import run_sweep
from tests.proposals.factories import Co, approve_reply, assign, contact, draft, on, pending, receive, review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    years.invalidate()
    yield
    years.invalidate()


def clock(case, code):
    return case.clocks.get(rule__code=code)


def test_the_whole_procedure(people, bureau):
    co = Co(bureau)
    case = receive(people)
    p = Proposal.objects.get(case=case)
    assert p.stage == Stage.REVIEW and pending(case).assignee == people.chief
    # 交办 Tue 10 March 2026 + 3 months = Wed 10 June (民法典 §202: the corresponding day)
    assert clock(case, services.REPLY_RULE).due_date == date(2026, 6, 10)
    assign(case, people, bureau, co)
    p.refresh_from_db()
    assert p.stage == Stage.HANDLING and pending(case).assignee == people.other_chief
    assert case.section == bureau["office"]
    # co-handling opinion: 10 March + 1 month = Fri 10 April
    assert clock(case, services.CO_RULE).due_date == date(2026, 4, 10)

    with on(date(2026, 3, 20)), pytest.raises(TransitionError, match="须与代表联系沟通"):
        services.draft_reply(case.pk, people.other_chief, "答复", Category.A)
    contact(case, people, date(2026, 3, 20))
    with on(date(2026, 3, 20)), pytest.raises(TransitionError, match="会办意见尚未全部送达（公共法律服务管理科）"):
        services.draft_reply(case.pk, people.other_chief, "答复", Category.A)
    with on(date(2026, 4, 8)):
        with pytest.raises(TransitionError, match="只有会办科室"):
            services.send_co_opinion(case.pk, people.outsider, "意见", date(2026, 4, 8))
        services.send_co_opinion(case.pk, co.clerk, "可派驻值班律师。", date(2026, 4, 8))
        with pytest.raises(TransitionError, match="已报送会办意见"):
            services.send_co_opinion(case.pk, co.chief, "再报", date(2026, 4, 8))
    assert clock(case, services.CO_RULE).status == CaseClock.Status.MET

    draft(case, people, date(2026, 4, 9))
    p.refresh_from_db()
    assert p.stage == Stage.APPROVING
    approve_reply(case, people, date(2026, 4, 10))
    p.refresh_from_db()
    assert p.stage == Stage.TO_SEND and pending(case).assignee == people.clerk
    with on(date(2026, 4, 13)):
        with pytest.raises(TransitionError, match="不能进行此操作"):
            services.record_feedback(case.pk, people.clerk, Satisfaction.SATISFIED, date(2026, 4, 13))
        services.send_reply(case.pk, people.clerk, date(2026, 4, 13))
    assert clock(case, services.REPLY_RULE).status == CaseClock.Status.MET
    with on(date(2026, 4, 20)):
        services.record_feedback(case.pk, people.clerk, Satisfaction.BASIC, date(2026, 4, 20))
    case.refresh_from_db()
    p.refresh_from_db()
    assert case.status == Case.Status.CLOSED and p.stage == Stage.DONE
    assert (p.sent_on, p.category, p.satisfaction) == (date(2026, 4, 13), "A", Satisfaction.BASIC)


def test_unsatisfied_reopens_with_a_new_clock_and_keeps_the_first_round(people, bureau):
    case = assign(receive(people), people, bureau)
    contact(case, people, date(2026, 3, 20))
    draft(case, people, date(2026, 3, 20), Category.C)
    approve_reply(case, people, date(2026, 3, 23))
    with on(date(2026, 3, 25)):
        services.send_reply(case.pk, people.clerk, date(2026, 3, 25))
        with pytest.raises(TransitionError, match="请记录其意见和理由"):
            services.record_feedback(case.pk, people.clerk, Satisfaction.UNSATISFIED, date(2026, 3, 25))
    with on(date(2026, 5, 25)):
        services.record_feedback(case.pk, people.clerk, Satisfaction.UNSATISFIED, date(2026, 5, 25), "未提出具体措施")
    p = Proposal.objects.get(case=case)
    assert p.round == 2 and p.stage == Stage.HANDLING and p.get_stage_display() == "重新办理中（第2轮）"
    assert pending(case).assignee == people.other_chief
    # 25 May + 1 month = Thu 25 June (端午 is Fri 19 June)
    assert clock(case, services.REHANDLE_RULE).due_date == date(2026, 6, 25)
    case.refresh_from_db()
    assert case.due_date == date(2026, 6, 25)
    # the first round's contact does not count for the second reply
    with on(date(2026, 6, 1)), pytest.raises(TransitionError, match="须与代表联系沟通"):
        services.draft_reply(case.pk, people.other_chief, "再次答复", Category.B)
    contact(case, people, date(2026, 6, 1))
    draft(case, people, date(2026, 6, 2), Category.B)
    approve_reply(case, people, date(2026, 6, 3))
    with on(date(2026, 6, 30)):
        services.send_reply(case.pk, people.clerk, date(2026, 6, 30))
    assert clock(case, services.REHANDLE_RULE).status == CaseClock.Status.LATE
    with on(date(2026, 7, 2)):
        services.record_feedback(case.pk, people.clerk, Satisfaction.UNSATISFIED, date(2026, 7, 2), "仍不满意")
    case.refresh_from_db()
    p.refresh_from_db()
    assert case.status == Case.Status.CLOSED and p.satisfaction == Satisfaction.UNSATISFIED
    first, second = p.replies.order_by("round")
    assert (first.category, first.satisfaction, first.feedback) == ("C", Satisfaction.UNSATISFIED, "未提出具体措施")
    assert (second.category, second.sent_on) == ("B", date(2026, 6, 30))
    assert "如实报区人大常委会" in case.result


def test_moves_are_checked_against_the_stage_and_the_step(people, bureau):
    case = receive(people)
    with on(date(2026, 3, 12)):
        with pytest.raises(TransitionError, match="领导审阅”，不能进行此操作"):
            services.assign(case.pk, people.clerk, bureau["lawyers"])
    review(case, people)
    with on(date(2026, 3, 12)):
        with pytest.raises(TransitionError, match="不在您的“明确责任分工”环节"):
            services.assign(case.pk, people.colleague, bureau["lawyers"])
        with pytest.raises(TransitionError, match="不能进行此操作"):
            services.record_contact(case.pk, people.other_chief, date(2026, 3, 12), "meeting", "x", "y")
    with on(date(2026, 3, 12)):
        services.assign(case.pk, people.clerk, bureau["lawyers"], [])
        with pytest.raises(TransitionError, match="不在您的“办理”环节"):
            services.record_contact(case.pk, people.outsider, date(2026, 3, 12), "meeting", "x", "y")
        with pytest.raises(TransitionError, match="不能进行此操作"):
            services.send_reply(case.pk, people.clerk, date(2026, 3, 12))


def test_the_same_number_is_not_received_twice(people, bureau):
    receive(people)
    with pytest.raises(TransitionError, match="已经登记"):
        receive(people)
    receive(people, kind="proposal")  # 提案第12号 of the CPPCC session is another item


@pytest.mark.parametrize(
    "assigned_on, reply_due, co_due",
    [
        # Fri 3 July + 3 months = Sat 3 October, inside the National Day holidays (1-7 October):
        # the next working day, Thu 8 October; + 1 month = Mon 3 August
        (date(2026, 7, 3), date(2026, 10, 8), date(2026, 8, 3)),
        # 31 August + 1 month: no 31 September, so 30 September (民法典 §202); + 3 months = 30 November (Mon)
        (date(2026, 8, 31), date(2026, 11, 30), date(2026, 9, 30)),
        # assigned on Sat 5 September: + 1 month = Mon 5 October (holiday) → Thu 8 October;
        # + 3 months = Sat 5 December → Mon 7 December
        (date(2026, 9, 5), date(2026, 12, 7), date(2026, 10, 8)),
    ],
)
def test_clocks_counted_by_hand(people, bureau, assigned_on, reply_due, co_due):
    co = Co(bureau)
    case = receive(people, assigned_on=assigned_on, received_on=assigned_on)
    review(case, people, assigned_on)
    with on(assigned_on):
        services.assign(case.pk, people.clerk, bureau["lawyers"], [co.section])
    assert clock(case, services.REPLY_RULE).due_date == reply_due
    assert clock(case, services.CO_RULE).due_date == co_due


def test_extension_to_six_months_at_most_and_only_before_the_due_date(people, bureau):
    case = assign(receive(people), people, bureau)
    reply = clock(case, services.REPLY_RULE)
    with on(date(2026, 6, 1)):
        deadlines.extend_clock(reply.pk, people.other_chief, 2, "涉及多部门，情况复杂", people.chief)
        with pytest.raises(TransitionError, match="超过规定的最长延长期限 3 个月"):
            deadlines.extend_clock(reply.pk, people.other_chief, 2, "还需协调", people.chief)
    reply.refresh_from_db()
    assert reply.due_date == date(2026, 8, 10)  # 10 March + 5 months
    with on(date(2026, 8, 11)), pytest.raises(TransitionError, match="须在期限届满前申请延长"):
        deadlines.extend_clock(reply.pk, people.other_chief, 1, "再延", people.chief)


def _kinds(user, case):
    return sorted(Notification.objects.filter(user=user, case=case).values_list("kind", flat=True))


def test_the_sweep_reminds_and_flags_overdue_once(people, bureau):
    co = Co(bureau)
    case = assign(receive(people), people, bureau, co)
    # co-handling opinion due Fri 10 April: reminded 5 working days before (Fri 3 April), then overdue
    for _ in range(2):
        run_sweep(today=date(2026, 4, 3))
    assert _kinds(co.chief, case) == [Notification.Kind.REMIND]
    assert Notification.objects.filter(user=people.other_chief, case=case, kind=Notification.Kind.REMIND).count() == 1
    for _ in range(2):
        run_sweep(today=date(2026, 4, 13))
    assert _kinds(co.chief, case) == [Notification.Kind.OVERDUE, Notification.Kind.REMIND]
    assert co.clerk.notifications.filter(case=case).count() == 0  # the chief answers for the section
    # the reply clock, due Wed 10 June: reminded 10 working days before (Tue 26 May; 端午 19 June is later)
    for _ in range(2):
        run_sweep(today=date(2026, 5, 27))
    reply_notices = Notification.objects.filter(
        user=people.other_chief, case=case, clock=clock(case, services.REPLY_RULE)
    )
    assert list(reply_notices.values_list("kind", flat=True)) == [Notification.Kind.REMIND]
    for _ in range(2):
        run_sweep(today=date(2026, 6, 11))
    assert reply_notices.filter(kind=Notification.Kind.OVERDUE).count() == 1
    # escalate_after 0,5: the office (which 交办 and answers for the register) on the due day, then
    # its division leader 5 working days after (11, 12, 15, 16, 17 June): each once, however often swept
    escalations = Notification.objects.filter(
        case=case, clock=clock(case, services.REPLY_RULE), kind=Notification.Kind.ESCALATE
    )
    assert list(escalations.values_list("user", flat=True)) == [people.chief.pk]
    for day in (date(2026, 6, 16), date(2026, 6, 17), date(2026, 6, 17)):
        run_sweep(today=day)
    assert sorted(escalations.values_list("user", flat=True)) == sorted([people.chief.pk, people.leader.pk])


def test_an_approver_who_disagrees_returns_the_draft_instead_of_ending_the_proposal(people, bureau):
    # Every suggestion and proposal is answered: 不同意 at 答复审签 is refused, 退回 sends the draft
    # back to the lead section, which still owes the reply.
    from apps.workflow import services as engine

    case = assign(receive(people), people, bureau)
    contact(case, people, date(2026, 3, 20))
    draft(case, people, date(2026, 3, 25))
    task = pending(case, people.other_chief)
    with on(date(2026, 3, 26)), pytest.raises(TransitionError, match="退回"):
        engine.reject(case.pk, task.pk, people.other_chief, "答复过于笼统")
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and pending(case).pk == task.pk
