#!/usr/bin/env python
"""The portal's inbox side by side with django-viewflow's, same data shape, alternating runs.

usage: .venv/bin/python bench/viewflow_bench.py [--cases 10000] [--rounds 3] [--requests 20]

django-viewflow is never a dependency of the portal: this script makes its own virtual
environment (VIEWFLOW_VENV, default /tmp/viewflow_venv: `python3 -m venv` and `pip install
django-viewflow==2.4.* django==5.2.* psycopg2-binary` on the first run), writes a minimal viewflow
project to a temporary directory (one approval flow: start -> approve -> end, the cookbook's
FlowAppViewset in a Site) and builds its database (bureau_viewflow_bench, dropped first) with
--cases open processes whose pending "approve" tasks are assigned with the same mix of people as
bench/inbox_bench.py (seeded with the same random generator: the office chief holds ~270).

The portal side is bench/inbox_bench.py's database (bureau_bench, built here unless --reuse).
Then, for --rounds rounds in the order P V V P P V ..., each side's child process times
--requests requests of its inbox for the office chief through django.test.Client (after 3
warm-ups) and counts the queries of one. Printed: each side's median over the rounds of its
median and p95 request time, CPU ms, queries, page size, and the ratio viewflow/portal (the
issue's goal: >= 2). Both sides run with the PostgreSQL session settings of the portal's
settings (jit=off, random_page_cost=1.1): the portal's own, and viewflow's OPTIONS.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VIEWFLOW_VENV", "/tmp/viewflow_venv"))
PG = {
    "HOST": os.environ.get("BENCH_PGHOST", "127.0.0.1"),
    "PORT": os.environ.get("BENCH_PGPORT", "5432"),
    "USER": os.environ.get("BENCH_PGUSER", "postgres"),
    "PASSWORD": os.environ.get("BENCH_PGPASSWORD", ""),
}
VF_DB = "bureau_viewflow_bench"

SETTINGS = """
SECRET_KEY = "viewflow-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
ROOT_URLCONF = "vfbench.urls"
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "django_filters",
    "viewflow", "viewflow.workflow", "vfbench",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": %(db)r, "HOST": %(host)r,
    "PORT": %(port)r, "USER": %(user)r, "PASSWORD": %(password)r, "OPTIONS": {"options": %(pg_options)r},
    "CONN_MAX_AGE": 60}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
LANGUAGE_CODE = "zh-hans"
"""

FLOWS = """
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow.views import CreateProcessView, UpdateProcessView


class ApprovalFlow(flow.Flow):
    start = flow.Start(CreateProcessView.as_view(fields=[])).Permission(auto_create=True).Next(this.approve)
    approve = flow.View(UpdateProcessView.as_view(fields=[])).Assign(lambda act: act.request.user).Next(this.end)
    end = flow.End()
"""

URLS = """
from django.urls import path
from viewflow.urls import Site
from viewflow.workflow.flow import FlowAppViewset

from .flows import ApprovalFlow

site = Site(title="Bench", viewsets=[FlowAppViewset(ApprovalFlow, icon="assignment")])
urlpatterns = [path("", site.urls)]
"""

# Runs inside the viewflow venv: build (--build N) or measure (--measure N requests); JSON out.
CHILD = r"""
import json, os, random, statistics, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["DJANGO_SETTINGS_MODULE"] = "vfbench.settings"
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, URLPattern, URLResolver
from django.contrib.auth.models import User
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS, PROCESS
from vfbench.flows import ApprovalFlow


