"""社区矫正 in a real browser (the "Done when" of issue 17): a subject from the court's notice
through report-in, 入矫宣告, a 10-day trip approved at the county agency's tier and returned, a
warning, electronic monitoring approved by the bureau's head and renewed, to 解除 with the
printed certificate; and a 调查评估 from request to returned opinion. The bureau's date is set
for each step (services refuse dates after "today"); the due dates the pages show are checked
against dates computed by hand over the 2026 National Day holiday (中秋 25–27 Sept and 1–7 Oct
off; Sat 10 Oct a make-up working day)."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.community_correction.models import Assessment, Subject
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

from .factories import correction_people, id_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def bureau_date(monkeypatch):
    state = {}

    def set_day(day):
        state["now"] = timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    set_day(date(2026, 9, 24))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def act(page, button):
    page.click(f"button:text-is('{button}')")
    page.wait_for_selector(".msg")
    assert page.locator(".msg.success").count(), page.inner_text(".msg")


def open_subject(browser, live_server, username, pk):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/community-correction/subjects/{pk}/")
    return page


def pdf_of(page, url):
    response = page.request.get(url)
    assert response.status == 200, url
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"


@pytest.mark.django_db(transaction=True)
def test_a_subject_from_the_court_notice_to_release(browser, live_server, bureau, bureau_date):
    correction_people(bureau)
    # 24 Sept: the section registers the district court's notice (judgment effective Tue 22 Sept)
    page = login(browser, live_server, "cc.clerk")
    page.goto(f"{live_server.url}/community-correction/subjects/new/")
    page.fill("input[name=name]", "李某明")
    page.fill("input[name=id_number]", id_number(301))
    page.fill("input[name=phone]", "13905330301")
    page.fill("input[name=address]", "山东省淄博市临淄区闻韶街道齐园路1号")
    page.select_option("select[name=sentence_type]", "probation")
    page.fill("input[name=crime]", "危险驾驶罪")
    page.select_option("select[name=deciding_body]", label="临淄区人民法院")
    page.fill("input[name=judgment_no]", "（2026）鲁0305刑初301号")
    page.fill("input[name=effective_on]", "2026-09-22")
    page.fill("input[name=notified_on]", "2026-09-24")
    page.fill("input[name=start_on]", "2026-09-22")
    page.fill("input[name=end_on]", "2027-03-21")
    page.select_option("select[name=office]", label="闻韶司法所")
    act(page, "接收登记")
    # 22 Sept + 10 days = Fri 2 Oct (National Day) → Thu 8 Oct
    assert "2026年10月8日" in page.inner_text(".case-side .due-box")
    pk = Subject.objects.get(name="李某明").pk
    assert "通知执行地社区矫正机构期限 2026-09-28" in page.inner_text(".timeline")  # 27 Sept (中秋) → Mon 28 Sept
    page.close()
    # another office's staff cannot even open it
    other = open_subject(browser, live_server, "qd.staff", pk)
    assert "页面不存在" in other.content() or other.locator("h1:has-text('李某明')").count() == 0
    other.close()

    # 8 Oct: the 闻韶司法所 has the report-in in its 待办, due 8 Oct; it records it and the 入矫宣告
    bureau_date(date(2026, 10, 8))
    page = login(browser, live_server, "ws.staff")
    page.goto(f"{live_server.url}/inbox/")
    assert "社区矫正对象李**" in page.inner_text("main") and "李某明" not in page.inner_text("main")
    page.goto(f"{live_server.url}/community-correction/subjects/{pk}/")
    page.fill("input[name=report_in-on]", "2026-10-08")
    act(page, "登记报到")
    page.fill("input[name=announce-on]", "2026-10-08")
    page.fill("textarea[name=announce-group_members]", "闻韶所员、网格员王某、家属李某")
    page.fill("textarea[name=announce-plan]", "每月报告两次，每月教育学习八小时。")
    act(page, "入矫宣告")
    assert "在矫" in page.inner_text("h1")
    pdf_of(page, f"{live_server.url}/community-correction/subjects/{pk}/print/announce/")
    # a ten-day trip: the county agency's tier
    page.fill("input[name=travel-destination]", "上海市浦东新区")
    page.fill("input[name=travel-reason]", "签订务工合同")
    page.fill("input[name=travel-start_on]", "2026-10-09")
    page.fill("input[name=travel-end_on]", "2026-10-18")
    act(page, "提交外出申请")
    assert "区社区矫正机构批准" in page.inner_text(".card:has(h2:has-text('外出')) table")
    page.close()
    office_chief = open_subject(browser, live_server, "ws.chief", pk)
    assert office_chief.locator("button:has-text('批准外出')").count() == 0  # not the office's tier
    office_chief.close()
    page = open_subject(browser, live_server, "cc.chief", pk)
    act(page, "批准外出")
    assert "应于 2026年10月18日 返回" in page.inner_text(".card:has(h2:has-text('外出'))")
    pdf_of(page, live_server.url + page.get_attribute("a:has-text('外出审批表')", "href"))
    page.close()

    # Sun 18 Oct: back on the last day
    bureau_date(date(2026, 10, 18))
    page = open_subject(browser, live_server, "ws.staff", pk)
    page.fill("form[action*='/return/'] input[name=on]", "2026-10-18")
    act(page, "销假")
    assert "已返回销假" in page.inner_text(".card:has(h2:has-text('外出'))")
    page.close()

    # 20 Oct: the office asks for a warning; the section chief (rule 1730) decides it; printed
    bureau_date(date(2026, 10, 20))
    page = open_subject(browser, live_server, "ws.staff", pk)
    page.select_option("select[name=sanction-kind]", "warning")
    page.fill("input[name=sanction-on]", "2026-10-20")
    page.fill("textarea[name=sanction-facts]", "拒不按照规定报告自己的活动情况。")
    act(page, "登记")
    assert page.locator("a:has-text('打印决定书')").count() == 0  # not decided yet
    page.close()
    page = open_subject(browser, live_server, "cc.chief", pk)
    page.click("form[action*='/sanctions/'] button:text-is('同意')")
    page.wait_for_selector(".msg.success")
    pdf_of(page, live_server.url + page.get_attribute("a:has-text('打印决定书')", "href"))
    page.close()

    # electronic monitoring: the office asks, the chief reviews, the division leader approves (§29)
    page = open_subject(browser, live_server, "ws.staff", pk)
    page.fill("input[name=monitoring-reason]", "拒不按照规定报告活动情况，被给予警告（第二十九条第三项）")
    act(page, "报请审批")
    assert page.locator("form[action*='/monitoring/'] button:text-is('同意')").count() == 0
    page.close()
    for approver in ("cc.chief", "cc.leader"):
        page = open_subject(browser, live_server, approver, pk)
        page.click("form[action*='/monitoring/'] button:text-is('同意')")
        page.wait_for_selector(".msg.success")
        page.close()
    page = open_subject(browser, live_server, "ws.staff", pk)
    page.fill("form[action*='/start/'] input[name=on]", "2026-10-20")
    act(page, "登记佩戴、开始使用")
    # 20 Oct + 3 months = Wed 20 Jan 2027 (民法典 §201, §202; a maximum: never rolled)
    assert "2027年1月20日" in page.inner_text(".card:has(h2:has-text('电子定位'))")
    page.close()

    # 12 Jan 2027: renewal asked and approved by the same chain: the clock moves to 20 Apr
    bureau_date(date(2027, 1, 12))
    page = open_subject(browser, live_server, "ws.staff", pk)
    page.fill("input[name=reason]", "经评估仍有必要继续使用")
    act(page, "申请延长")
    page.close()
    for approver in ("cc.chief", "cc.leader"):
        User.objects.filter(username=approver).update(password_changed_at=timezone.now())
        page = open_subject(browser, live_server, approver, pk)
        page.click("form[action*='/monitoring/'] button:text-is('同意')")
        page.wait_for_selector(".msg.success")
        page.close()
    page = open_subject(browser, live_server, "ws.staff", pk)
    assert "2027年4月20日" in page.inner_text(".card:has(h2:has-text('电子定位'))")
    page.close()

    # the end: Sun 21 Mar 2027; the certificate is due on the day, rolled to Mon 22 Mar
    bureau_date(date(2027, 3, 19))
    # (the password-age policy would ask for a new password after 90 days of simulated time)
    User.objects.filter(username="ws.staff").update(password_changed_at=timezone.now())
    page = open_subject(browser, live_server, "ws.staff", pk)
    assert "2027年3月22日" in page.inner_text(".case-side")
    # the office's inbox has the case, its title masked, its due date the clock's
    page.goto(f"{live_server.url}/inbox/")
    inbox = page.inner_text("main")
    assert "社区矫正对象李**" in inbox and "李某明" not in inbox
    assert page.locator("button:has-text('解除矫正')").count() == 0  # not before the end date
    page.close()
    bureau_date(date(2027, 3, 22))
    page = open_subject(browser, live_server, "ws.staff", pk)
    act(page, "解除")  # the monitoring device comes off first
    page.fill("input[name=release-on]", "2027-03-22")
    act(page, "解除矫正")
    assert "期满解除" in page.inner_text("h1")
    pdf_of(page, f"{live_server.url}/community-correction/subjects/{pk}/print/certificate/")
    pdf_of(page, f"{live_server.url}/community-correction/subjects/{pk}/print/release/")
    page.close()
    assert Subject.objects.get(pk=pk).certificate_no == "临司矫解〔2027〕1号"


@pytest.mark.django_db(transaction=True)
def test_an_assessment_from_request_to_returned_opinion(browser, live_server, bureau, bureau_date):
    correction_people(bureau)
    bureau_date(date(2026, 9, 23))
    page = login(browser, live_server, "cc.clerk")
    page.goto(f"{live_server.url}/community-correction/assessments/new/")
    page.select_option("select[name=requester]", label="临淄区人民法院")
    page.fill("input[name=letter_no]", "（2026）鲁0305刑初388号委托函")
    page.fill("input[name=person]", "韩某")
    page.fill("input[name=crime]", "危险驾驶罪")
    page.fill("input[name=received_on]", "2026-09-23")
    page.select_option("select[name=office]", label="齐都司法所")
    act(page, "登记并交司法所调查")
    # 10 working days after Wed 23 Sept: 24; 28, 29, 30; 8, 9, Sat 10 (make-up), 12, 13, 14 Oct
    assert "2026年10月14日" in page.inner_text(".due-box")
    pk = Assessment.objects.get(person="韩某").pk
    page.close()

    bureau_date(date(2026, 10, 12))
    page = login(browser, live_server, "qd.staff")
    page.goto(f"{live_server.url}/community-correction/assessments/{pk}/")
    assert "还剩 2 个工作日" in page.inner_text(".due-box")
    page.fill("textarea[name=findings]", "居所固定，家属愿意协助监管，村委会无异议。")
    page.select_option("select[name=opinion]", "suitable")
    act(page, "提交科室审核")
    page.close()
    page = login(browser, live_server, "cc.chief")
    page.goto(f"{live_server.url}/community-correction/assessments/{pk}/")
    page.select_option("select[name=decision]", "approve")
    act(page, "提交审核意见")
    page.close()
    bureau_date(date(2026, 10, 13))
    page = login(browser, live_server, "cc.clerk")
    page.goto(f"{live_server.url}/community-correction/assessments/{pk}/")
    page.fill("input[name=on]", "2026-10-13")
    act(page, "登记反馈")
    assert "已反馈委托机关" in page.inner_text("h1")
    pdf_of(page, f"{live_server.url}/community-correction/assessments/{pk}/print/")
    page.close()
