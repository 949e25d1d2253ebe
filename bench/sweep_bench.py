#!/usr/bin/env python
"""Deadline sweep benchmark on PostgreSQL: 100,000 open steps and 100,000 running clocks, 1% due.

Run from the project root:  .venv/bin/python bench/sweep_bench.py  [--cases N] [--due-percent P] [--keep]

It creates a dedicated database (bureau_sweepbench; dropped first if it exists, and again at the
end unless --keep), migrates it, loads the bureau (manage.py load_bureau: org chart, rules,
holidays), bulk-creates staff in every section and N open cases, each with one pending step
(Task) and one running clock (CaseClock) under a working-day rule. P% of the steps and P% of
the clocks are due (a few days overdue, or inside their reminder window); the rest fall due
months ahead. One user in ten wants e-mail (locmem backend). Then it runs the sweep twice, as
Celery beat would: the first run creates the notices, 催办 records and e-mails; the second must
be a no-op. For each run: seconds, SQL queries, notices created, e-mails sent; and the plan of
the query that selects due clocks. See bench/README.md.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/ is sys.path[0] when a bench script runs)
from benchdb import PG_OPTIONS, create_database, drop_database  # noqa: E402,F401

DB_NAME = benchdb.configure("bureau_sweepbench", env_var="BENCH_DB", var_prefix="bureau-sweepbench-")

RULES = ["disclosure-reply", "recon-acceptance-review", "supervision-leader-no-deadline", "normative-legality-review"]


def build(n_cases, due_percent, seed=2026):
    """Staff, N open cases with one pending step and one running clock each; due_percent % due."""
    from django.utils import timezone

    from apps.accounts.models import Clearance, Rank, User
    from apps.matters.processes import PROCESS_CODE
    from apps.org.models import Section
    from apps.workflow import calendar
    from apps.workflow.models import Case, CaseClock, ClockEvent, DeadlineRule, Task

    rng = random.Random(seed)
    leadership = Section.objects.get(code="leadership")
    sections = list(
        Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.JUDICIAL_OFFICE]).order_by("kind", "order")
    )

    def user(username, full_name, section, rank, i):
        mail = i % 10 == 0
        return User(
            username=username,
            full_name=full_name,
            section=section,
            rank=rank,
            password="!",
            clearance=Clearance.WORK_SECRET if rank != Rank.STAFF else Clearance.INTERNAL,
            email=f"{username}@justice.local" if mail else "",
            notify_by_email=mail,
        )

    people = [user("director", "局长", leadership, Rank.DIRECTOR, 1)]
    people += [user(f"leader{i}", f"分管副局长{i}", leadership, Rank.DIVISION_LEADER, i + 1) for i in range(3)]
    for k, section in enumerate(sections):
        people.append(user(f"{section.code}-chief", f"{section.name}负责人", section, Rank.CHIEF, k))
        people += [
            user(f"{section.code}-staff{i}", f"{section.name}科员{i}", section, Rank.STAFF, k + i) for i in range(6)
        ]
    User.objects.bulk_create(people)
    users = {u.username: u for u in User.objects.all()}
    leaders = [users[f"leader{i}"] for i in range(3)]
    for i, section in enumerate(sections):
        section.division_leader = leaders[i % 3]
    Section.objects.bulk_update(sections, ["division_leader"])

    rules = list(DeadlineRule.objects.filter(code__in=RULES))
    today = timezone.localdate()
    now = timezone.now()

    def due_or_far(roll):
        if roll < due_percent / 100:
            return today + timedelta(days=rng.randint(-6, 2))  # overdue, due today, or being reminded
        return today + timedelta(days=rng.randint(40, 400))

    cases, plans = [], []
    for i in range(n_cases):
        section = sections[i % len(sections)]
        staff = [users[f"{section.code}-staff{k}"] for k in range(6)]
        initiator = rng.choice(staff)
        holder = rng.choice([users[f"{section.code}-chief"], leaders[sections.index(section) % 3], initiator])
        cases.append(
            Case(
                process=PROCESS_CODE,
                title=f"{section.name}第{i:06d}号事项",
                section=section,
                initiator=initiator,
                status=Case.Status.ACTIVE,
                current_step="review-1",
                current_step_label="审核",
                current_assignees=holder.full_name,
                created_at=now,
                submitted_at=now,
            )
        )
        plans.append((holder, due_or_far(rng.random()), due_or_far(rng.random()), rng.choice(rules)))
    cases = Case.objects.bulk_create(cases, batch_size=5000)
    Task.objects.bulk_create(
        [
            Task(case=c, step="review-1", step_label="审核", kind=Task.Kind.APPROVE, assignee=holder, due_date=task_due)
            for c, (holder, task_due, _, _) in zip(cases, plans)
        ],
        batch_size=5000,
    )
    clocks = []
    for case, (_, _, clock_due, rule) in zip(cases, plans):
        start = calendar.add_working_days(clock_due, -rule.length)
        clocks.append(
            CaseClock(
                case=case,
                rule=rule,
                started_on=start,
                due_date=clock_due,
                explanation=f"{rule.start_event} {start} + {rule.length} 个工作日 → {clock_due}",
            )
        )
    clocks = CaseClock.objects.bulk_create(clocks, batch_size=5000)
    actor = users["director"]
    ClockEvent.objects.bulk_create(
        [
            ClockEvent(
                clock=c,
                kind=ClockEvent.Kind.START,
                on_date=c.started_on,
                days=c.rule.length,
                reason=c.rule.start_event,
                actor=actor,
            )
            for c in clocks
        ],
        batch_size=5000,
    )
    return users


class QueryCounter:
    """Counts every SQL statement (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def measure(label, run_sweep, profile=False):
    from django.core import mail
    from django.db import connection

    mail.outbox = []
    counter = QueryCounter()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            run = profiler.runcall(run_sweep)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        else:
            run = run_sweep()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{label:<24} {seconds:>8.2f} {counter.count:>9} {counter.seconds:>8.2f} {cpu:>8.2f} "
        f"{run.notices_created:>8} {len(mail.outbox):>7}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="open cases (each: one step, one clock)")
    parser.add_argument("--due-percent", type=float, default=1.0, help="share of steps and of clocks that are due")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DB_NAME} database afterwards")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the first sweep")
    parser.add_argument("--profile-idle", action="store_true", help="print a cProfile of the second (no-op) sweep")
    parser.add_argument("--idle-runs", type=int, default=1, help="no-op sweeps to time after the first (default 1)")
    args = parser.parse_args()

    create_database()
    try:
        import django

        django.setup()
        from django.core import mail
        from django.db import connection, connections
        from django.urls import reverse
        from django.utils import timezone

        from apps.workflow import calendar
        from apps.workflow.models import CaseClock, Notification, Task
        from apps.workflow.sweep import clock_horizon, run_sweep

        mail.outbox = []
        started = time.perf_counter()
        benchdb.migrate_and_load()
        users = build(args.cases, args.due_percent)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        today = timezone.localdate()
        horizon = clock_horizon(today)
        due_clocks = CaseClock.objects.filter(status="running", due_date__lte=horizon).count()
        due_tasks = Task.objects.filter(status="pending", due_date__lte=calendar.add_working_days(today, 1)).count()
        print(
            f"PostgreSQL {version} ({PG_OPTIONS or 'default options'}) · database {DB_NAME} · "
            f"{CaseClock.objects.count()} running clocks ({due_clocks} due by the horizon {horizon}) · "
            f"{Task.objects.count()} pending steps ({due_tasks} due or overdue) · {len(users)} users · "
            f"built in {time.perf_counter() - started:.1f} s\n"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN SELECT id FROM workflow_caseclock WHERE status = 'running' AND due_date <= %s", [horizon]
            )
            print("plan of the due-clock filter:\n  " + "\n  ".join(row[0] for row in cursor.fetchall()) + "\n")
        calendar.add_working_days(today, 30)  # warm the calendar cache (two queries per year)
        # A Celery worker loads the URL configuration once, at its first sweep (notices carry case
        # links); loaded here first, so that the first sweep measured is the sweep's own work.
        reverse("workflow:case_detail", args=[1])
        header = (
            f"{'sweep':<24} {'seconds':>8} {'queries':>9} {'in SQL s':>8} {'CPU s':>8} {'notices':>8} {'e-mails':>7}"
        )
        print(header)
        print("-" * len(header))
        measure("first (creates)", run_sweep, profile=args.profile)
        for i in range(args.idle_runs):
            measure(
                "second (no-op)" if i == 0 else f"no-op again ({i + 2})",
                run_sweep,
                profile=args.profile_idle and i == 0,
            )
        print(
            f"\n{Notification.objects.count()} notices in the table; "
            f"{Notification.objects.filter(email_wanted=True, emailed_at__isnull=True).count()} e-mails left unsent."
        )
        connections.close_all()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database()


if __name__ == "__main__":
    main()
