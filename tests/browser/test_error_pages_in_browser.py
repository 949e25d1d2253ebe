"""The error pages as a signed-in member of staff meets them in Chromium (issue 13 item 3): a
missing address and a forbidden one answer in Chinese inside the portal's frame, with the
navigation, the stylesheet applied and the favicon; a failing page shows its reference, a
stale form the Chinese CSRF page; the Content-Security-Policy blocks nothing on any of them."""

import os
import re
import shutil

import pytest
from django.conf import settings

from apps.accounts.lockout import locked_message
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ENGLISH = ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification failed", "Request aborted")


def shoot(page, name):
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)


def watch_policy(page):
    """Console messages of the Content-Security-Policy (a blocked style, script or icon)."""
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    return blocked


def assert_framed(page, title):
    body = page.inner_text("body")
    assert title in page.inner_text("main h1")
    for words in ENGLISH:
        assert words not in body
    assert "区司法局办公平台" in page.inner_text("header.topbar")
    nav = page.locator("nav.sidenav")
    assert nav.is_visible()
    assert "公文办理" in nav.inner_text() and "待办" in nav.inner_text()
    # the stylesheet is applied: the top bar has the portal's navy, not the browser's white
    assert page.eval_on_selector("header.topbar", "e => getComputedStyle(e).backgroundColor") == "rgb(21, 55, 95)"


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.test_error_pages")  # the portal's URLs plus /test-crash/, a failing view
def test_error_pages_in_the_browser(browser, live_server, people):  # noqa: F811 (fixture)
    page = login(browser, live_server, "clerk")
    blocked = watch_policy(page)

    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert_framed(page, "页面不存在或无权查看")
    assert page.title().startswith("页面不存在")
    shoot(page, "error_404")

    # the navigation on the error page works: back to the inbox
    page.click("nav.sidenav >> text=待办")
    page.wait_for_url(f"{live_server.url}/inbox/**")

    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 403
    assert_framed(page, "无权访问")
    assert "审计日志只有审计管理员可以查看。" in page.inner_text(".error-reason")
    assert "安全管理员" in page.inner_text("main") and "本科室负责人" in page.inner_text("main")
    shoot(page, "error_403")

    # the favicon linked from the frame is served and is an image
    icon = page.get_attribute("link[rel=icon][type='image/svg+xml']", "href")
    fetched = page.request.get(f"{live_server.url}{icon}")
    assert fetched.status == 200 and fetched.headers["content-type"].startswith("image/svg")

    response = page.goto(f"{live_server.url}/test-crash/")
    assert response.status == 500
    main = page.inner_text("main")
    assert "系统出错" in main and re.search(r"参考编号：[0-9a-f]{32}", main)
    assert page.locator("nav.sidenav").count() == 0  # standalone: no database behind it
    assert page.eval_on_selector("header.topbar", "e => getComputedStyle(e).backgroundColor") == "rgb(21, 55, 95)"
    shoot(page, "error_500")

    # a form whose CSRF cookie is gone (another window logged out and in, cookies cleared)
    page.goto(f"{live_server.url}/inbox/")
    page.context.clear_cookies(name="csrftoken")
    with page.expect_navigation():
        page.click("header.topbar button:has-text('退出')")
    assert_framed(page, "页面已失效")
    shoot(page, "error_csrf")

    assert blocked == [], blocked
    page.close()

    # the lockout: the portal's login page says it in Chinese and names who unlocks
    page = browser.new_page(locale="zh-CN")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "colleague")
        page.fill("input[name=password]", "wrong-password")
        page.click("button[type=submit]")
        page.wait_for_selector(".msg.error")
    assert locked_message() in page.inner_text(".msg.error")
    assert "区司法局办公平台" in page.inner_text("header.topbar")
    shoot(page, "lockout")
    page.close()
