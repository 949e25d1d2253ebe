"""The 信访 procedure with its statutory clocks, dates hand-computed over the 2026 National Day
holiday (10月1日–7日 放假; 9月20日 Sunday and 10月10日 Saturday are make-up workdays)."""

from datetime import date

import pytest

from apps.petitions import services
from apps.petitions.models import Channel, Petition, Stage
from apps.workflow.models import Case, CaseClock, Notification
from apps.workflow.services import TransitionError
from tests.petitions.factories import new_petition, office_clerk_of, read_through

pytestmark = pytest.mark.django_db


def clock(case, code):
    return CaseClock.objects.get(case=case, rule__code=code)


def test_it_walks_registration_acceptance_extension_answer_and_review(bureau, people):
    # A judicial office registers and answers it; its 复查 is the bureau's (one level up).
    jo_clerk = office_clerk_of(bureau, people)
    case = new_petition(jo_clerk)
    # Received Sunday 20 Sept (a make-up workday); 15 days → 5 Oct, in the holiday → Thursday 8 Oct.
    assert clock(case, "petition-accept-notice").due_date == date(2026, 10, 8)
    assert case.current_step == "chief"
    with pytest.raises(TransitionError):
        services.decide(case.pk, jo_clerk, True, date(2026, 9, 28))  # still being read
    case = read_through(case, people)
    assert case.current_step == "handle"
    services.decide(case.pk, jo_clerk, True, date(2026, 9, 28))
    assert clock(case, "petition-accept-notice").status == CaseClock.Status.MET
    # Accepted Monday 28 Sept: 60 days → Friday 27 Nov.
    handle = clock(case, "petition-handle")
    assert handle.due_date == date(2026, 11, 27)
    with pytest.raises(TransitionError, match="最长延长期限"):
        services.extend(case.pk, jo_clerk, 31, "案情复杂，需调查核实", people.director)
    services.extend(case.pk, jo_clerk, 30, "案情复杂，需调查核实", people.director)
    handle.refresh_from_db()
    # +30 days → Sunday 27 Dec → Monday 28 Dec.
    assert handle.due_date == date(2026, 12, 28)
    assert Petition.objects.get(case=case).extended_days == 30
    services.answer(case.pk, jo_clerk, "经调解，双方达成协议。", date(2026, 11, 20))
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert clock(case, "petition-handle").status == CaseClock.Status.MET

    # 复查: a new linked case; the answered case keeps its history and stays closed.
    events_before = case.events.count()
    with pytest.raises(TransitionError, match="转局办公室"):
        services.request_review(case.pk, jo_clerk, {"received_on": date(2026, 11, 25), "demands": "不服"})
    review = services.request_review(
        case.pk, people.clerk, {"received_on": date(2026, 11, 25), "demands": "对处理意见不服"}
    )
    assert review.petition.review_of.case_id == case.pk
    assert case.events.count() == events_before
    # Wednesday 25 Nov: accept in 3 working days → Thu 26, Fri 27, Mon 30 Nov; opinion 30 days → Friday 25 Dec.
    assert clock(review, "petition-review-accept").due_date == date(2026, 11, 30)
    assert clock(review, "petition-review-opinion").due_date == date(2026, 12, 25)
    assert review.current_step == "handle"
    with pytest.raises(TransitionError, match="请先受理"):
        services.review_opinion(review.pk, people.clerk, "维持", date(2026, 11, 26))
    services.accept_review(review.pk, people.clerk, date(2026, 11, 26))
    services.review_opinion(review.pk, people.clerk, "维持原处理意见。", date(2026, 12, 1))
    review.refresh_from_db()
    assert review.status == Case.Status.CLOSED
    assert review.petition.stage == Stage.REVIEWED
    with pytest.raises(TransitionError, match="已登记复查"):
        services.request_review(case.pk, people.clerk, {"received_on": date(2026, 11, 26), "demands": "再次"})


def test_it_counts_the_objection_to_a_transferred_matter_in_working_days(bureau, people):
    case = new_petition(people.clerk, received_on=date(2026, 9, 28), channel=Channel.CITY_BUREAU)
    # Monday 28 Sept: 5 working days → 29, 30 Sept, (1–7 Oct holiday), 8, 9, 10 Oct (Saturday, make-up workday).
    assert clock(case, "petition-transfer-objection").due_date == date(2026, 10, 10)
    # 15 days → 13 Oct.
    assert clock(case, "petition-transfer-receipt-notice").due_date == date(2026, 10, 13)
    assert not CaseClock.objects.filter(case=case, rule__code="petition-accept-notice").exists()


def test_it_declines_with_a_reason_and_closes(bureau, people):
    case = read_through(new_petition(people.clerk), people)
    with pytest.raises(TransitionError, match="理由"):
        services.decide(case.pk, people.clerk, False, date(2026, 9, 28))
    services.decide(case.pk, people.clerk, False, date(2026, 9, 28), "属诉讼程序，告知向人民法院起诉")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.petition.stage == Stage.NOT_ACCEPTED
    with pytest.raises(TransitionError):
        services.request_review(case.pk, people.clerk, {"received_on": date(2026, 10, 9), "demands": "x"})


def test_it_alerts_the_leaders_at_once_for_a_group_petition(bureau, people):
    from apps.petitions.models import PetitionPolicy

    assert PetitionPolicy.current().group_threshold == 5  # 信访设置 (admin), seeded by the migration
    small = new_petition(people.clerk, is_group=True, headcount=4)
    assert not Notification.objects.filter(case=small).exists()
    case = new_petition(people.clerk, is_group=True, headcount=12)
    alerted = set(Notification.objects.filter(case=case).values_list("user__username", flat=True))
    assert {"director", "leader", "chief"} <= alerted
    assert "clerk" not in alerted


def test_only_the_handler_decides(bureau, people):
    case = read_through(new_petition(people.clerk), people)
    for user in (people.chief, people.outsider, people.colleague):
        with pytest.raises(TransitionError):
            services.decide(case.pk, user, True, date(2026, 9, 28))


def test_a_registered_petition_cannot_be_ended_by_a_reader_or_withdrawn(people):
    # 信访工作条例 §23/§34: every petition gets a written decision and answer; the 呈阅 readers
    # comment and pass it on, they cannot close it with 不同意, and the registrar cannot take it back.
    from apps.workflow import services as engine
    from apps.workflow.models import Task

    case = new_petition(people.clerk)
    task = Task.objects.pending().get(case=case, assignee=people.chief)
    with pytest.raises(TransitionError, match="退回"):
        engine.reject(case.pk, task.pk, people.chief, "不同意受理")
    with pytest.raises(TransitionError):
        engine.withdraw(case.pk, people.clerk)
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE and Task.objects.pending().get(case=case).assignee == people.chief
