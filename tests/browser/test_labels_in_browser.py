"""Labels that misled, as staff see them in a real browser (issue 13, item 6).

A deputy leader stands in for the division leader on leave: the incoming document offers a 批示
(no 同意/不同意 that "终止本事项"), and the route then credits "另一副局长 代 分管副局长". The
receiver marks an outgoing document's recipients 已发出 without touching the 分发方式: each keeps
its own (a recipient added for hand delivery stays 专人送达).
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from apps.documents.models import OutgoingRecipient
from apps.workflow import services as engine
from apps.workflow.models import Case
from tests.browser.test_documents_in_browser import login, open_from_inbox
from tests.documents.factories import draft, make_office, plan, register, sign_all, today
from tests.documents.test_labels import _to_distribution

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


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


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_delegate_instructs_and_the_route_credits_both(browser, live_server, bureau, people):
    office = make_office(bureau, people)
    title = "关于报送2026年度社区矫正工作总结的通知"
    case = plan(register(office, title=title), people)
    engine.create_delegation(people.leader, people.other_leader, today(), today() + timedelta(days=5), "出差")

    page = login(browser, live_server, people.other_leader.username)
    open_from_inbox(page, title)
    side = page.inner_text(".case-side")
    assert "您正代 分管副局长 办理" in side
    assert page.locator(".case-side button:has-text('批示')").count() == 1
    assert page.locator(".case-side button:has-text('同意')").count() == 0
    assert "不同意" not in side and "终止本事项" not in side
    assert "退回" in side
    shot(page, "labels-instruction-panel.png")
    page.fill(".case-side textarea[name=opinion]", "请矫正科抓紧汇总，按时报送。")
    page.click(".case-side button:has-text('批示')")
    page.wait_for_selector(".msg.success")
    route = page.inner_text(".route")
    assert "另一副局长 代 分管副局长（批示：请矫正科抓紧汇总，按时报送。）" in route
    assert "分管副局长（同意）" not in route
    timeline = page.inner_text(".timeline")
    assert "代分管副局长" in timeline and "批示" in timeline
    shot(page, "labels-route-delegate.png")
    page.close()

    case.refresh_from_db()
    assert case.current_step == "assign" and case.status == Case.Status.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_marking_sent_keeps_each_recipients_channel(browser, live_server, bureau, people):
    office = make_office(bureau, people)
    case = _to_distribution(sign_all(draft(people.clerk)), office, people)

    page = login(browser, live_server, office.receiver.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    # a recipient added for hand delivery
    page.click("summary:has-text('添加收文单位')")
    page.fill("input[name=name]", "区档案馆")
    page.select_option(".doc-step select[name=kind]", "internal")
    page.select_option(".doc-step form:has(input[name=name]) select[name=channel]", label="专人送达")
    page.click("button:has-text('添加')")
    page.wait_for_selector(".msg.success")
    assert page.input_value(".doc-mark select[name=channel]") == ""  # 按各单位原定方式
    page.click("button:has-text('标记已发出')")
    page.wait_for_selector(".msg.success")
    table = page.inner_text(".doc-recipients")
    shot(page, "labels-distribution.png")
    page.close()

    rows = {r.name: (r.channel, r.status) for r in OutgoingRecipient.objects.filter(document__case=case)}
    assert rows["区档案馆"] == ("hand", OutgoingRecipient.Status.SENT)
    assert rows["各司法所"] == ("electronic", OutgoingRecipient.Status.SENT)
    assert "专人送达" in table and "电子公文系统" in table
