"""请假 in a real browser: a half-day, a one-day and a three-day leave each reach exactly the
approvers seed 002 rule 2 names (as ApprovalRule rows); and a threshold changed in the admin
changes the chain of the next request."""

import os
import shutil

import pytest
from django.utils import timezone

from apps.accounts import otp
from apps.accounts.models import Rank
from apps.hr.models import LeaveRequest
from apps.org.models import Position
from apps.workflow import calendar
from apps.workflow.models import ApprovalRule, Case, Task
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.conftest import PASSWORD, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def personnel(people, bureau):
    """The personnel leader (分管政工领导) is the other division leader; the personnel section
    keeps the files."""
    position = Position.objects.get(key="personnel_leader")
    position.holder = people.other_leader
    position.save()
    make_user("hr.clerk", bureau["personnel"], Rank.STAFF, full_name="政工科科员")
    return people


def working_day(after):
    return calendar.add_working_days(timezone.localdate(), after)


def file_leave(page, live_server, start, end, end_part="pm", reason="家中有事"):
    page.goto(f"{live_server.url}/hr/leave/new/")
    page.select_option("select[name=leave_type]", label="事假")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", end.isoformat())
    page.select_option("select[name=end_part]", end_part)
    page.fill("textarea[name=reason]", reason)
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交审批")
    return page.inner_text(".route")


def approve_in_browser(browser, live_server, username, case):
    page = login(browser, live_server, username)
    page.click(f"table.grid a[href='/cases/{case.pk}/']")  # the item is in the inbox
    page.fill(".action-card textarea[name=opinion]", "同意。")
    page.click(".action-card button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


def approvers_reached(case):
    return list(case.tasks.filter(kind=Task.Kind.APPROVE).order_by("id").values_list("assignee__username", flat=True))


@pytest.mark.django_db(transaction=True)
def test_half_day_one_day_and_three_days_reach_exactly_the_rule_approvers(browser, live_server, personnel):
    expected = {
        "半天": (working_day(3), working_day(3), "am", ["chief", "leader"]),
        "一天": (working_day(4), working_day(4), "pm", ["chief", "leader", "leader2"]),
        "三天": (working_day(6), working_day(8), "pm", ["chief", "leader", "leader2", "director"]),
    }
    labels = {
        "chief": "科室负责人审批",
        "leader": "分管领导审批",
        "leader2": "分管政工领导审批",
        "director": "主要领导审批",
    }
    for reason, (start, end, end_part, chain) in expected.items():
        page = login(browser, live_server, "clerk")
        route = file_leave(page, live_server, start, end, end_part, reason=f"{reason}事假")
        assert [label for label in labels.values() if label in route] == [labels[u] for u in chain], reason
        page.close()
        case = LeaveRequest.objects.get(reason=f"{reason}事假").case
        for username in chain:
            approve_in_browser(browser, live_server, username, case)
        case.refresh_from_db()
        assert case.status == Case.Status.CLOSED, reason
        assert approvers_reached(case) == chain, reason  # nobody else was asked

    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/hr/leave/?status=approved")
    assert page.locator("table.grid tbody tr").count() == 3
    page.goto(f"{live_server.url}/hr/leave/balance/")
    assert "4.5 天（达到 20 天不享受当年年休假）" in page.inner_text(".content")
    page.close()


def admin_login(browser, live_server, username):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.create(user=user, name=otp.DEVICE_NAME, confirmed=True)
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/otp/**")
    page.fill("input[name=token]", otp.current_token(device))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/**")
    return page


@pytest.mark.django_db(transaction=True)
def test_a_threshold_changed_in_the_admin_changes_the_next_chain(browser, live_server, personnel):
    rule = ApprovalRule.objects.get(process="hr.leave", role="director", applicant_ranks="staff,chief")
    assert rule.min_value == 2
    page = login(browser, live_server, "clerk")
    before = file_leave(page, live_server, working_day(3), working_day(4), reason="两天事假（改规则前）")
    assert "主要领导审批" in before
    page.close()

    page = admin_login(browser, live_server, "sysadmin")
    page.goto(f"{live_server.url}/admin/workflow/approvalrule/{rule.pk}/change/")
    page.fill("input[name=min_value]", "3")
    page.fill("input[name=change_reason]", "按新的请假审批规定调整")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.close()
    rule.refresh_from_db()
    assert rule.min_value == 3

    page = login(browser, live_server, "colleague")
    after = file_leave(page, live_server, working_day(3), working_day(4), reason="两天事假（改规则后）")
    assert "主要领导审批" not in after and "分管政工领导审批" in after
    page.close()
    # the request already on its way keeps its route
    first = LeaveRequest.objects.get(reason="两天事假（改规则前）").case
    assert first.route[-1]["label"] == "主要领导审批"
    second = LeaveRequest.objects.get(reason="两天事假（改规则后）").case
    assert [s["label"] for s in second.route] == ["科室负责人审批", "分管领导审批", "分管政工领导审批"]
