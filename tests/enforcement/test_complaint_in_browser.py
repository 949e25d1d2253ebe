"""A complaint about an enforcement act in a real browser, as 职责手册 5.2 runs it: the clerk
registers it, 立案, investigates and proposes a 监督决定 (撤销); the section chief, the division
leader and the director approve; the clerk issues and serves the 《行政执法监督决定书》 (printed)
and records the body's report. At each step the due dates the page shows are checked against
dates computed by hand over the 2026 National Day holiday (中秋 Fri 25 Sept and 1–7 Oct off;
Saturday 10 Oct a make-up working day). The bureau's date is set for each step."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.enforcement.models import Complaint
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def bureau_date(monkeypatch):
    state = {}

    def set_day(day):
        state["now"] = timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    set_day(date(2026, 9, 23))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def clock_text(page, name):
    return page.inner_text(f"#clocks .clock:has-text('{name}')")


def open_case(browser, live_server, case_id, username="enf_clerk"):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def approve(browser, live_server, case_id, username, opinion):
    page = open_case(browser, live_server, case_id, username)
    assert page.locator(".action-card button:has-text('不同意')").count() == 0  # a complaint must be handled
    page.fill(".action-card form.opinion-form textarea[name=opinion]", opinion)
    page.click(".action-card form.opinion-form button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


def submit(page, button):
    page.click(f"#enforcement-actions button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


@pytest.mark.django_db(transaction=True)
def test_a_complaint_to_a_supervision_decision(browser, live_server, enf, bureau_date):
    page = login(browser, live_server, "enf_clerk")
    page.goto(f"{live_server.url}/enforcement/complaints/new/")
    page.fill("input[name=complainant]", "王五")
    page.fill("input[name=phone]", "13800138000")
    page.select_option("select[name=unit]", label="区市场监督管理局")
    page.select_option("select[name=act_kind]", "penalty")
    page.fill("textarea[name=content]", "罚款前未告知陈述、申辩权利")
    page.fill("input[name=received_on]", "2026-09-23")
    page.click("button:has-text('登记')")
    page.wait_for_selector(".msg.success")
    case_id = Complaint.objects.get(complainant="王五").case_id
    # 5 working days from Wed 23 Sept: 24, 28, 29, 30 Sept, Thu 8 Oct.
    assert "到期日 2026-10-08" in clock_text(page, "立案审查")
    assert "待核实" in clock_text(page, "立案审查")
    page.close()

    bureau_date(date(2026, 9, 29))
    page = open_case(browser, live_server, case_id)
    page.fill("#enforcement-actions input[name=on_date] >> nth=0", "2026-09-29")
    submit(page, "立案调查")
    # 60 days from 29 Sept end Sat 28 Nov, a rest day: Mon 30 Nov.
    assert "到期日 2026-11-30" in clock_text(page, "调查处理")
    page.close()

    bureau_date(date(2026, 10, 9))
    page = open_case(browser, live_server, case_id)
    page.fill("#enforcement-actions textarea[name=findings]", "调阅案卷：处罚决定作出前未告知当事人陈述、申辩权利。")
    page.check("#enforcement-actions input[name=finding][value=decision]")
    page.select_option("#enforcement-actions select[name=decision_kind]", "revoke")
    page.fill("#enforcement-actions textarea[name=proposal]", "撤销该行政处罚决定，由区市场监督管理局依法重新作出。")
    page.fill("#enforcement-actions input[name=on_date]", "2026-10-09")
    submit(page, "提交处理意见审批")
    assert "局长审批" in page.inner_text("body")
    response = page.request.get(f"{live_server.url}/enforcement/complaints/{case_id}/print/approval.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()
    approve(browser, live_server, case_id, "enf_chief", "拟同意，报分管局长。")
    approve(browser, live_server, case_id, "enf_leader", "同意，报局长。")
    approve(browser, live_server, case_id, "director", "同意作出监督决定。")

    bureau_date(date(2026, 10, 13))
    page = open_case(browser, live_server, case_id)
    assert page.locator("#enforcement-actions input[name=number]").count() == 0  # numbered, not typed
    page.fill("#enforcement-actions input[name=issued_on]", "2026-10-12")
    page.fill("#enforcement-actions input[name=served_on]", "2026-10-13")
    submit(page, "登记制发送达")
    # §29 ¶2: 30 days from receipt on Tue 13 Oct: Thu 12 Nov.
    assert "到期日 2026-11-12" in clock_text(page, "报告执行情况")
    assert "第二十九条" in clock_text(page, "报告执行情况")
    assert "行政执法监督决定书" in page.inner_text(".print-links")
    assert "临司执监决〔2026〕1号" in page.inner_text(".kv")  # the year's first 决定书
    response = page.request.get(f"{live_server.url}/enforcement/complaints/{case_id}/print/document.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()

    bureau_date(date(2026, 11, 2))
    page = open_case(browser, live_server, case_id)
    page.select_option("#enforcement-actions select[name=compliance]", "done")
    page.fill("#enforcement-actions textarea[name=note]", "已撤销原处罚决定并书面报告。")
    page.fill("#enforcement-actions input[name=on_date]", "2026-11-02")
    submit(page, "登记并办结")
    assert "已办结" in page.inner_text(".kv")
    page.goto(f"{live_server.url}/enforcement/complaints/")
    assert "已办结" in page.inner_text("table.grid")
    page.close()
