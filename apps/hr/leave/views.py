"""Leave pages: the register (请假台账), filing and editing a request or an extension, 销假,
the printed 请假单, and the leave balance (假期余额)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.printing.case_print import render_case_form
from apps.printing.lists import filtered, register_page
from apps.printing.views import FORM_ACTIONS
from apps.workflow import api
from apps.workflow.api import TransitionError

from ..models import LeaveRequest, is_personnel_officer
from . import days as leave_days
from . import services
from .balances import leave_year, leave_years
from .filters import LeaveFilter
from .forms import AllowanceForm, LeaveForm, ReturnForm
from .processes import LEAVE_PROCESS, describe_chain


def visible_leave(user, params):
    """The leave requests `user` may see with the register's filters (the page and its Excel)."""
    qs = LeaveRequest.objects.visible_to(user).select_related(
        "case", "case__section", "person", "leave_type", "stand_in"
    )
    return filtered(LeaveFilter, params, qs).order_by("-start_date", "-pk")


@login_required
def leave_list(request):
    return register_page(
        request,
        LeaveFilter,
        visible_leave,
        register="leave",
        template="hr/leave_list.html",
        context={"officer": is_personnel_officer(request.user), "today": timezone.localdate()},
    )


def _leave_for(user, pk):
    case = api.access_case(user, pk, process=LEAVE_PROCESS)
    return case, case.leave


def _extension_parent(request):
    """The approved leave a 续假 extends (?extends=<case pk>): the applicant's own, not yet over."""
    pk = request.GET.get("extends") or request.POST.get("extends")
    if not pk:
        return None
    try:
        case, parent = _leave_for(request.user, int(pk))
    except ValueError:
        raise Http404 from None
    if parent.person_id != request.user.pk:
        raise PermissionDenied("只能为本人的请假续假。")
    return parent


def _year_context(person, leave=None):
    day = leave.start_date if leave is not None else timezone.localdate()
    return {"leave_year": leave_year(person, day.year, extra=leave), "chain_rules": describe_chain()}


