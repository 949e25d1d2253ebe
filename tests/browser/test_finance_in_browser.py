"""报销 in a real browser: a clerk files a 6,000-yuan claim with two items and an invoice, naming a
colleague as witness; the witness, the division leader, the joint review group, the finance
leader and the director approve, each exactly as the rule rows say; the cashier cannot pay until
the collective-decision record (with its minutes) is registered, then pays."""

import os
import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.finance.models import Claim
from apps.workflow.models import Case, Task
from tests.browser.test_approval_in_browser import approve_first_todo, browser, login, nav_click  # noqa: F401 (fixture)
from tests.finance.factories import finance_posts

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PDF = b"%PDF-1.4\n% invoice\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_a_claim_from_filing_to_payment(browser, live_server, people, bureau, tmp_path):
    posts = finance_posts(people, bureau)
    invoice = tmp_path / "会议费发票.pdf"
    invoice.write_bytes(PDF)
    minutes = tmp_path / "局长办公会议纪要.pdf"
    minutes.write_bytes(PDF)
    spent = (timezone.localdate() - timedelta(days=2)).isoformat()

    page = login(browser, live_server, "clerk")
    nav_click(page, "财务报销")
    page.click("text=＋ 填写报销单")
    page.fill("textarea[name=purpose]", "全市复议工作座谈会会务费")
    page.select_option("select[name=witness]", label="办公室同事（办公室）")
    for index, (what, amount) in enumerate((("会议场地租用", "3600.00"), ("会议资料印制", "2400.00"))):
        page.fill(f"input[name=items-{index}-spent_on]", spent)
        page.select_option(f"select[name=items-{index}-category]", label="会议费")
        page.fill(f"input[name=items-{index}-description]", what)
        page.fill(f"input[name=items-{index}-amount]", amount)
    assert page.inner_text("[data-total]") == "6000.00"  # static/js/finance.js adds up as one types
    page.click("button[name=submit]")  # no invoice yet: refused, the typing kept
    page.wait_for_selector(".msg.error")
    assert "请上传发票" in page.inner_text(".messages")
    assert page.input_value("input[name=items-1-description]") == "会议资料印制"
    page.set_input_files("input[name=attachments]", str(invoice))
    page.click("button[name=submit]")
    page.wait_for_selector("text=报销单已提交审批")
    route = page.inner_text(".route")
    for label in ("证明人确认", "分管领导审核", "联审小组会审", "分管财务领导审批", "主要领导审批", "财务付款"):
        assert label in route
    page.close()

    approve_first_todo(browser, live_server, "colleague", "支出属实。")
    approve_first_todo(browser, live_server, "leader", "同意。")
    approve_first_todo(browser, live_server, "chief", "票据齐全，会审通过。")
    approve_first_todo(browser, live_server, "leader2", "同意报销。")
    approve_first_todo(browser, live_server, "director", "同意。")

    page = login(browser, live_server, posts.cashier.username)
    page.click("table.grid tbody tr:first-child td a")
    assert "办结" not in page.inner_text(".case-side")  # payment only through the finance form
    page.click("button:has-text('登记付款')")
    page.wait_for_selector(".msg.error")
    assert "须经局领导班子集体研究决定" in page.inner_text(".messages")
    page.fill("input[name=meeting]", "2026年第5次局长办公会议")
    page.fill("input[name=held_on]", timezone.localdate().isoformat())
    page.fill("input[name=minutes_ref]", "局长办公会议纪要〔2026〕5号")
    page.set_input_files("input[name=minutes]", str(minutes))
    page.click("button:has-text('登记'):not(:has-text('付款'))")
    page.wait_for_selector("text=集体决策记录已登记")
    page.fill("input[name=voucher_no]", "记-2026-0401")
    page.click("button:has-text('登记付款')")
    page.wait_for_selector("text=已登记付款")
    assert "已付款 6,000.00 元" in page.inner_text(".timeline")
    page.close()

    case = Case.objects.get(process="finance.claim")
    assert case.status == Case.Status.CLOSED
    assert Claim.objects.get(case=case).voucher_no == "记-2026-0401"
    acted = list(Task.objects.filter(case=case).order_by("id").values_list("step_label", "acted_by__username"))
    assert acted == [
        ("证明人确认", "colleague"),
        ("分管领导审核", "leader"),
        ("联审小组会审", "chief"),
        ("分管财务领导审批", "leader2"),
        ("主要领导审批", "director"),
        ("财务付款", posts.cashier.username),
    ]
