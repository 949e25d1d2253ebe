"""Render the one-page approval form repeatedly and print the median time and the subsetting path.

usage: .venv/bin/python bench/pdf_bench.py [N] [--compare] [--first-print]

N renders (default 30) after one warm-up render (font discovery). --compare interleaves the
form as the portal renders it (one FontConfiguration per thread, reused) with the same form
rendered with a fresh FontConfiguration each time (WeasyPrint's default), so that load from
other processes on a shared machine hits both alike. The issue's target: at most 200 ms median
on a 2-core machine with HarfBuzz subsetting.

--first-print also starts fresh processes, as a gunicorn worker starts, and times their first
form: without a warm-up, and after apps.printing.render.warm_up() (what gunicorn.conf.py's
post_worker_init runs before the worker takes requests), next to the steady-state median.
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


def fake_case():
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
        title="关于编印普法宣传资料的请示",
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
        event("approve", "科室负责人审核", "同意，报分管领导。", "同意"),
        event("approve", "分管领导审批", "同意，按规定程序办理。", "同意"),
    ]
    return {
        "case": case,
        "process": SimpleNamespace(label="事项审批"),
        "form_title": "事项审批单",
        "fields": [("事项内容", "拟编印《民法典》普法宣传册2000册。"), ("涉及金额", "6800.00 元")],
        "steps": steps,
        "org_name": "淄博市临淄区司法局",
        "printed_by": person,
        "printed_at": timezone.now(),
    }


def cold_render(context):
    """The form with a new FontConfiguration per render (no reuse)."""
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
    start = time.perf_counter()
    pdf = fn(context)
    return time.perf_counter() - start, pdf


def report(name, times):
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{name:34}: median {statistics.median(times) * 1000:5.0f} ms   p95 {p95 * 1000:5.0f} ms   min {times[0] * 1000:5.0f} ms"
    )


def child(warm):
    """In a fresh process: (seconds of the warm-up or 0, seconds of the first form, of the second)."""
    from apps.printing.render import warm_up

    warmed = warm_up() if warm else 0.0
    context = fake_case()
    first = timed(lambda ctx: render_pdf(TEMPLATE, ctx), context)[0]
    second = timed(lambda ctx: render_pdf(TEMPLATE, ctx), context)[0]
    print(f"{warmed} {first} {second}")


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
        rows[warm].append([float(x) for x in out.split()[-3:]])
    for warm, label in ((False, "first form, no warm-up"), (True, "first form after warm_up()")):
        med = [statistics.median(r[k] for r in rows[warm]) * 1000 for k in range(3)]
        extra = f"   (warm-up itself {med[0]:5.0f} ms, before requests)" if warm else ""
        print(f"{label:34}: median {med[1]:5.0f} ms   second form {med[2]:5.0f} ms{extra}")


def main():
    if "--child" in sys.argv:
        child("--warm" in sys.argv)
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 30
    compare = "--compare" in sys.argv
    context = fake_case()
    render = lambda ctx: render_pdf(TEMPLATE, ctx)  # noqa: E731
    pdf = render(context)  # warm-up: font discovery
    if compare:
        cold_render(context)
    times, cold = [], []
    for _ in range(runs):
        elapsed, pdf = timed(render, context)
        times.append(elapsed)
        if compare:
            cold.append(timed(cold_render, context)[0])
    print(f"subsetting path                   : {subsetting_path()}")
    print(f"cpus / load average               : {os.cpu_count()} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"runs                              : {runs}")
    report("render_pdf (font config reused)", times)
    if compare:
        report("fresh FontConfiguration per render", cold)
    print(f"pdf size                          : {len(pdf) / 1024:.0f} KiB")
    print(f"fonts embedded                    : {', '.join(fonts_in(pdf))}")
    if "--first-print" in sys.argv:
        first_prints()


if __name__ == "__main__":
    main()
