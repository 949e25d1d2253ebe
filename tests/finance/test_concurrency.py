"""Two payments of one claim at the same moment (a double click, or two cashiers' tabs) on
PostgreSQL: the claim is paid once.

As in tests/workflow/test_concurrency.py, the interleaving is forced: the first payment stops
after it has checked the decision record and written the payment (uncommitted, holding the case
and claim row locks); the second starts and must wait for those locks; only when PostgreSQL
reports it waiting is the first let go. The second then finds the claim paid.
"""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from apps.finance.claims import services
from apps.finance.models import Claim
from apps.workflow.models import Case, CaseEvent
from tests.finance.factories import add_record, approve_all, item, new_claim
from tests.workflow.test_concurrency import TIMEOUT, Outcome, backend_pid, is_waiting_for, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(module, event, first, second):
    """Run `first` and `second` (callables) in two threads; the first pauses at its audit write
    `event` (after its checks and writes, before commit) until the second is seen waiting on a
    lock the first holds. Returns (first outcome, second outcome, second was blocked)."""
    original = module.record
    reached, release = threading.Event(), threading.Event()
    pids, outcomes = {}, {"first": Outcome(), "second": Outcome()}

    def paused_record(*args, **kwargs):
        result = original(*args, **kwargs)
        if threading.current_thread().name == "first" and args and args[0] == event:
            pids["first"] = backend_pid()
            reached.set()
            assert release.wait(TIMEOUT), "first transaction was never released"
        return result

    def run(name, action):
        try:
            if name == "second":
                pids["second"] = backend_pid()
            outcomes[name].value = action()
        except Exception as exc:
            outcomes[name].error = exc
        finally:
            reached.set()
            connection.close()

    threads = {
        name: threading.Thread(target=run, args=(name, action), name=name)
        for name, action in (("first", first), ("second", second))
    }
    with mock.patch.object(module, "record", paused_record):
        threads["first"].start()
        assert reached.wait(TIMEOUT) and "first" in pids, f"first failed early: {outcomes['first'].error!r}"
        threads["second"].start()
        wait_until(
            lambda: (
                not threads["second"].is_alive() or ("second" in pids and is_waiting_for(pids["second"], pids["first"]))
            ),
            "the second transaction waits for the first one's lock",
        )
        second_was_blocked = threads["second"].is_alive()
        release.set()
        for thread in threads.values():
            thread.join(TIMEOUT)
    return outcomes["first"], outcomes["second"], second_was_blocked


def pay_twice(case_id, cashier):
    def pay(name):
        return lambda: services.pay_claim(
            case_id, cashier, paid_on=timezone.localdate(), pay_method="transfer", voucher_no=f"记-{name}"
        )

    return race(services, "finance.claim_pay", pay("first"), pay("second"))


def test_a_claim_is_paid_once_when_two_payments_race(people, posts):
    case = new_claim(people.clerk, people.colleague, items=[item("6000.00")], submit=True)
    approve_all(case)
    add_record(case, posts.cashier)
    first, second, blocked = pay_twice(case.pk, posts.cashier)
    assert blocked, "the second payment must wait for the first one's row lock"
    assert first.error is None
    assert isinstance(second.error, services.TransitionError) and "不在此环节" in str(second.error)
    claim = Claim.objects.get(case_id=case.pk)
    assert claim.voucher_no == "记-first"
    assert Case.objects.get(pk=case.pk).status == Case.Status.CLOSED
    assert CaseEvent.objects.filter(case_id=case.pk, action="done").count() == 1


def test_two_issues_racing_for_the_last_items_never_take_the_stock_below_zero(people, bureau):
    from apps.finance.models import SupplyItem
    from apps.finance.supplies import services as supply_services
    from tests.conftest import make_user
    from tests.finance.factories import pending
    from tests.finance.logistics_factories import hold, supplies

    keeper = make_user("keeper", bureau["office"], full_name="办公用品管理员")
    hold("supplies_keeper", keeper)
    paper = supplies(keeper, 纸=10)["纸"]
    cases = []
    for user in (people.clerk, people.colleague):
        case = supply_services.save_supply_request(user, {"purpose": "日常办公"}, [(paper, 6)], submit=True)
        approve_all(case)
        from apps.workflow import services as engine

        engine.complete(case.pk, pending(case, user).pk, user, "已登记。")
        cases.append(case)
    first, second, blocked = race(
        supply_services,
        "finance.supplies_issue",
        lambda: supply_services.issue_supplies(cases[0].pk, keeper),
        lambda: supply_services.issue_supplies(cases[1].pk, keeper),
    )
    assert blocked, "the second issue must wait for the item row the first one locked"
    assert first.error is None
    assert isinstance(second.error, services.TransitionError) and "库存不足" in str(second.error)
    assert SupplyItem.objects.get(pk=paper.pk).stock == 4
