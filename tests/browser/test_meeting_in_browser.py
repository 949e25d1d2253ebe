"""会务 in a real browser: the office plans a meeting, a section chief puts an agenda item
forward, the office compiles it and the chair approves, the notice goes out, an attendee signs in
on the day, the recorder writes the minutes with a decision, the chair approves them, and the
office turns the decision into a supervised item in one click."""

import os
import shutil
from datetime import datetime

import pytest
from django.utils import timezone

from apps.meetings.models import Attendance, Meeting
from apps.supervision.models import Source, SupervisedItem
from apps.workflow.models import Case, Notification
from tests.browser.test_approval_in_browser import approve_first_todo, browser, login, nav_click  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Clock:
    def set(self, *args):
        self.now = timezone.make_aware(datetime(*args))


@pytest.mark.django_db(transaction=True)
def test_a_meeting_from_plan_to_a_supervised_decision(browser, live_server, people, bureau, monkeypatch):
    p = people
    clock = Clock()
    clock.set(2026, 3, 2, 9, 0)  # Monday; the meeting is next Monday
    monkeypatch.setattr(timezone, "now", lambda: clock.now)

    page = login(browser, live_server, "clerk")
    nav_click(page, "会务管理")
    page.click("text=＋ 安排会议")
    page.select_option("select[name=kind]", "director_office")
    page.fill("input[name=title]", "局长办公会议（律师行业年度检查）")
    page.fill("input[name=starts_at]", "2026-03-09T09:00")
    page.fill("input[name=place]", "三楼党组会议室")
    page.select_option("select[name=chair]", str(p.director.pk))
    page.select_option("select[name=recorder]", str(p.chief.pk))
    for person in (p.director, p.leader, p.chief, p.outsider):
        page.check(f"input[name=attendees][value='{person.pk}']")
    page.fill("input[name=agenda_cutoff]", "2026-03-06T17:00")
    page.click("button[name=submit]")
    page.wait_for_selector("text=会议方案已提交")
    case = Case.objects.get(process="office.meeting")
    assert case.current_step == "collect"
    page.close()

    page = login(browser, live_server, "otherchief")
    nav_click(page, "会务管理")
    page.click("text=议题征集")
    page.select_option("select[name=meeting]", label="局长办公会议（律师行业年度检查）（截止 03-06 17:00）")
    page.fill("input[name=title]", "关于开展律师行业年度检查的请示")
    page.click("button:has-text('报送议题')")
    page.wait_for_selector(".msg.success")
    assert "关于开展律师行业年度检查的请示" in page.inner_text("table >> nth=1")
    page.close()

    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("button:has-text('汇总议题，报主持人审定')")
    page.wait_for_selector("text=议题已汇总")
    page.close()
    approve_first_todo(browser, live_server, "director", "同意上会。")

    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("button:has-text('印发会议通知')")
    page.wait_for_selector("text=会议通知已印发")
    page.close()
    assert Notification.objects.filter(user=p.outsider, key__startswith="meeting-notice:").exists()

    clock.set(2026, 3, 9, 8, 55)  # the day: the attendee from another section signs in himself
    page = login(browser, live_server, "outsider")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("button:has-text('本人签到')")
    page.wait_for_selector("text=签到成功")
    page.close()

    clock.set(2026, 3, 9, 9, 10)
    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.select_option(f"select[name=status_{p.director.pk}]", "present")
    page.select_option(f"select[name=status_{p.chief.pk}]", "present")
    page.select_option(f"select[name=status_{p.leader.pk}]", "leave")
    page.click("button[name=held]")  # 请假 without a reason: refused, nothing lost
    page.wait_for_selector(".msg.error")
    assert "请填写事由" in page.inner_text(".messages")
    page.select_option(f"select[name=status_{p.leader.pk}]", "leave")
    page.fill(f"input[name=reason_{p.leader.pk}]", "参加市局培训")
    page.click("button[name=held]")
    page.wait_for_selector("text=会议已召开")
    page.close()
    meeting = Meeting.objects.get(case=case)
    assert Attendance.objects.get(meeting=meeting, person=p.outsider).status == Attendance.Status.PRESENT

    clock.set(2026, 3, 10, 10, 0)
    page = login(browser, live_server, "chief")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.fill("textarea[name=minutes]", "一、会议听取了律师工作科关于年度检查的汇报。会议同意检查方案。")
    page.fill("textarea[name=decision_1]", "律师工作科牵头，3月底前完成全区律师行业年度检查。")
    page.select_option("select[name=decision_section_1]", str(bureau["lawyers"].pk))
    page.click("button[name=submit]")
    page.wait_for_selector("text=会议纪要已报主持人审定")
    page.close()
    approve_first_todo(browser, live_server, "director", "同意印发。")

    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert "纪要已于" in page.inner_text(".kv")
    page.click("button:has-text('转为督办事项')")
    page.wait_for_selector("text=议定事项已转为督办事项")
    assert "律师行业年度检查" in page.inner_text("h1")
    page.close()

    item = SupervisedItem.objects.get()
    assert item.source == Source.MEETING and item.origin_case_id == case.pk and item.lead_section == bureau["lawyers"]
    assert meeting.decisions.get().supervised_case_id == item.case_id
