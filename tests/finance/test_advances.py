"""Advances (借款): the chain from rule rows, payment, return, settlement within a week, the 1% a
month overdue charge (per started month), and the sweep chasing the borrower."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from apps.finance.advances import charges, services
from apps.finance.models import Advance, Standard
from apps.workflow import calendar
from apps.workflow import services as engine
from apps.workflow.models import Case, CaseClock, Notification, Task
from apps.workflow.sweep import run_sweep
from tests.accounts.conftest import clock  # noqa: F401  (timezone.now() under the test's control)
from tests.finance.factories import approve_all, new_advance, pending

pytestmark = pytest.mark.django_db


def disbursed(people, posts, **kwargs):
    case = new_advance(people.clerk, submit=True, **kwargs)
    approve_all(case)
    services.disburse_advance(case.pk, posts.cashier, disbursed_on=timezone.localdate(), voucher_no="记-0100")
    case.refresh_from_db()
    return case


def test_route_is_division_leader_finance_leader_director_then_pay_settle_verify(people, posts):
    case = new_advance(people.clerk, submit=True)
    approve_all(case)
    tasks = Task.objects.filter(case=case).order_by("id")
    assert [(t.step_label, t.assignee.username) for t in tasks] == [
        ("分管领导审批", "leader"),
        ("分管财务领导审批", "leader2"),
        ("主要领导审批", "director"),
        ("财务付款", "cashier"),
    ]
    assert [s["label"] for s in case.route][3:] == ["财务付款", "返回报账", "财务核销"]


def test_payment_sets_the_deadline_from_the_expected_return_and_the_borrower_holds_it(people, posts):
    case = disbursed(people, posts, expected_in_days=3)
    advance = Advance.objects.get(case=case)
    expected = calendar.add_calendar_days(advance.expected_return_on + timedelta(days=7), 0)
    assert advance.settle_by == expected
    task = pending(case)
    assert (task.step, task.assignee, task.due_date) == ("settle", people.clerk, expected)
    assert case.due_date == expected


def test_registering_the_return_starts_the_settlement_clock(people, posts, clock):
    case = disbursed(people, posts)
    clock.advance(days=5)
    returned = timezone.localdate() - timedelta(days=1)
    services.register_return(case.pk, people.clerk, returned)
    running = CaseClock.objects.get(case=case)
    assert running.rule.code == "advance-settlement" and running.started_on == returned
    assert running.due_date == calendar.add_calendar_days(returned + timedelta(days=7), 0)
    advance = Advance.objects.get(case=case)
    assert advance.settle_by == running.due_date
    assert pending(case).due_date is None  # the clock took over


@pytest.mark.parametrize(
    "due, day, months",
    [
        (date(2026, 3, 10), date(2026, 3, 10), 0),
        (date(2026, 3, 10), date(2026, 3, 11), 1),
        (date(2026, 3, 10), date(2026, 4, 10), 1),
        (date(2026, 3, 10), date(2026, 4, 11), 2),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2026, 1, 31), date(2026, 3, 1), 2),
    ],
)
def test_a_month_begun_counts_as_a_month(due, day, months):
    assert charges.started_months(due, day) == months


@pytest.mark.parametrize(
    "due, day, months",
    [
        (date(2026, 3, 10), date(2026, 3, 11), 0),
        (date(2026, 3, 10), date(2026, 4, 9), 0),
        (date(2026, 3, 10), date(2026, 4, 10), 1),
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
    ],
)
def test_by_default_only_completed_months_are_charged(due, day, months):
    # Seed 002 says only 按月收取 1%: counting a begun month as a whole is a setting, not the default.
    assert charges.compute(Decimal("3000"), due, day, Decimal("0.01")).months == months


def test_charge_is_one_percent_of_the_advance_per_started_month_to_the_fen():
    charge = charges.compute(Decimal("3333.33"), date(2026, 3, 10), date(2026, 4, 20), Decimal("0.01"), partial=True)
    assert (charge.days_late, charge.months, charge.amount) == (41, 2, Decimal("66.67"))
    plain = charges.compute(Decimal("3333.33"), date(2026, 3, 10), date(2026, 4, 20), Decimal("0.01"))
    assert (plain.months, plain.amount) == (1, Decimal("33.33"))


@pytest.fixture
def begun_month_counts(people):
    """The bureau's reading (不足一月按一月计), set by the administrator in 财务标准."""
    Standard.objects.filter(key="advance_partial_month").update(value=Decimal("1"))


def test_the_default_charges_nothing_for_two_weeks_and_the_form_says_why(people, posts, clock):
    case = disbursed(people, posts, expected_in_days=2)
    services.register_return(case.pk, people.clerk, timezone.localdate())
    due = Advance.objects.get(case=case).settle_by
    clock.now = clock.now + (due - timezone.localdate()) + timedelta(days=14)
    charge = Advance.objects.get(case=case).charge_on()
    assert (charge.days_late, charge.months, charge.amount) == (14, 0, Decimal("0.00"))
    assert "只计满月" in charge.text()
    client = Client()
    client.force_login(people.clerk)
    form = client.get("/finance/advances/new/").content.decode()
    assert "按月收取1%的逾期报账利息" in form and "只计满月" in form


