"""A 普法规划 (职责手册 3.5) in a real browser, step by step as the seed sets it out: 起草 →
初审 (section chief) → 审定 (director) → 征求意见 with each department's feedback → 会签审议 →
印发 → 组织实施 (a task per department) → 检查总结. The due dates the page shows are checked
against dates computed by hand over the 2026 National Day holiday (中秋 Friday 25 Sept and 1–7
Oct off; Saturday 10 Oct a make-up working day)."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.rule_of_law.models import Plan
from apps.workflow.models import Case, Task
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
FEEDBACK = "普法规划征求意见反馈"


@pytest.fixture
def bureau_date(monkeypatch):
    state = {}

    def set_day(day):
        state["now"] = timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    set_day(date(2026, 9, 24))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def open_case(browser, live_server, case_id, username):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def step(page, action):
    page.click(f"button[data-action={action}]")
    page.wait_for_selector(".msg.success")


def field(action, name):
    return f"form:has(button[data-action={action}]) [name={name}]"


def approve(browser, live_server, case_id, username, due):
    page = open_case(browser, live_server, case_id, username)
    assert due in page.inner_text(".due-box")
    page.fill(".action-card form.opinion-form textarea[name=opinion]", "同意")
    page.click(".action-card form.opinion-form button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_yearly_plan_from_draft_to_summary(browser, live_server, law, units, bureau_date):
    page = login(browser, live_server, "lawclerk")
    page.goto(f"{live_server.url}/rule-of-law/plans/new/")
    page.select_option("select[name=kind]", "yearly")
    page.fill("input[name=title]", "2027年全区普法依法治理工作要点")
    page.fill("input[name=start_year]", "2027")
    page.fill("input[name=end_year]", "2027")
    page.fill("textarea[name=outline]", "一、学习宣传宪法\n二、民法典进万家")
    page.click("button[name=save]")
    page.wait_for_selector(".msg.success")
    plan = Plan.objects.get(title="2027年全区普法依法治理工作要点")
    case_id = plan.case_id
    assert Case.objects.get(pk=case_id).status == Case.Status.DRAFT
    page.goto(f"{live_server.url}/rule-of-law/plans/{case_id}/edit/")
    page.click("button[name=submit]")
    page.wait_for_selector(".msg.success")
    page.close()
    # 初审 within 5 working days of Thursday 24 Sept: 25 Sept is 中秋 → 28, 29, 30 Sept, 8, 9 Oct.
    assert Task.objects.get(case_id=case_id, assignee=law.chief, status="pending").due_date == date(2026, 10, 9)

    bureau_date(date(2026, 9, 28))
    approve(browser, live_server, case_id, "lawchief", "10-09")
    # 审定 within 5 working days of Monday 28 Sept: 29, 30 Sept, 8, 9 Oct, Saturday 10 Oct (make-up day).
    assert Task.objects.get(case_id=case_id, assignee=law.director, status="pending").due_date == date(2026, 10, 10)
    bureau_date(date(2026, 9, 29))
    approve(browser, live_server, case_id, "director", "10-10")

    # 征求意见 on Tuesday 29 Sept: 10 working days → 30 Sept (1), 8, 9, 10 Oct (4), 12–16 Oct (9), 19 Oct.
    page = open_case(browser, live_server, case_id, "lawclerk")
    page.select_option(field("consult", "units"), [str(u.pk) for u in units.depts[:2]])
    page.fill(field("consult", "sent_on"), "2026-09-29")
    step(page, "consult")
    assert "到期日 2026-10-19" in page.inner_text(f"#clocks .clock:has-text('{FEEDBACK}')")
    page.close()

    bureau_date(date(2026, 10, 9))
    page = open_case(browser, live_server, case_id, "lawclerk")
    page.select_option(field("feedback", "consultation"), label=units.depts[0].name)
    page.fill(field("feedback", "replied_on"), "2026-10-09")
    page.select_option(field("feedback", "adoption"), "partly")
    page.fill(field("feedback", "feedback"), "建议增加法治文化阵地建设内容。")
    page.fill(field("feedback", "response"), "已在第二部分增加。")
    step(page, "feedback")
    # closing with a department still silent is refused, with the reason and nothing lost
    page.click("button[data-action=consult_close]")
    page.wait_for_selector(".msg.error")
    assert units.depts[1].name in page.inner_text(".msg.error")
    page.select_option(field("feedback", "consultation"), label=units.depts[1].name)
    page.fill(field("feedback", "replied_on"), "2026-10-09")
    page.select_option(field("feedback", "adoption"), "none")
    step(page, "feedback")
    page.fill(field("consult_close", "closed_on"), "2026-10-09")
    step(page, "consult_close")
    assert "已按期办结" in page.inner_text(f"#clocks .clock:has-text('{FEEDBACK}')") or "按期" in page.inner_text(
        f"#clocks .clock:has-text('{FEEDBACK}')"
    )
    page.fill(field("countersign", "countersigned_on"), "2026-10-09")
    step(page, "countersign")
    page.fill(field("issue", "doc_number"), "临法宣发〔2026〕9号")
    page.fill(field("issue", "issued_on"), "2026-10-09")
    step(page, "issue")
    page.select_option(field("task", "unit"), str(units.depts[0].pk))
    page.fill(field("task", "content"), "组织“宪法宣传周”系列活动")
    page.select_option(field("task", "owner"), str(law.clerk.pk))
    page.fill(field("task", "due_on"), "2026-10-30")
    step(page, "task")
    assert "组织“宪法宣传周”系列活动" in page.inner_text("#rol-tasks")
    step(page, "implemented")
    page.close()

    bureau_date(date(2026, 10, 30))
    page = open_case(browser, live_server, case_id, "lawclerk")
    page.fill(field("task_done", "done_on"), "2026-10-30")
    page.fill(field("task_done", "result"), "已开展宣传活动 12 场。")
    step(page, "task_done")
    page.fill(field("summary", "summarised_on"), "2026-10-30")
    page.fill(field("summary", "summary"), "各单位全部完成任务，评选先进单位 2 个。")
    step(page, "summary")
    assert Case.objects.get(pk=case_id).status == Case.Status.CLOSED
    page.goto(f"{live_server.url}/rule-of-law/plans/published/{plan.pk}/")
    assert "临法宣发〔2026〕9号" in page.inner_text("main") or "临法宣发〔2026〕9号" in page.content()
    page.close()
    # another section reads the issued plan
    page = login(browser, live_server, "outsider")
    page.goto(f"{live_server.url}/rule-of-law/plans/published/{plan.pk}/")
    assert "组织“宪法宣传周”系列活动" in page.content()
    page.close()
