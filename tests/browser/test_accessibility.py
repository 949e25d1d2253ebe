"""Accessibility (GB/T 37668-2019, which follows WCAG 2.0): axe-core's WCAG 2 A and AA rules on the
main page of every app, the inbox, a case page, the new-claim form, the org handbook and the login
page, as an office clerk and as the office chief: no violation anywhere (issue 13 item 12 found 63
on ten everyday pages: grey text below 4.5:1, filter selects and claim-line inputs without a name).

The same walk checks that no page relies on what the Content-Security-Policy blocks (an inline
style or script is reported by the browser as a CSP violation; issue 13 item 7).

axe-core is vendored for the tests only (tests/browser/vendor/, never served by the portal). It is
handed to the page as a same-origin script through Playwright's router rather than inlined with
add_script_tag(path=...): the portal's CSP (script-src 'self') refuses inline scripts, and turning
the CSP off for the test would hide exactly the inline styles this walk is meant to catch.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from bureau.navigation import GROUPS
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.workflow.test_permissions import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_URL = "/__tests__/axe.min.js"  # answered by the test's router, never by the portal
WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}"


def main_pages(case):
    """The inbox, a case, the new claim form, the org handbook, and each app's entry in the side
    navigation (bureau/navigation.py GROUPS), in that order, without repeats."""
    paths = [
        reverse("workflow:inbox"),
        f"{reverse('workflow:inbox')}?tab=mine",
        case.get_absolute_url(),
        reverse("finance:claim_new"),
        reverse("org:index"),
    ]
    for _key, _label, links in GROUPS:
        for link in links:
            url = reverse(link.url_name)
            if url not in paths:
                paths.append(url)
    return paths


def serve_axe(page, live_server):
    page.route(
        f"{live_server.url}{AXE_URL}", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript")
    )


def audit(page, live_server, path, problems, who):
    """Open `path`, run axe, and add every violation (and CSP report) to `problems`."""
    blocked = []

    def on_console(msg):
        if "Content Security Policy" in msg.text:
            blocked.append(msg.text)

    page.on("console", on_console)
    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("load")
    page.add_script_tag(url=f"{live_server.url}{AXE_URL}")
    result = page.evaluate(f"axe.run(document, {WCAG})")
    page.remove_listener("console", on_console)
    assert result["passes"], f"axe checked nothing on {path}"
    status = response.status if response else "?"
    for violation in result["violations"]:
        for node in violation["nodes"]:
            problems.append(f"{who} {path} [{status}] {violation['id']} {node['target']}: {violation['help']}")
    for text in blocked:
        problems.append(f"{who} {path} [{status}] CSP: {text[:160]}")
    return status


@pytest.mark.django_db(transaction=True)
def test_every_main_page_passes_axe_wcag2_a_and_aa(browser, live_server, people, bureau):  # noqa: F811
    world = build_world(people, bureau)
    case = world.cases["active"]  # the clerk's request, waiting for the chief: both may open it
    paths = main_pages(case)
    problems = []
    statuses = {}

    page = browser.new_page(locale="zh-CN")
    serve_axe(page, live_server)
    audit(page, live_server, reverse("accounts:login"), problems, "anonymous")
    page.close()

    for username in ("clerk", "chief"):
        page = login(browser, live_server, username)
        serve_axe(page, live_server)
        for path in paths:
            statuses[(username, path)] = audit(page, live_server, path, problems, username)
        page.close()

    # The walk really saw the pages, not a login or error page for each of them.
    assert statuses[("clerk", case.get_absolute_url())] == 200
    assert statuses[("chief", reverse("finance:claim_new"))] == 200
    assert sum(1 for status in statuses.values() if status == 200) >= len(paths)
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)
