#!/usr/bin/env python
"""Global search benchmark on PostgreSQL with 100,000 matters and their index rows.

Run from the project root:  .venv/bin/python bench/search_bench.py  [--cases N] [--requests N] [--keep] [--reuse]

It creates a dedicated database (bureau_search_bench; dropped first if it exists, and again at
the end unless --keep), migrates it, loads the bureau, bulk-creates staff in every section and
N cases: four in five are general requests titled from a vocabulary of everyday matters (so a
two-character word hits about one case in forty), one in five a petition with a petitioner's
name, ID number and phone (encrypted, with blind indexes), each case with a number
(区司发〔2024〕123号 style) and two tasks. The search index is then built with the same code as
`manage.py rebuild_search_index` (timed), and each query is requested through
django.test.Client as the director (sees every case) and as a section staff member: the
number of SQL queries and the server time of --requests timed requests (median, p95).

The ID-number search is the real two-step flow: the top-bar form posts, the page is the GET
the redirect leads to (timed; it includes the audit write).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402  (bench/ is sys.path[0] when a bench script runs)
from benchdb import PG_OPTIONS, create_database, drop_database  # noqa: E402,F401

DB_NAME = benchdb.configure("bureau_search_bench", env_var="BENCH_SEARCH_DB", var_prefix="bureau-search-bench-")

TOPICS = [
    "法治宣传",
    "普法讲座",
    "人民调解",
    "法律援助",
    "社区矫正",
    "安置帮教",
    "公证管理",
    "律师执业",
    "行政复议",
    "行政应诉",
    "规范性文件",
    "执法监督",
    "信访接待",
    "矛盾纠纷排查",
    "法律顾问",
    "合同审查",
    "办公用房",
    "车辆维修",
    "办公用品采购",
    "差旅费报销",
    "干部培训",
    "党建工作",
    "保密检查",
    "档案整理",
    "网络安全",
    "应急演练",
    "值班安排",
    "年度考核",
    "公务接待",
    "资产处置",
    "预算编制",
    "政府信息公开",
    "基层司法所建设",
    "法治政府建设",
    "证明事项清理",
    "营商环境",
    "乡村法治",
    "民法典学习",
    "扫黑除恶",
    "禁毒宣传",
]
KINDS = ["的请示", "的报告", "的通知", "工作方案", "情况汇报"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国志强秀英桂兰海燕明华国庆丽娟文军晓东玉梅金凤春生永红淑珍德胜红霞振华建华宏伟婷婷"
DEMANDS = [
    "要求解决邻里纠纷",
    "反映法律援助申请未获答复",
    "要求调解劳动报酬争议",
    "对调解协议履行有异议",
    "反映土地承包纠纷",
]


def id_number(rng):
    from apps.privacy.kinds import id_check_digit

    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
    first = f"3703{rng.randint(1, 99):02d}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first + id_check_digit(first)


def build(n_cases, seed=2026):
    """Staff in every section, a director; n_cases cases, one in five a petition."""
    from django.utils import timezone

    from apps.accounts.models import Clearance, Rank, User
    from apps.matters.models import GeneralRequest
    from apps.org.models import Section
    from apps.petitions.models import Petition
    from apps.workflow.models import Case, Sensitivity, Task

    rng = random.Random(seed)
    leadership = Section.objects.get(code="leadership")
    sections = list(
        Section.objects.filter(kind__in=[Section.Kind.SECTION, Section.Kind.JUDICIAL_OFFICE]).order_by("kind", "order")
    )
    people = [
        User(
            username="director",
            full_name="局长",
            section=leadership,
            rank=Rank.DIRECTOR,
            clearance=Clearance.WORK_SECRET,
            password="!",
        )
    ]
    for section in sections:
        people.append(
            User(
                username=f"{section.code}-chief",
                full_name=f"{section.name}负责人",
                section=section,
                rank=Rank.CHIEF,
                clearance=Clearance.WORK_SECRET,
                password="!",
            )
        )
        people += [
            User(
                username=f"{section.code}-staff{i}",
                full_name=f"{section.name}科员{i}",
                section=section,
                rank=Rank.STAFF,
                password="!",
            )
            for i in range(4)
        ]
    User.objects.bulk_create(people)
    users = {u.username: u for u in User.objects.all()}
    office = next(s for s in sections if s.code == "office")

    now = timezone.now()
    cases, kinds = [], []
    for i in range(n_cases):
        petition = i % 5 == 0
        section = office if petition else sections[i % len(sections)]
        initiator = users[f"{section.code}-staff{rng.randint(0, 3)}"]
        year = 2020 + i % 7
        if petition:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])
            title, number, process = f"{name}信访事项", f"区信访〔{year}〕{i}号", "petitions.petition"
        else:
            name = ""
            title = f"{section.name}关于{rng.choice(TOPICS)}{rng.choice(KINDS)}"
            number, process = f"区司发〔{year}〕{i}号", "matters.general"
        cases.append(
            Case(
                process=process,
                number=number,
                title=title,
                section=section,
                initiator=initiator,
                status=rng.choice([Case.Status.ACTIVE, Case.Status.CLOSED, Case.Status.CLOSED]),
                sensitivity=Sensitivity.WORK_SECRET if rng.random() < 0.05 else Sensitivity.INTERNAL,
                is_confidential=rng.random() < 0.03,
                created_at=now - timedelta(minutes=n_cases - i),
                submitted_at=now - timedelta(minutes=n_cases - i),
            )
        )
        kinds.append(name)
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    GeneralRequest.objects.bulk_create(
        [
            GeneralRequest(case=c, body="事项内容：" + c.title, amount=Decimal(rng.randint(0, 20000)))
            for c, name in zip(cases, kinds)
            if not name
        ],
        batch_size=2000,
    )
    petitions, persons = [], []
    for c, name in zip(cases, kinds):
        if name:
            # one petitioner in four comes back: the same person on several petitions
            person = rng.choice(persons) if persons and rng.random() < 0.25 else (name, id_number(rng))
            persons.append(person)
            petitions.append(
                Petition(
                    case=c,
                    channel="letter",
                    received_on=c.created_at.date(),
                    petitioner=person[0],
                    id_number=person[1],
                    phone=f"13{rng.randint(100000000, 999999999)}",
                    demands=rng.choice(DEMANDS),
                )
            )
    Petition.objects.bulk_create(petitions, batch_size=2000)
    tasks = []
    for c in cases:
        chief = users[f"{c.section.code}-chief"]
        tasks.append(
            Task(
                case=c,
                step="review",
                step_label="审核",
                kind=Task.Kind.APPROVE,
                assignee=chief,
                acted_by=chief,
                status=Task.Status.DONE,
                decision="approve",
                acted_at=now,
            )
        )
        tasks.append(
            Task(
                case=c,
                step="execute",
                step_label="办理",
                kind=Task.Kind.HANDLE,
                assignee=c.initiator,
                status=Task.Status.PENDING if c.status == "active" else Task.Status.DONE,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=5000)
    return users, persons


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = list(captured.captured_queries)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "queries": len(queries),
        "sql_ms": sum(float(q["time"]) for q in queries) * 1000,
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
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
        from django.db.models import Count
        from django.test import Client

        from apps.accounts.models import User
        from apps.petitions.models import Petition
        from apps.search.indexing import rebuild
        from apps.search.models import SearchEntry, SearchKey
        from apps.search.query import parse, search_cases
        from apps.workflow.models import Case

        started = time.perf_counter()
        if args.reuse:
            users = {u.username: u for u in User.objects.all()}
        else:
            benchdb.migrate_and_load()
            users, _ = build(args.cases)
            print(f"built {Case.objects.count()} cases in {time.perf_counter() - started:.0f} s", flush=True)
            t0 = time.perf_counter()
            rebuild(batch_size=2000)
            print(f"index built (rebuild_search_index) in {time.perf_counter() - t0:.0f} s", flush=True)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('search_searchentry')), "
                "pg_size_pretty(pg_relation_size('search_entry_document_gin')), "
                "pg_size_pretty(pg_total_relation_size('search_searchkey'))"
            )
            entry_size, gin_size, key_size = cursor.fetchone()
        print(
            f"PostgreSQL {version} · {Case.objects.count()} cases · {SearchEntry.objects.count()} entries "
            f"({entry_size}, GIN {gin_size}) · {SearchKey.objects.count()} keys ({key_size})"
        )
        print(f"{args.requests} timed requests per query after 3 warm-up requests (full Django request).\n")

        repeat = Petition.objects.values("id_number_index").annotate(n=Count("id")).filter(n__gt=1)
        person = Petition.objects.get(
            pk=Petition.objects.filter(id_number_index=repeat[0]["id_number_index"]).values_list("pk", flat=True)[0]
        )
        number = Case.objects.filter(process="matters.general").order_by("pk")[500].number
        queries = [
            ("number (exact)", {"q": number}),
            ("number (prefix)", {"q": number[:-3]}),
            ("2-char word 宣传", {"q": "宣传"}),
            ("2-char word 请示", {"q": "请示"}),
            ("4-char word 法律援助", {"q": "法律援助"}),
            ("1-char 矫", {"q": "矫"}),
            ("name " + person.petitioner, {"q": person.petitioner}),
            ("ID number", {"pii": person.id_number.plain}),
        ]
        header = f"{'query':<22} {'user':<16} {'hits':>6} {'queries':>8} {'SQL ms':>8} {'median ms':>10} {'p95 ms':>8}"
        print(header)
        print("-" * len(header))
        for label, params in queries:
            for who in ("director", "office-staff0"):
                client = Client()
                client.force_login(users[who])
                if "pii" in params:
                    url = client.post("/search/", {"q": params["pii"]})["Location"]
                else:
                    url = f"/search/?q={quote(params['q'])}"
                m = measure(client, url, args.requests)
                m["hits"] = search_cases(users[who], parse(params.get("q") or params["pii"])).count()
                print(
                    f"{label:<22} {who:<16} {m['hits']:>6} {m['queries']:>8} "
                    f"{m['sql_ms']:>8.1f} {m['median']:>10.1f} {m['p95']:>8.1f}",
                    flush=True,
                )
        connections.close_all()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database()


if __name__ == "__main__":
    main()
