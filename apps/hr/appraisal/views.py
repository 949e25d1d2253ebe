"""Appraisal pages: the rounds (quarterly and annual) for the personnel section, one's own final
grades for everyone, and the annual result's public notice on its case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.workflow.api import TransitionError
from apps.workflow.viewkit import case_step

from ..forms import OnDateForm
from ..models import (
    ANNUAL_GRADES,
    QUARTER_GRADES,
    AppraisalRound,
    AttendancePolicy,
    is_personnel_officer,
)
from ..personnel import officer_only
from . import services
from .forms import NoticeResultForm, RoundForm
from .processes import APPRAISAL_PROCESS


@login_required
def appraisals(request):
    user = request.user
    if user.admin_role:
        raise Http404
    officer = is_personnel_officer(user)
    form = RoundForm(request.POST or None) if officer else None
    if request.method == "POST":
        officer_only(user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.create_round(user, data["kind"], data["year"], data["quarter"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("hr:appraisal", pk=round_.pk)
    rounds = AppraisalRound.objects.select_related("case").order_by("-year", "kind", "-quarter")
    mine = (
        user.appraisal_grades.filter(round__status=AppraisalRound.Status.FINAL)
        .select_related("round")
        .order_by("-round__year", "-round__quarter")
    )
    return render(
        request,
        "hr/appraisals.html",
        {"rounds": rounds if officer else [], "mine": mine, "form": form, "officer": officer},
    )


@login_required
def appraisal(request, pk):
    user = request.user
    officer_only(user)
    round_ = get_object_or_404(AppraisalRound, pk=pk)
    if request.method == "POST":
        grades = {
            int(key[6:]): value for key, value in request.POST.items() if key.startswith("grade-") and key[6:].isdigit()
        }
        notes = {
            int(key[5:]): value.strip()
            for key, value in request.POST.items()
            if key.startswith("note-") and key[5:].isdigit()
        }
        action = request.POST.get("action", "save")
        try:
            if round_.status == AppraisalRound.Status.DRAFT:
                services.set_grades(user, round_.pk, grades, notes)
            if action == "confirm":
                services.confirm_quarter(user, round_.pk)
                messages.success(request, f"{round_}结果已确定。")
            elif action == "submit":
                round_ = services.submit_annual(user, round_.pk)
                messages.success(request, "已报局党组研究确定；确定后公示不少于5个工作日。")
                return redirect(round_.case)
            else:
                messages.success(request, "等次已保存。")
        except TransitionError as exc:
            messages.error(request, str(exc))
        return redirect("hr:appraisal", pk=round_.pk)
    grades = list(round_.grades.select_related("person", "unit"))
    absences = services.yearly_absences([g.person_id for g in grades], round_.year)
    quarterly = {}
    if round_.kind == AppraisalRound.Kind.ANNUAL:
        quarterly = services.quarterly_grades([g.person_id for g in grades], round_.year)
    names = dict(QUARTER_GRADES)
    limit = AttendancePolicy.objects.current().absence_limit
    rows = [
        (
            g,
            absences.get(g.person_id, 0),
            [names.get(q, q) for q in quarterly.get(g.person_id, [])],
            services.link_problem(g.grade, quarterly.get(g.person_id, [])),
        )
        for g in grades
    ]
    return render(
        request,
        "hr/appraisal.html",
        {
            "round": round_,
            "rows": rows,
            "limit": limit,
            "choices": QUARTER_GRADES if round_.kind == AppraisalRound.Kind.QUARTERLY else ANNUAL_GRADES,
            "problems": services.all_problems(round_, grades),
            "good_allowed": services.share_allowed(len(grades), round_.good_cap_percent),
            "excellent_allowed": services.share_allowed(len(grades), round_.excellent_cap_percent),
            "excellent_basis": services.EXCELLENT_SHARE_BASIS,
        },
    )


@login_required
@require_POST
def appraisal_notice(request, pk, action):
    if action == "start":
        return case_step(
            request,
            pk,
            process=APPRAISAL_PROCESS,
            key="appraisal_notice_start",
            form=lambda case: OnDateForm(request.POST, label="公示开始日期", auto_id="id_notice_%s"),
            action=lambda case, d: services.start_notice(case.pk, request.user, d["on_date"]),
            success="已开始公示，期满（不少于5个工作日）后系统提醒。",
            invalid="请填写公示开始日期。",
        )
    if action == "finish":
        return case_step(
            request,
            pk,
            process=APPRAISAL_PROCESS,
            key="appraisal_notice_finish",
            form=NoticeResultForm,
            action=lambda case, d: services.finish_notice(case.pk, request.user, d["result"].strip()),
            success="公示期满，年度考核结果已确定。",
        )
    raise Http404
