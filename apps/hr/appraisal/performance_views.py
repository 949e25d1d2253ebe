"""绩效考核 pages: one's own bonus points and results for everyone; the year's score sheet, the
bonus entries and the confirmation for the personnel section."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.workflow.api import TransitionError

from ..forms import DATE
from ..models import BonusEntry, PerformanceScore, PerformanceYear, is_personnel_officer
from ..personnel import officer_only
from . import performance
from .bonus import bonus_lines


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    excellent_quota = forms.IntegerField(
        label="“优秀”等次人数", min_value=0, max_value=500, help_text="按区绩效考评结果所定等次确定"
    )
    good_min_score = forms.DecimalField(
        label="“良好”最低分", min_value=0, max_value=200, decimal_places=1, initial=85, help_text="本局年度方案确定"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class BonusForm(forms.Form):
    person = forms.ModelChoiceField(label="人员", queryset=get_user_model().objects.none())
    kind = forms.ChoiceField(label="加分情形", choices=BonusEntry.Kind.choices)
    event_date = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="事由", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
        self.fields["person"].queryset = people.order_by("section__order", "full_name")
        self.fields["person"].label_from_instance = lambda u: u.full_name
        self.fields["event_date"].initial = timezone.localdate()


def _year(request):
    try:
        return min(max(int(request.GET.get("year") or timezone.localdate().year), 2000), 2100)
    except ValueError:
        return timezone.localdate().year


@login_required
def performance_home(request):
    user = request.user
    if user.admin_role:
        raise Http404
    officer = is_personnel_officer(user)
    year = _year(request)
    year_form = bonus_form = None
    if officer:
        action = request.POST.get("action") if request.method == "POST" else None
        year_form = YearForm(request.POST if action == "year" else None)
        bonus_form = BonusForm(request.POST if action == "bonus" else None)
        if action == "year" and year_form.is_valid():
            d = year_form.cleaned_data
            try:
                row = performance.create_year(user, d["year"], d["excellent_quota"], d["good_min_score"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("hr:performance_year", pk=row.pk)
        if action == "bonus" and bonus_form.is_valid():
            d = bonus_form.cleaned_data
            try:
                performance.add_bonus(user, d["person"], d["kind"], d["event_date"], d["note"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "加分已登记。")
                return redirect(f"{request.path}?year={d['event_date'].year}")
    elif request.method == "POST":
        officer_only(user)
    mine = bonus_lines([user.pk], year)[user.pk]
    results = user.performance_scores.filter(score_year__status=PerformanceYear.Status.FINAL).select_related(
        "score_year"
    )
    entries = BonusEntry.objects.filter(year=year).select_related("person") if officer else []
    return render(
        request,
        "hr/performance.html",
        {
            "year": year,
            "officer": officer,
            "years": PerformanceYear.objects.all() if officer else [],
            "mine": mine,
            "mine_total": sum((line.points for line in mine), 0),
            "results": results,
            "year_form": year_form,
            "bonus_form": bonus_form,
            "entries": entries,
        },
    )


@login_required
def performance_year(request, pk):
    user = request.user
    officer_only(user)
    row = get_object_or_404(PerformanceYear, pk=pk)
    if request.method == "POST":
        typed = {}
        for key, value in request.POST.items():
            field, _, person = key.partition("-")
            if field in ("common", "individual", "democratic", "last_place") and person.isdigit():
                typed.setdefault(int(person), {})[field] = value
        try:
            if row.status == PerformanceYear.Status.DRAFT:
                performance.save_scores(user, row.pk, typed)
            if request.POST.get("action") == "confirm":
                performance.confirm_year(user, row.pk)
                messages.success(request, f"{row}结果已确定。")
            else:
                messages.success(request, "得分已保存。")
        except TransitionError as exc:
            messages.error(request, str(exc))
            lines = performance.ranking(row)
            return render(request, "hr/performance_year.html", _context(row, lines, typed), status=409)
        return redirect("hr:performance_year", pk=row.pk)
    return render(request, "hr/performance_year.html", _context(row, performance.ranking(row), {}))


def _context(row, lines, typed):
    grades = dict(PerformanceScore.Grade.choices)
    for line in lines:
        line.typed = typed.get(line.score.person_id, {})
        line.grade_label = grades.get(line.grade, "")
    return {
        "row": row,
        "lines": lines,
        "problems": performance.ranking_problems(row, lines),
    }