def build(n, owners):
    from django.core.management import call_command
    from django.utils import timezone
    from datetime import timedelta
    call_command("migrate", verbosity=0)
    names = sorted({name for name in owners})
    User.objects.bulk_create([User(username=name, password="!") for name in names])
    users = {u.username: u for u in User.objects.all()}
    # the flow's inbox asks for view permission on the process model (Flow.has_view_permission)
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    view = Permission.objects.get(content_type=ContentType.objects.get_for_model(Process), codename="view_process")
    view.user_set.add(*users.values())
    now = timezone.now()
    processes = Process.objects.bulk_create(
        [Process(flow_class=ApprovalFlow, status=PROCESS.NEW, created=now - timedelta(minutes=n - i)) for i in range(n)],
        batch_size=2000,
    )
    tasks = []
    for i, (process, owner) in enumerate(zip(processes, owners)):
        tasks.append(Task(process=process, flow_task=ApprovalFlow.start, flow_task_type="HUMAN_START",
                          status=STATUS.DONE, owner=users[owner], created=process.created, finished=process.created))
        tasks.append(Task(process=process, flow_task=ApprovalFlow.approve, flow_task_type="HUMAN",
                          status=STATUS.ASSIGNED, owner=users[owner], created=process.created, assigned=process.created))
    Task.objects.bulk_create(tasks, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def inbox_url():
    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                found = walk(p.url_patterns, prefix + str(p.pattern))
                if found:
                    return found
            elif isinstance(p, URLPattern) and p.name == "inbox":
                return "/" + prefix + str(p.pattern)
    return walk(get_resolver().url_patterns, "")


def measure(repeat, who):
    client = Client()
    client.force_login(User.objects.get(username=who))
    url = inbox_url()
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - c) * 1000)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    rows = Task.objects.filter(owner__username=who, status=STATUS.ASSIGNED).count()
    print(json.dumps({"url": url, "queries": queries, "median": statistics.median(times),
                      "p95": times[max(0, round(0.95 * len(times)) - 1)], "cpu": statistics.median(cpu),
                      "bytes": len(response.content), "rows": rows}))


if sys.argv[1] == "--build":
    build(int(sys.argv[2]), json.load(open(sys.argv[3])))
else:
    measure(int(sys.argv[2]), sys.argv[3])
"""


def portal_pg_options():
    """The PostgreSQL session settings the portal's settings give every connection (jit,
    random_page_cost): viewflow's connections get the same, so both sides plan alike."""
    sys.path.insert(0, str(HERE.parent))
    saved = os.environ.get("DJANGO_DEBUG")
    os.environ["DJANGO_DEBUG"] = "1"  # importing the settings module without production keys
    try:
        from bureau.settings import database_from_url
    finally:
        if saved is None:
            os.environ.pop("DJANGO_DEBUG")
        else:
            os.environ["DJANGO_DEBUG"] = saved
    return database_from_url("postgres://bench@localhost/bench")["OPTIONS"]["options"]


def ensure_venv():
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "django-viewflow==2.4.*", "django==5.2.*", "psycopg2-binary"],
            check=True,
        )
    return python


def owners_like_the_portal(n, seed=2026):
    """The assignee of each open case's pending task, drawn exactly as inbox_bench.build_bureau
    draws them (same generator, same calls), as usernames."""
    sections = section_codes()
    rng = random.Random(seed)
    owners = []
    for i in range(n):
        section = sections[i % len(sections)]
        staff = [f"{section}-staff{k}" for k in range(6)]
        initiator = rng.choice(staff)
        leader = f"leader{sections.index(section) % 3}"
        other_chief = f"{rng.choice([s for s in sections if s != section])}-chief"
        roll = rng.random()
        if roll < 0.45:
            owner = f"{section}-chief"
        elif roll < 0.55:
            owner = other_chief
        elif roll < 0.80:
            owner = leader
        elif roll < 0.85:
            owner = "director"
        else:
            owner = initiator
        rng.randint(-5, 10)  # due date
        rng.random()  # sensitivity
        rng.random()  # confidential
        owners.append(owner)
    return owners


