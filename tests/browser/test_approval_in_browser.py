"""The engine proven in a real browser: a clerk's request goes through chief, division leader and
director (amount ≥ 5,000), then the clerk closes it; bad input keeps what was typed."""

import os
import shutil

import pytest

from apps.workflow.models import Case, CaseEvent
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

# Playwright's sync API keeps an event loop in this thread; the ORM calls below are plain
# synchronous test code, not async views.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def login(browser, live_server, username):
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/inbox/**")
    return page


def approve_first_todo(browser, live_server, username, opinion):
    page = login(browser, live_server, username)
    page.click("table.grid tbody tr:first-child td a")
    page.fill(".action-card textarea[name=opinion]", opinion)
    page.click(".action-card button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_request_goes_through_the_chain_in_the_browser(browser, live_server, people):
    page = login(browser, live_server, "clerk")
    page.click("text=发起事项审批")
    page.fill("input[name=title]", "关于采购档案密集柜的请示")
    page.fill("textarea[name=body]", "档案室库容不足，拟采购密集柜两组。")
    page.fill("input[name=amount]", "6800")
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交审批")
    assert "科室负责人审核" in page.inner_text(".route")
    page.close()

    approve_first_todo(browser, live_server, "chief", "情况属实，同意。")
    approve_first_todo(browser, live_server, "leader", "同意，报局长。")
    approve_first_todo(browser, live_server, "director", "同意采购，注意比价。")

    page = login(browser, live_server, "clerk")
    page.click("table.grid tbody tr:first-child td a")
    page.fill(".action-card textarea[name=opinion]", "已完成采购并验收入库。")
    page.click(".action-card button:has-text('办结')")
    page.wait_for_selector("text=已办结")
    timeline = page.inner_text(".timeline")
    for words in ("情况属实，同意。", "同意，报局长。", "同意采购，注意比价。", "办公室主任", "局长"):
        assert words in timeline
    page.close()

    case = Case.objects.get(title="关于采购档案密集柜的请示")
    assert case.status == Case.Status.CLOSED
    assert case.result == "已完成采购并验收入库。"
    assert list(case.events.values_list("action", flat=True)) == [
        CaseEvent.Action.CREATE,
        CaseEvent.Action.SUBMIT,
        CaseEvent.Action.APPROVE,
        CaseEvent.Action.APPROVE,
        CaseEvent.Action.APPROVE,
        CaseEvent.Action.DONE,
    ]


@pytest.mark.django_db(transaction=True)
def test_bad_input_shows_chinese_errors_and_keeps_what_was_typed(browser, live_server, people):
    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/matters/new/")
    page.fill("input[name=title]", "请示")  # too short
    page.fill("textarea[name=body]", "这是一段很长的正文，不应该因为标题太短而丢失。")
    page.fill("input[name=amount]", "-5")
    page.click("button[name=submit]")
    page.wait_for_selector(".error-text")
    errors = page.inner_text(".form-card form")
    assert "标题太短" in errors
    assert "不能小于 0" in errors
    assert "附件需要重新选择" in page.inner_text(".messages")
    assert page.input_value("textarea[name=body]") == "这是一段很长的正文，不应该因为标题太短而丢失。"
    assert not Case.objects.exists()


def nav_click(page, label):
    """Click a business link of the side navigation as a person does: its section group is
    folded unless it is the viewer's own (bureau/navigation.py), so unfold it first."""
    group = page.locator("nav details.nav-section", has=page.locator("a", has_text=label)).first
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    page.click(f"nav >> text={label}")
