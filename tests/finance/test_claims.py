"""Reimbursement claims (报销): the chain from rule rows, the amount from the items, the invoices,
official meals against the standards, late filing, and payment only with the decision record
its amount needs."""

from decimal import Decimal

import pytest

from apps.finance.claims import services
from apps.finance.models import Claim, DecisionRecord, Standard
from apps.workflow import services as engine
from apps.workflow.models import ApprovalRule, Case, Task
from tests.finance.factories import add_record, approve_all, item, meal_item, new_claim, pending

pytestmark = pytest.mark.django_db


def route_people(case):
    """[(label, assignee name)] of the route as it was activated, step by step."""
    approve_all(case)
    tasks = Task.objects.filter(case=case).exclude(kind=Task.Kind.READ).order_by("id")
    return [(t.step_label, t.assignee.username) for t in tasks]


def test_route_is_handler_witness_leader_joint_review_finance_leader_director_then_payment(people, posts):
    case = new_claim(people.clerk, people.colleague, submit=True)
    assert route_people(case) == [
        ("证明人确认", "colleague"),
        ("分管领导审核", "leader"),
        ("联审小组会审", "chief"),
        ("分管财务领导审批", "leader2"),
        ("主要领导审批", "director"),
        ("财务付款", "cashier"),
    ]
    # the claimant's submission is the handler's signature
    assert case.events.filter(action="submit", actor=people.clerk).exists()


def test_the_witness_is_the_one_each_claimant_names(people, posts):
    case = new_claim(people.clerk, people.archivist, submit=True)
    assert pending(case).assignee == people.archivist


def test_changing_a_rule_row_changes_the_next_claim_not_the_one_on_its_way(people, posts):
    first = new_claim(people.clerk, people.colleague, submit=True)
    ApprovalRule.objects.filter(process="finance.claim", label="联审小组会审").update(active=False)
    second = new_claim(people.clerk, people.colleague, submit=True)
    assert "联审小组会审" in [s["label"] for s in first.route]
    assert "联审小组会审" not in [s["label"] for s in second.route]


def test_a_division_leaders_own_claim_skips_the_division_leader_row(people, posts):
    case = new_claim(people.leader, people.chief, submit=True)
    assert [s["label"] for s in case.route] == [
        "证明人确认",
        "联审小组会审",
        "分管财务领导审批",
        "主要领导审批",
        "财务付款",
    ]


def test_amount_is_the_sum_of_the_items_in_decimal(people, posts):
    case = new_claim(people.clerk, people.colleague, items=[item("0.10"), item("0.20"), item("1234.56")])
    claim = case.finance_claim
    claim.refresh_from_db()
    assert claim.amount == Decimal("1234.86")
    assert isinstance(claim.amount, Decimal)
    assert case.route == [] and case.status == Case.Status.DRAFT


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"uploads": []}, "请上传发票"),
        ({"items": []}, "至少填写一条报销明细"),
        ({"witness": "self"}, "证明人不能是报销人本人"),
    ],
)
def test_submission_needs_items_invoices_and_another_witness(people, posts, kwargs, message):
    witness = people.clerk if kwargs.pop("witness", None) == "self" else people.colleague
    with pytest.raises(engine.TransitionError, match=message):
        new_claim(people.clerk, witness, submit=True, **kwargs)
    assert not Case.objects.filter(process="finance.claim", status=Case.Status.ACTIVE).exists()


def test_official_meal_above_the_standard_for_the_guests_rank_is_refused(people, posts):
    # 厅局级 160 yuan per person and meal: 8 persons may cost 1,280.00
    with pytest.raises(engine.TransitionError, match=r"8 人 × 160.00 元（厅局级）= 1,280.00 元，填报 1,300.00 元"):
        new_claim(people.clerk, people.colleague, kind="meal", items=[meal_item("1300.00", 8)], submit=True)
    case = new_claim(people.clerk, people.colleague, kind="meal", items=[meal_item("1280.00", 8)], submit=True)
    assert case.status == Case.Status.ACTIVE


def test_meal_lines_must_say_who_dined_and_at_which_standard(people, posts):
    with pytest.raises(engine.TransitionError, match="就餐人数和接待对象级别"):
        new_claim(
            people.clerk, people.colleague, kind="meal", items=[item("300.00", category="reception")], submit=True
        )


def test_the_meal_standard_is_an_admin_row(people, posts):
    from apps.finance.models import MealStandard

    MealStandard.objects.filter(key="other").update(amount=Decimal("100.00"))
    with pytest.raises(engine.TransitionError, match="4 人 × 100.00 元"):
        new_claim(
            people.clerk, people.colleague, kind="meal", items=[meal_item("500.00", 4, level="other")], submit=True
        )


def test_a_claim_filed_more_than_a_week_after_the_expense_is_flagged(people, posts):
    late = new_claim(
        people.clerk, people.colleague, items=[item("100.00", days_ago=3), item("50.00", days_ago=9)], submit=True
    )
    on_time = new_claim(people.clerk, people.colleague, items=[item("100.00", days_ago=7)], submit=True)
    late_claim, on_time_claim = Claim.objects.get(case=late), Claim.objects.get(case=on_time)
    assert (late_claim.filed_late, late_claim.days_after_expense) == (True, 9)
    assert (on_time_claim.filed_late, on_time_claim.days_after_expense) == (False, 7)


