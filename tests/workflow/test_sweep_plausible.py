"""A mistyped year on a clock's start must not send overdue notices and 督办 up the chain
(issue 20 item 1): the sweep tells the handler once to correct the date instead."""

from datetime import date

import pytest

from apps.workflow import deadlines
from apps.workflow import sweep as sweep_module
from apps.workflow.models import Notification
from apps.workflow.sweep import run_sweep
from tests.workflow.test_sweep_escalation import at_clerk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def engine_passes_only(monkeypatch):
    # These tests pin the engine's own clock and step notices one by one; the section apps'
    # passes (a yearly secrecy-training reminder in December, ...) have their own tests.
    monkeypatch.setattr(sweep_module, "EXTRA_PASSES", [])


TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("typed", [date(1, 1, 1), date(1900, 1, 1), date(1999, 12, 31)])
def test_an_implausible_start_is_reported_to_the_handler_and_never_escalated(people, typed):
    case = at_clerk(people)
    deadlines.start_clock(case, "disclosure-reply", typed, people.clerk)
    run_sweep(today=TODAY)
    run_sweep(today=TODAY)  # and once only
    # (other sweep passes may remind about other things: only this clock's notices count)
    sent = list(Notification.objects.filter(clock__case=case).values_list("user__username", "kind", "message"))
    assert len(sent) == 1
    user, kind, message = sent[0]
    assert (user, kind) == ("clerk", "info")
    assert f"起算日登记为 {typed.isoformat()}" in message and "请核对并更正" in message
    assert not Notification.objects.filter(clock__case=case, kind__in=["overdue", "escalate"]).exists()


@pytest.mark.parametrize("start", [date(2000, 1, 1), date(2026, 11, 2)])
def test_a_plausible_start_still_escalates(people, start):
    case = at_clerk(people)
    deadlines.start_clock(case, "disclosure-reply", start, people.clerk)
    run_sweep(today=TODAY)
    kinds = set(Notification.objects.filter(clock__case=case).values_list("kind", flat=True))
    assert {"overdue", "escalate"} <= kinds


def test_the_floor_is_a_setting(people, settings):
    settings.PLAUSIBLE_DATE_FLOOR = "2026-01-01"
    case = at_clerk(people)
    deadlines.start_clock(case, "disclosure-reply", date(2025, 12, 1), people.clerk)
    run_sweep(today=TODAY)
    assert list(Notification.objects.filter(clock__case=case).values_list("kind", flat=True)) == ["info"]
