"""Issue 13 item 11 in a real browser: the login page served by gunicorn with production settings
(DJANGO_DEBUG=0) comes with its stylesheet and script applied, under the unchanged CSP. Before
WhiteNoise the stylesheet answered 404 and the page rendered as bare HTML."""

import os
import re
import shutil

import pytest

from tests.browser.test_approval_in_browser import browser  # noqa: F401 (fixture)
from tests.websecurity.production_server import PROXY_HEADERS, needs_gunicorn, production_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup):
    needs_gunicorn()
    with production_server() as running:
        yield running


@pytest.mark.django_db  # the test database gunicorn connects to
def test_login_page_from_gunicorn_has_its_styles_applied(browser, gunicorn_server, tmp_path):  # noqa: F811
    # the reverse proxy in front terminates TLS and says so in X-Forwarded-Proto
    context = browser.new_context(locale="zh-CN", extra_http_headers=PROXY_HEADERS)
    page = context.new_page()
    static_answers, refused = [], []
    page.on("response", lambda r: static_answers.append(r) if "/static/" in r.url else None)
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(f"{gunicorn_server.url}/accounts/login/")
    assert response.status == 200
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page.wait_for_load_state("load")

    stylesheets = [r for r in static_answers if r.url.endswith(".css")]
    assert stylesheets and all(r.status == 200 for r in static_answers), [(r.url, r.status) for r in static_answers]
    assert re.search(r"/static/css/portal\.[0-9a-f]{12}\.css$", stylesheets[0].url)

    topbar = page.evaluate(
        """() => {
            const s = getComputedStyle(document.querySelector('header.topbar'));
            return {display: s.display, position: s.position, background: s.backgroundColor,
                    height: s.height, color: s.color};
        }"""
    )
    # unstyled, a <header> is a transparent block in the page flow
    assert topbar["display"] == "flex"
    assert topbar["position"] == "sticky"
    assert topbar["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert topbar["height"] == "52px"
    assert topbar["color"] == "rgb(255, 255, 255)"
    assert page.evaluate("() => getComputedStyle(document.body).margin") == "0px"  # 8px unstyled
    assert not refused, refused

    page.screenshot(path=str(tmp_path / "login-under-gunicorn.png"), full_page=True)
    context.close()
