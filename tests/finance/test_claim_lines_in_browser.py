"""The reimbursement form's lines in a real browser (issue 13 item 7): the form opens with three
lines; "＋ 添加一行" adds more in place (static/js/finance.js copies the formset's blank form and
raises TOTAL_FORMS), so a five-line claim no longer needs a draft save in between. Dates are typed
as staff write them, and the date fields read 年-月-日 even in an en-US browser."""

import os
import shutil
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.finance.models import Claim
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.conftest import PASSWORD
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
def test_two_lines_added_in_place_are_saved_with_the_three_others(browser, live_server, people, bureau, tmp_path):  # noqa: F811
    finance_posts(people, bureau)
    invoice = tmp_path / "发票.pdf"
    invoice.write_bytes(PDF)
    day = timezone.localdate() - timedelta(days=3)
    # five ways of writing the same day, as people type them
    typed = [
        day.isoformat(),
        day.strftime("%Y/%m/%d"),
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y.%m.%d"),
        f"{day.year}-{day.month}-{day.day}",
    ]

    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/finance/claims/new/")
    assert page.locator("tr.item-row").count() == 3
    assert "添加一行" in page.inner_text("[data-more-lines]")  # not "先保存草稿"
    page.click("button[data-add-item]")
    page.click("button[data-add-item]")
    assert page.locator("tr.item-row").count() == 5
    assert page.input_value("input[name=items-TOTAL_FORMS]") == "5"

    page.fill("textarea[name=purpose]", "购买办公用品五项")
    page.select_option("select[name=witness]", label="办公室同事（办公室）")
    for index in range(5):
        page.fill(f"input[name=items-{index}-spent_on]", typed[index])
        page.select_option(f"select[name=items-{index}-category]", label="办公费")
        page.fill(f"input[name=items-{index}-description]", f"办公用品第{index + 1}项")
        page.fill(f"input[name=items-{index}-amount]", f"{100 * (index + 1)}.00")
    assert page.inner_text("[data-total]") == "1500.00"
    page.set_input_files("input[name=attachments]", str(invoice))
    page.click("button[name=submit]")
    page.wait_for_selector("text=报销单已提交审批")
    page.close()

    claim = Claim.objects.get(case__initiator=people.clerk)
    items = list(claim.items.order_by("amount"))
    assert [i.description for i in items] == [f"办公用品第{n}项" for n in range(1, 6)]
    assert [i.amount for i in items] == [Decimal(f"{100 * n}.00") for n in range(1, 6)]
    assert {i.spent_on for i in items} == {day}
    assert claim.amount == Decimal("1500.00")


@pytest.mark.django_db(transaction=True)
def test_date_fields_read_year_month_day_in_an_english_browser(browser, live_server, people, bureau):  # noqa: F811
    """A native <input type=date> shows mm/dd/yyyy in an en-US browser; the portal's date fields
    say 年-月-日 and their calendar writes 2026-12-05 whatever the browser's language."""
    page = browser.new_page(locale="en-US")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/inbox/**")
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(f"{live_server.url}/finance/claims/new/")
    field = page.locator("input[name=items-0-spent_on]")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "年-月-日"
    assert page.locator("input[type=date]").count() == 0

    field.click()
    picker = page.locator(".datepicker")
    today = timezone.localdate()
    assert picker.locator(".dp-title").inner_text() == f"{today.year}年{today.month}月"
    assert picker.locator("thead").inner_text().split() == ["一", "二", "三", "四", "五", "六", "日"]
    picker.locator(f"button[data-day='{today.replace(day=1).isoformat()}']").click()
    assert field.input_value() == today.replace(day=1).isoformat()
    assert picker.count() == 0

    field.fill(f"{today.year}年{today.month}月{today.day}日")
    field.press("Tab")  # a typed date is tidied to the form the server shows back
    assert field.input_value() == today.isoformat()
    page.close()
