"""The overview as Excel (openpyxl) and as a one-page PDF for the 局务会 (the portal's one
printer, apps.printing.render): the same figures as the page, dated, with the scope stated."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.printing.exports import xlsx_response
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response

from . import figures

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _text(value):
    # No cell is a formula (a case title beginning with "=" stays text).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _sheet(workbook, title, headers, rows, widths):
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTER
    for row in rows:
        sheet.append([_text(value) for value in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _pct(value):
    return "" if value is None else f"{value}%"


def overview_xlsx(data, user) -> bytes:
    workbook = Workbook()
    about = workbook.active
    about.title = "说明"
    now = timezone.localtime()
    for line in [
        ["领导总览", ""],
        ["范围", data.scope.label],
        ["统计日期", f"{data.dates.today:%Y-%m-%d}"],
        ["导出人", user.full_name or user.username],
        ["导出时间", f"{now:%Y-%m-%d %H:%M}"],
        [
            "口径",
            f"在办：已提交未办结；即将到期：今日起{figures.SOON_WORKING_DAYS}个工作日内到期；本月办结：本月办结、未获批准或归档",
        ],
        ["", "法定期限按期率：当月按期办结的法定期限 ÷（其 + 当月到期未按期办结的法定期限）；只统计您有权查看的事项"],
    ]:
        about.append(line)
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 90
    about["A1"].font = Font(bold=True, size=14)
    headers = ["科室", "事项类型", "在办", "即将到期", "已超期", "本月办结", "近12个月法定期限按期", "未按期", "按期率"]
    rows = [
        [r.section, r.label, r.open, r.due_soon, r.overdue, r.closed, r.met, r.missed, _pct(r.rate)]
        for r in [*data.rows, data.total]
    ]
    _sheet(workbook, "分科室分类型", headers, rows, [20, 30, 8, 10, 8, 10, 12, 8, 8])
    rows = [[s.section, s.open, s.due_soon, s.overdue, s.closed, s.met, s.missed, _pct(s.rate)] for s in data.sections]
    _sheet(workbook, "分科室", ["科室", *headers[2:]], rows, [20, 8, 10, 8, 10, 12, 8, 8])
    rows = [[m["label"], m["closed"], m["met"], m["missed"], _pct(m["rate"])] for m in data.trend]
    _sheet(workbook, "按期率趋势", ["月份", "办结", "法定期限按期", "未按期", "按期率"], rows, [14, 8, 14, 8, 8])
    rows = [
        [
            c.number,
            c.title,
            c.section.name,
            c.process_label,
            f"{c.due_date:%Y-%m-%d}",
            c.days_overdue,
            c.current_step_label,
        ]
        for c in data.top_overdue
    ]
    _sheet(
        workbook,
        "超期最久的事项",
        ["编号", "事项", "科室", "类型", "期限", "超期天数", "当前环节"],
        rows,
        [18, 40, 16, 20, 12, 10, 16],
    )
    rows = [
        [
            p["assignee__full_name"] or p["assignee__username"],
            p["assignee__section__name"] or "",
            p["cases"],
            p["overdue"],
        ]
        for p in data.workload
    ]
    _sheet(workbook, "承办人工作量", ["承办人", "科室", "承办中", "其中已超期"], rows, [14, 18, 10, 12])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def overview_pdf(data, user, request=None) -> bytes:
    trend_max = max([m["met"] + m["missed"] for m in data.trend] + [1])
    bars = [
        {
            **m,
            "met_h": round(40 * m["met"] / trend_max, 2),
            "missed_h": round(40 * m["missed"] / trend_max, 2),
            "x": 14 + i * 13,
            # the rate's label just above its bar
            "label_y": round(44 - 40 * (m["met"] + m["missed"]) / trend_max - 1.5, 2),
        }
        for i, m in enumerate(data.trend)
    ]
    context = {
        "ov": data,
        "sections": one_page_sections(data.sections),
        "bars": bars,
        "printed_by": user,
        "printed_at": timezone.localtime(),
        "soon_days": figures.SOON_WORKING_DAYS,
    }
    return render_pdf("print/overview/overview.html", context, request=request)


# The PDF is one page: past this many sections, the ones with the fewest open matters are summed
# into one line (the Excel export and the page list every section).
PDF_SECTIONS = 16


def one_page_sections(sections):
    if len(sections) <= PDF_SECTIONS:
        return sections
    ranked = sorted(sections, key=lambda s: (-s.overdue, -s.open))
    shown, rest = ranked[: PDF_SECTIONS - 1], ranked[PDF_SECTIONS - 1 :]
    order = {s.section_id: i for i, s in enumerate(sections)}
    others = figures.Row(0, f"其余{len(rest)}个科室", "", "全部类型")
    for s in rest:
        for name in ("open", "due_soon", "overdue", "closed", "met", "missed"):
            setattr(others, name, getattr(others, name) + getattr(s, name))
    return [*sorted(shown, key=lambda s: order[s.section_id]), others]


def xlsx_file(content, filename):
    return xlsx_response(content, filename)


def pdf_file(content, filename):
    return pdf_response(content, filename)
