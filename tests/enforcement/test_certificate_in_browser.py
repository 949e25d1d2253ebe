"""A 行政执法证 in a real browser (职责手册 5.4): registered, checked, its exam passed and issued;
the nightly sweep then reminds the section of its annual review, which the clerk sees among the
notices and in the register's 待年审 filter. Dates hand-computed over the 2026 National Day
holiday: issued Fri 9 Oct 2025, the review is due Fri 9 Oct 2026; 20 working days before is
Fri 4 Sept, 5 working days before is Thu 24 Sept (8 Oct, 30, 29, 28, 24 Sept)."""

import os
import shutil
from datetime import date, datetime

import pytest
from django.utils import timezone

from apps.enforcement.models import Certificate
from apps.workflow.sweep import run_sweep
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)

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

    set_day(date(2025, 9, 1))
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return set_day


def open_cert(browser, live_server, cert_id):
    page = login(browser, live_server, "enf_clerk")
    page.goto(f"{live_server.url}/enforcement/certificates/{cert_id}/")
    return page


def act(page, button):
    page.click(f"#certificate-actions button:has-text('{button}')")
    page.wait_for_selector(".msg.success")


@pytest.mark.django_db(transaction=True)
def test_a_certificate_is_issued_and_its_annual_review_reminded(browser, live_server, enf, bureau_date):
    page = login(browser, live_server, "enf_clerk")
    page.goto(f"{live_server.url}/enforcement/certificates/new/")
    page.select_option("select[name=kind]", "enforcement")
    page.fill("input[name=holder]", "李四")
    page.fill("input[name=id_number]", "370305198301127530")
    page.select_option("select[name=unit]", label="区市场监督管理局")
    page.fill("input[name=post]", "执法队员")
    page.fill("input[name=applied_on]", "2025-09-01")
    page.click("button:has-text('登记')")
    page.wait_for_selector(".msg.success")
    cert_id = Certificate.objects.get(holder="李四").pk
    assert "370305198301127530" not in page.inner_text("#certificate")  # masked even for the keeper

    page.close()
    bureau_date(date(2025, 9, 5))
    page = open_cert(browser, live_server, cert_id)
    page.fill("#certificate-actions input[name=on_date]", "2025-09-05")
    act(page, "登记资格审查")
    page.close()
    bureau_date(date(2025, 9, 20))
    page = open_cert(browser, live_server, cert_id)
    page.fill("#certificate-actions input[name=score]", "86")
    page.fill("#certificate-actions input[name=on_date]", "2025-09-20")
    act(page, "登记考试成绩")
    page.close()
    bureau_date(date(2025, 10, 9))
    page = open_cert(browser, live_server, cert_id)
    page.fill("#certificate-actions input[name=number]", "3703050100001")
    page.fill("#certificate-actions input[name=issued_on]", "2025-10-09")
    page.fill("#certificate-actions input[name=expires_on]", "2030-10-08")
    act(page, "登记发证")
    assert "2026-10-09" in page.inner_text("#review-due")
    assert "持证" in page.inner_text("#certificate")
    page.close()

    bureau_date(date(2026, 9, 3))
    run_sweep(today=date(2026, 9, 3))
    bureau_date(date(2026, 9, 4))
    run_sweep(today=date(2026, 9, 4))
    run_sweep(today=date(2026, 9, 4))
    page = login(browser, live_server, "enf_clerk")
    page.goto(f"{live_server.url}/notifications/")
    text = page.inner_text("body")
    assert text.count("年审截止日 2026-10-09") == 1
    assert "还剩 20 个工作日" in text
    page.goto(f"{live_server.url}/enforcement/certificates/?due=on")
    assert "李四" in page.inner_text("table.grid")
    page.goto(f"{live_server.url}/enforcement/certificates/{cert_id}/")
    assert "剩35天" in page.inner_text("#review-due")  # 4 Sept to 9 Oct
    page.close()
