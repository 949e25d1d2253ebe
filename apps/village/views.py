from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.training.access import business_only, is_keeper, keeper_only, sees_all
from apps.workflow.api import TransitionError

from . import services
from .forms import AppraisalForm, EndForm, MemberForm, ReturnForm
from .models import MIN_DAYS, Member, MonthlyReturn


def _last_month():
    return services.month_start(services.month_start(timezone.localdate()) - timedelta(days=1))


@login_required
def home(request):
    """政工科：法治扶贫与驻村帮扶（2.5，内部制度第十九条）。"""
    business_only(request.user)
    last = _last_month()
    this = services.month_start(timezone.localdate())
    recent = MonthlyReturn.objects.filter(month__in=[last, this])
    members = (
        Member.objects.visible_to(request.user)
        .select_related("person", "person__section", "appraisal")
        .prefetch_related(Prefetch("returns", queryset=recent, to_attr="recent"))
    )
    rows = []
    for m in members:
        by_month = {r.month: r for r in m.recent}
        rows.append({"member": m, "last": by_month.get(last), "this": by_month.get(this)})
    context = {
        "rows": rows,
        "last": last,
        "this": this,
        "min_days": MIN_DAYS,
        "keeper": is_keeper(request.user),
        "sees_all": sees_all(request.user),
    }
    return render(request, "village/home.html", context)


@login_required
def member_new(request):
    keeper_only(request.user)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.appoint(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, f"已登记，任期至 {member.term_end:%Y-%m-%d}。")
            return redirect("village:member", member.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "village/member_form.html", {"form": form})


def _member(request, pk):
    business_only(request.user)
    return get_object_or_404(Member.objects.visible_to(request.user).select_related("person", "person__section"), pk=pk)


@login_required
def member_detail(request, pk, return_form=None, appraisal_form=None, end_form=None, status=200):
    member = _member(request, pk)
    returns = {r.month: r for r in member.returns.select_related("filed_by")}
    months = [{"month": m, "row": returns.get(m)} for m in services.months_of(member, timezone.localdate())]
    keeper = is_keeper(request.user)
    may_file = member.serving and (keeper or member.person_id == request.user.pk)
    leave = services.leave_days(member, services.month_start(timezone.localdate())) if member.serving else []
    context = {
        "member": member,
        "months": months,
        "min_days": MIN_DAYS,
        "keeper": keeper,
        "leave_days": leave,
        "appraisal": getattr(member, "appraisal", None),
        "return_form": return_form or (ReturnForm(initial={"month": _last_month()}) if may_file else None),
        "appraisal_form": appraisal_form or (AppraisalForm() if keeper and services.appraisal_open(member) else None),
        "end_form": end_form or (EndForm() if keeper and member.serving else None),
    }
    return render(request, "village/member.html", context, status=status)


@login_required
@require_POST
def return_file(request, pk):
    member = _member(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            row = services.file_return(
                request.user, member.pk, d["month"], d["days_in_village"], d["days_on_business"], d["work_summary"]
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            if row.short:
                messages.warning(request, f"已填报。{services.shortfall_text(row)}，已标记。")
            else:
                messages.success(request, "已填报。")
            return redirect("village:member", member.pk)
    return member_detail(request, pk, return_form=form, status=409)


@login_required
@require_POST
def appraise(request, pk):
    member = _member(request, pk)
    keeper_only(request.user)
    form = AppraisalForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.appraise(request.user, member.pk, d["grade"], d["comment"], d["decided_on"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "任期考核已登记。")
            return redirect("village:member", member.pk)
    return member_detail(request, pk, appraisal_form=form, status=409)


@login_required
@require_POST
def end(request, pk):
    member = _member(request, pk)
    keeper_only(request.user)
    form = EndForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.end_term(request.user, member.pk, d["ended_on"], d["reason"], replaced=d["replaced"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已办理离任。")
            return redirect("village:member", member.pk)
    return member_detail(request, pk, end_form=form, status=409)
