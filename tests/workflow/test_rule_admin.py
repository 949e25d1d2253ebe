"""The rule admin (审批规则, 期限规则): an administrator cannot save a rule that breaks a process.

Issue 13 item 2: the chain select showed another process's label for a shared chain code and
let a 事项审批 row be saved under 发文's 签发 chain; deadline rules took process and step as
free text, so a typo disabled a rule without a word; filters showed raw codes; the history
page said "修改原因 None" under an English "CHANGES" head and missed the first change.
"""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.workflow.models import ApprovalRule, DeadlineRule
from tests.audit.test_coverage import rule_form as approval_form
from tests.workflow.test_deadlines import rule_form as deadline_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people):
    client = Client()
    client.force_login(people.sysadmin)
    return client


def director_step():
    return ApprovalRule.objects.get(process="matters.general", chain="approval", seq=2)


def selected_option(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="([^"]*)"[^>]*selected>([^<]*)</option>', select).groups()


def test_the_chain_select_shows_this_rows_process_and_chain(admin):
    html = admin.get(f"/admin/workflow/approvalrule/{director_step().pk}/change/").content.decode()
    assert selected_option(html, "process_chain") == ("matters.general::approval", "事项审批 · 领导审批")
    values = re.findall(r'<option value="([^"]+)"', re.search(r'name="process_chain".*?</select>', html, re.S)[0])
    assert len(values) == len(set(values)), "every option names one process's chain"


def test_a_chain_the_process_does_not_have_is_refused(admin):
    rule = director_step()
    response = admin.post(
        f"/admin/workflow/approvalrule/{rule.pk}/change/",
        approval_form(rule, process_chain="matters.general::sign-notice"),
    )
    assert response.status_code == 200
    assert "所选的流程或审批链不存在" in response.content.decode()
    rule.refresh_from_db()
    assert (rule.process, rule.chain) == ("matters.general", "approval")


def test_the_last_active_step_of_a_chain_cannot_be_switched_off(admin):
    only = ApprovalRule.objects.get(process="matters.general", chain="review")
    data = approval_form(only)
    data.pop("active")
    response = admin.post(f"/admin/workflow/approvalrule/{only.pk}/change/", data)
    assert "唯一在用的环节" in response.content.decode()
    only.refresh_from_db()
    assert only.active


def test_a_position_step_needs_its_position_and_gives_a_message_not_an_error_page(admin):
    rule = director_step()
    response = admin.post(f"/admin/workflow/approvalrule/{rule.pk}/change/", approval_form(rule, role="position"))
    assert response.status_code == 200
    assert "请选择职能岗位" in response.content.decode()


def test_a_change_needs_a_reason_and_the_audit_record_keeps_it(admin, people):
    rule = director_step()
    data = approval_form(rule, min_value="8000")
    data.pop("change_reason")
    assert "请填写修改原因" in admin.post(f"/admin/workflow/approvalrule/{rule.pk}/change/", data).content.decode()
    response = admin.post(
        f"/admin/workflow/approvalrule/{rule.pk}/change/",
        approval_form(rule, min_value="8000", change_reason="依据新财务制度调整"),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(event="config.approval_rule").latest("id")
    assert event.detail["fields"] == ["min_value"] and event.detail["reason"] == "依据新财务制度调整"


def test_the_change_page_shows_the_chain_new_cases_will_get(admin):
    html = admin.get(f"/admin/workflow/approvalrule/{director_step().pk}/change/").content.decode()
    assert "新提交的“事项审批”事项按“领导审批”审批链" in html
    assert "分管领导审批：分管领导（无条件；申请人：科员、科长）" in html
    assert "局长审批：局长（主要负责人）（金额（元） ≥ 5000.00；申请人：科员、科长）" in html


def test_list_filters_speak_chinese(admin):
    html = admin.get("/admin/workflow/approvalrule/").content.decode()
    filters = re.search(r'id="changelist-filter".*', html, re.S)[0]
    assert "事项审批 · 领导审批" in filters and ">matters.general<" not in filters
    html = admin.get("/admin/workflow/deadlinerule/").content.decode()
    filters = re.search(r'id="changelist-filter".*', html, re.S)[0]
    assert "信访事项办理" in filters or "信访" in filters
    assert ">petitions.petition<" not in filters


def test_a_deadline_rule_names_a_real_process_and_one_of_its_steps(admin):
    rule = DeadlineRule.objects.get(code="petition-register-transfer")
    url = f"/admin/workflow/deadlinerule/{rule.pk}/change/"
    typo = admin.post(url, deadline_form(rule, process="petitions.petiton")).content.decode()
    assert "所选流程不存在" in typo
    other = admin.post(url, deadline_form(rule, scope="step", process_step="matters.general::approval"))
    assert "所选环节不属于所选流程" in other.content.decode()
    no_step = admin.post(url, deadline_form(rule, scope="step"))
    assert "环节期限须指定环节" in no_step.content.decode()
    rule.refresh_from_db()
    assert (rule.process, rule.scope, rule.step) == ("petitions.petition", "case", "")


def test_a_new_deadline_rule_must_be_one_a_process_reads(admin):
    rule = DeadlineRule.objects.get(code="petition-register-transfer")
    data = deadline_form(rule, code="petition-made-up")
    response = admin.post("/admin/workflow/deadlinerule/add/", data)
    assert "没有任何流程使用此代码" in response.content.decode()
    assert not DeadlineRule.objects.filter(code="petition-made-up").exists()


def test_a_deadline_rule_page_says_who_uses_it_and_the_due_date_it_gives_today(admin, monkeypatch):
    # 2026-09-16 + 15 calendar days = 2026-10-01, National Day: 民法典 §203 rolls it to 10-08.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 9, 16))
    rule = DeadlineRule.objects.get(code="petition-register-transfer")
    html = admin.get(f"/admin/workflow/deadlinerule/{rule.pk}/change/").content.decode()
    assert "流程：信访事项" in html and "正在计时的事项 0 件" in html
    assert "2026年9月16日起算 15 自然日：到期日 2026年10月8日（期满日 2026年10月1日 为休息日，顺延）" in html


def test_the_history_page_shows_the_first_change_with_its_reason_in_chinese(admin):
    rule = DeadlineRule.objects.get(code="petition-register-transfer")
    response = admin.post(
        f"/admin/workflow/deadlinerule/{rule.pk}/change/",
        deadline_form(rule, remind_before="5,3,1", change_reason="按信访科意见提前提醒"),
    )
    assert response.status_code == 302
    html = admin.get(f"/admin/workflow/deadlinerule/{rule.pk}/history/").content.decode()
    assert "修改内容" in html and "Changes" not in html and "None" not in html
    assert "按信访科意见提前提醒" in html and "初始载入（本局默认规则）" in html
    assert re.search(r"提前提醒.*?3,1.*?5,3,1", html, re.S), "the first edit shows old → new"
