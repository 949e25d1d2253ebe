"""The leaders' overview page, the list behind each of its figures, and its two exports."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.audit.log import record

from . import exports, figures


def list_url(_base=None, **params):
    """The filtered list behind a figure (empty parameters left out). The page builds thousands
    of these for the director: pass `_base` (reverse("overview:list")) to resolve it once."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{_base or reverse('overview:list')}?{query}"


def _linked(overview, rows=True):
    """Attach to every figure the URL of its list (`rows`: the section × type rows too)."""
    path = reverse("overview:list")
    kinds = (*figures.CASE_KINDS, *figures.CLOCK_KINDS)
    for row in [*(overview.rows if rows else ()), *overview.sections, overview.total]:
        prefix = list_url(path, section=row.section_id or "", process=row.process)
        row.urls = {kind: f"{prefix}{'&' if prefix[-1] != '?' else ''}kind={kind}" for kind in kinds}
    for month in overview.trend:
        m = f"{month['month']:%Y-%m}"
        month["urls"] = {kind: list_url(path, kind=kind, month=m) for kind in ("closed", "met", "missed")}
    for person in overview.workload:
        person["urls"] = {
            "cases": list_url(path, kind="handler", handler=person["assignee_id"]),
            "overdue": list_url(path, kind="handler_overdue", handler=person["assignee_id"]),
        }
    return overview


def chart_data(overview):
    """What static/js/overview.js draws: plain numbers, labels and the lists' URLs."""
    return {
        "sections": [
            {
                "name": s.section,
                "open": s.open,
                "due_soon": s.due_soon,
                "overdue": s.overdue,
                "closed": s.closed,
                "urls": s.urls,
            }
            for s in overview.sections
        ],
        "trend": [
            {
                "label": m["label"],
                "rate": m["rate"],
                "met": m["met"],
                "missed": m["missed"],
                "closed": m["closed"],
                "urls": m["urls"],
            }
            for m in overview.trend
        ],
        "workload": [
            {
                "name": p["assignee__full_name"] or p["assignee__username"],
                "cases": p["cases"],
                "overdue": p["overdue"],
                "urls": p["urls"],
            }
            for p in overview.workload
        ],
    }


# Past this many (section, matter type) rows the breakdown gets its own page: the director's
# bureau has hundreds, and six links a row made the overview itself slow and long.
INLINE_ROWS = 60


@login_required
@require_GET
def overview(request):
    data = figures.build(request.user)
    _linked(data, rows=len(data.rows) <= INLINE_ROWS)
    return render(
        request,
        "overview/overview.html",
        {
            "ov": data,
            "chart_data": chart_data(data),
            "soon_days": figures.SOON_WORKING_DAYS,
            "inline_rows": INLINE_ROWS,
        },
    )


@login_required
@require_GET
def types(request):
    """The breakdown by section and matter type, every figure linked to its list."""
    return render(request, "overview/types.html", {"ov": _linked(figures.build(request.user))})


@login_required
@require_GET
def figure_list(request):
    try:
        found = figures.listing(request.user, request.GET)
    except KeyError:
        raise Http404("没有这一项统计。") from None
    page = Paginator(found.rows, 30).get_page(request.GET.get("page"))
    if not found.clocks:
        processes = figures.all_processes()
        for case in page:  # the type's label from the registry, never an error for an old code
            case.process_label = figures.process_label(case.process, processes)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "overview/list.html",
        {"listing": found, "page": page, "query": query.urlencode(), "today": figures.Dates.on().today},
    )


@login_required
@require_GET
def export_xlsx(request):
    data = figures.build(request.user)
    content = exports.overview_xlsx(data, request.user)
    record("export.overview", actor=request.user, detail={"scope": data.scope.key, "rows": len(data.rows)})
    return exports.xlsx_file(content, f"领导总览-{data.dates.today:%Y%m%d}.xlsx")


@login_required
@require_GET
def export_pdf(request):
    data = figures.build(request.user)
    pdf = exports.overview_pdf(data, request.user, request)
    record("print.overview", actor=request.user, detail={"scope": data.scope.key})
    return exports.pdf_file(pdf, f"领导总览-{data.dates.today:%Y%m%d}.pdf")
