"""Demo history for the leaders' overview.

The other apps' demo data is all of today: open matters, some due, some overdue, which the
overview shows as they are. What it cannot show is a trend, because nothing was settled in past
months. This adds, for every statutory deadline rule (a 案件期限) whose process already has demo
matters, a few matters settled in each of the last eleven months, most answered on time and
some late, in the section that handles that process. It knows no section app: the processes,
their sections and initiators come from the engine's rows (run after the section apps' demos,
as seed_demo runs apps in INSTALLED_APPS order).

These are records of matters finished before the portal existed (as a migration of the old
paper register would bring them): case, record lines and clock are written with their own past
dates rather than moved through the engine today, whose every step is stamped "now".
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.workflow.models import Case, CaseClock, CaseEvent, ClockEvent, DeadlineRule

from . import figures

MONTHS = 11


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def create_demo_cases(u):
    rng = random.Random(21)
    today = timezone.localdate()
    rules = list(
        DeadlineRule.objects.filter(
            scope=DeadlineRule.Scope.CASE, mode=DeadlineRule.Mode.LIMIT, active=True, unit=DeadlineRule.Unit.CALENDAR
        ).order_by("process", "code")
    )
    created = 0
    used = set()
    for rule in rules:
        if rule.process in used:
            continue
        sample = (
            Case.objects.filter(process=rule.process, is_confidential=False)
            .exclude(status=Case.Status.DRAFT)
            .select_related("section", "initiator")
            .order_by("id")
            .first()
        )
        if sample is None:
            continue
        used.add(rule.process)
        label = figures.process_label(rule.process)
        for back in range(MONTHS, 0, -1):
            month = figures.add_months(today.replace(day=1), -back)
            for n in range(rng.randint(1, 3)):
                late = rng.random() < 0.18 + 0.02 * back  # the bureau got better at it
                started = month + timedelta(days=rng.randint(0, 12))
                due = started + timedelta(days=rule.length)
                settled = due + timedelta(days=rng.randint(1, 6)) if late else due - timedelta(days=rng.randint(0, 8))
                settled = max(settled, started + timedelta(days=1))
                case = Case.objects.create(
                    process=rule.process,
                    title=f"{label}（{month.year}年{month.month}月办结 第{n + 1}件）",
                    section=sample.section,
                    initiator=sample.initiator,
                    status=Case.Status.CLOSED,
                    result="已按规定办结并答复。",
                    created_at=_at(started, 9),
                    submitted_at=_at(started, 10),
                    closed_at=_at(settled, 16),
                    due_date=None,
                )
                for action, day, hour, step in (
                    (CaseEvent.Action.CREATE, started, 9, "登记"),
                    (CaseEvent.Action.DONE, settled, 16, "办结"),
                ):
                    CaseEvent.objects.create(
                        case=case, action=action, actor=sample.initiator, step_label=step, created_at=_at(day, hour)
                    )
                clock = CaseClock.objects.create(
                    case=case,
                    rule=rule,
                    status=CaseClock.Status.LATE if late else CaseClock.Status.MET,
                    started_on=started,
                    due_date=due,
                    stopped_at=_at(settled, 16),
                    explanation=f"{rule.start_event} {started:%Y-%m-%d} → {due:%Y-%m-%d}（历史登记）",
                    created_at=_at(started, 9),
                )
                for kind, day, reason in (
                    (ClockEvent.Kind.START, started, rule.start_event),
                    (ClockEvent.Kind.STOP, settled, f"{settled:%Y-%m-%d} 办结，{'逾期' if late else '按期'}"),
                ):
                    ClockEvent.objects.create(
                        clock=clock,
                        kind=kind,
                        on_date=day,
                        reason=reason[:200],
                        actor=sample.initiator,
                        created_at=_at(day, 16),
                    )
                created += 1
    return created
