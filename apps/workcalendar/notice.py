"""Reading the State Council's holiday notice from a CSV file (columns date,kind,name).

Every row is checked and every problem reported with its line number; nothing is written unless
the whole file is clean. The import replaces the year's rows and marks the year confirmed.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from apps.audit.log import record

from . import years
from .models import WEEKDAYS, CalendarYear, Holiday, Source

COLUMNS = ["date", "kind", "name"]
EXAMPLE_MARK = "EXAMPLE"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = {Holiday.Kind.HOLIDAY.value, Holiday.Kind.WORKDAY.value}
NAME_MAX = Holiday._meta.get_field("name").max_length


@dataclass(frozen=True)
class Row:
    line: int
    date: date
    kind: str
    name: str


class NoticeError(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or, as Excel on a Chinese Windows saves CSV, GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise NoticeError(["文件编码无法识别：请另存为 UTF-8 编码的 CSV 文件。"]) from None


class Notice(list):
    """The clean rows of a file; `example` is set when the file says it is only a format example."""

    example = False


def _is_comment(cells):
    return bool(cells) and cells[0].lstrip().startswith("#")


def parse(text, year=None):
    """Return the rows of a clean file; raise NoticeError listing every problem otherwise.

    Lines starting with "#" are comments; a comment containing EXAMPLE marks a format example."""
    errors = []
    notice = Notice()
    reader = csv.reader(io.StringIO(text))
    header = None
    for cells in reader:
        if _is_comment(cells):
            notice.example = notice.example or EXAMPLE_MARK in ",".join(cells).upper()
        elif any(cell.strip() for cell in cells):
            header = cells
            break
    if header is None or [cell.strip().lower() for cell in header] != COLUMNS:
        got = ",".join(header) if header else "（空）"
        line = reader.line_num if header else 1
        raise NoticeError([f"第 {line} 行：表头应为“date,kind,name”，实际为“{got}”。"])

    seen, years_found = {}, {}
    for cells in reader:
        line = reader.line_num
        if _is_comment(cells):
            notice.example = notice.example or EXAMPLE_MARK in ",".join(cells).upper()
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        if len(cells) != 3:
            errors.append(f"第 {line} 行：应有 3 列（date,kind,name），实际 {len(cells)} 列。")
            continue
        raw_date, kind, name = (cell.strip() for cell in cells)
        kind = kind.lower()
        problems = []
        try:
            if not ISO_DATE.match(raw_date):
                raise ValueError
            day = date.fromisoformat(raw_date)
        except ValueError:
            day = None
            problems.append(f"日期“{raw_date}”无效，应为 YYYY-MM-DD 格式的真实日期（如 2027-02-05）")
        if kind not in KINDS:
            problems.append(f"类型“{kind}”无效，应为 holiday（放假）或 workday（调休上班）")
        if not name:
            problems.append("节日名称为空")
        elif len(name) > NAME_MAX:
            problems.append(f"节日名称超过 {NAME_MAX} 个字")
        if day is not None:
            if day in seen:
                problems.append(f"日期 {day:%Y-%m-%d} 与第 {seen[day]} 行重复")
            else:
                seen[day] = line
            years_found.setdefault(day.year, line)
            if year is not None and day.year != year:
                problems.append(f"日期 {day:%Y-%m-%d} 不在指定的 {year} 年")
            if kind == Holiday.Kind.WORKDAY and day.weekday() < 5:
                problems.append(f"{day:%Y-%m-%d} 是星期{WEEKDAYS[day.weekday()]}，本来就是工作日，不能登记为调休上班日")
        if problems:
            errors.append(f"第 {line} 行：" + "；".join(problems) + "。")
        else:
            notice.append(Row(line, day, kind, name))

    if year is None and len(years_found) > 1:
        listed = "、".join(f"{y} 年（第 {line} 行起）" for y, line in sorted(years_found.items()))
        errors.append(f"文件包含多个年度：{listed}；一个文件只能导入一个年度。")
    if not seen and not errors:
        errors.append("文件中没有数据行。")
    if errors:
        raise NoticeError(errors)
    return notice


def import_year(rows, *, note="", replace=False, file_name=""):
    """Replace the year's rows by the notice's and mark the year confirmed; audited in the same
    transaction. Returns (year, replaced rows)."""
    year = rows[0].date.year
    with transaction.atomic():
        calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
        if calendar_year and calendar_year.confirmed and not replace:
            raise NoticeError(
                [
                    f"{year} 年已确认（来源：{calendar_year.get_source_display()}）。如确需以本文件替换，请加 --replace 重新执行。"
                ]
            )
        existing = Holiday.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
        replaced = list(existing.order_by("date"))
        for holiday in replaced:
            holiday.delete()  # one by one, so that the history keeps each deleted row
        bulk_create_with_history(
            [Holiday(date=r.date, kind=r.kind, name=r.name, source=Source.NOTICE) for r in rows],
            Holiday,
            default_change_reason=note or "load_holidays",
        )
        if calendar_year is None:
            calendar_year = CalendarYear(year=year)
        calendar_year.confirmed = True
        calendar_year.source = Source.NOTICE
        calendar_year.note = note[:200]
        calendar_year.save()
        record(
            "config.holiday",
            obj=calendar_year,
            detail={
                "action": "load_holidays",
                "year": year,
                "rows": len(rows),
                "replaced": len(replaced),
                "file": file_name,
            },
        )
        transaction.on_commit(years.invalidate, robust=True)
    years.invalidate()
    return year, replaced
