"""监督检查与整改 in a real browser, the way 社区矫正工作科 checks a judicial office: the clerk
draws up the annual plan, the chief approves it, the clerk records an on-site check of 闻韶司法所
by two inspectors with two findings, issues the 整改通知书 (the proposed due date checked by hand
over the National Day holiday), prints it, registers the office's rectification report, and
closes it after the follow-up verification. The bureau's date is set for each step; the live
server runs in this process, so it sees the same date."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.accounts.models import Rank
from apps.inspections.models import Check, Plan, Rectification
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.conftest import make_user

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

    set_day(date(2026, 9, 1))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def ok(page):
    page.wait_for_selector(".msg.success")


@pytest.mark.django_db(transaction=True)
def test_a_plan_a_check_of_a_judicial_office_the_notice_the_report_and_the_close(
    browser, live_server, bureau, bureau_date
):
    section = bureau["correction"]
    clerk = make_user("corr.clerk", section, Rank.STAFF, full_name="朱晓丽")
    colleague = make_user("corr.colleague", section, Rank.STAFF, full_name="李文")
    make_user("corr.chief", section, Rank.CHIEF, full_name="杨振华")
    office = bureau["jo_wenshao"]

    page = login(browser, live_server, "corr.clerk")
    page.goto(f"{live_server.url}/inspections/")
    assert page.url.endswith("/inspections/s/correction/")
    page.click("a:has-text('拟定检查计划')")
    page.select_option("select[name=kind]", "annual")
    page.fill("input[name=title]", "2026年度社区矫正执法规范化检查")
    page.fill("textarea[name=scope]", "各司法所：调查评估、衔接入矫、日常监管、档案管理")
    page.click("button:has-text('保存计划')")
    ok(page)
    plan = Plan.objects.get()
    assert page.locator("button:has-text('批准计划')").count() == 0  # the clerk does not approve

    chief = login(browser, live_server, "corr.chief")
    chief.goto(f"{live_server.url}/inspections/plans/{plan.pk}/")
    chief.click("button:has-text('批准计划')")
    ok(chief)
    assert "已批准" in chief.inner_text("h1")

    page.goto(f"{live_server.url}/inspections/plans/{plan.pk}/")
    page.click("a:has-text('在本计划下登记检查')")
    page.select_option("select[name=unit_choice]", f"s{office.pk}")
    page.select_option("select[name=mode]", "onsite")
    page.fill("input[name=checked_on]", "2026-09-01")
    page.check(f"input[name=inspectors][value='{clerk.pk}']")
    page.click("button:has-text('登记检查')")
    page.wait_for_selector(".msg.error")  # one inspector is not enough on site
    assert "两名以上" in page.inner_text(".messages")
    page.check(f"input[name=inspectors][value='{colleague.pk}']")
    page.click("button:has-text('登记检查')")
    ok(page)
    check = Check.objects.get()
    assert "闻韶司法所" in page.inner_text("h1")

    for text, severity, requirement in (
        ("2 名社区矫正对象的走访记录缺失", "serious", "补做走访并如实记录"),
        ("矫正档案未按规定分类装订", "minor", "按规定整理装订矫正档案"),
    ):
        page.fill("textarea[name=text]", text)
        page.select_option("select[name=severity]", severity)
        page.fill("textarea[name=requirement]", requirement)
        page.click("button[name=add-finding]")
        ok(page)
    assert check.findings.count() == 2

    # 1 Sept + 30 days = 1 Oct, a holiday: rolled forward past 1–7 Oct to Thursday 8 Oct.
    assert page.input_value("input[name=due_date]") == "2026-10-08"
    page.click("button[name=issue]")
    ok(page)
    rect = Rectification.objects.get()
    assert rect.due_date == date(2026, 10, 8)
    assert "2026-10-08" in page.inner_text(".card:has-text('整改通知书 ')")

    pdf = page.request.get(f"{live_server.url}/inspections/checks/{check.pk}/notice.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    bureau_date(date(2026, 9, 30))  # a new day: a new session (the old one has expired)
    page = login(browser, live_server, "corr.clerk")
    page.goto(f"{live_server.url}/inspections/checks/{check.pk}/")
    page.fill("input[name=received_on]", "2026-09-29")
    page.fill("textarea[name=summary]", "已补做走访 2 次并记录，档案已重新分类装订。")
    page.click("button[name=report]")
    ok(page)
    assert "已报告（待核查）" in page.inner_text("h2:has-text('整改通知书')")

    bureau_date(date(2026, 10, 9))
    page = login(browser, live_server, "corr.colleague")
    page.goto(f"{live_server.url}/inspections/checks/{check.pk}/")
    page.fill("input[name=verified_on]", "2026-10-09")
    page.fill("textarea[name=opinion]", "实地复查，走访记录和档案均已整改到位。")
    page.click("button[name=verify]")
    ok(page)
    assert "已销号" in page.inner_text("h2:has-text('整改通知书')")
    check.refresh_from_db()
    assert check.status == Check.Status.CLOSED
    assert [e.get_kind_display() for e in rect.events.all()] == ["发出整改通知书", "收到整改报告", "核查通过，整改销号"]