@login_required
def leave_new(request):
    user = request.user
    if user.admin_role or user.section_id is None:
        raise PermissionDenied(
            "只有业务人员可以请假。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    parent = _extension_parent(request)
    initial = {}
    if parent is not None:
        start, part = leave_days.next_start_after(parent.end_date, parent.end_part)
        initial = {
            "leave_type": parent.leave_type,
            "start_date": start,
            "start_part": part,
            "stand_in": parent.stand_in,
            "destination": parent.destination,
        }
    form = LeaveForm(request.POST or None, request.FILES or None, person=user, extension_of=parent, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "extends": parent}
        try:
            case = services.save_leave(user, data, uploads=data["attachments"], submit="submit" in request.POST)
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方；附件需要重新选择。）")
        else:
            messages.success(request, "已提交审批。" if "submit" in request.POST else "草稿已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return render(request, "hr/leave_form.html", {"form": form, "case": None, "parent": parent, **_year_context(user)})


@login_required
def leave_edit(request, pk):
    case, leave = _leave_for(request.user, pk)
    if case.initiator_id != request.user.pk:
        raise PermissionDenied("只有申请人本人可以修改这份请假申请。")
    if case.status not in api.EDITABLE:
        messages.error(request, "该请假已提交，不能再修改。")
        return redirect(case)
    initial = {
        name: getattr(leave, name)
        for name in (
            "leave_type",
            "start_date",
            "start_part",
            "end_date",
            "end_part",
            "reason",
            "destination",
            "stand_in",
        )
    }
    form = LeaveForm(
        request.POST or None, request.FILES or None, person=request.user, extension_of=leave.extends, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_leave(
                request.user,
                form.cleaned_data,
                case=case,
                uploads=form.cleaned_data["attachments"],
                submit="submit" in request.POST,
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提交审批。" if "submit" in request.POST else "修改已保存。")
            return redirect(case)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交；附件需要重新选择。")
    return render(
        request,
        "hr/leave_form.html",
        {
            "form": form,
            "case": case,
            "parent": leave.extends,
            "attachments": case.attachments.all(),
            **_year_context(request.user, leave),
        },
    )


@login_required
@require_POST
def leave_return(request, pk):
    case, leave = _leave_for(request.user, pk)
    if not services.may_register_return(leave, request.user):
        raise PermissionDenied("只有请假人本人或政工科人员可以办理销假。")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写到岗日期。")
        return redirect(case)
    data = form.cleaned_data
    try:
        leave = services.register_return(
            leave.pk, request.user, data["returned_on"], data["returned_part"], data["note"]
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        text = f"已销假：实际请假 {leave.actual_days} 天。"
        if leave.overstay_days:
            text += f"超出批准假期 {leave.overstay_days} 天，按缺勤登记。"
        messages.success(request, text)
    return redirect(case)


def opinion_rows(case):
    """One row per step of the route with what its approver wrote (blank while unsigned), so
    the printed form also serves for signatures in ink."""
    events = list(
        case.events.filter(action__in=FORM_ACTIONS, task__isnull=False)
        .select_related("actor", "on_behalf_of", "task")
        .order_by("created_at", "id")
    )
    rows = []
    for step in case.route:
        signed = [e for e in events if e.task.step == step["code"]]
        rows.append({"label": step["label"], "events": signed})
    return rows


@login_required
def leave_form_pdf(request, pk):
    """请假单: the request, each approver's opinion, 销假, and the year's leave so far."""
    case, leave = _leave_for(request.user, pk)
    context = {
        "leave": leave,
        "rows": opinion_rows(case),
        "submitted": case.events.filter(action="submit").order_by("id").first(),
        "attachments": list(case.attachments.all()),
        "leave_year": leave_year(leave.person, leave.start_date.year, extra=None if leave.is_approved else leave),
    }
    return render_case_form(
        request,
        case,
        "print/hr/leave_form.html",
        "请假单",
        context,
        event="print.leave_form",
        detail={},
        filename=f"请假单-{leave.person.full_name}-{leave.start_date:%Y%m%d}.pdf",
    )


@login_required
def leave_balance(request):
    """假期余额: one's own year; the personnel section sees and sets everyone's."""
    user = request.user
    if user.admin_role:
        raise Http404
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    officer = is_personnel_officer(user)
    person = user
    if request.GET.get("person"):
        if not officer:
            raise Http404
        person = get_object_or_404(
            get_user_model().objects.filter(is_active=True, admin_role=""), pk=request.GET["person"]
        )
    mine = leave_year(person, year)
    leaves = (
        LeaveRequest.objects.approved()
        .filter(person=person, start_date__year__lte=year, end_date__year__gte=year)
        .select_related("case", "leave_type")
        .order_by("start_date")
    )
    context = {"year": year, "person": person, "mine": mine, "leaves": leaves, "officer": officer}
    if officer:
        from apps.workflow.forms import business_users

        staff = list(business_users())
        years = leave_years(staff, year)
        context["everyone"] = [(p, years[p.pk]) for p in staff]
        context["allowance_form"] = AllowanceForm(initial={"year": year, "person": person.pk})
    return render(request, "hr/leave_balance.html", context)


@login_required
@require_POST
def allowance_set(request):
    if not is_personnel_officer(request.user):
        raise PermissionDenied("只有政工科人员可以设置年休假天数。")
    form = AllowanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查年休假天数：" + "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("hr:leave_balance")
    data = form.cleaned_data
    try:
        services.set_annual_allowance(request.user, data["person"], data["year"], data["annual_days"], data["basis"])
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已核定{data['person'].full_name}{data['year']}年年休假 {data['annual_days']} 天。")
    return redirect(f"{reverse('hr:leave_balance')}?year={data['year']}&person={data['person'].pk}")
