"""信息编发 in a real browser: a judicial office's piece goes to the office, is edited, put into an
issue, approved by the office chief and the office's leader, numbered, adopted by a central
medium — and the writer sees the 3 points on the performance page."""

import os
import shutil

import pytest
from django.utils import timezone

from apps.accounts.models import Rank
from apps.bulletin.models import Issue, Submission
from apps.hr.appraisal.bonus import bonus_points
from apps.workflow.models import Case
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.conftest import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def approve_in_browser(browser, live_server, username, case):
    page = login(browser, live_server, username)
    page.click(f"table.grid a[href='/cases/{case.pk}/']")  # the item is in the inbox
    page.fill(".action-card textarea[name=opinion]", "同意。")
    page.click(".action-card button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_judicial_office_piece_to_issue_and_adoption_and_the_points(browser, live_server, people, bureau):
    make_user("jo.writer", bureau["jo_wenshao"], Rank.STAFF, full_name="闻韶所司法助理员")
    url = live_server.url

    page = login(browser, live_server, "jo.writer")
    page.goto(f"{url}/bulletin/new/")
    page.fill("input[name=title]", "闻韶司法所化解一起土地纠纷")
    page.fill("textarea[name=body]", "11月10日，闻韶司法所成功调解一起土地承包纠纷。")
    page.click("button[name=submit]")
    page.wait_for_selector("text=已报送局办公室")
    page.close()
    piece = Submission.objects.get()
    assert piece.unit.code == "jo_wenshao"

    page = login(browser, live_server, "clerk")  # the office edits
    page.goto(f"{url}/bulletin/{piece.pk}/")
    page.fill("#edit input[name=title]", "闻韶：土地纠纷化解在基层")
    page.click("button:has-text('保存编辑结果')")
    page.wait_for_selector("text=编辑结果已保存")
    page.goto(f"{url}/bulletin/")
    page.fill("#compile input[name=title]", "基层动态")
    page.click("button:has-text('编入本期，送审核签发')")
    page.wait_for_selector("text=审核签发中")
    page.close()
    issue = Issue.objects.get()

    approve_in_browser(browser, live_server, "chief", issue.case)  # 办公室主任审核
    approve_in_browser(browser, live_server, "leader", issue.case)  # 分管领导签发
    issue.refresh_from_db()
    assert issue.case.status == Case.Status.CLOSED
    assert issue.number == f"{timezone.localdate().year}年第1期"

    page = login(browser, live_server, "clerk")
    page.goto(f"{url}/bulletin/issues/{issue.pk}/")
    assert issue.number in page.inner_text("h1") and "土地纠纷化解在基层" in page.inner_text(".doc-body")
    page.goto(f"{url}/bulletin/{piece.pk}/")
    page.fill("#adoptions input[name=medium]", "法治日报")
    page.select_option("#adoptions select[name=level]", "national")
    page.fill("#adoptions input[name=evidence]", "网络稿打印件")
    page.click("button:has-text('登记采用')")
    page.wait_for_selector("text=采用情况已登记")
    page.close()

    writer = piece.author
    assert bonus_points(writer, timezone.localdate().year) == 3
    page = login(browser, live_server, "jo.writer")
    page.goto(f"{url}/hr/performance/")
    mine = page.inner_text("#my-bonus")
    assert "法治日报（中央（国家）级）" in mine and "+3.0" in mine
    assert page.inner_text("#my-bonus-total") == "3.0"
    page.close()
