"""Render the one-page approval form repeatedly and print the median time and the subsetting path.

usage: .venv/bin/python bench/pdf_bench.py [N] [--compare] [--first-print] [--http [--keep]]

N renders (default 30) after one warm-up render (font discovery): median and p95 of the wall
time and of the CPU time (time.process_time, which load from other processes on a shared
machine inflates far less). --compare interleaves the form as the portal renders it (one
FontConfiguration and parsed stylesheet per thread, reused) with the same form rendered the
WeasyPrint default way (a fresh FontConfiguration, the <style> parsed each time), so that load
from other processes hits both alike. The issue's target (issue 19): at most 0.1 s median on a
2-core machine with HarfBuzz subsetting.

--first-print also starts fresh processes, as a gunicorn worker starts, and times their first
form: without a warm-up, and after apps.printing.render.warm_up() (what gunicorn.conf.py's
post_worker_init runs before the worker takes requests), next to the second form.

--http prints the form through the print view (GET /print/cases/<pk>/approval-form.pdf) with
Django's test client under the production settings, on a small database of its own
(bureau_bench_pdf, BENCH_DB to change; built from the bench template database, dropped at the
end unless --keep): a case with three steps, printed by its initiator after warm_up(), as in a
gunicorn worker, and after one ordinary page (a worker's first request of any kind sets up what
every page needs). It prints the first print, then the median and p95 of N more (wall and CPU)
and the request's SQL queries.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--http" in sys.argv:
    import benchdb  # bench/ is sys.path[0] when a bench script runs

    benchdb.configure("bureau_bench_pdf", env_var="BENCH_DB", var_prefix="bureau-bench-pdf-")
    benchdb.create_database()
    benchdb.start_django()
else:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")

    import django

    django.setup()

from types import SimpleNamespace  # noqa: E402

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.printing.render import render_pdf, subsetting_path  # noqa: E402

TEMPLATE = "print/workflow/approval_form.html"


# Every real form has its own text, so the glyphs each font embeds differ from one print to the
# next; rendering one text over and over would hide per-document costs (fake_case(n)).
TITLES = [
    "关于编印普法宣传资料的请示",
    "关于采购档案密集柜的请示",
    "关于召开全区人民调解工作会议的请示",
    "关于维修司法所办公用房的请示",
    "关于开展社区矫正对象集中教育的请示",
    "关于聘请法律顾问的请示",
    "关于举办法治文艺汇演的请示",
    "关于更新执法记录仪的请示",
    "关于申请公证业务培训经费的请示",
    "关于组织律师参加信访接待的请示",
    "关于印制行政复议文书的请示",
]
CONTENTS = [
    "拟编印《民法典》普法宣传册2000册。",
    "拟购置密集柜12组，用于文书档案存放。",
    "拟于下月中旬召开会议，参会约80人。",
    "办公楼屋面渗漏，拟委托维修，工期约两周。",
    "拟组织矫正对象开展集中学习，共计三期。",
    "拟续聘常年法律顾问一年，服务费按合同支付。",
    "拟在城区广场举办专场演出一场。",
]
OPINIONS = [
    ("同意，报分管领导。", "同意，按规定程序办理。"),
    ("情况属实，同意。", "同意，报局长。"),
    ("拟同意，请领导审示。", "同意，注意节约。"),
    ("同意，请财务科核实预算。", "同意，抓紧落实。"),
    ("经研究，同意上报。", "原则同意，细化方案后实施。"),
]


def fake_case(n=0):
    """The n-th form of a run: the same layout, its own title, content, amount and opinions."""
    person = SimpleNamespace(full_name="周海峰", section=SimpleNamespace(name="区委依法治区办秘书科"))
    event = lambda action, label, opinion, display: SimpleNamespace(  # noqa: E731
        action=action,
        step_label=label,
        opinion=opinion,
        actor=person,
        on_behalf_of=None,
        created_at=timezone.now(),
        get_action_display=lambda: display,
        action_label=display,
    )
    case = SimpleNamespace(
        title=TITLES[n % len(TITLES)],
        number="",
        section=SimpleNamespace(name="区委依法治区办秘书科"),
        initiator=SimpleNamespace(full_name="吴佳琪"),
        created_at=timezone.now(),
        result="",
        status="active",
        current_step_label="局长审批",
        current_assignees="王志强",
        sensitivity=1,
        is_confidential=False,
        get_status_display=lambda: "办理中",
        get_sensitivity_display=lambda: "内部",
    )
    steps = [
        event("submit", "提交", "", "提交"),
        event("approve", "科室负责人审核", OPINIONS[n % len(OPINIONS)][0], "同意"),
        event("approve", "分管领导审批", OPINIONS[n % len(OPINIONS)][1], "同意"),
    ]
    return {
        "case": case,
        "process": SimpleNamespace(label="事项审批"),
        "form_title": "事项审批单",
        "fields": [("事项内容", CONTENTS[n % len(CONTENTS)]), ("涉及金额", f"{6800 + 37 * n:.2f} 元")],
        "steps": steps,
        "org_name": "淄博市临淄区司法局",
        "printed_by": person,
        "printed_at": timezone.now(),
    }


def cold_render(context):
    """The form the WeasyPrint default way: a new FontConfiguration, the <style> parsed again."""
    from weasyprint import HTML

    html = render_to_string(TEMPLATE, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def fonts_in(pdf):
    """Embedded font names (poppler's pdffonts; the font dictionaries sit in compressed streams)."""
    if not shutil.which("pdffonts"):
        return ["(pdffonts not installed)"]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdffonts", f.name], capture_output=True, text=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()]


def timed(fn, context):
    """(wall seconds, CPU seconds, result) of fn(context)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    pdf = fn(context)
    return time.perf_counter() - start, time.process_time() - start_cpu, pdf


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]


def report(name, times, cpu):
    print(
        f"{name:34}: median {statistics.median(times) * 1000:5.0f} ms   p95 {p95(times) * 1000:5.0f} ms"
        f"   min {min(times) * 1000:5.0f} ms   CPU median {statistics.median(cpu) * 1000:5.0f} ms"
        f"   p95 {p95(cpu) * 1000:5.0f} ms"
    )


def child(warm):
    """In a fresh process: seconds of the warm-up (or 0), then wall and CPU seconds of the first
    form and of the second."""
    from apps.printing.render import warm_up

    warmed = warm_up() if warm else 0.0
    first, first_cpu, _ = timed(lambda ctx: render_pdf(TEMPLATE, ctx), fake_case(1))
    second, second_cpu, _ = timed(lambda ctx: render_pdf(TEMPLATE, ctx), fake_case(2))
    print(f"{warmed} {first} {second} {first_cpu} {second_cpu}")


def first_prints(processes=3):
    """Fresh processes alternating without and with the warm-up; medians of each."""
    rows = {False: [], True: []}
    for i in range(processes * 2):
        warm = bool(i % 2)
        out = subprocess.run(
            [sys.executable, __file__, "--child"] + (["--warm"] if warm else []),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows[warm].append([float(x) for x in out.split()[-5:]])
    for warm, label in ((False, "first form, no warm-up"), (True, "first form after warm_up()")):
        med = [statistics.median(r[k] for r in rows[warm]) * 1000 for k in range(5)]
        extra = f"   (warm-up itself {med[0]:5.0f} ms, before requests)" if warm else ""
        print(
            f"{label:34}: median {med[1]:5.0f} ms   second form {med[2]:5.0f} ms"
            f"   CPU {med[3]:5.0f} / {med[4]:5.0f} ms{extra}"
        )


def build_case():
    """The office's clerk, chief and division leader and a director, and a request of the clerk's
    approved by the chief and the division leader (three steps with opinions; the director's is
    pending), on the bench database."""
    from decimal import Decimal

    from django.db import transaction

    from apps.accounts.models import Rank, User
    from apps.matters.models import GeneralRequest
    from apps.matters.processes import PROCESS_CODE
    from apps.org.models import Section
    from apps.workflow import services
    from apps.workflow.models import Task

    office, leadership = Section.objects.get(code="office"), Section.objects.get(code="leadership")

    def person(username, full_name, section, rank):
        return User.objects.create(username=username, full_name=full_name, section=section, rank=rank, password="!")

    clerk = person("pdf-clerk", "吴佳琪", office, Rank.STAFF)
    chief = person("pdf-chief", "周海峰", office, Rank.CHIEF)
    leader = person("pdf-leader", "王志强", leadership, Rank.DIVISION_LEADER)
    person("pdf-director", "李建国", leadership, Rank.DIRECTOR)  # the next step's approver
    office.division_leader = leader
    office.save()
    with transaction.atomic():
        case = services.create_case(PROCESS_CODE, initiator=clerk, section=office, title="关于编印普法宣传资料的请示")
        GeneralRequest.objects.create(case=case, body="拟编印《民法典》普法宣传册2000册。", amount=Decimal("6800"))
    services.submit(case.pk, clerk)
    for actor, opinion in ((chief, "同意，报分管领导。"), (leader, "同意，按规定程序办理。")):
        task = case.tasks.get(status=Task.Status.PENDING)
        services.approve(case.pk, task.pk, actor, opinion)
    return clerk, case


def http_prints(runs):
    """The form through the print view, as a gunicorn worker serves it (after warm_up())."""
    import benchdb
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from apps.printing.render import warm_up

    try:
        benchdb.migrate_and_load()
        clerk, case = build_case()
        warmed = warm_up()
        client = Client()
        client.force_login(clerk)
        url = reverse("printing:approval_form", args=[case.pk])
        # the worker's first request of any kind imports and sets up what every page needs
        # (sessions, middleware, URLs): not the print's cost, so one ordinary page goes first
        home, home_cpu, _ = timed(lambda _: client.get("/"), None)
        get = lambda _: client.get(url)  # noqa: E731
        first, first_cpu, response = timed(get, None)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured.captured_queries)
        times, cpu = [], []
        for _ in range(runs):
            elapsed, elapsed_cpu, response = timed(get, None)
            times.append(elapsed)
            cpu.append(elapsed_cpu)
        print(f"HTTP: GET {url} (test client, production settings)")
        print(f"warm_up() before the first request  : {warmed * 1000:5.0f} ms")
        print(f"first request (home page)          : {home * 1000:5.0f} ms   CPU {home_cpu * 1000:5.0f} ms")
        print(f"first print after warm_up()       : {first * 1000:5.0f} ms   CPU {first_cpu * 1000:5.0f} ms")
        report("later requests", times, cpu)
        print(f"SQL queries per request           : {queries}")
        print(
            f"response                          : {len(response.content) / 1024:.0f} KiB, fonts {', '.join(fonts_in(response.content))}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if "--keep" not in sys.argv:
            benchdb.drop_database()


def main():
    if "--child" in sys.argv:
        child("--warm" in sys.argv)
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 30
    print(f"subsetting path                   : {subsetting_path()}")
    print(f"cpus / load average               : {os.cpu_count()} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"runs                              : {runs}")
    if "--http" in sys.argv:
        http_prints(runs)
        return
    compare = "--compare" in sys.argv
    render = lambda ctx: render_pdf(TEMPLATE, ctx)  # noqa: E731
    pdf = render(fake_case())  # warm-up: font discovery
    if compare:
        cold_render(fake_case())
    times, cpu, cold, cold_cpu = [], [], [], []
    for n in range(1, runs + 1):
        context = fake_case(n)
        elapsed, elapsed_cpu, pdf = timed(render, context)
        times.append(elapsed)
        cpu.append(elapsed_cpu)
        if compare:
            elapsed, elapsed_cpu, _ = timed(cold_render, context)
            cold.append(elapsed)
            cold_cpu.append(elapsed_cpu)
    report("render_pdf (config, CSS reused)", times, cpu)
    if compare:
        report("fresh config, CSS parsed each time", cold, cold_cpu)
    print(f"pdf size                          : {len(pdf) / 1024:.0f} KiB")
    print(f"fonts embedded                    : {', '.join(fonts_in(pdf))}")
    if "--first-print" in sys.argv:
        first_prints()


if __name__ == "__main__":
    main()
