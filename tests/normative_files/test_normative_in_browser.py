"""A normative file in a real browser, as 5.9–5.11 run it: intake returned once for missing
materials, the complete set received, an expert consultation pausing both review clocks, the
review points and the opinion, the chief, the division leader and (a major file) the director,
the printed 合法性审核意见书, the registration number and 《规范性文件登记通知书》, publication,
filing to the city bureau and the congress standing committee, and a later clean-up that repeals
it. Due dates are checked against dates computed by hand over the 2026 National Day holiday
(1–7 Oct off; Saturday 10 Oct a make-up working day)."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.normative_files.models import Filing, LegalityReview, NormativeFile
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
OWN = "规范性文件合法性审核（本局期限）"
OUTER = "规范性文件合法性审核（最长期限）"
TITLE = "临淄区市场主体住所登记管理办法"


@pytest.fixture
def bureau_date(monkeypatch):
    state = {}

    def set_day(day):
        state["now"] = timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    set_day(date(2026, 9, 28))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def clock_text(page, name):
    return page.inner_text(f"#clocks .clock:has-text('{name}')")


def open_case(browser, live_server, case_id, username="nf.clerk"):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def act(page, button):
    page.click(f"#normative-actions button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


def approve(browser, live_server, case_id, username, statutory=True):
    page = open_case(browser, live_server, case_id, username)
    if statutory:  # a legality review must be answered: an approver returns it instead of 不同意
        assert page.locator(".action-card button:has-text('不同意')").count() == 0
    page.fill(".action-card form.opinion-form textarea[name=opinion]", "同意审核意见。")
    page.click(".action-card form.opinion-form button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


def pdf(page, live_server, url):
    response = page.request.get(f"{live_server.url}{url}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


@pytest.mark.django_db(transaction=True)
def test_a_normative_file_from_intake_to_a_later_clean_up(browser, live_server, team, bureau_date):
    page = login(browser, live_server, "nf.clerk")
    page.goto(f"{live_server.url}/normative-files/new/")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=drafter]", label="区市场监督管理局")
    page.fill("input[name=received_on]", "2026-09-28")
    for value in ("notice", "draft", "explanation", "basis", "countersign", "public_comment"):
        page.check(f"input[name=materials][value={value}]")
    page.click("button:has-text('登记并核对材料')")
    page.wait_for_selector(".msg.warning")
    assert "已退回补充 1 次" in page.inner_text(".kv")
    assert "部门法制机构合法性初步审查报告" in page.inner_text(".kv")
    assert page.locator("#clocks").count() == 0  # no clock before the complete materials
    case_id = LegalityReview.objects.get(title=TITLE).case_id
    pdf(page, live_server, f"/normative-files/{case_id}/print/return.pdf")
    page.close()

    bureau_date(date(2026, 9, 29))
    page = open_case(browser, live_server, case_id)
    for value in ("prelim", "interpretation"):
        page.check(f"#normative-actions input[name=materials][value={value}]")
    page.fill("#normative-actions input[name=on_date]", "2026-09-29")
    act(page, "核对材料")
    # Tuesday 29 Sept + 5 WD: 30 Sept, 8, 9, Saturday 10, Monday 12 Oct.
    assert "到期日 2026-10-12" in clock_text(page, OWN)
    # + 15 WD: 12 Oct (5), 13–16 (9), 19–23 (14), 26 Oct.
    assert "到期日 2026-10-26" in clock_text(page, OUTER)
    assert "最长不超过15个工作日" in page.inner_text("body")
    page.close()

    bureau_date(date(2026, 9, 30))
    page = open_case(browser, live_server, case_id)
    page.click("summary:has-text('调查研究、听证或专家论证')")
    page.select_option("#normative-actions select[name=kind]", "expert")
    page.fill("#normative-actions input[name=reason]", "组织政府法律顾问论证住所登记条件")
    page.fill("#normative-actions form:has(select[name=kind]) input[name=on_date]", "2026-09-30")
    act(page, "开始，中止计时")
    assert "中止" in clock_text(page, OWN)
    page.close()

    bureau_date(date(2026, 10, 9))
    page = open_case(browser, live_server, case_id)
    page.fill("#normative-actions input[name=result]", "专家论证意见已收到")
    page.fill("#normative-actions form:has(input[name=result]) input[name=on_date]", "2026-10-09")
    act(page, "登记结束，恢复计时")
    # 8 and 9 Oct not counted: 30 Sept, 8, 9, 10, 12, 13, 14 Oct; the outer limit 26 → 28 Oct.
    assert "到期日 2026-10-14" in clock_text(page, OWN)
    assert "到期日 2026-10-28" in clock_text(page, OUTER)
    for radio in page.locator("#normative-actions input[type=radio][value=ok]").all():
        radio.check()
    page.fill("#normative-actions form:has(input[type=radio]) input[name=on_date]", "2026-10-09")
    act(page, "保存审核要点")
    page.select_option("#normative-actions select[name=conclusion]", "lawful")
    page.fill(
        "#normative-actions form:has(select[name=conclusion]) textarea[name=opinion]",
        "经审核，该办法制定主体、权限、程序和内容合法。",
    )
    page.check("#normative-actions input[name=major]")
    page.fill("#normative-actions form:has(select[name=conclusion]) input[name=on_date]", "2026-10-09")
    act(page, "报送审批")
    page.close()

    for username in ("nf.chief", "nf.leader", "director"):
        approve(browser, live_server, case_id, username)

    bureau_date(date(2026, 10, 12))
    page = open_case(browser, live_server, case_id)
    page.fill("#normative-actions input[name=on_date]", "2026-10-12")
    act(page, "出具意见书")
    assert "按期" in clock_text(page, OWN)
    pdf(page, live_server, f"/normative-files/{case_id}/print/opinion.pdf")
    page.close()

    bureau_date(date(2026, 10, 13))
    page = open_case(browser, live_server, case_id)
    page.fill("#normative-actions input[name=signed_on]", "2026-10-13")
    page.fill("#normative-actions input[name=doc_number]", "临政发〔2026〕8号")
    page.fill("#normative-actions input[name=on_date]", "2026-10-13")
    act(page, "登记编号")
    assert "LZDR-2026-001" in page.inner_text(".kv")
    pdf(page, live_server, f"/normative-files/{case_id}/print/registration.pdf")
    page.close()

    bureau_date(date(2026, 10, 15))
    page = open_case(browser, live_server, case_id)
    page.fill("#normative-actions input[name=published_on]", "2026-10-15")
    act(page, "登记公布并办结")
    filing = Filing.objects.get(file__title=TITLE)
    page.goto(f"{live_server.url}/normative-files/filings/")
    page.click(f"a:has-text('{TITLE}')")
    # 15 days from Thursday 15 Oct: Friday 30 Oct; 30 days: Saturday 14 Nov → Monday 16 Nov.
    assert "到期日 2026-10-30" in clock_text(page, "本局规定")
    assert "到期日 2026-11-16" in clock_text(page, "报区人大常委会备案")
    page.close()

    bureau_date(date(2026, 10, 20))
    page = open_case(browser, live_server, filing.case_id)
    page.fill("#normative-actions input[name=to_city_on]", "2026-10-20")
    page.fill("#normative-actions input[name=to_congress_on]", "2026-10-20")
    act(page, "登记报送")
    pdf(page, live_server, f"/normative-files/{filing.case_id}/print/report.pdf")
    page.select_option("#normative-actions select[name=outcome]", "registered")
    page.fill("#normative-actions input[name=on_date]", "2026-10-20")
    act(page, "登记结果")
    assert "予以备案登记" in page.inner_text(".kv")
    page.goto(f"{live_server.url}/normative-files/catalogue/")
    assert TITLE in page.inner_text("table.grid")
    page.close()

    # A later clean-up repeals the file.
    bureau_date(date(2026, 11, 2))
    page = login(browser, live_server, "nf.clerk")
    page.goto(f"{live_server.url}/normative-files/cleanups/new/")
    page.fill("input[name=title]", "2026年行政规范性文件集中清理")
    page.fill("textarea[name=notice]", "对全区现行有效的区政府及部门规范性文件进行集中清理。")
    page.fill("input[name=self_review_due]", "2026-11-30")
    page.click("button:has-text('送审批')")
    page.wait_for_selector(".msg.success")
    cleanup_id = int(page.url.rstrip("/").split("/")[-1])
    page.close()
    for username in ("nf.chief", "nf.leader"):
        approve(browser, live_server, cleanup_id, username, statutory=False)
    page = open_case(browser, live_server, cleanup_id)
    page.fill("#normative-actions input[name=on_date]", "2026-11-02")
    act(page, "登记印发")
    page.select_option("#normative-actions select[name=file]", index=1)
    page.select_option("#normative-actions select[name=proposal]", "repeal")
    page.fill("#normative-actions textarea[name=reason]", "住所登记改为申报承诺制，本办法不再适用。")
    page.fill("#normative-actions form:has(select[name=proposal]) input[name=on_date]", "2026-11-02")
    act(page, "登记清理意见")
    page.select_option("#normative-actions select[name=decision]", "repeal")
    page.fill("#normative-actions form:has(select[name=decision]) input[name=on_date]", "2026-11-02")
    act(page, "认定")
    page.fill("#normative-actions input[name=published_on]", "2026-11-02")
    act(page, "公布并办结")
    assert NormativeFile.objects.get(title=TITLE).status == "repealed"
    page.goto(f"{live_server.url}/normative-files/catalogue/")
    assert TITLE not in page.inner_text("table.grid")
    page.goto(f"{live_server.url}/normative-files/catalogue/?scope=repealed")
    assert TITLE in page.inner_text("table.grid")
    page.close()
