#!/usr/bin/env python
"""Leaders' overview benchmark on PostgreSQL with 100,000 cases.

Run from the project root:  .venv/bin/python bench/overview_bench.py  [--cases N] [--requests N] [--keep]
                                 [--reuse]

It creates a dedicated database (bureau_overview_bench; dropped first if it exists, and again at
the end unless --keep), migrates it, loads the bureau (manage.py load_bureau), bulk-creates staff
in every section, division leaders and a director, and N cases spread over the last 13 months in
the processes that have statutory (案件期限) rules: open ones with pending work and due dates
around today, closed ones, a few confidential; a statutory clock on most of them (met, late,
running, some past due). Then it requests /overview/ through django.test.Client as the director
(the whole bureau) and as a division leader: the number of SQL queries (one instrumented
request) and the server time of --requests timed requests (median, p95), first with every
month computed live, then after the month-end snapshots (apps/overview/snapshots.py) exist,
which is how the page runs in production. Goal (issue 21): ≤ 200 ms, a constant number of
queries.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/ is sys.path[0] when a bench script runs)
from benchdb import PG_OPTIONS, create_database, drop_database  # noqa: E402,F401

DB_NAME = benchdb.configure("bureau_overview_bench", env_var="BENCH_DB", var_prefix="bureau-bench-")


# --- data --------------------------------------------------------------------------------------


def build_bureau(n_cases, seed=2026):
    from django.utils import timezone

    from apps.accounts.models import Clearance, Rank, User
    from apps.org.models import Section
    from apps.workflow.models import Case, CaseClock, DeadlineRule, Task

    rng = random.Random(seed)
    leadership = Section.objects.get(code="leadership")
    sections = list(
        Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.JUDICIAL_OFFICE]).order_by("kind", "order")
    )

    def user(username, full_name, section, rank):
        cleared = rank in (Rank.CHIEF, Rank.DIVISION_LEADER, Rank.DIRECTOR)
        return User(
            username=username,
            full_name=full_name,
            section=section,
            rank=rank,
            clearance=Clearance.WORK_SECRET if cleared else Clearance.INTERNAL,
            password="!",
        )

    people = [user("director", "局长", leadership, Rank.DIRECTOR)]
    people += [user(f"leader{i}", f"分管副局长{i}", leadership, Rank.DIVISION_LEADER) for i in range(3)]
    for section in sections:
        people.append(user(f"{section.code}-chief", f"{section.name}负责人", section, Rank.CHIEF))
        people += [user(f"{section.code}-staff{i}", f"{section.name}科员{i}", section, Rank.STAFF) for i in range(6)]
    User.objects.bulk_create(people)
    users = {u.username: u for u in User.objects.all()}
    leaders = [users[f"leader{i}"] for i in range(3)]
    for i, section in enumerate(sections):
        section.division_leader = leaders[i % 3]
    Section.objects.bulk_update(sections, ["division_leader"])

    from apps.workflow.processes import all_processes

    registered = set(all_processes()) - {"correction.subject"}  # 社区矫正 has its own audience
    rules = list(DeadlineRule.objects.filter(scope=DeadlineRule.Scope.CASE, active=True, process__in=registered))
    by_process = {}
    for rule in rules:
        by_process.setdefault(rule.process, rule)
    processes = sorted(by_process)
    today = timezone.localdate()
    now = timezone.now()

    def aware(day, hour=10):
        return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))

    cases, plans = [], []
    for i in range(n_cases):
        section = sections[i % len(sections)]
        process = processes[(i // len(sections)) % len(processes)]
        staff = [users[f"{section.code}-staff{k}"] for k in range(6)]
        age = rng.randint(0, 395)  # days since it was submitted: up to 13 months
        submitted = today - timedelta(days=age)
        closed = age > 20 and rng.random() < 0.85
        due = submitted + timedelta(days=rng.randint(10, 60))
        close_day = min(today, submitted + timedelta(days=rng.randint(3, 70))) if closed else None
        cases.append(
            Case(
                process=process,
                title=f"{section.name}第{i:06d}号事项",
                section=section,
                initiator=rng.choice(staff),
                status=Case.Status.CLOSED if closed else rng.choice([Case.Status.ACTIVE] * 9 + [Case.Status.RETURNED]),
                current_step="review-1",
                current_step_label="审核",
                is_confidential=rng.random() < 0.03,
                due_date=None if closed else due,
                created_at=aware(submitted, 9),
                submitted_at=aware(submitted),
                closed_at=aware(close_day, 16) if closed else None,
            )
        )
        plans.append((closed, submitted, due, close_day, section, staff))
    cases = Case.objects.bulk_create(cases, batch_size=5000)
    tasks, clocks = [], []
    for case, (closed, submitted, due, close_day, section, staff) in zip(cases, plans):
        if not closed:
            assignee = users[f"{section.code}-chief"] if rng.random() < 0.4 else rng.choice(staff)
            tasks.append(
                Task(
                    case=case,
                    step="review-1",
                    step_label="审核",
                    kind=Task.Kind.APPROVE,
                    assignee=assignee,
                    due_date=due,
                )
            )
        if rng.random() < 0.7:
            if closed:
                status = CaseClock.Status.MET if close_day <= due else CaseClock.Status.LATE
                stopped = aware(close_day, 16)
            else:
                status, stopped = rng.choice([CaseClock.Status.RUNNING] * 9 + [CaseClock.Status.PAUSED]), None
            clocks.append(
                CaseClock(
                    case=case,
                    rule=by_process[case.process],
                    status=status,
                    started_on=submitted,
                    due_date=due,
                    stopped_at=stopped,
                    created_at=now,
                )
            )
    Task.objects.bulk_create(tasks, batch_size=5000)
    CaseClock.objects.bulk_create(clocks, batch_size=5000)
    return users


# --- measuring ---------------------------------------------------------------------------------


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    queries = list(captured.captured_queries)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))]
    return {"queries": len(queries), "sql_ms": sql_ms, "median": statistics.median(timings), "p95": p95}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to create (default 100000)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per row (default 20)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DB_NAME} database afterwards")
    parser.add_argument("--reuse", action="store_true", help=f"measure the existing {DB_NAME} (no build; kept)")
    args = parser.parse_args()
    if args.reuse:
        args.keep = True
    else:
        create_database()
    try:
        benchdb.start_django()
        from django.db import connection, connections
        from django.test import Client

        from apps.accounts.models import User
        from apps.overview.models import OverviewMonth
        from apps.overview.snapshots import take_snapshots
        from apps.workflow.models import Case, CaseClock, Task

        started = time.perf_counter()
        if args.reuse:
            users = {u.username: u for u in User.objects.all()}
        else:
            benchdb.migrate_and_load()
            users = build_bureau(args.cases)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        print(
            f"PostgreSQL {version} · database {DB_NAME} · {Case.objects.count()} cases "
            f"({Case.objects.open().count()} open) · {Task.objects.pending().count()} pending tasks · "
            f"{CaseClock.objects.count()} clocks · {len(users)} users · "
            f"{'reused' if args.reuse else 'built'} in {time.perf_counter() - started:.1f} s"
        )
        try:
            print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        except OSError:
            pass
        print(f"{args.requests} timed requests per row after 3 warm-up requests (django.test.Client, full request).\n")
        header = f"{'page':<34} {'user':<10} {'queries':>8} {'SQL ms':>8} {'median ms':>10} {'p95 ms':>8}"
        print(header)
        print("-" * len(header))
        viewers = [("director", users["director"]), ("leader0", users["leader0"])]
        OverviewMonth.objects.all().delete()

        def run(label):
            for who, viewer in viewers:
                client = Client()
                client.force_login(viewer)
                m = measure(client, "/overview/", args.requests)
                print(
                    f"{label:<34} {who:<10} {m['queries']:>8} {m['sql_ms']:>8.1f} {m['median']:>10.1f} {m['p95']:>8.1f}"
                )

        run("/overview/ (12 months live)")
        t0 = time.perf_counter()
        written = take_snapshots(months=11, users=[v for _, v in viewers])
        print(f"{'(snapshots: ' + str(written) + ' viewer-months in':<34} {time.perf_counter() - t0:.1f} s)")
        run("/overview/ (11 months from snapshots)")
        for who, viewer in viewers[:1]:
            client = Client()
            client.force_login(viewer)
            m = measure(client, "/overview/list/?kind=overdue", args.requests)
            print(
                f"{'/overview/list/?kind=overdue':<34} {who:<10} {m['queries']:>8} {m['sql_ms']:>8.1f} "
                f"{m['median']:>10.1f} {m['p95']:>8.1f}"
            )
        connections.close_all()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database()


if __name__ == "__main__":
    main()
