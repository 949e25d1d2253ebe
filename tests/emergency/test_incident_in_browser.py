"""An incident in a real browser, the way the office handles it: the clerk registers a plan,
activates the response (the first report falls due), files the first report on the case page,
the division leader sees the incident and its reports, the clerk terminates it with the final
report and records the aftermath; then the secrecy and 内务 home pages open for the office."""

import os
import shutil

import pytest

from apps.emergency.models import Incident, Report
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def ok(page):
    page.wait_for_selector(".msg.success")


@pytest.mark.django_db(transaction=True)
def test_an_incident_from_activation_to_the_investigation_report(browser, live_server, people):
    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/emergency/")
    page.click("a:has-text('登记预案')")
    page.fill("input[name=title]", "社区矫正突发事件应急预案")
    page.select_option("select[name=kind]", "special")
    page.fill("textarea[name=scope]", "社区矫正对象脱管等")
    page.fill("input[name=report_interval_hours]", "2")
    page.click("form button.primary:has-text('登记')")
    ok(page)

    page.goto(f"{live_server.url}/emergency/incidents/new/")
    page.select_option("select[name=level]", "3")
    page.select_option("select[name=plan]", index=1)
    page.fill("input[name=unit]", "凤凰司法所")
    page.fill("input[name=place]", "凤凰镇")
    page.click("button:has-text('启动应急响应')")  # the summary is missing: refused, typed values kept
    page.wait_for_selector(".msg.error")
    assert page.input_value("input[name=unit]") == "凤凰司法所"
    page.fill("textarea[name=summary]", "矫正对象定位信号中断，疑似脱管")
    page.click("button:has-text('启动应急响应')")
    ok(page)
    incident = Incident.objects.get()
    assert incident.reports.get().kind == Report.Kind.FIRST
    page.fill("textarea[name=content]", "已派员走访，通报派出所。")
    page.click("button:has-text('登记报告')")
    ok(page)
    assert incident.reports.filter(reported_at__isnull=False).count() == 1

    leader = login(browser, live_server, "leader")
    leader.goto(f"{live_server.url}/emergency/")
    leader.click(f"a:has-text('{incident.case.title}')")
    assert "已派员走访" in leader.inner_text("body")
    assert leader.locator("button:has-text('终止应急并终报')").count() == 0  # leaders read

    page.goto(f"{live_server.url}/cases/{incident.case_id}/")
    page.fill("#emergency-actions form:nth-of-type(2) textarea[name=content]", "已找到本人，恢复监管。")
    page.click("button:has-text('终止应急并终报')")
    ok(page)
    page.fill("textarea[name=aftermath]", "对其训诫并加强定位设备检查。")
    page.fill("textarea[name=investigation]", "手机关机外出；建议每日核查设备电量。")
    page.click("button:has-text('登记并办结')")
    ok(page)
    incident.refresh_from_db()
    assert incident.stage == Incident.Stage.CLOSED

    for url, heading in (
        ("/secrecy/", "保密管理"),
        ("/housekeeping/", "内务管理"),
        ("/research/", "调研工作"),
        ("/it-projects/", "信息化项目"),
    ):
        page.goto(f"{live_server.url}{url}")
        assert heading in page.inner_text("h1")