def section_codes():
    """Section codes in inbox_bench's order (sections, then judicial offices, by order)."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os,sys,json;sys.path.insert(0,'.');os.environ.setdefault('DJANGO_SETTINGS_MODULE','bureau.settings');"
            "os.environ.setdefault('DJANGO_DEBUG','1');import django;django.setup();"
            "from apps.org.models import Section;"
            "print(json.dumps(list(Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.JUDICIAL_OFFICE])"
            ".order_by('kind','order').values_list('code',flat=True))))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE.parent,
        env={**os.environ, "DATABASE_URL": portal_url()},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def portal_url():
    from urllib.parse import quote

    auth = quote(PG["USER"]) + (":" + quote(PG["PASSWORD"]) if PG["PASSWORD"] else "")
    return f"postgres://{auth}@{PG['HOST']}:{PG['PORT']}/{os.environ.get('BENCH_DB', 'bureau_bench')}"


def admin_sql(statement):
    import psycopg2

    conn = psycopg2.connect(
        host=PG["HOST"], port=PG["PORT"], user=PG["USER"], password=PG["PASSWORD"] or None, dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(statement)
    conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="both databases exist from an earlier run")
    parser.add_argument(
        "--portal-built",
        action="store_true",
        help="the portal's database exists (inbox_bench.py --keep): build viewflow's only",
    )
    args = parser.parse_args()

    python = ensure_venv()
    project = Path(tempfile.mkdtemp(prefix="perf-viewflow-"))
    (project / "vfbench").mkdir()
    (project / "vfbench" / "__init__.py").write_text("")
    (project / "vfbench" / "settings.py").write_text(
        SETTINGS
        % {
            "db": VF_DB,
            "host": PG["HOST"],
            "port": PG["PORT"],
            "user": PG["USER"],
            "password": PG["PASSWORD"],
            "pg_options": portal_pg_options(),
        }
    )
    (project / "vfbench" / "flows.py").write_text(textwrap.dedent(FLOWS))
    (project / "vfbench" / "urls.py").write_text(textwrap.dedent(URLS))
    (project / "child.py").write_text(CHILD)

    if not args.reuse and not args.portal_built:
        print("building the portal's database (bench/inbox_bench.py --keep) ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "inbox_bench.py"), "--cases", str(args.cases), "--requests", "1", "--keep"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not args.reuse:
        print("building viewflow's database ...", file=sys.stderr)
        admin_sql(f'DROP DATABASE IF EXISTS "{VF_DB}"')
        admin_sql(f'CREATE DATABASE "{VF_DB}"')
        owners = project / "owners.json"
        owners.write_text(json.dumps(owners_like_the_portal(args.cases)))
        subprocess.run([str(python), str(project / "child.py"), "--build", str(args.cases), str(owners)], check=True)

    def portal():
        out = subprocess.run(
            [
                sys.executable,
                str(HERE / "inbox_bench.py"),
                "--reuse",
                "--json",
                "--only",
                "inbox ?tab=todo · chief",
                "--requests",
                str(args.requests),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])["pages"]["inbox ?tab=todo · chief"]

    def viewflow():
        out = subprocess.run(
            [str(python), str(project / "child.py"), "--measure", str(args.requests), "office-chief"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    runs = {"portal": [], "viewflow": []}
    for i in range(args.rounds):
        for side in ("portal", "viewflow") if i % 2 == 0 else ("viewflow", "portal"):
            runs[side].append(portal() if side == "portal" else viewflow())
            print(f"round {i + 1}: {side} done", file=sys.stderr)

    def med(side, key):
        return statistics.median(r[key] for r in runs[side])

    print(
        f"{args.cases} open cases/processes · office chief's inbox · {args.rounds} rounds alternating · {portal_pg_options()}"
    )
    print(f"{'':10} {'rows':>5} {'queries':>7} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'KiB':>5}")
    for side in ("portal", "viewflow"):
        print(
            f"{side:10} {med(side, 'rows'):>5.0f} {med(side, 'queries'):>7.0f} {med(side, 'median'):>9.1f} "
            f"{med(side, 'p95'):>7.1f} {med(side, 'cpu'):>7.1f} {med(side, 'bytes') / 1024:>5.0f}"
        )
    ratios = [v["median"] / p["median"] for p, v in zip(runs["portal"], runs["viewflow"])]
    print(
        f"viewflow/portal median time: {statistics.median(ratios):.2f} "
        f"(per round {', '.join(f'{r:.2f}' for r in ratios)}; goal >= 2)"
    )


if __name__ == "__main__":
    main()