def test_an_advance_two_weeks_overdue_shows_the_charge(people, posts, clock, begun_month_counts):
    case = disbursed(people, posts, expected_in_days=2)
    services.register_return(case.pk, people.clerk, timezone.localdate())
    due = Advance.objects.get(case=case).settle_by
    clock.now = clock.now + (due - timezone.localdate()) + timedelta(days=14)  # two weeks past the deadline

    advance = Advance.objects.get(case=case)
    charge = advance.charge_on()
    assert (charge.days_late, charge.months, charge.amount) == (14, 1, Decimal("30.00"))

    client = Client()
    client.force_login(people.clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "30.00 元" in page and "逾期 14 日" in page
    listing = client.get("/finance/advances/", {"flag": "overdue"})
    assert [a.pk for a in listing.context["page"]] == [advance.pk]
    assert "30.00" in listing.content.decode()

    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(
        BytesIO(client.get("/finance/advances/", {"flag": "overdue", "export": "xlsx"}).content)
    ).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("逾期天数")] == 14
    assert Decimal(str(row[header.index("逾期利息（元）")])) == Decimal("30.00")


def test_the_sweep_chases_the_borrower_and_names_the_advance_to_no_one_off_its_route(people, posts):
    case = disbursed(people, posts)
    services.register_return(case.pk, people.clerk, timezone.localdate())
    due = Advance.objects.get(case=case).settle_by
    run_sweep(today=calendar.add_working_days(due, 1))
    notices = Notification.objects.filter(case=case)
    assert notices.filter(user=people.clerk, kind=Notification.Kind.OVERDUE).exists()
    # the advance is 限定知悉范围: the borrower's chief (not on its route) is not told what it is
    assert not notices.filter(user=people.chief, kind=Notification.Kind.ESCALATE).exists()
    assert case.events.filter(action="urge").exists()


def test_the_sweep_chases_even_before_the_return_is_registered(people, posts):
    case = disbursed(people, posts, expected_in_days=1)
    due = Advance.objects.get(case=case).settle_by
    run_sweep(today=calendar.add_working_days(due, 1))
    assert Notification.objects.filter(case=case, user=people.clerk, kind=Notification.Kind.OVERDUE).exists()


def test_settlement_stops_the_clock_and_verification_fixes_the_charge(people, posts, clock, begun_month_counts):
    case = disbursed(people, posts, expected_in_days=1)
    clock.advance(days=1)
    services.register_return(case.pk, people.clerk, timezone.localdate())
    clock.advance(days=20)
    today = timezone.localdate()
    services.settle_advance(
        case.pk, people.clerk, settled_on=today, spent_amount=Decimal("2500.00"), cash_returned=Decimal("500.00")
    )
    running = CaseClock.objects.get(case=case)
    assert running.status == CaseClock.Status.LATE
    clock.advance(days=40)  # the charge stops growing at the settlement
    services.verify_advance(case.pk, posts.cashier)
    advance = Advance.objects.get(case=case)
    assert advance.charge == Decimal("30.00") and advance.verified_by == posts.cashier
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and "30.00 元" in case.result


def test_settlement_must_account_for_the_whole_advance(people, posts):
    case = disbursed(people, posts)
    with pytest.raises(engine.TransitionError, match="应等于借款金额 3,000.00 元"):
        services.settle_advance(
            case.pk,
            people.clerk,
            settled_on=timezone.localdate(),
            spent_amount=Decimal("2000"),
            cash_returned=Decimal("0"),
            returned_on=timezone.localdate(),
        )
    assert Advance.objects.get(case=case).settled_on is None


def test_only_the_borrower_settles_and_only_through_the_form(people, posts):
    case = disbursed(people, posts)
    with pytest.raises(engine.TransitionError, match="只有借款人本人"):
        services.settle_advance(
            case.pk,
            people.colleague,
            settled_on=timezone.localdate(),
            spent_amount=Decimal("3000"),
            cash_returned=Decimal("0"),
            returned_on=timezone.localdate(),
        )
    with pytest.raises(engine.TransitionError, match="事项信息"):
        engine.complete(case.pk, pending(case).pk, people.clerk, "已报账")


def test_a_travel_advance_is_asked_for_before_the_trip(people, posts):
    with pytest.raises(engine.TransitionError, match="预计返回日期不能早于今天"):
        new_advance(people.clerk, expected_in_days=-2, submit=True)


def test_no_charge_before_payment(people, posts, clock):
    case = new_advance(people.clerk, submit=True)
    clock.advance(days=60)
    assert Advance.objects.get(case=case).charge_on().amount == Decimal("0")