def test_the_week_is_an_admin_row(people, posts):
    Standard.objects.filter(key="late_filing_days").update(value=Decimal("10"))
    case = new_claim(people.clerk, people.colleague, items=[item("50.00", days_ago=9)], submit=True)
    assert not Claim.objects.get(case=case).filed_late


# --- payment and the collective-decision record -----------------------------------------------


def at_payment(people, amount):
    case = new_claim(people.clerk, people.colleague, items=[item(amount)], submit=True)
    approve_all(case)
    case.refresh_from_db()
    assert case.current_step == "pay"
    return case


def pay(case, user, **kwargs):
    from django.utils import timezone

    return services.pay_claim(
        case.pk, user, paid_on=kwargs.get("paid_on", timezone.localdate()), pay_method="transfer", voucher_no="记-0012"
    )


def test_a_6000_yuan_claim_cannot_be_paid_without_its_collective_decision_record(people, posts):
    case = at_payment(people, "6000.00")
    with pytest.raises(engine.TransitionError, match="须经局领导班子集体研究决定"):
        pay(case, posts.cashier)
    claim = Claim.objects.get(case=case)
    assert claim.paid_on is None and pending(case).step == "pay"

    add_record(case, posts.cashier)
    pay(case, posts.cashier)
    case.refresh_from_db()
    claim.refresh_from_db()
    assert case.status == Case.Status.CLOSED and claim.paid_on is not None
    assert "已付款 6,000.00 元" in case.result


def test_the_generic_completion_cannot_pay_around_the_check(people, posts):
    case = at_payment(people, "6000.00")
    task = pending(case)
    with pytest.raises(engine.TransitionError, match="事项信息"):
        engine.complete(case.pk, task.pk, posts.cashier, "已付款")
    add_record(case, posts.cashier)
    with pytest.raises(engine.TransitionError, match="事项信息"):  # the record alone is not a payment
        engine.complete(case.pk, task.pk, posts.cashier, "已付款")
    assert Case.objects.get(pk=case.pk).status == Case.Status.ACTIVE


def test_below_the_threshold_no_record_is_needed(people, posts):
    case = at_payment(people, "4999.99")
    pay(case, posts.cashier)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_5000_itself_needs_the_record(people, posts):
    case = at_payment(people, "5000.00")
    with pytest.raises(engine.TransitionError, match="集体研究"):
        pay(case, posts.cashier)


def test_from_100000_only_the_party_groups_meeting_will_do(people, posts):
    case = at_payment(people, "120000.00")
    add_record(case, people.clerk)  # a leadership meeting is not enough
    with pytest.raises(engine.TransitionError, match="须经局党组会议研究"):
        pay(case, posts.cashier)
    add_record(case, people.clerk, kind=DecisionRecord.Kind.PARTY_GROUP)
    pay(case, posts.cashier)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_the_threshold_is_an_admin_row(people, posts):
    Standard.objects.filter(key="collective_decision_amount").update(value=Decimal("8000"))
    case = at_payment(people, "6000.00")
    pay(case, posts.cashier)
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED


def test_only_the_finance_post_pays(people, posts):
    case = at_payment(people, "100.00")
    with pytest.raises(engine.TransitionError, match="只有财务付款岗位"):
        pay(case, people.director)


def test_decision_records_come_from_the_claimant_or_the_current_handler_with_minutes(people, posts):
    case = new_claim(people.clerk, people.colleague, items=[item("6000.00")], submit=True)
    with pytest.raises(engine.TransitionError, match="只有报销人或当前环节的办理人"):
        add_record(case, people.outsider)
    with pytest.raises(engine.TransitionError, match="上传会议纪要"):
        services.add_decision_record(
            case.pk,
            people.clerk,
            {"kind": "collective", "meeting": "会", "held_on": case.created_at.date(), "minutes_ref": "1"},
            None,
        )
    record = add_record(case, people.colleague)  # the witness holds the current step
    assert record.minutes.case_id == case.pk
    line = case.events.get(step_label="集体决策记录")
    # a record of the app's own, not an upload: the case page shows it as 登记 (api.log_event)
    assert line.action == "record" and line.get_action_display() == "登记"


# --- seed 002's second scale: visitors from other districts and counties ---------------------


@pytest.mark.parametrize(
    "meal, amount, ok",
    [
        ("dinner", "80.00", True),
        ("dinner", "80.01", False),
        ("lunch", "80.00", True),
        ("breakfast", "40.00", True),
        ("breakfast", "40.01", False),
    ],
)
def test_other_district_visitors_have_their_own_scale_by_meal(people, posts, meal, amount, ok):
    # 其他区县：早餐 20、中餐 40、晚餐 40 元/人 (seed 002 rule 4 三(二)); 2 persons.
    line = meal_item(amount, 2, level="other_district", meal=meal)
    if ok:
        assert new_claim(people.clerk, people.colleague, kind="meal", items=[line], submit=True).status == "active"
    else:
        limit = {"dinner": "40.00", "breakfast": "20.00"}[meal]
        with pytest.raises(engine.TransitionError, match=f"2 人 × {limit} 元（其他区县来客"):
            new_claim(people.clerk, people.colleague, kind="meal", items=[line], submit=True)
