from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from apps.org.models import Section
from apps.training.access import business_only, is_keeper, keeper_only, sees_all
from apps.workflow.api import TransitionError

from . import services
from .forms import AssessmentForm, EvaluationForm, ReminderForm, ResponseForm, RiskPointForm
from .models import EvaluationRound, Reminder, RiskPoint, YearAssessment, sees_discipline


@login_required
def home(request):
    """廉政风险防范：风险点、半年民主测评、警示提醒与诫勉、年度考核（内部制度第六项）。"""
    business_only(request.user)
    points = RiskPoint.objects.filter(active=True).select_related("section", "owner")
    section = request.GET.get("section")
    if section and section.isdigit():
        points = points.filter(section_id=int(section))
    rounds = ()
    if sees_all(request.user):
        rounds = EvaluationRound.objects.annotate(
            people=Count("results"), poor=Count("results", filter=Q(results__grade="poor"))
        )
    context = {
        "points": points,
        "sections": Section.objects.order_by("kind", "order"),
        "section": section,
        "rounds": rounds,
        "reminders": Reminder.objects.visible_to(request.user).select_related("person", "person__section")[:50],
        "assessments": YearAssessment.objects.all(),
        "keeper": is_keeper(request.user),
        "discipline": sees_discipline(request.user),
    }
    return render(request, "integrity/home.html", context)


def _form_page(request, form, save, done, template, title):
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, done)
            return redirect(obj) if hasattr(obj, "get_absolute_url") else redirect("integrity:home")
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, template, {"form": form, "title": title})


@login_required
def risk_new(request):
    keeper_only(request.user)
    form = RiskPointForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda f: services.save_risk_point(request.user, f.cleaned_data),
        "风险点已登记。",
        "integrity/form.html",
        "登记廉政风险点",
    )


@login_required
def risk_edit(request, pk):
    keeper_only(request.user)
    point = get_object_or_404(RiskPoint, pk=pk)
    form = RiskPointForm(request.POST or None, instance=point)
    return _form_page(
        request,
        form,
        lambda f: services.save_risk_point(request.user, f.cleaned_data, point=point),
        "风险点已修改。",
        "integrity/form.html",
        "修改廉政风险点",
    )


@login_required
def evaluation_new(request):
    keeper_only(request.user)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.record_evaluation(request.user, d["year"], d["half"], d["held_on"], form.grades(), d["note"])
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, "民主测评已登记。测评较差的同志可登记警示提醒。")
            return redirect("integrity:evaluation", rnd.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "integrity/evaluation_form.html", {"form": form})


@login_required
def evaluation_detail(request, pk):
    if not sees_all(request.user):
        raise Http404
    rnd = get_object_or_404(EvaluationRound.objects.select_related("recorded_by"), pk=pk)
    results = rnd.results.select_related("person", "person__section").order_by("person__full_name")
    return render(request, "integrity/evaluation.html", {"round": rnd, "results": results})


@login_required
def reminder_new(request):
    keeper_only(request.user)
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial = {"person": int(request.GET["person"]), "cause": "evaluation"}
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reminder = services.give_reminder(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, f"{exc}（已填写的内容仍在下方。）")
        else:
            messages.success(request, f"{reminder.get_kind_display()}已登记。")
            return redirect("integrity:reminder", reminder.pk)
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再提交。")
    return render(request, "integrity/form.html", {"form": form, "title": "登记警示提醒或诫勉"})


@login_required
def reminder_detail(request, pk):
    business_only(request.user)
    reminder = get_object_or_404(
        Reminder.objects.visible_to(request.user).select_related("person", "given_by", "follows"), pk=pk
    )
    may_respond = reminder.corrected_on is None and (is_keeper(request.user) or reminder.person_id == request.user.pk)
    form = ResponseForm(request.POST or None, initial={"explanation": reminder.explanation}) if may_respond else None
    if form is not None and not is_keeper(request.user):
        del form.fields["corrected_on"]
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.record_response(
                    request.user, reminder.pk, form.cleaned_data["explanation"], form.cleaned_data.get("corrected_on")
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "已保存。")
                return redirect("integrity:reminder", reminder.pk)
    return render(request, "integrity/reminder.html", {"reminder": reminder, "form": form})


@login_required
def assessment_new(request):
    keeper_only(request.user)
    form = AssessmentForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda f: services.record_assessment(request.user, f.cleaned_data),
        "年度考核评估已登记。",
        "integrity/form.html",
        "登记年度考核评估",
    )
