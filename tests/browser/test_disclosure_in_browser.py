"""依申请公开 in a real browser: a request is registered, gets a 补正 notice, is restarted on
the completed application, paused for a third party's opinion, extended with the office chief's
consent and answered. At each step the due date the page shows is checked against a date
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
    pytest.mark.skipif(not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"),
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


def open_case(browser, live_server, case_id):
    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def submit(page, button):
    page.click(f"#disclosure-actions button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


@pytest.mark.django_db(transaction=True)
def test_a_request_through_supplement_consultation_extension_and_reply(browser, live_server, people, bureau_date):  # noqa: F811
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

    bureau_date(date(2026, 10, 14))
    page = open_case(browser, live_server, case_id)
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
    page = open_case(browser, live_server, case_id)
    page.fill("#disclosure-actions input[name=on_date]", "2026-10-27")
    page.fill("#disclosure-actions textarea[name=text]", "不同意公开执业收入明细。")
    submit(page, "登记意见")
    # Used before the pause: 10, 12, 13, 14 Oct (4); 15–27 Oct not counted; 16 more from 27 Oct:
    # 28–30 (3), 2–6 Nov (8), 9–13 (13), 16, 17, 18 Nov.
    assert "到期日 2026-11-18" in clock_text(page, REPLY)
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

    bureau_date(date(2026, 12, 1))
    page = open_case(browser, live_server, case_id)
    page.select_option("#disclosure-actions select[name=outcome]", "partial")
    page.fill("#disclosure-actions input[name=on_date] >> nth=0", "2026-12-01")
    page.click("#disclosure-actions button:has-text('出具答复并办结')")
    page.wait_for_selector(".msg.error")  # 部分公开 must say what is withheld and why; nothing typed is lost
    assert page.input_value("#disclosure-actions select[name=outcome]") == "partial"
    page.fill("#disclosure-actions textarea[name=detail]", "执业收入明细属于商业秘密，不予公开。")
    page.click("#disclosure-actions button:has-text('出具答复并办结')")
    page.wait_for_selector(".msg.success")
    assert "已按期办结" in clock_text(page, REPLY) and "到期日 2026-12-09" in clock_text(page, REPLY)
    assert "部分公开" in page.inner_text(".kv")
    response = page.request.get(f"{live_server.url}/disclosure/{case_id}/print/reply.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.close()
