"""依申请公开 in a real browser, the way the office's 岗位规范 runs it: a request is registered,
gets a 补正 notice, is restarted on the completed application, gets its numbered 处理单, is
instructed by the office chief and the division leader, goes to the responsible section, which
pauses it for a third party's opinion and drafts the reply; the office extends it with the
office chief's consent; the division leader returns the draft once and then approves it; the
office issues the reply. At each step the due date the page shows is checked against a date
computed by hand over the 2026 National Day holiday (中秋 25 Sept and 1–7 Oct off; Saturday
10 Oct a make-up working day). The bureau's date is set for each step (services refuse dates
after "today"); the live server runs in this process, so it sees the same date."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.disclosure.models import DisclosureRequest
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
REPLY = "答复政府信息公开申请"


@pytest.fixture
def bureau_date(monkeypatch):
    state = {}

    def set_day(day):
        state["now"] = timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    set_day(date(2026, 9, 23))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def clock_text(page, name):
    return page.inner_text(f"#clocks .clock:has-text('{name}')")


def open_case(browser, live_server, case_id, username="clerk"):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def approve(browser, live_server, case_id, username, opinion):
    page = open_case(browser, live_server, case_id, username)
    assert page.locator(".action-card button:has-text('不同意')").count() == 0  # a request must be answered
    page.fill(".action-card form.opinion-form textarea[name=opinion]", opinion)
    page.click(".action-card form.opinion-form button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    return page


def submit(page, button):
    page.click(f"#disclosure-actions button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


@pytest.mark.django_db(transaction=True)
def test_a_request_through_supplement_consultation_extension_and_reply(browser, live_server, people, bureau_date):
    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/disclosure/new/")
    page.fill("input[name=applicant]", "张三")
    page.select_option("select[name=applicant_kind]", "natural")
    page.fill("input[name=phone]", "13800138000")
    page.select_option("select[name=channel]", "letter")
    page.fill("textarea[name=content]", "2025年度本区法律援助经费使用情况")
    page.fill("input[name=received_on]", "2026-09-23")
    page.click("button:has-text('登记')")
    page.wait_for_selector(".msg.success")
    case_id = DisclosureRequest.objects.get(applicant="张三").case_id
    # Wednesday 23 Sept + 7 WD: 24, 28, 29, 30 Sept, 8, 9, Saturday 10 Oct.
    assert "到期日 2026-10-10" in clock_text(page, "一次性告知补正")
    # + 20 WD: … 10 Oct (7), 12–16 (12), 19–23 (17), 26, 27, 28 Oct.
    assert "到期日 2026-10-28" in clock_text(page, REPLY)
    page.close()

    bureau_date(date(2026, 9, 29))
    page = open_case(browser, live_server, case_id)
    page.click("summary:has-text('一次性告知补正')")
    page.fill("#disclosure-actions textarea[name=items]", "请写明所需信息的文号或形成时间。")
    page.fill("#disclosure-actions input[name=on_date] >> nth=1", "2026-09-29")
    submit(page, "发出补正告知")
    assert "已中止" in clock_text(page, REPLY)
    # The applicant's 15 WD from 29 Sept: 30 Sept, 8, 9, 10 (4), 12–16 (9), 19–23 (14), 26 Oct.
    assert "到期日 2026-10-26" in clock_text(page, "申请人补正")
    assert "补正告知书" in page.inner_text(".print-links")
    page.close()

    bureau_date(date(2026, 10, 9))
    page = open_case(browser, live_server, case_id)
    page.fill("#disclosure-actions input[name=on_date]", "2026-10-09")
    submit(page, "登记收到补正")
    # §30: 20 WD again from Friday 9 Oct: Saturday 10 (1), 12–16 (6), 19–23 (11), 26–30 (16), 2–5 Nov (20).
    assert "到期日 2026-11-05" in clock_text(page, REPLY)
    page.close()

    # 处理单: numbered in sequence, with the 拟办意见 and the responsible section.
    bureau_date(date(2026, 10, 12))
    page = open_case(browser, live_server, case_id)
    assert page.locator("summary:has-text('延期答复')").count() == 1  # the registrar may extend here
    page.select_option("#disclosure-actions select[name=section]", label="律师工作科")
    page.fill("#disclosure-actions textarea[name=opinion]", "拟由律师工作科检索、查询并拟定答复意见。")
    page.fill("#disclosure-actions input[name=on_date] >> nth=0", "2026-10-12")
    submit(page, "编号并呈批")
    assert "依申请公开〔2026〕1号" in page.inner_text(".kv")
    assert "到期日 2026-11-05" in clock_text(page, REPLY)  # the route moves no statutory clock
    response = page.request.get(f"{live_server.url}/disclosure/{case_id}/print/sheet.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()
    approve(browser, live_server, case_id, "chief", "请律师工作科办理。").close()
    page = approve(browser, live_server, case_id, "leader", "同意，按时答复。")
    assert "责任科室办理拟稿" in page.inner_text("body")
    page.close()

    # The responsible section asks the third party (the reply period pauses).
    bureau_date(date(2026, 10, 14))
    page = open_case(browser, live_server, case_id, "outsider")
    assert (
        "13800138000" not in page.inner_text(".kv") and page.locator("a.pii-reveal").count() == 1
    )  # masked; may reveal
    page.click("summary:has-text('征求第三方')")
    page.select_option("#disclosure-actions select[name=kind]", "third_party")
    page.fill("#disclosure-actions input[name=party]", "某某律师事务所")
    page.fill("#disclosure-actions textarea[name=matter]", "所需信息含该所的执业收入情况")
    page.fill("#disclosure-actions input[name=sent_on]", "2026-10-14")
    submit(page, "发出征求意见书")
    assert "已中止" in clock_text(page, REPLY)
    # The third party's 15 WD from 14 Oct: 15, 16, 19–23, 26–30, 2, 3, 4 Nov.
    assert "到期日 2026-11-04" in clock_text(page, "第三方提出意见")
    page.close()

    bureau_date(date(2026, 10, 27))
    page = open_case(browser, live_server, case_id, "outsider")
    page.fill("#disclosure-actions input[name=on_date]", "2026-10-27")
    page.fill("#disclosure-actions textarea[name=text]", "不同意公开执业收入明细。")
    submit(page, "登记意见")
    # Used before the pause: 10, 12, 13, 14 Oct (4); 15–27 Oct not counted; 16 more from 27 Oct:
    # 28–30 (3), 2–6 Nov (8), 9–13 (13), 16, 17, 18 Nov.
    assert "到期日 2026-11-18" in clock_text(page, REPLY)
    assert page.locator("summary:has-text('延期答复')").count() == 0  # extension is the office's
    page.close()

    bureau_date(date(2026, 11, 16))
    page = open_case(browser, live_server, case_id)
    page.click("summary:has-text('延期答复')")
    page.fill("#disclosure-actions input[name=days]", "15")
    page.fill("#disclosure-actions textarea[name=reason]", "需要逐页区分处理")
    page.select_option("#disclosure-actions select[name=approved_by]", label="办公室主任（办公室）")
    submit(page, "延长答复期限")
    # 18 Nov + 15 WD: 19, 20, 23–27, 30 Nov–4 Dec, 7, 8, 9 Dec.
    assert "到期日 2026-12-09" in clock_text(page, REPLY)
    assert "延期答复告知书" in page.inner_text(".print-links")
    page.close()

    # 拟稿: 部分公开 must say what is withheld and why; nothing typed is lost.
    bureau_date(date(2026, 11, 25))
    page = open_case(browser, live_server, case_id, "outsider")
    page.select_option("#disclosure-actions select[name=outcome]", "partial")
    page.click("#disclosure-actions button:has-text('提交答复意见稿审核')")
    page.wait_for_selector(".msg.error")
    assert page.input_value("#disclosure-actions select[name=outcome]") == "partial"
    page.fill("#disclosure-actions textarea[name=detail]", "执业收入明细不予公开。")
    submit(page, "提交答复意见稿审核")
    page.close()

    # 审核: the division leader returns it once, with the reason, to its drafter.
    page = open_case(browser, live_server, case_id, "leader")
    page.click(".action-card summary:has-text('退回')")
    page.select_option(".action-card select[name=target]", label="责任科室办理拟稿")
    page.fill(".action-card form[action$='/return'] textarea[name=opinion]", "请写明不予公开的理由和依据。")
    page.click(".action-card form[action$='/return'] button:has-text('退回')")
    page.wait_for_selector(".msg.success")
    page.close()
    page = open_case(browser, live_server, case_id, "outsider")
    assert "请写明不予公开的理由和依据" in page.inner_text("body")
    assert (
        page.input_value("#disclosure-actions textarea[name=detail]") == "执业收入明细不予公开。"
    )  # the draft to revise
    page.fill("#disclosure-actions textarea[name=detail]", "执业收入明细属于商业秘密，依据条例第三十二条不予公开。")
    submit(page, "提交答复意见稿审核")
    assert "到期日 2026-12-09" in clock_text(page, REPLY)
    page.close()
    approve(browser, live_server, case_id, "leader", "同意答复。").close()

    # 答复送达 by the office: the clock stops on the issue date.
    bureau_date(date(2026, 12, 1))
    page = open_case(browser, live_server, case_id)
    assert "第三十二条" in page.inner_text("#disclosure-actions")
    page.fill("#disclosure-actions input[name=on_date] >> nth=0", "2026-12-01")
    submit(page, "出具答复并办结")
    assert "已按期办结" in clock_text(page, REPLY) and "到期日 2026-12-09" in clock_text(page, REPLY)
    assert "部分公开" in page.inner_text(".kv")
    response = page.request.get(f"{live_server.url}/disclosure/{case_id}/print/reply.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()
