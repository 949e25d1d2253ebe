"""A complaint against a lawyer in a real browser, from intake to the printed upward 处罚建议:
registered by the section's clerk, assigned by the section chief, accepted, investigated, the
recommendation drafted, approved by the chief and the division leader, sent to the city
bureau and printed; then the complainant is answered. The due dates the page shows are checked
against dates computed by hand over the 2026 National Day holiday (中秋 25 Sept and 1–7 Oct
off; Saturday 10 Oct a make-up working day)."""

import os
import shutil
import subprocess
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.lawyers.models import Complaint
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.lawyers.factories import make_firm, make_lawyer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ACCEPT = "投诉审查受理"
REPLY = "投诉调查处理"


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


def open_case(browser, live_server, case_id, username):
    page = login(browser, live_server, username)
    page.goto(f"{live_server.url}/cases/{case_id}/")
    return page


def done(page, button):
    page.click(f"button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


def approve(browser, live_server, case_id, username, opinion):
    page = open_case(browser, live_server, case_id, username)
    page.fill(".action-card form.opinion-form textarea[name=opinion]", opinion)
    page.click(".action-card form.opinion-form button:has-text('同意')")
    page.wait_for_selector(".msg.success")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_complaint_against_a_lawyer_to_the_printed_upward_recommendation(browser, live_server, people, bureau_date):
    lawyer = make_lawyer(make_firm())
    page = login(browser, live_server, "outsider")
    page.goto(f"{live_server.url}/lawyers/complaints/new/?kind=lawyer")
    page.select_option("select[name=lawyer]", str(lawyer.pk))
    page.fill("input[name=complainant]", "张三")
    page.fill("input[name=phone]", "13800138000")
    page.select_option("select[name=channel]", "letter")
    page.fill("input[name=received_on]", "2026-09-28")
    page.fill("textarea[name=content]", "代理律师收取代理费后未提供法律服务。")
    done(page, "保存")
    case_id = Complaint.objects.get(complainant="张三").case_id
    # Monday 28 Sept + 10 WD: 29, 30 Sept, 8, 9, Saturday 10 (5), 12, 13, 14, 15, 16 Oct.
    assert "到期日 2026-10-16" in clock_text(page, ACCEPT)
    assert "13800138000" not in page.inner_text(".kv")  # masked even for its registrar
    page.close()

    bureau_date(date(2026, 9, 29))
    page = open_case(browser, live_server, case_id, "otherchief")
    page.select_option("form.lawyers-assign select[name=handler]", label="律师科科员")
    page.fill("form.lawyers-assign input[name=on_date]", "2026-09-29")
    done(page, "分办")
    page.close()

    bureau_date(date(2026, 9, 30))
    page = open_case(browser, live_server, case_id, "outsider")
    page.fill("form.lawyers-decide input[name=on_date]", "2026-09-30")
    done(page, "记录受理决定")
    # 60 days from 30 Sept end on Sunday 29 Nov, rolled forward to Monday 30 Nov.
    assert "到期日 2026-11-30" in clock_text(page, REPLY)
    assert "已按期办结" in clock_text(page, ACCEPT)
    assert "投诉受理告知书" in page.inner_text(".print-links")
    page.close()

    bureau_date(date(2026, 10, 12))
    page = open_case(browser, live_server, case_id, "outsider")
    page.fill("form.lawyers-note input[name=on_date]", "2026-10-12")
    page.select_option("form.lawyers-note select[name=method]", "inquiry")
    page.fill("form.lawyers-note input[name=officers]", "律师科科员、律师科科长")
    page.fill("form.lawyers-note textarea[name=content]", "被投诉律师承认收费后未出庭、未提交代理意见。")
    done(page, "登记调查记录")
    page.click("summary:has-text('提出处罚建议')")
    page.fill("form.lawyers-recommend textarea[name=facts]", "李明远收取代理费 12000 元后未提供约定的法律服务。")
    page.fill("form.lawyers-recommend textarea[name=evidence]", "委托合同、收费票据、询问笔录。")
    page.fill("form.lawyers-recommend textarea[name=proposal]", "建议给予警告，没收违法所得。")
    done(page, "拟处罚建议并呈审批")
    rec_id = Complaint.objects.get(case_id=case_id).recommendation.case_id
    assert f"/cases/{rec_id}/" in page.url and "科室负责人审核" in page.inner_text("body")
    page.close()

    approve(browser, live_server, rec_id, "otherchief", "事实清楚，拟同意报送。")
    approve(browser, live_server, rec_id, "leader2", "同意报送淄博市司法局。")

    bureau_date(date(2026, 10, 14))
    page = open_case(browser, live_server, rec_id, "outsider")
    page.fill("form.lawyers-send input[name=on_date]", "2026-10-14")
    page.fill("form.lawyers-send input[name=number]", "临司建〔2026〕5号")
    done(page, "登记报送")
    assert "处罚建议书" in page.inner_text(".print-links")
    response = page.request.get(f"{live_server.url}/lawyers/recommendations/{rec_id}/print.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.body(), capture_output=True).stdout.decode()
        assert "淄博市司法局" in text and "第五十二条" in text
    page.close()

    # The complainant is answered; the reply clock stops on the reply date.
    page = open_case(browser, live_server, case_id, "outsider")
    page.select_option("form.lawyers-reply select[name=finding]", "recommend")
    page.fill("form.lawyers-reply textarea[name=text]", "经调查，投诉反映问题属实，本局已向淄博市司法局提出处罚建议。")
    page.fill("form.lawyers-reply input[name=on_date]", "2026-10-14")
    done(page, "答复并办结")
    assert "投诉处理答复书" in page.inner_text(".print-links")
    assert "已按期办结" in clock_text(page, REPLY) and "2026-11-30" in clock_text(page, REPLY)
    page.close()
