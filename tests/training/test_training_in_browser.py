"""教育培训 in a real browser, as the personnel section works it: a course registered, the roll
taken (the office clerk present, his colleague on leave), the online platform's export uploaded
with one name that is not the bureau's, and the report of that row; then the office clerk sees
his own hours and nobody else's."""

import os
import shutil
from io import BytesIO

import pytest
from openpyxl import Workbook

from apps.accounts.models import Rank
from apps.training.models import Attendance, PlatformHours
from tests.browser.test_approval_in_browser import browser, login  # noqa: F401 (fixture)
from tests.conftest import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="Chromium 未安装"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_course_roll_and_platform_import_in_the_browser(browser, live_server, people, bureau, tmp_path):  # noqa: F811
    make_user("pclerk", bureau["personnel"], Rank.STAFF, full_name="政工科科员")
    page = login(browser, live_server, "pclerk")
    page.goto(f"{live_server.url}/training/")
    page.click("text=登记课程")
    page.fill("input[name=title]", "行政复议法专题培训")
    page.fill("input[name=held_on]", "2026-03-06")
    page.fill("input[name=hours]", "-2")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".error-text")
    assert page.input_value("input[name=title]") == "行政复议法专题培训"  # kept
    page.fill("input[name=hours]", "4")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=课程已登记")
    page.select_option(f"select[name=p{people.clerk.pk}]", "present")
    page.select_option(f"select[name=p{people.colleague.pk}]", "leave")
    page.click("button:has-text('保存出勤')")
    page.wait_for_selector("text=出勤已登记")
    assert Attendance.objects.get(person=people.clerk).hours == 4

    book = Workbook()
    for row in (["姓名", "学时"], ["办公室科员", 12.5], ["查无此人", 3]):
        book.active.append(row)
    path = tmp_path / "学时.xlsx"
    out = BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    page.goto(f"{live_server.url}/training/imports/new/")
    page.fill("input[name=year]", "2026")
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('导入')")
    page.wait_for_selector("text=未能导入的行")
    report = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
    assert "第 3 行" in report and "本局在职人员中没有这个姓名" in report
    assert PlatformHours.objects.get(person=people.clerk).hours == 12.5
    page.close()

    page = login(browser, live_server, "clerk")
    page.goto(f"{live_server.url}/training/hours/?year=2026")
    text = page.inner_text("table.grid")
    assert "办公室科员" in text and "16.5" in text and "办公室同事" not in text
    page.close()
