"""Reading the fingerprint machine's Excel export (openpyxl).

Two layouts are read, both with a header row:
* one row per person and day (the template users download): 考勤号, 姓名, 日期, 上班打卡, 下班打卡;
* the machine's raw log, one row per punch: 考勤号, 姓名, 日期时间 (or 日期 and 时间) — a day's
  earliest punch is the check-in and its latest the check-out (a single punch counts as the
  check-in before noon, the check-out after).
A person is found by 考勤号 (registered on the staff record) or, without one, by a name that
only one serving member of staff has. Every bad row is reported with its row number and the
reason in Chinese, and nothing is imported until the whole file is clean.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from ..models import StaffRecord
from .summary import month_end

TEMPLATE_HEADERS = ["考勤号", "姓名", "日期", "上班打卡", "下班打卡"]
ALIASES = {
    "考勤号": ("考勤号", "考勤号码", "工号", "登记号码", "人员编号"),
    "姓名": ("姓名", "名字"),
    "日期": ("日期", "考勤日期"),
    "上班打卡": ("上班打卡", "签到时间", "上班时间", "签到"),
    "下班打卡": ("下班打卡", "签退时间", "下班时间", "签退"),
    "日期时间": ("日期时间", "打卡时间", "考勤时间"),
    "时间": ("时间",),
}
MAX_ROWS = 20000
NOON = time(12, 0)


@dataclass
class Row:
    number: int
    person: object
    day: date
    check_in: time | None
    check_out: time | None
    punches: list = field(default_factory=list)


class ImportRejected(Exception):
    """The file has bad rows: [(row number, reason)]; nothing was imported."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} 行有误")
        self.errors = errors


def template_workbook(month):
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y年%m月}考勤"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (10, 10, 12, 10, 10)):
        sheet.column_dimensions[column].width = width
    about = book.create_sheet("填写说明")
    for line in (
        ["每人每个工作日一行；考勤机导出的原始打卡记录（考勤号、姓名、日期时间，每次打卡一行）也可直接导入。"],
        ["考勤号：考勤机上的登记编号（在人员档案中登记）；未填写的按姓名匹配，同名人员必须填写考勤号。"],
        ["日期：如 2026-11-02；只能是所选月份的日期。打卡时间：如 8:25、17:40；未打卡的留空。"],
        ["文件中有任何一行有误时，整个文件都不导入，并逐行列出错误原因；改正后重新上传。"],
        [f"示例：1001 | 张三 | {month:%Y-%m}-02 | 8:21 | 17:35"],
    ):
        about.append(line)
    about.column_dimensions["A"].width = 100
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        year, month, day = (int(part) for part in text.split(" ")[0].split("-"))
        return date(year, month, day)
    except (ValueError, TypeError):
        return None


