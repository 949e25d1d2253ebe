"""Render the one-page approval form repeatedly and print the median time and the subsetting path.

usage: .venv/bin/python bench/pdf_bench.py [N]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from types import SimpleNamespace  # noqa: E402

from django.utils import timezone  # noqa: E402

from apps.printing.render import render_pdf, subsetting_path  # noqa: E402


def fake_case():
    person = SimpleNamespace(full_name="周海峰")
    event = lambda action, label, opinion: SimpleNamespace(  # noqa: E731
        action=action, step_label=label, opinion=opinion, actor=person, on_behalf_of=None,
        created_at=timezone.now(), get_action_display=lambda: "同意",
    )
    case = SimpleNamespace(
        title="关于编印普法宣传资料的请示", number="", section=SimpleNamespace(name="区委依法治区办秘书科"),
        initiator=SimpleNamespace(full_name="吴佳琪"), created_at=timezone.now(), result="",
        get_status_display=lambda: "办理中", get_sensitivity_display=lambda: "内部",
    )
    steps = [event("submit", "提交", ""), event("approve", "科室负责人审核", "同意，报分管领导。"),
             event("approve", "分管领导审批", "同意，按规定程序办理。")]
    return {
        "case": case, "process": SimpleNamespace(label="事项审批"), "form_title": "事项审批单",
        "fields": [("事项内容", "拟编印《民法典》普法宣传册2000册。"), ("涉及金额", "6800.00 元")],
        "steps": steps, "org_name": "淄博市临淄区司法局", "printed_by": person, "printed_at": timezone.now(),
    }


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    context = fake_case()
    render_pdf("print/workflow/approval_form.html", context)  # warm-up: font discovery
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_pdf("print/workflow/approval_form.html", context)
        times.append(time.perf_counter() - start)
    print(f"subsetting path : {subsetting_path()}")
    print(f"runs            : {runs}")
    print(f"median          : {statistics.median(times) * 1000:.0f} ms")
    print(f"p95             : {sorted(times)[int(len(times) * 0.95) - 1] * 1000:.0f} ms")
    print(f"pdf size        : {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
