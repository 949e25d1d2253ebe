"""Attendance pages: the month (import, reconciliation, publication) for the personnel section,
one's own month for everyone, the published table, the template and the register."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.printing.exports import export_or_queue, xlsx_response
from apps.printing.lists import filter_params, filtered
from apps.workflow.api import TransitionError

from ..models import AttendanceMonth, AttendancePolicy, MonthlyAttendance, OfficialOuting, is_personnel_officer
from . import services
from .filters import PublishedFilter
from .forms import AttendanceImportForm, OutingForm
from .importer import ImportRejected, template_workbook
from .summary import month_end, month_summaries


def month_from_text(text):
    """'2026-11' -> 2026-11-01; anything else -> this month."""
    try:
        year, month = (int(part) for part in text.split("-")[:2])
        return date(min(max(year, 2000), 2100), month, 1)
    except ValueError:
        today = timezone.localdate()
        return date(today.year, today.month, 1)


def _month(request):
    return month_from_text(request.GET.get("month") or request.POST.get("month") or "")


def _shift(month, months):
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def published_rows(month, params=None):
    """The published month as everyone may see it (考勤结果每月公布), with the register's filters."""
    qs = MonthlyAttendance.objects.filter(month__month=month, month__published_at__isnull=False).select_related(
        "person", "month"
    )
    return filtered(PublishedFilter, params or {}, qs).order_by(
        "person__section__kind", "person__section__order", "person__full_name"
    )


def may_export_attendance(user):
    return is_personnel_officer(user) or user.rank in ("division_leader", "director")


@login_required
def attendance(request, import_form=None, errors=None, status=200):
    user = request.user
    if user.admin_role:
        raise Http404
    month = _month(request)
    officer = is_personnel_officer(user)
    batch = AttendanceMonth.objects.filter(month=month).select_related("imported_by", "published_by").first()
    params = filter_params(PublishedFilter(request.GET or None))
    if request.GET.get("export") == "xlsx":
        if not may_export_attendance(user):
            raise PermissionDenied("只有政工科人员和局领导可以导出考勤表。")
        return export_or_queue(request, "attendance", {"month": f"{month:%Y-%m}", **params})
    until = None
    if batch is not None:
        until = batch.records.order_by("-day").values_list("day", flat=True).first()
    policy = AttendancePolicy.objects.current()
    context = {
        "policy_text": f"{policy.work_start:%H:%M}，下班 {policy.winter_end:%H:%M}（冬季）/{policy.summer_end:%H:%M}（夏季）",
        "slips": policy.slips_per_absence,
        "month": month,
        "previous": _shift(month, -1),
        "next": _shift(month, 1),
        "batch": batch,
        "officer": officer,
        "may_export": may_export_attendance(user),
        "params": params,
        "published": list(published_rows(month, params)) if batch is not None and batch.is_published else [],
        "mine": month_summaries([user], month, until=until)[user.pk] if batch is not None else None,
        "errors": errors or [],
    }
    if officer:
        staff = list(services.attendance_staff())
        if batch is not None and not batch.is_published:
            summaries = month_summaries(staff, month, until=until)
            context["draft"] = [summaries[p.pk] for p in staff]
        context["import_form"] = import_form or AttendanceImportForm(initial={"month": month})
        context["outing_form"] = OutingForm(initial={"start_date": month, "end_date": month})
        context["outings"] = (
            OfficialOuting.objects.filter(start_date__lte=month_end(month), end_date__gte=month)
            .select_related("person", "approved_by")
            .order_by("start_date")
        )
    return render(request, "hr/attendance.html", context, status=status)


@login_required
@require_GET
def attendance_template(request):
    if request.user.admin_role:
        raise Http404
    month = _month(request)
    return xlsx_response(template_workbook(month), f"考勤导入模板-{month:%Y%m}.xlsx")


@login_required
@require_POST
def attendance_import(request):
    if not is_personnel_officer(request.user):
        raise PermissionDenied("只有政工科人员可以导入考勤记录。")
    form = AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择月份和文件。")
        return attendance(request, import_form=form, status=400)
    month = form.cleaned_data["month"]
    try:
        batch = services.import_month(request.user, month, form.cleaned_data["file"])
    except ImportRejected as exc:
        messages.error(request, f"文件有 {len(exc.errors)} 处错误，未导入任何记录。请按下表逐行改正后重新上传。")
        request.GET = request.GET.copy()
        request.GET["month"] = f"{month:%Y-%m}"
        return attendance(request, import_form=form, errors=exc.errors, status=400)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已导入{month:%Y年%m月}考勤记录 {batch.rows} 条。核对下表无误后公布。")
    return redirect(f"{reverse('hr:attendance')}?month={month:%Y-%m}")


@login_required
@require_POST
def attendance_publish(request):
    if not is_personnel_officer(request.user):
        raise PermissionDenied("只有政工科人员可以公布考勤结果。")
    month = _month(request)
    try:
        services.publish_month(request.user, month)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{month:%Y年%m月}考勤结果已公布，并已通知每位工作人员。")
    return redirect(f"{reverse('hr:attendance')}?month={month:%Y-%m}")


@login_required
@require_POST
def outing_new(request):
    if not is_personnel_officer(request.user):
        raise PermissionDenied("只有政工科人员可以登记因公外出。")
    form = OutingForm(request.POST)
    month = _month(request)
    if not form.is_valid():
        messages.error(
            request, "请检查因公外出登记：" + "；".join(e for errors in form.errors.values() for e in errors)
        )
    else:
        try:
            services.register_outing(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已登记因公外出。")
    return redirect(f"{reverse('hr:attendance')}?month={month:%Y-%m}")
