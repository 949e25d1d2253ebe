from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.audit.models import AuditEvent
from apps.workcalendar.models import CalendarYear, Holiday
from apps.workflow.calendar import add_working_days, is_provisional, is_working_day

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "holidays-example-2027.csv"

# A made-up arrangement for a made-up year far ahead, in the notice's shape (not a real notice).
GOOD = """date,kind,name
2031-01-01,holiday,元旦
2031-01-22,holiday,春节
2031-01-23,holiday,春节
2031-01-24,holiday,春节
2031-01-25,holiday,春节
2031-01-26,holiday,春节
2031-01-27,holiday,春节
2031-01-28,holiday,春节

2031-01-19,workday,春节
2031-02-08,workday,春节
"""

BAD = """date,kind,name
2031-01-01,holiday,元旦
2031-02-30,holiday,春节
2031-01-23,rest,春节
2031-01-21,workday,春节
2031-01-01,holiday,元旦
2031-01-24,holiday,
2031-01-25,holiday
2032-01-01,holiday,元旦
"""


def run(tmp_path, text, *args, encoding="utf-8"):
    path = tmp_path / "notice.csv"
    path.write_bytes(text.encode(encoding))
    out, err = StringIO(), StringIO()
    call_command("load_holidays", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def calendar_2031(db):
    # The statutory assumption for a year nobody has announced.
    assert is_provisional(date(2031, 1, 27))
    assert is_working_day(date(2031, 1, 27))  # a Monday; 春节 2031 by statute is 22–25 Jan


def test_good_file_imports_the_year_and_confirms_it(calendar_2031, tmp_path):
    out, err = run(tmp_path, GOOD, "--note", "测试通知")
    assert "放假 8 天，调休上班 2 天" in out and not err
    assert Holiday.objects.filter(date__year=2031).count() == 10
    assert set(Holiday.objects.filter(date__year=2031).values_list("source", flat=True)) == {"notice"}
    year = CalendarYear.objects.get(year=2031)
    assert year.confirmed and year.source == "notice" and year.note == "测试通知"
    # The cache was dropped: the calendar follows the notice at once, and no longer assumes statute.
    assert not is_provisional(date(2031, 1, 27))
    assert not is_working_day(date(2031, 1, 27))
    assert is_working_day(date(2031, 1, 19)) and is_working_day(date(2031, 2, 8))
    assert is_working_day(date(2031, 5, 1))  # 劳动节 by statute; this (made-up) notice does not list it
    assert add_working_days(date(2031, 1, 21), 1) == date(2031, 1, 29)
    event = AuditEvent.objects.get(event="config.holiday")
    assert event.detail["action"] == "load_holidays" and event.detail["rows"] == 10
    assert Holiday.history.filter(date__year=2031).count() == 10


def test_bad_file_imports_nothing_and_reports_every_row(calendar_2031, tmp_path):
    with pytest.raises(CommandError, match="有 7 处错误，未导入任何记录"):
        run(tmp_path, BAD)
    assert not Holiday.objects.filter(date__year__gte=2031).exists()
    assert not CalendarYear.objects.filter(year__gte=2031).exists()
    assert is_provisional(date(2031, 1, 1))


def test_bad_file_messages(db, tmp_path):
    path = tmp_path / "notice.csv"
    path.write_text(BAD, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_holidays", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        "第 3 行：日期“2031-02-30”无效，应为 YYYY-MM-DD 格式的真实日期（如 2027-02-05）。",
        "第 4 行：类型“rest”无效，应为 holiday（放假）或 workday（调休上班）。",
        "第 5 行：2031-01-21 是星期二，本来就是工作日，不能登记为调休上班日。",
        "第 6 行：日期 2031-01-01 与第 2 行重复。",
        "第 7 行：节日名称为空。",
        "第 8 行：应有 3 列（date,kind,name），实际 2 列。",
        "文件包含多个年度：2031 年（第 2 行起）、2032 年（第 9 行起）；一个文件只能导入一个年度。",
    ]


def test_wrong_header_and_wrong_year(db, tmp_path):
    err = StringIO()
    path = tmp_path / "notice.csv"
    path.write_text("日期,类型,名称\n2031-01-01,holiday,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_holidays", str(path), stderr=err)
    assert "第 1 行：表头应为“date,kind,name”" in err.getvalue()
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_holidays", str(path), "--year", "2030", stderr=(err := StringIO()))
    assert "第 2 行：日期 2031-01-01 不在指定的 2030 年。" in err.getvalue()
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("load_holidays", str(tmp_path / "missing.csv"))


def test_excel_gbk_file_with_bom_free_header_is_accepted(db, tmp_path):
    out, _ = run(tmp_path, GOOD, encoding="gb18030")
    assert Holiday.objects.get(date=date(2031, 1, 22)).name == "春节"


def test_a_confirmed_year_needs_replace(holidays, tmp_path):
    text = "date,kind,name\n2026-02-16,holiday,春节\n"
    with pytest.raises(CommandError, match="2026 年已确认.*--replace"):
        run(tmp_path, text)
    assert Holiday.objects.filter(date__year=2026).count() > 30
    out, _ = run(tmp_path, text, "--replace")
    assert "替换了原有的" in out
    assert list(Holiday.objects.filter(date__year=2026).values_list("date", flat=True)) == [date(2026, 2, 16)]
    assert is_working_day(date(2026, 10, 8))  # the package's 国庆 block is gone with the replacement
    # seed_holidays does not bring the package rows back over a notice
    call_command("seed_holidays", verbosity=0)
    assert Holiday.objects.filter(date__year=2026).count() == 1


def test_check_only_and_the_example_file(db):
    out = StringIO()
    call_command("load_holidays", str(EXAMPLE), "--check", stdout=out)
    assert "检查无误" in out.getvalue() and "未导入" in out.getvalue()
    assert not Holiday.objects.exists()
    with pytest.raises(CommandError, match="格式示例"):
        call_command("load_holidays", str(EXAMPLE))
    assert not Holiday.objects.exists() and not CalendarYear.objects.exists()
