"""公文办理 in a real browser, clicking through the real pages.

收文: the receiver registers → the office chief's 拟办 → two leaders' 批办 → the receiver's 转办 to
the lawyers' section with a named handler → the section clerk's 办结 → the archivist's 归档.
发文: a clerk drafts → the chief's 核稿 → the division leader and the director sign → the receiver
numbers it → 印制 → the drafter's 提交用印申请 (from the inbox) → the request approved and stamped →
用印 confirmed → 分发 → 归档.
"""

import os
import re
import shutil

import pytest

from apps.documents.models import IncomingDocument, OutgoingDocument, OutgoingRecipient
from apps.workflow.models import Case, CaseClock, CaseEvent
from tests.browser.test_approval_in_browser import nav_click
from tests.conftest import PASSWORD
from tests.documents.factories import make_office

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


def open_from_inbox(page, title):
    """The user finds the document in their 待办 and opens it."""
    page.click(f"table.grid a:has-text('{title}')")
    page.wait_for_selector(".case-grid")


def sign(browser, live_server, username, title, opinion):
    page = login(browser, live_server, username)
    open_from_inbox(page, title)
    page.fill(".action-card textarea[name=opinion]", opinion)
    page.click(".action-card button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


def archive_through_the_form(browser, live_server, people, case):
    """The archivist presses 归档 on the case page and files it in the 归档文件目录."""
    from tests.archives.factories import fonds

    fonds()  # the 全宗号 the administrator sets once
    page = login(browser, live_server, people.archivist.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click(".action-card a.btn:has-text('归档')")
    page.check("input[name=retention][value=D30]")
    page.click("button:has-text('归档并编号')")
    page.wait_for_selector(".msg.success")
    assert "档号" in page.inner_text(".messages")
    page.close()


def instruct(browser, live_server, username, title, words):
    """A leader's 批示 on an incoming document: written words, no vote."""
    page = login(browser, live_server, username)
    open_from_inbox(page, title)
    page.fill(".action-card textarea[name=opinion]", words)
    page.click(".action-card button:has-text('批示')")
    page.wait_for_selector(".msg.success")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_an_incoming_document_from_registration_to_archive(browser, live_server, bureau, people):
    office = make_office(bureau, people)
    title = "关于报送2026年度律师行业统计数据的通知"

    # 签收登记 by the receiver
    page = login(browser, live_server, office.receiver.username)
    nav_click(page, "公文办理")
    page.click("text=签收登记来文")
    page.fill("input[name=title]", title)
    page.fill("input[name=source_org]", "市司法局")
    page.fill("input[name=source_number]", "淄司函〔2026〕21号")
    page.select_option("select[name=urgency]", "urgent")
    page.fill("textarea[name=summary]", "请于12月20日前报送律师行业年度统计数据。")
    page.click("button:has-text('签收登记并送拟办')")
    page.wait_for_selector(".msg.success")
    assert re.search(r"收文编号 收〔\d{4}〕001", page.inner_text(".messages"))
    page.close()

    # 拟办 by the office chief: 办理件, to the division leader and the director
    page = login(browser, live_server, people.chief.username)
    open_from_inbox(page, title)
    page.check("input[name=handling][value=action]")
    page.check(f"input[name=leaders][value='{people.leader.pk}']")
    page.check(f"input[name=leaders][value='{people.director.pk}']")
    page.fill(".doc-step textarea[name=opinion]", "建议转律师科办理，呈吕局长、王局长批示。")
    page.click("button:has-text('提交拟办意见')")
    page.wait_for_selector(".msg.success")
    assert "领导批办（分管副局长）" in page.inner_text(".route")
    page.close()

    # 批办 by both leaders, in turn
    instruct(browser, live_server, people.leader.username, title, "同意，请律师科抓紧办理。")
    instruct(browser, live_server, people.director.username, title, "同意，注意数据准确。")

    # 转办 by the receiver to the lawyers' section, its clerk named as handler
    page = login(browser, live_server, office.receiver.username)
    open_from_inbox(page, title)
    page.select_option("select[name=lead_section]", str(people.outsider.section_id))
    page.select_option("select[name=lead_handler]", str(people.outsider.pk))
    page.click("button:has-text('转办')")
    page.wait_for_selector(".msg.success")
    assert "办理时限" in page.inner_text(".case-main")
    page.close()

    # the section clerk handles it and closes it with the result
    page = login(browser, live_server, people.outsider.username)
    open_from_inbox(page, title)
    page.fill(".action-card textarea[name=opinion]", "已汇总全区律师事务所统计数据并按时报送。")
    page.click(".action-card button:has-text('办结')")
    page.wait_for_selector(".msg.success")
    page.close()

    # 归档 by the archivist: the case page's 归档 opens the archive form, which gives it its 档号
    case = Case.objects.get(title=title)
    archive_through_the_form(browser, live_server, people, case)
    page = login(browser, live_server, people.archivist.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.wait_for_selector("text=已归档")
    timeline = page.inner_text(".timeline")
    for words in (
        "签收登记",
        "建议转律师科办理",
        "同意，请律师科抓紧办理。",
        "同意，注意数据准确。",
        "转律师工作科主办",
        "已汇总全区律师事务所统计数据",
    ):
        assert words in timeline, words
    page.close()

    case.refresh_from_db()
    assert case.status == Case.Status.ARCHIVED
    assert case.result == "已汇总全区律师事务所统计数据并按时报送。"
    doc = IncomingDocument.objects.get(case=case)
    assert doc.lead_handler == people.outsider and list(doc.leaders.order_by("pk")) == sorted(
        [people.leader, people.director], key=lambda u: u.pk
    )
    assert CaseClock.objects.get(case=case).status == CaseClock.Status.MET
    assert list(case.events.filter(action__in=["approve", "done"]).values_list("actor__username", flat=True)) == [
        people.chief.username,
        people.leader.username,
        people.director.username,
        office.receiver.username,
        people.outsider.username,
    ]


@pytest.mark.django_db(transaction=True)
def test_an_outgoing_document_from_draft_to_archive(browser, live_server, bureau, people):
    from apps.seals.models import Seal, SealKind

    office = make_office(bureau, people)
    Seal.objects.create(
        name="淄博市临淄区司法局", kind=SealKind.OFFICIAL, owner_unit=bureau["office"], keeper=office.keeper
    )
    title = "关于做好2026年度普法依法治理总结工作的通知"

    # 拟稿
    page = login(browser, live_server, people.clerk.username)
    page.goto(f"{live_server.url}/documents/outgoing/")
    page.click("text=拟稿")
    page.select_option("select[name=doc_type]", "notice")
    page.fill("input[name=title]", title)
    page.fill("input[name=main_recipients]", "各司法所、局属各单位")
    page.fill("input[name=copy_recipients]", "区委依法治区办")
    page.fill(
        "textarea[name=body]",
        "为做好年度总结工作，现将有关事项通知如下。\n一、总结范围。2026年度普法依法治理工作。\n二、报送时间。请于12月25日前报送。",
    )
    page.click("button:has-text('提交核稿')")
    page.wait_for_selector(".msg.success")
    page.close()

    # 核稿, 签发 (division leader, then the director)
    sign(browser, live_server, people.chief.username, title, "核稿无误。")
    sign(browser, live_server, people.leader.username, title, "同意，报王局长签发。")
    sign(browser, live_server, people.director.username, title, "签发。")

    # 编号: the receiver numbers it (a second press only shows the number)
    page = login(browser, live_server, office.receiver.username)
    open_from_inbox(page, title)
    page.click("button:has-text('编号登记')")
    page.wait_for_selector(".msg.success")
    number = re.search(r"临司发〔\d{4}〕1号", page.inner_text(".messages")).group(0)
    assert number in page.inner_text(".case-main")
    page.close()

    # 印制 by the receiver: the printed copies go to 用印 (the bureau's rule: 印制, then 用印)
    page = login(browser, live_server, office.receiver.username)
    open_from_inbox(page, title)
    page.fill("input[name=copies]", "30")
    page.click("button:has-text('登记印制')")
    page.wait_for_selector(".msg.success")
    page.close()

    # 用印: the drafter finds 提交用印申请 in the inbox, the form filled from the document (the
    # bureau's seal, the 30 printed copies); the chief and the leader approve the request, the
    # keeper stamps it, then confirms 用印 on the document
    case = Case.objects.get(title=title)
    page = login(browser, live_server, people.clerk.username)
    open_from_inbox(page, title)
    card = page.locator(".action-card:has-text('提交用印申请')")
    assert card.locator("select[name=seal] option:checked").inner_text() == "淄博市临淄区司法局（公章）"
    assert card.locator("input[name=copies]").input_value() == "30"
    card.locator("button:has-text('提交用印申请')").click()
    page.wait_for_selector(".msg.success")
    seal_url = page.locator(".case-main a:has-text('申请 30 份')").get_attribute("href")
    seal_url = f"{live_server.url}{seal_url}"
    page.close()
    for username in (people.chief.username, people.leader.username):
        page = login(browser, live_server, username)
        page.goto(seal_url)
        page.fill(".action-card textarea[name=opinion]", "同意用印。")
        page.click(".action-card button:has-text('同意')")
        page.wait_for_selector(".msg.success")
        page.close()
    page = login(browser, live_server, office.keeper.username)
    page.goto(seal_url)
    page.fill(".stamp-card input[name=copies]", "30")
    page.click(".stamp-card button:has-text('登记用印')")
    page.wait_for_selector(".msg.success")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "已用印 30 份" in page.inner_text(".case-main")
    page.click("button:has-text('用印完成')")
    page.wait_for_selector(".msg.success")
    page.close()

    # 分发 by the receiver
    page = login(browser, live_server, office.receiver.username)
    open_from_inbox(page, title)
    assert "各司法所" in page.inner_text(".doc-recipients") and "区委依法治区办" in page.inner_text(".doc-recipients")
    page.click("button:has-text('标记已发出')")
    page.wait_for_selector(".msg.success")
    page.click("button:has-text('分发完毕')")
    page.wait_for_selector(".msg.success")
    page.close()

    # 归档 (through the archive form, as the case page's 归档 leads)
    archive_through_the_form(browser, live_server, people, case)
    page = login(browser, live_server, people.archivist.username)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.wait_for_selector("text=已归档")
    route = page.inner_text(".route")
    for step in ("科室负责人核稿", "分管领导审核", "局长签发", "复核编号", "印制", "提交用印申请", "用印", "分发"):
        assert step in route, step
    page.close()

    case.refresh_from_db()
    doc = OutgoingDocument.objects.get(case=case)
    assert case.status == Case.Status.ARCHIVED and case.number == doc.number == number
    assert doc.signer == people.director and doc.print_copies == 30
    assert set(doc.recipients.values_list("status", flat=True)) == {OutgoingRecipient.Status.SENT}
    assert doc.sealed_by == office.keeper
    assert case.events.filter(action=CaseEvent.Action.ARCHIVE).exists()
