"""Reading an online learning platform's export (Excel .xlsx or CSV) into (row, name, account,
hours) lines, and matching each to a person of the bureau. Every row that cannot be used is
reported in Chinese with its row number, so the personnel section can fix the file or the name."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model

NAME_HEADERS = ("姓名", "学员姓名", "人员姓名")
ACCOUNT_HEADERS = ("账号", "登录账号", "用户名")
HOURS_HEADERS = ("学时", "完成学时", "已完成学时", "总学时", "获得学时")
MAX_ROWS = 5000


class ImportRefused(Exception):
    """The whole file is unusable (wrong type, no header): a Chinese sentence."""


@dataclass
class Line:
    row: int
    name: str
    account: str
    hours_text: str


def _rows(upload):
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a corrupt or disguised file
            raise ImportRefused("文件无法作为 Excel（.xlsx）读取，请从学习平台重新导出。") from exc
        sheet = book.worksheets[0]
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRefused("CSV 文件编码无法识别，请另存为 UTF-8 编码后再上传。")
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    raise ImportRefused("只能上传 Excel（.xlsx）或 CSV 文件。")


def _column(header, names):
    for index, cell in enumerate(header):
        if cell.replace(" ", "") in names:
            return index
    return None


def _header(rows):
    """(row index, name column, account column, hours column) of the header row, in the first 10."""
    for index, header in enumerate(rows[:10]):
        name_col, hours_col = _column(header, NAME_HEADERS), _column(header, HOURS_HEADERS)
        if name_col is not None and hours_col is not None:
            return index, name_col, _column(header, ACCOUNT_HEADERS), hours_col
    raise ImportRefused("文件前 10 行中找不到“姓名”和“学时”两列的表头，请检查是否为学习平台导出的学时表。")


def read_lines(upload):
    rows = _rows(upload)
    index, name_col, account_col, hours_col = _header(rows)
    body = rows[index + 1 :]
    if len(body) > MAX_ROWS:
        raise ImportRefused(f"文件超过 {MAX_ROWS} 行，请分批导入。")
    lines = []
    for offset, row in enumerate(body, start=index + 2):
        if not any(row):
            continue
        lines.append(Line(offset, _cell(row, name_col), _cell(row, account_col), _cell(row, hours_col)))
    return lines


def _cell(row, col):
    return row[col] if col is not None and col < len(row) else ""


def parse_hours(text):
    try:
        value = Decimal(text.replace("学时", "").strip())
    except InvalidOperation:
        return None
    if value < 0 or value >= Decimal("10000"):
        return None
    return value.quantize(Decimal("0.1"))


def match(lines):
    """[(line, user, hours)] for the usable lines, and [problem dict] for the others."""
    User = get_user_model()
    people = list(User.objects.filter(is_active=True, admin_role="").only("pk", "username", "full_name"))
    by_account = {u.username: u for u in people}
    by_name = {}
    for u in people:
        by_name.setdefault(u.full_name, []).append(u)
    matched, problems, seen = [], [], {}
    for line in lines:
        hours = parse_hours(line.hours_text)
        who = line.name or line.account or "（空）"
        if hours is None:
            problems.append({"row": line.row, "name": who, "reason": f"学时“{line.hours_text}”不是有效的数字"})
            continue
        if line.account:
            user = by_account.get(line.account)
            if user is None:
                problems.append({"row": line.row, "name": who, "reason": f"账号“{line.account}”不是本局在职人员的账号"})
                continue
        else:
            candidates = by_name.get(line.name, [])
            if not candidates:
                problems.append({"row": line.row, "name": who, "reason": "本局在职人员中没有这个姓名"})
                continue
            if len(candidates) > 1:
                problems.append(
                    {"row": line.row, "name": who, "reason": "本局有同名人员，请在文件中增加“账号”列注明登录账号"}
                )
                continue
            user = candidates[0]
        if user.pk in seen:
            problems.append({"row": line.row, "name": who, "reason": f"与第 {seen[user.pk]} 行是同一人，本行未导入"})
            continue
        seen[user.pk] = line.row
        matched.append((line, user, hours))
    return matched, problems
