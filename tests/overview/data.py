"""Hand-made matters for the overview tests: cases, their pending work and statutory clocks,
written as rows (the overview reads only what the engine stores, so the tests state it)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.workflow.calendar import add_working_days
from apps.workflow.models import Case, CaseClock, DeadlineRule, Task

GENERAL = "matters.general"  # 事项审批
PETITION = "petitions.petition"
CORRECTION = "correction.subject"


def aware(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def statutory_rule(process=GENERAL, code="ov-statutory", scope=DeadlineRule.Scope.CASE):
    rule, _ = DeadlineRule.objects.get_or_create(
        code=code,
        defaults=dict(
            process=process,
            scope=scope,
            name="测试法定期限" if scope == DeadlineRule.Scope.CASE else "测试环节期限",
            length=15,
            unit=DeadlineRule.Unit.CALENDAR,
            start_event="收到申请",
            basis="测试",
        ),
    )
    return rule


def case(section, initiator, *, process=GENERAL, status=Case.Status.ACTIVE, due=None, closed=None, **extra):
    now = timezone.now()
    return Case.objects.create(
        process=process,
        title=extra.pop("title", f"{section.name}测试事项"),
        section=section,
        initiator=initiator,
        status=status,
        due_date=due,
        closed_at=closed,
        submitted_at=now - timedelta(days=30),
        created_at=now - timedelta(days=30),
        **extra,
    )


def task(case_, assignee, *, due=None, kind=Task.Kind.APPROVE, status=Task.Status.PENDING):
    return Task.objects.create(
        case=case_, step="review-1", step_label="审核", kind=kind, assignee=assignee, status=status, due_date=due
    )


def clock(case_, rule, *, status=CaseClock.Status.RUNNING, due, stopped=None):
    return CaseClock.objects.create(
        case=case_, rule=rule, status=status, started_on=due - timedelta(days=15), due_date=due, stopped_at=stopped
    )


class World:
    """Matters in 办公室 (led by `leader`, chief `chief`) and 律师工作科 (led by `other_leader`),
    plus a confidential one and a 社区矫正 one in 办公室 that the leader and chief cannot open.

    `expected` maps each figure to the set of case ids a hand count gives, per viewer."""

    def __init__(self, people, bureau, today=None):
        today = today or timezone.localdate()
        self.today = today
        office, lawyers = bureau["office"], bureau["lawyers"]
        self.office, self.lawyers = office, lawyers
        p = people
        soon = add_working_days(today, 3)
        later = add_working_days(today, 20)
        month_start = today.replace(day=1)
        rule = statutory_rule()
        step_rule = statutory_rule(code="ov-step", scope=DeadlineRule.Scope.STEP)
        c = self.cases = {}
        c["office_open"] = case(office, p.clerk, due=later, title="办公室在办")
        c["office_soon"] = case(office, p.clerk, due=soon, title="办公室即将到期")
        c["office_overdue"] = case(office, p.clerk, due=today - timedelta(days=9), title="办公室已超期")
        c["office_overdue2"] = case(
            office,
            p.clerk,
            process=PETITION,
            due=today - timedelta(days=2),
            status=Case.Status.RETURNED,
            title="信访已超期",
        )
        c["office_closed"] = case(
            office, p.clerk, status=Case.Status.CLOSED, closed=aware(month_start, 9), title="办公室本月办结"
        )
        c["office_closed_before"] = case(
            office,
            p.clerk,
            status=Case.Status.CLOSED,
            closed=aware(month_start - timedelta(days=1), 23, 30),
            title="办公室上月办结",
        )
        c["office_draft"] = case(office, p.clerk, status=Case.Status.DRAFT, due=today - timedelta(days=5), title="草稿")
        c["lawyers_overdue"] = case(lawyers, p.outsider, due=today - timedelta(days=4), title="律师科已超期")
        c["lawyers_open"] = case(lawyers, p.outsider, due=None, title="律师科在办")
        # Matters the office's leader and chief may not open, though filed under the office:
        c["confidential"] = case(
            office, p.clerk, due=today - timedelta(days=30), is_confidential=True, title="限定知悉范围的绝密事项"
        )
        c["correction"] = case(
            office, p.clerk, process=CORRECTION, due=today - timedelta(days=20), title="社区矫正对象某某"
        )
        # pending work
        task(c["office_open"], p.chief, due=later)
        task(c["office_soon"], p.chief, due=soon)
        task(c["office_overdue"], p.colleague, due=today - timedelta(days=9))
        task(c["office_overdue2"], p.clerk, kind=Task.Kind.REVISE)
        task(c["office_overdue2"], p.chief, kind=Task.Kind.READ)  # reading is not workload
        task(c["lawyers_overdue"], p.other_chief, due=today - timedelta(days=4))
        task(c["confidential"], p.colleague)
        task(c["correction"], p.colleague)
        # statutory clocks (the month's: met this month, one running past due; and a step clock)
        self.clocks = {
            "met": clock(
                c["office_closed"],
                rule,
                status=CaseClock.Status.MET,
                due=today + timedelta(days=3),
                stopped=aware(month_start, 9),
            ),
            "running_late": clock(c["office_overdue"], rule, due=today - timedelta(days=9)),
            "step": clock(c["office_overdue2"], step_rule, due=today - timedelta(days=2)),
            "confidential": clock(c["confidential"], rule, due=today - timedelta(days=30)),
            "correction": clock(c["correction"], rule, due=today - timedelta(days=20)),
        }

    def cases_process(self, pk):
        return next(c.process for c in self.cases.values() if c.pk == pk)

    def ids(self, *names):
        return {self.cases[name].pk for name in names}
