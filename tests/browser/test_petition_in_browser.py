"""信访 in a real browser: a petition registered and answered by a judicial office (司法所) —
registration, 呈阅 by the bureau's office chief and the division leader, the acceptance notice, an
extension approved by the director, the 处理意见书 — then the 复查 registered and handled by the
bureau, the body one level up (信访工作条例 §35), up to the review opinion. At each step the due
dates on the case page are checked against dates computed by hand (below) over the 2026 National
Day holiday. A petition the bureau answered itself is not reviewed by the bureau: its page offers
告知复查途径 instead.

The calendar (workcalendar, seeded from the official 2026 arrangement): 中秋 9月25日(五)–27日(日)
and 国庆 10月1日(四)–7日(三) are holidays; 9月20日(日) and 10月10日(六) are make-up working days.
The petition's own periods are calendar days (信访工作条例 §23, §34, §35), counted from the day after
the start day (民法典 §201), and a last day that is a rest day moves to the next working day (§203).
The bureau's 复查受理 limit is 3 working days (山东省信访条例 2015 §43)."""

import os
import re
import shutil

import pytest

from apps.petitions.models import Petition, Stage
from apps.workflow.models import Case
from tests.browser.test_approval_in_browser import approve_first_todo, browser, login, nav_click  # noqa: F401 (fixture)
from tests.petitions.factories import ID_NUMBER, PHONE, new_petition, office_clerk_of, read_through

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ACCEPT = "直接受理：书面告知是否受理"
HANDLE = "办结并书面答复（§31(6) 类）"
REVIEW_ACCEPT = "复查申请：决定是否受理（3个工作日）"
REVIEW_OPINION = "出具复查意见"


def due_shown(page, rule):
    """The 到期日 and the status on the case page's 期限 card for one rule."""
    text = page.inner_text(f".clock:has(.clock-head b:text-is('{rule}'))")
    match = re.search(r"到期日\s*(\d{4}-\d{2}-\d{2})", text)
    return match.group(1) if match else None, text


