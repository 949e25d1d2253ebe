"""The top-bar search in a real browser: type a name, then an ID number, open a result; the
person's other matters are on its page."""

import os
import shutil

import pytest

from apps.audit.models import AuditEvent
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.petitions.factories import ID_NUMBER, new_petition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_typing_into_the_top_bar_and_opening_a_result(browser, live_server, people):  # noqa: F811
    first = new_petition(people.clerk)
    again = new_petition(people.clerk, title="张三再次来信反映邻里纠纷")
    page = login(browser, live_server, "clerk")

    page.fill(".topbar-search input[name=q]", "张三")
    page.press(".topbar-search input[name=q]", "Enter")
    page.wait_for_selector("table.search-results")
    assert "q=" in page.url
    results = page.inner_text("table.search-results")
    assert "张三信访事项" in results and "张三再次来信反映邻里纠纷" in results and "信访" in results

    page.fill(".topbar-search input[name=q]", ID_NUMBER)
    page.click(".topbar-search button")
    page.wait_for_selector("table.search-results")
    assert ID_NUMBER not in page.url and "k=" in page.url
    assert ID_NUMBER not in page.content()
    assert "1101**********002X" in page.inner_text("table.search-results")
    assert AuditEvent.objects.filter(event="search.personal_data", actor=people.clerk).count() == 1

    page.click("table.search-results a:has-text('张三信访事项')")
    page.wait_for_url(f"{live_server.url}/cases/{first.pk}/")
    panel = page.inner_text(".same-person")
    assert "张三再次来信反映邻里纠纷" in panel
    page.click(".same-person a:has-text('张三再次来信')")
    page.wait_for_url(f"{live_server.url}/cases/{again.pk}/")
    assert "张三信访事项" in page.inner_text(".same-person")
    page.close()
