"""An ordinary 行政复议 case in a real browser, as the 复议机构 runs it: oral intake with its signed
笔录, 补正 and its receipt, acceptance, the copy to the respondent and its answer, the 听证, a
pause and the resumption, an extension with the chief's approval, the decision drafted after the
案审会, approved by the chief and the director, served, with its printed 决定书 and 送达回证. Every
due date the page shows is checked against a date computed by hand over the 2026 National Day
holiday (中秋 Fri 25 Sept and 1–7 Oct off; Sat 10 Oct a working day). The bureau's date is set for
each step; the live server runs in this process, so it sees the same date."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.reconsideration.models import ReconCase
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DECISION = "普通程序：作出行政复议决定"


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


def open_case(browser, live_server, case_id, username="recon_clerk"):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def act(page, move, fields, button, summary=None):
    if summary:
        page.click(f"#recon-actions summary:has-text('{summary}')")
    form = f"#recon-actions form[action$='/{move}']"
    for name, value in fields.items():
        selector = f"{form} [name={name}]"
        tag = page.eval_on_selector(selector, "e => e.tagName + (e.type || '')")
        if tag.startswith("SELECT"):
            page.select_option(selector, value)
        elif tag == "INPUTcheckbox":
            page.check(selector) if value else page.uncheck(selector)
        else:
            page.fill(selector, value)
    page.click(f"{form} button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


def approve(browser, live_server, case_id, username, opinion):
    page = open_case(browser, live_server, case_id, username)
    assert page.locator(".action-card button:has-text('不同意')").count() == 0  # a decision must be made
    page.fill(".action-card form.opinion-form textarea[name=opinion]", opinion)
    page.click(".action-card form.opinion-form button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_an_ordinary_case_from_oral_intake_to_the_served_decision(browser, live_server, recon, bureau_date):
    page = login(browser, live_server, "recon_clerk")
    page.goto(f"{live_server.url}/reconsideration/new/")
    page.fill("input[name=applicant]", "王某")
    page.select_option("select[name=applicant_kind]", "natural")
    page.fill("input[name=phone]", "13905336688")
    page.select_option("select[name=respondent]", index=1)
    page.fill("textarea[name=act]", "罚款2000元的行政处罚决定")
    page.select_option("select[name=act_type]", "penalty")
    page.fill("input[name=act_on]", "2026-08-20")
    page.fill("input[name=known_on]", "2026-08-21")
    page.fill("textarea[name=request]", "请求撤销该处罚决定")
    page.select_option("select[name=channel]", "oral")
    page.fill("textarea[name=oral_record]", "申请人口述，笔录已宣读。")
    page.check("input[name=oral_signed]")
    page.fill("input[name=received_on]", "2026-09-23")
    page.select_option("select[name=handler2]", label="复议同事（行政复议应诉科）")
    page.click("button:has-text('登记')")
    page.wait_for_selector(".msg.success")
    case_id = ReconCase.objects.get(applicant="王某").case_id
    assert "本局角色：复议机构" in page.inner_text("body")
    # Wed 23 Sept + 5 WD: 24, (25 中秋), 28, 29, 30 Sept, (1–7 Oct), 8 Oct.
    assert "到期日 2026-10-08" in clock_text(page, "受理审查")
    # 60 days from 21 Aug: Tue 20 Oct.
    assert "至 2026-10-20" in page.inner_text(".kv")
    page.close()

    bureau_date(date(2026, 9, 24))
    page = open_case(browser, live_server, case_id)
    act(
        page,
        "supplement",
        {"items": "请提交处罚决定书复印件。", "on_date": "2026-09-24"},
        "发出补正通知",
        "一次性书面通知补正",
    )
    assert "已中止" in clock_text(page, "受理审查")
    # The applicant's 10 WD from 24 Sept: 28, 29, 30, 8, 9, 10 (Sat), 12, 13, 14, 15 Oct.
    assert "到期日 2026-10-15" in clock_text(page, "申请人补正")
    page.close()

    bureau_date(date(2026, 10, 9))
    page = open_case(browser, live_server, case_id, "recon_colleague")
    act(page, "supplement_received", {"on_date": "2026-10-09"}, "登记收到补正")
    # The review again from Fri 9 Oct: 10 (Sat), 12, 13, 14, 15 Oct.
    assert "到期日 2026-10-15" in clock_text(page, "受理审查")
    page.close()

    bureau_date(date(2026, 10, 12))
    page = open_case(browser, live_server, case_id)
    act(page, "accept", {"on_date": "2026-10-12", "track": "ordinary"}, "决定受理")
    # 7 WD: 13, 14, 15, 16, 19, 20, 21 Oct; 60 days: Fri 11 Dec.
    assert "到期日 2026-10-21" in clock_text(page, "发送申请书副本")
    assert "到期日 2026-12-11" in clock_text(page, DECISION)
    page.close()

    bureau_date(date(2026, 10, 14))
    page = open_case(browser, live_server, case_id)
    act(page, "send_copy", {"sent_on": "2026-10-13", "received_on": "2026-10-14"}, "登记发送")
    # 10 WD from 14 Oct: 15, 16, 19–23, 26, 27, 28 Oct.
    assert "到期日 2026-10-28" in clock_text(page, "被申请人提出书面答复")
    page.close()

    bureau_date(date(2026, 10, 27))
    page = open_case(browser, live_server, case_id)
    act(page, "answer", {"missing": "0", "on_date": "2026-10-27"}, "登记")
    page.close()

    bureau_date(date(2026, 11, 2))
    page = open_case(browser, live_server, case_id)
    act(
        page,
        "hearing",
        {
            "hearing_on": "2026-11-10",
            "place": "三楼听证室",
            "matter": "处罚事实是否清楚",
            "presiding": "复议科科长",
            "panel": "复议科员、复议同事",
            "clerk": "书记员",
            "notice_on": "2026-11-02",
        },
        "安排听证",
        "组织听证",
    )
    assert "听证通知书" in page.inner_text(".print-links")
    page.close()

    bureau_date(date(2026, 11, 12))
    page = open_case(browser, live_server, case_id)
    act(
        page,
        "pause",
        {"on_date": "2026-11-12", "cause": "8", "reason": "需以另案审理结果为依据"},
        "中止审理",
        "中止审理",
    )
    assert "已中止" in clock_text(page, DECISION)
    page.close()

    bureau_date(date(2026, 11, 19))
    page = open_case(browser, live_server, case_id)
    act(page, "resume", {"on_date": "2026-11-19", "reason": "另案已审结"}, "恢复审理")
    # 7 days paused: 11 Dec + 7 = Fri 18 Dec.
    assert "到期日 2026-12-18" in clock_text(page, DECISION)
    act(
        page,
        "extend",
        {"days": "10", "reason": "情况复杂，需补充调查", "approved_by": str(recon.chief.pk)},
        "延长决定期限",
        "延期",
    )
    # + 10 days: Mon 28 Dec.
    assert "到期日 2026-12-28" in clock_text(page, DECISION)
    page.close()

    bureau_date(date(2026, 11, 26))
    page = open_case(browser, live_server, case_id, "recon_colleague")
    act(
        page,
        "decide",
        {"decision_type": "revoke", "text": "处罚认定事实不清。", "review_meeting_on": "2026-11-25"},
        "提交审批",
        "拟定行政复议决定",
    )
    page.close()
    approve(browser, live_server, case_id, "recon_chief", "初审同意。")
    approve(browser, live_server, case_id, "director", "同意，报区政府审签。")

    bureau_date(date(2026, 12, 1))
    page = open_case(browser, live_server, case_id)
    act(page, "serve", {"decided_on": "2026-11-30", "served_on": "2026-12-01"}, "登记送达")
    assert "已按期办结" in clock_text(page, DECISION)
    for form in ("decision", "receipt"):
        response = page.request.get(f"{live_server.url}/reconsideration/{case_id}/print/{form}.pdf")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf", form
    page.close()