def _time(value):
    """A time cell: a time, a datetime, an Excel day fraction, or text like 8:25 / 08:25:10."""
    if value is None or _text(value) == "":
        return None, True
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0), True
    if isinstance(value, time):
        return value.replace(microsecond=0), True
    if isinstance(value, (int, float)) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(seconds // 3600, seconds % 3600 // 60, seconds % 60), True
    text = _text(value).replace("：", ":")
    try:
        parts = [int(part) for part in text.split(":")]
        if len(parts) in (2, 3):
            return time(*parts), True
    except ValueError:
        pass
    return None, False


def _datetime(value):
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    text = _text(value).replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _columns(header):
    names = [_text(cell) for cell in header]
    found = {}
    for key, aliases in ALIASES.items():
        for index, name in enumerate(names):
            if name in aliases:
                found[key] = index
                break
    return found


class _People:
    """Finds staff by 考勤号 or by a unique name; two queries in all."""

    def __init__(self):
        self.by_number = {
            r.attendance_no: r.person
            for r in StaffRecord.objects.exclude(attendance_no=None).exclude(attendance_no="").select_related("person")
        }
        self.by_name = {}
        users = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
        for user in users:
            self.by_name.setdefault(user.full_name, []).append(user)

    def find(self, number, name):
        if number:
            person = self.by_number.get(number)
            if person is None:
                return None, f"考勤号“{number}”未在人员档案中登记"
            if name and person.full_name != name:
                return None, f"考勤号“{number}”登记的是{person.full_name}，与姓名“{name}”不符"
            return person, ""
        if not name:
            return None, "姓名和考勤号都为空"
        matches = self.by_name.get(name, [])
        if not matches:
            return None, f"“{name}”不是在职工作人员（请核对姓名，或填写考勤号）"
        if len(matches) > 1:
            return None, f"有 {len(matches)} 位工作人员名为“{name}”，请填写考勤号"
        return matches[0], ""


def read_file(upload, month):
    """[Row] from an uploaded workbook for `month`; raises ImportRejected with every bad row."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # not a zip, broken XML, an .xls renamed: unreadable all the same
        raise ImportRejected(
            [(0, f"文件无法读取（{type(exc).__name__}）：请上传考勤机导出或按模板填写的 .xlsx 文件。")]
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportRejected([(1, "文件是空的。")])
    columns = _columns(header)
    punch_log = "日期时间" in columns or ("时间" in columns and not {"上班打卡", "下班打卡"} & set(columns))
    if punch_log:
        required = ["日期时间"] if "日期时间" in columns else ["日期", "时间"]
    else:
        required = ["日期"]
        if not {"上班打卡", "下班打卡"} & set(columns):
            required.append("上班打卡")
    if "姓名" not in columns and "考勤号" not in columns:
        required.insert(0, "姓名")
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportRejected([(1, f"缺少列：{'、'.join(missing)}（第1行应为表头：{'、'.join(TEMPLATE_HEADERS)}）")])
    people = _People()
    today = timezone.localdate()
    last = month_end(month)
    errors, found, seen = [], {}, {}
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            errors.append((number, f"行数超过 {MAX_ROWS} 行，请按月分开导入"))
            break

        def cell(key, values=values):
            return values[columns[key]] if key in columns and columns[key] < len(values) else None

        if all(_text(v) == "" for v in values):
            continue
        problems = []
        person, why = people.find(_text(cell("考勤号")), _text(cell("姓名")))
        if person is None:
            problems.append(why)
        if punch_log:
            if "日期时间" in columns:
                moment = _datetime(cell("日期时间"))
            else:
                day_value, (at, ok) = _date(cell("日期")), _time(cell("时间"))
                moment = datetime.combine(day_value, at) if day_value and at and ok else None
            if moment is None:
                problems.append(
                    f"打卡时间无法识别：“{_text(cell('日期时间') or cell('时间'))}”（应为 2026-11-02 08:25 这样的时间）"
                )
                day = None
            else:
                day = moment.date()
        else:
            day = _date(cell("日期"))
            if day is None:
                problems.append(f"日期无法识别：“{_text(cell('日期'))}”（应为 2026-11-02 这样的日期）")
        if day is not None:
            if not (month <= day <= last):
                problems.append(f"日期 {day:%Y-%m-%d} 不在 {month:%Y年%m月}")
            elif day > today:
                problems.append(f"日期 {day:%Y-%m-%d} 晚于今天")
        if not punch_log:
            check_in, ok_in = _time(cell("上班打卡"))
            check_out, ok_out = _time(cell("下班打卡"))
            if not ok_in:
                problems.append(f"上班打卡时间无法识别：“{_text(cell('上班打卡'))}”（应为 8:25 这样的时间）")
            if not ok_out:
                problems.append(f"下班打卡时间无法识别：“{_text(cell('下班打卡'))}”（应为 17:35 这样的时间）")
            if check_in and check_out and check_out < check_in:
                problems.append("下班打卡早于上班打卡")
        if problems:
            errors.append((number, "；".join(problems)))
            continue
        key = (person.pk, day)
        if punch_log:
            entry = found.setdefault(key, Row(number, person, day, None, None))
            entry.punches = sorted([*entry.punches, moment.time()])
        else:
            if key in seen:
                errors.append((number, f"与第 {seen[key]} 行重复（{person.full_name} {day:%Y-%m-%d}）"))
                continue
            seen[key] = number
            found[key] = Row(number, person, day, check_in, check_out)
    if errors:
        raise ImportRejected(errors)
    result = list(found.values())
    if punch_log:
        for row in result:
            punches = row.punches
            if len(punches) == 1:
                row.check_in, row.check_out = (punches[0], None) if punches[0] < NOON else (None, punches[0])
            else:
                row.check_in, row.check_out = punches[0], punches[-1]
    if not result:
        raise ImportRejected([(2, "文件中没有考勤记录。")])
    return result


def file_digest(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
