from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.printing.lists import filtered, register_page
from apps.workflow import api

from . import services
from .access import business_only, is_keeper, keeper_only, sees_all
from .filters import HoursFilter
from .forms import AttendanceForm, CourseForm, ImportForm, PlanForm, business_people
from .models import Course, PlatformImport, TrainingPlan
from .processes import PLAN


def _year(request):
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def home(request):
    """政工科：年度培训计划、课程、出勤与学时（2.2）。"""
    business_only(request.user)
    year = _year(request)
    plan = TrainingPlan.objects.visible_to(request.user).select_related("case").filter(year=year).first()
    courses = services.course_queryset(request.user).filter(held_on__year=year)
    mine = services.hours_by_person(request.user, year).filter(pk=request.user.pk).first()
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
        "plan": plan,
        "courses": courses[:50],
        "mine": mine,
        "keeper": is_keeper(request.user),
        "sees_all": sees_all(request.user),
        "imports": PlatformImport.objects.select_related("imported_by")[:5] if sees_all(request.user) else (),
    }
    return render(request, "training/home.html", context)


def _plan_page(request, form, case):
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            case = services.save_plan(request.user, form.cleaned_data, case=case, submit=submit)
        except api.TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "已提交审批。" if submit else "草稿已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "training/plan_form.html", {"form": form, "case": case})


@login_required
def plan_new(request):
    keeper_only(request.user)
    return _plan_page(request, PlanForm(request.POST or None), None)


@login_required
def plan_edit(request, pk):
    case = api.access_case(request.user, pk, process=PLAN)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied("只有编制人本人可以修改计划。")
    if case.status not in api.EDITABLE:
        messages.error(request, "计划已提交，不能再修改。")
        return redirect(case)
    plan = case.training_plan
    initial = {"year": plan.year, "body": plan.body, "required_hours": plan.required_hours}
    return _plan_page(request, PlanForm(request.POST or None, initial=initial), case)


@login_required
def course_new(request):
    keeper_only(request.user)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.add_course(request.user, form.cleaned_data)
        except api.TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "课程已登记，请登记出勤。")
            return redirect("training:course_detail", course.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "training/course_form.html", {"form": form})


@login_required
def course_detail(request, pk):
    business_only(request.user)
    course = get_object_or_404(Course.objects.select_related("plan", "created_by"), pk=pk)
    if not course.visible_to(request.user):
        raise Http404
    form = None
    if is_keeper(request.user):
        form = AttendanceForm(request.POST or None, course=course, people=business_people())
        if request.method == "POST" and form.is_valid():
            try:
                services.record_attendance(request.user, course.pk, form.marks())
            except api.TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "出勤已登记，学时已计入。")
                return redirect("training:course_detail", course.pk)
    elif request.method == "POST":
        raise PermissionDenied("此项只有政工科人员可以办理。")
    attendances = course.attendances.select_related("person", "person__section").order_by("person__full_name")
    if not sees_all(request.user):
        attendances = attendances.filter(person=request.user)
    return render(request, "training/course.html", {"course": course, "form": form, "attendances": attendances})


def visible_hours(user, params):
    year = int(params.get("year") or timezone.localdate().year)
    qs = services.hours_by_person(user, year)
    return filtered(HoursFilter, params, qs)


@login_required
def hours(request):
    business_only(request.user)
    year = _year(request)
    plan = services.plan_for(year)
    return register_page(
        request,
        HoursFilter,
        visible_hours,
        register="training_hours",
        template="training/hours.html",
        context={"year": year, "required": plan.required_hours if plan else None},
    )


@login_required
def import_new(request):
    keeper_only(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            batch = services.import_platform_hours(request.user, d["year"], d["platform"], d["file"])
        except api.TransitionError as exc:
            messages.error(request, f"{exc}（请重新选择文件。）")
        else:
            if batch.problems:
                messages.warning(request, f"已导入 {batch.rows_matched} 行，{len(batch.problems)} 行未能导入，见下表。")
            else:
                messages.success(request, f"已导入 {batch.rows_matched} 行。")
            return redirect("training:import_detail", batch.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；文件需要重新选择。")
    return render(request, "training/import_form.html", {"form": form})


@login_required
def import_detail(request, pk):
    if not sees_all(request.user):
        raise Http404
    batch = get_object_or_404(PlatformImport.objects.select_related("imported_by"), pk=pk)
    rows = batch.rows.select_related("person", "person__section").order_by("person__full_name")
    return render(request, "training/import.html", {"batch": batch, "rows": rows})