def assert_pdf(page, href):
    response = page.request.get(re.match(r"https?://[^/]+", page.url).group(0) + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf", href


@pytest.mark.django_db(transaction=True)
def test_a_petition_from_registration_to_the_review_opinion(browser, live_server, people, bureau):
    jo_clerk = office_clerk_of(bureau, people)  # 闻韶司法所
    page = login(browser, live_server, jo_clerk.username)
    nav_click(page, "信访")
    page.click("text=＋ 登记信访事项")
    page.select_option("select[name=channel]", "visit")
    page.fill("input[name=received_on]", "2026-09-18")
    page.fill("input[name=petitioner]", "李四")
    page.fill("input[name=id_number]", ID_NUMBER)
    page.fill("input[name=phone]", PHONE)
    page.fill("input[name=address]", "北京市朝阳区幸福路8号")
    page.fill("textarea[name=demands]", "反映法律援助申请三个月未获答复")
    page.click("button:has-text('登记并呈阅')")
    page.wait_for_selector("text=信访事项已登记并呈阅")
    case_url = page.url
    assert PHONE not in page.content() and ID_NUMBER not in page.content()
    # Received Friday 18 Sept: 18 + 15 = Saturday 3 Oct, inside National Day (1–7 Oct) → Thursday 8 Oct.
    assert due_shown(page, ACCEPT)[0] == "2026-10-08"
    # One deadline per place (issue 13 item 5): the header box leads with the statutory date and
    # labels the 呈阅 step's own limit; every count of days says which kind of day.
    box = page.inner_text(".due-box")
    assert box.index("办理期限") < box.index("2026-10-08") < box.index("环节时限"), box
    assert ACCEPT in box and re.search(r"\d+个(自然|工作)日", box), box
    assert not re.search(r"\d+天", box), box
    assert "呈阅：办公室主任" in page.inner_text(".route")
    page.close()

    approve_first_todo(browser, live_server, "chief", "请分管领导阅示。")
    approve_first_todo(browser, live_server, "leader", "同意受理，依法按期答复。")

    page = login(browser, live_server, jo_clerk.username)
    page.goto(case_url)
    page.select_option("form.petition-decide select[name=accept]", "1")
    page.fill("form.petition-decide input[name=on_date]", "2026-09-30")
    page.click("form.petition-decide button")
    page.wait_for_selector("text=受理决定已记录")
    due, text = due_shown(page, ACCEPT)
    assert due == "2026-10-08" and "已按期办结" in text
    # Accepted Wednesday 30 Sept: + 60 days = Sunday 29 Nov → Monday 30 Nov.
    assert due_shown(page, HANDLE)[0] == "2026-11-30"
    assert_pdf(page, page.get_attribute("a:has-text('受理告知书')", "href"))

    # An extension beyond 30 days is refused in Chinese, with the reason kept as typed.
    page.click("summary:has-text('延期办理')")
    page.fill("form.petition-extend input[name=days]", "31")
    page.fill("form.petition-extend textarea[name=reason]", "需调取三个月的法律援助审批档案")
    page.select_option("form.petition-extend select[name=approved_by]", label="局长")
    page.click("form.petition-extend button")
    page.wait_for_selector(".msg.error")
    assert "不得超过30日" in page.inner_text(".messages")
    assert page.input_value("form.petition-extend textarea[name=reason]") == "需调取三个月的法律援助审批档案"
    page.fill("form.petition-extend input[name=days]", "20")
    page.select_option("form.petition-extend select[name=approved_by]", label="局长")
    page.click("form.petition-extend button")
    page.wait_for_selector("text=办理期限已延长")
    # 30 Sept + 80 days: 31 Oct is +31, 30 Nov is +61, Saturday 19 Dec is +80 → Monday 21 Dec.
    due, text = due_shown(page, HANDLE)
    assert due == "2026-12-21" and "局长批准" in text
    assert_pdf(page, page.get_attribute("a:has-text('延期告知书')", "href"))

    page.fill("form.petition-answer textarea[name=text]", "经核查，已责成法律援助中心五日内作出决定并告知申请人。")
    page.fill("form.petition-answer input[name=on_date]", "2026-11-20")
    page.click("form.petition-answer button")
    page.wait_for_selector("text=处理意见已出具")
    due, text = due_shown(page, HANDLE)
    assert due == "2026-12-21" and "已按期办结" in text
    assert "已办结" in page.inner_text(".meta")
    assert_pdf(page, page.get_attribute("a:has-text('处理意见书')", "href"))

    # the judicial office's staff do not register the 复查 of their own answer
    assert page.locator("form.petition-review-request").count() == 0
    assert page.locator("form.petition-upper-refer").count() == 0
    page.close()

    # 复查 by the bureau (局办公室, the 信访工作机构): a new linked case; the answered one keeps its
    # record. The office's chief registers it: he read the original at 呈阅, so he sees it (the
    # office's other staff do not see a 司法所's petition).
    page = login(browser, live_server, "chief")
    page.goto(case_url)
    page.fill("form.petition-review-request input[name=received_on]", "2026-11-26")
    page.fill("form.petition-review-request textarea[name=demands]", "认为处理意见未解决实际问题")
    page.click("form.petition-review-request button")
    page.wait_for_selector("text=复查请求已登记")
    review_url = page.url
    assert review_url != case_url and "原信访事项" in page.inner_text(".kv")
    # Thursday 26 Nov + 3 working days = Friday 27, Monday 30 Nov, Tuesday 1 Dec;
    # + 30 calendar days = Saturday 26 Dec → Monday 28 Dec.
    assert due_shown(page, REVIEW_ACCEPT)[0] == "2026-12-01"
    assert due_shown(page, REVIEW_OPINION)[0] == "2026-12-28"

    page.fill("form.petition-review-accept input[name=on_date]", "2026-11-27")
    page.click("form.petition-review-accept button")
    page.wait_for_selector("text=复查请求已受理")
    assert "已按期办结" in due_shown(page, REVIEW_ACCEPT)[1]
    assert due_shown(page, REVIEW_OPINION)[0] == "2026-12-28"
    page.fill("form.petition-review-opinion textarea[name=text]", "原处理意见正确，予以维持。")
    page.fill("form.petition-review-opinion input[name=on_date]", "2026-12-02")
    page.click("form.petition-review-opinion button")
    page.wait_for_selector("text=复查意见已出具")
    assert "已按期办结" in due_shown(page, REVIEW_OPINION)[1]
    assert_pdf(page, page.get_attribute("a:has-text('复查意见书')", "href"))
    page.goto(case_url)
    assert "复查意见" in page.inner_text(".kv")  # the original links to its review and its state
    page.close()

    original = Petition.objects.get(review_of__isnull=True)
    assert original.stage == Stage.ANSWERED and original.case.status == Case.Status.CLOSED
    assert original.case.section.code == "jo_wenshao" and not original.answered_by_bureau
    review = original.reviews.get()
    assert review.stage == Stage.REVIEWED and review.case.section.code == "office"


@pytest.mark.django_db(transaction=True)
def test_the_bureaus_own_answer_offers_the_way_to_the_review_instead(browser, live_server, people, bureau):
    from datetime import date

    from apps.petitions import services
    from apps.petitions.models import UpperBody

    case = read_through(new_petition(people.clerk), people)
    services.decide(case.pk, people.clerk, True, date(2026, 9, 28))
    services.answer(case.pk, people.clerk, "经调查，情况属实，已责成整改。", date(2026, 11, 20))
    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.locator("form.petition-review-request").count() == 0  # no 复查 of its own answer
    assert "信访工作条例第三十五条" in page.inner_text(".action-card:has(form.petition-upper-refer)")
    page.select_option("form.petition-upper-refer select[name=body]", UpperBody.CITY_BUREAU)
    page.fill("form.petition-upper-refer input[name=told_on]", "2026-11-25")
    page.click("form.petition-upper-refer button")
    page.wait_for_selector(".msg.success")
    assert "告知复查途径" in page.inner_text(".case-main")
    page.close()
    petition = Petition.objects.get(case=case)
    assert (petition.upper_body, petition.upper_told_on) == (UpperBody.CITY_BUREAU, date(2026, 11, 25))
    assert not Petition.objects.filter(review_of=petition).exists()
