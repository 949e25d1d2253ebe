"""Issue 13 item 8 in a real browser: 待归档 listed cases already marked 已归档 (archived with the
case page's 归档, which only marked them). Now the archivist's 待归档 shows only the finished,
unarchived cases; a case marked 已归档 without a 档号 is listed apart (已归档、未编目); the case
page's 归档 opens the archive form, and a case archived there leaves the list.
"""

import os
import shutil

import pytest

from apps.archives.models import ArchiveItem
from apps.workflow import services as engine
from apps.workflow.models import Case
from tests.archives.factories import closed_request, fonds
from tests.browser.test_approval_in_browser import browser, login, nav_click  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pending_titles(page):
    """The titles in the 待归档 table (the first table on the page)."""
    return [
        text.strip() for text in page.locator("table.grid").first.locator("tbody td:first-child a").all_inner_texts()
    ]


@pytest.mark.django_db(transaction=True)
def test_pending_shows_only_what_still_needs_archiving(browser, live_server, bureau, people):
    fonds()
    marked = closed_request(people.clerk, "关于在事项页标记归档的请示", people.chief)
    engine.archive(marked.pk, people.archivist)  # 已归档, no 档号
    waiting = closed_request(people.clerk, "关于办结待归档的请示", people.chief)
    to_archive = closed_request(people.clerk, "关于今天从事项页归档的请示", people.chief)

    page = login(browser, live_server, people.archivist.username)
    nav_click(page, "档案管理")
    page.click(".tabs >> text=待归档")
    titles = pending_titles(page)
    assert set(titles) == {waiting.title, to_archive.title}, titles
    assert "已归档" not in page.locator("table.grid").first.inner_text()
    apart = page.inner_text("section:has(h2:has-text('已归档、未编目'))")
    assert marked.title in apart and "（1 件）" in apart

    # the archivist archives one from its case page: 归档 opens the form that gives the 档号
    page.goto(f"{live_server.url}/cases/{to_archive.pk}/")
    page.click(".action-card a.btn:has-text('归档')")
    page.check("input[name=retention][value=D10]")
    page.click("button:has-text('归档并编号')")
    page.wait_for_selector(".msg.success")
    item = ArchiveItem.objects.get(case=to_archive)
    assert item.archive_no in page.inner_text(".messages")

    page.goto(f"{live_server.url}/archives/pending/")
    assert pending_titles(page) == [waiting.title]
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=os.path.join(shots, "archive_pending.png"), full_page=True)

    # the one marked earlier is catalogued from the list apart, and leaves it
    page.click("section:has(h2:has-text('已归档、未编目')) a:has-text('编目')")
    page.check("input[name=retention][value=D10]")
    page.click("button:has-text('编目并编号')")
    page.wait_for_selector(".msg.success")
    page.goto(f"{live_server.url}/archives/pending/")
    assert pending_titles(page) == [waiting.title]
    assert page.locator("text=已归档、未编目").count() == 0
    page.close()

    statuses = dict(Case.objects.filter(pk__in=[marked.pk, waiting.pk, to_archive.pk]).values_list("pk", "status"))
    assert statuses == {
        marked.pk: Case.Status.ARCHIVED,
        waiting.pk: Case.Status.CLOSED,
        to_archive.pk: Case.Status.ARCHIVED,
    }
    assert ArchiveItem.objects.filter(case=marked).exists()
