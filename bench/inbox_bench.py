#!/usr/bin/env python
"""Inbox and matters-list benchmark on PostgreSQL with 10,000 open cases.

Run from the project root:  .venv/bin/python bench/inbox_bench.py  [--cases N] [--requests N] [--keep]
                                 [--reuse] [--tree PATH] [--json]

It creates a dedicated database (bureau_bench; dropped first if it exists, and again at the end
unless --keep), migrates it, loads the bureau (manage.py load_bureau), bulk-creates staff in
every section and N open cases with their pending and finished tasks, then requests each page
through django.test.Client as a section chief and as a staff member: the number of SQL queries
(one instrumented request) and the server time of --requests timed requests (median, p95).
CPU ms is the process time of the request (time.process_time: this process's CPU, the
test client included, PostgreSQL's excluded).

--reuse measures an existing database built by an earlier --keep run (no drop, no build), and
--tree imports the portal from another source tree: bench/ab_compare.py uses both to alternate
two versions of the code over the same data on the same (busy) machine. See bench/README.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "--tree" in sys.argv:  # import the portal from another source tree (bench/ab_compare.py)
    ROOT = Path(sys.argv[sys.argv.index("--tree") + 1]).resolve()
    os.chdir(ROOT)
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/ is sys.path[0] when a bench script runs)
from benchdb import PG_OPTIONS, create_database, drop_database  # noqa: E402,F401

DB_NAME = benchdb.configure("bureau_bench", env_var="BENCH_DB", var_prefix="bureau-bench-")


# --- data --------------------------------------------------------------------------------------


def build_bureau(n_cases, seed=2026):
    """Staff in every section, division leaders, a director; n_cases open cases with tasks."""
    from django.utils import timezone

    from apps.accounts.models import Clearance, Rank, User
    from apps.matters.models import GeneralRequest
    from apps.matters.processes import PROCESS_CODE
    from apps.org.models import Section
    from apps.workflow.models import Case, Sensitivity, Task

    rng = random.Random(seed)
    leadership = Section.objects.get(code="leadership")
    sections = list(
        Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.JUDICIAL_OFFICE]).order_by("kind", "order")
    )

    def user(username, full_name, section, rank, clearance=Clearance.INTERNAL):
        return User(
            username=username, full_name=full_name, section=section, rank=rank, clearance=clearance, password="!"
        )

    people = [user("director", "局长", leadership, Rank.DIRECTOR, Clearance.WORK_SECRET)]
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

    today = timezone.localdate()
    now = timezone.now()
    cases, plans = [], []
    for i in range(n_cases):
        section = sections[i % len(sections)]
        chief = users[f"{section.code}-chief"]
        staff = [users[f"{section.code}-staff{k}"] for k in range(6)]
        initiator = rng.choice(staff)
        leader = leaders[sections.index(section) % 3]
        other_chief = users[f"{rng.choice([s for s in sections if s != section]).code}-chief"]
        roll = rng.random()
        if roll < 0.45:
            step, kind, assignee, done = "review-1", Task.Kind.APPROVE, chief, []
        elif roll < 0.55:
            step, kind, assignee, done = "countersign", Task.Kind.COUNTERSIGN, other_chief, [chief]
        elif roll < 0.80:
            step, kind, assignee, done = "approval-1", Task.Kind.APPROVE, leader, [chief]
        elif roll < 0.85:
            step, kind, assignee, done = "approval-2", Task.Kind.APPROVE, users["director"], [chief, leader]
        elif roll < 0.95:
            step, kind, assignee, done = "execute", Task.Kind.HANDLE, initiator, [chief, leader]
        else:
            step, kind, assignee, done = "revise", Task.Kind.REVISE, initiator, [chief]
        due = today + timedelta(days=rng.randint(-5, 10))
        cases.append(
            Case(
                process=PROCESS_CODE,
                title=f"{section.name}关于第{i:05d}号事项的请示",
                section=section,
                initiator=initiator,
                status=Case.Status.RETURNED if step == "revise" else Case.Status.ACTIVE,
                route=[
                    {"code": "review-1", "label": "科室负责人审核", "kind": "approve", "role": "section_chief"},
                    {"code": "approval-1", "label": "分管领导审批", "kind": "approve", "role": "division_leader"},
                    {"code": "execute", "label": "落实办结", "kind": "handle", "role": "initiator"},
                ],
                current_step=step,
                current_step_label=step,
                current_assignees=assignee.full_name,
                sensitivity=Sensitivity.WORK_SECRET if rng.random() < 0.05 else Sensitivity.INTERNAL,
                is_confidential=rng.random() < 0.03,
                due_date=due,
                created_at=now - timedelta(minutes=n_cases - i),
                submitted_at=now - timedelta(minutes=n_cases - i),
            )
        )
        plans.append((kind, step, assignee, done, due))
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    GeneralRequest.objects.bulk_create(
        [GeneralRequest(case=c, body="事项内容", amount=Decimal(rng.randint(0, 20000))) for c in cases], batch_size=2000
    )
    tasks = []
    for case, (kind, step, assignee, done, due) in zip(cases, plans):
        for actor in done:
            tasks.append(
                Task(
                    case=case,
                    step="earlier",
                    step_label="已完成环节",
                    kind=Task.Kind.APPROVE,
                    assignee=actor,
                    acted_by=actor,
                    status=Task.Status.DONE,
                    decision=Task.Decision.APPROVE,
                    acted_at=now,
                    created_at=case.created_at,
                )
            )
        tasks.append(
            Task(
                case=case,
                step=step,
                step_label=step,
                kind=kind,
                assignee=assignee,
                due_date=due,
                created_at=case.created_at + timedelta(seconds=1),
            )
        )
    Task.objects.bulk_create(tasks, batch_size=5000)
    return users


# --- measuring ---------------------------------------------------------------------------------


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: connection, caches, template loading
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    # read now: the next request's request_started signal empties the connection's query log
    queries = list(captured.captured_queries)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    timings, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))]
    return {
        "queries": len(queries),
        "sql_ms": sql_ms,
        "median": statistics.median(timings),
        "p95": p95,
        "cpu": statistics.median(cpu),
        "bytes": len(response.content),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="open cases to create (default 10000)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DB_NAME} database afterwards")
    parser.add_argument("--reuse", action="store_true", help=f"measure the existing {DB_NAME} (no build; kept)")
    parser.add_argument("--tree", help="import the portal from this source tree instead of this one")
    parser.add_argument("--json", action="store_true", help="print one JSON line of results (for ab_compare)")
    parser.add_argument("--only", help='measure only this row, e.g. "inbox ?tab=todo · chief"')
    parser.add_argument("--resume", action="store_true", help="finish an interrupted build (no drop; migrate goes on)")
    args = parser.parse_args()
    if args.reuse:
        args.keep = True
    elif not args.resume:
        create_database()
    try:
        benchdb.start_django()
        from django.db import connection, connections
        from django.test import Client

        from apps.accounts.models import User
        from apps.matters.models import GeneralRequest
        from apps.workflow import inbox
        from apps.workflow.models import Case, Task

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
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
        open_cases = Case.objects.open().count()
        if not args.json:
            print(
                f"PostgreSQL {version} (jit={jit}) · database {DB_NAME} · {Case.objects.count()} cases "
                f"({open_cases} open) · {Task.objects.count()} tasks "
                f"({Task.objects.pending().count()} pending) · {len(users)} users · "
                f"{'reused' if args.reuse else 'built'} in {time.perf_counter() - started:.1f} s"
            )
            print(
                f"{args.requests} timed requests per page after 3 warm-up requests; times are the full "
                "Django request (middleware, views, templates) through django.test.Client.\n"
            )

        chief, staff = users["office-chief"], users["office-staff0"]
        # a case in the chief's todo, as he opens it from there
        case_id = inbox.tab_queryset(chief, "todo").order_by("-created_at").values_list("case_id", flat=True)[0]
        pages = [  # (label, url, viewers, rows the page lists for a viewer: 30 per page are shown)
            ("inbox ?tab=todo", "/inbox/?tab=todo", [chief, staff], lambda u: inbox.tab_queryset(u, "todo").count()),
            ("inbox ?tab=queue", "/inbox/?tab=queue", [chief], lambda u: inbox.tab_queryset(u, "queue").count()),
            ("matters list", "/matters/", [chief, staff], lambda u: GeneralRequest.objects.visible_to(u).count()),
            ("case page", f"/cases/{case_id}/", [chief], lambda u: 1),
        ]
        header = (
            f"{'page':<18} {'user':<14} {'rows':>6} {'queries':>8} {'SQL ms':>8} {'median ms':>10} "
            f"{'p95 ms':>8} {'CPU ms':>7} {'KiB':>5}"
        )
        results = {"open_cases": open_cases, "jit": jit, "pages": {}}
        if not args.json:
            print(header)
            print("-" * len(header))
        for label, url, viewers, count in pages:
            for viewer in viewers:
                if args.only and args.only != f"{label} · {'chief' if viewer == chief else 'staff'}":
                    continue
                client = Client()
                client.force_login(viewer)
                m = measure(client, url, args.requests)
                who = "chief" if viewer == chief else "staff"
                m["rows"] = count(viewer)
                results["pages"][f"{label} · {who}"] = m
                if not args.json:
                    print(
                        f"{label:<18} {who + ' (office)':<14} {m['rows']:>6} {m['queries']:>8} "
                        f"{m['sql_ms']:>8.1f} {m['median']:>10.1f} {m['p95']:>8.1f} {m['cpu']:>7.1f} "
                        f"{m['bytes'] / 1024:>5.0f}"
                    )
        if args.json:
            import json

            print(json.dumps(results))
        connections.close_all()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database()


if __name__ == "__main__":
    main()
