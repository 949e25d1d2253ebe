"""Excel registers (台账) from the same querysets the list pages use."""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def xlsx_response(title, header, rows, truncated=False):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append([timezone.localtime(v).replace(tzinfo=None) if hasattr(v, "tzinfo") and v.tzinfo else v for v in row])
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(name) * 2 + 4))
    sheet.freeze_panes = "A2"
    if truncated:
        sheet.append([f"（导出上限已到，仅包含前 {len(rows)} 行，请缩小筛选范围）"])
    buffer = BytesIO()
    workbook.save(buffer)
    filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response
