"""Filters of the app's lists: one FilterSet per register, shared by the page and its Excel."""

import django_filters

from .models import DutyReport, ExamScore, LawReport, ModelApplication, Plan, PlanTask, StudySession


def years():
    from django.utils import timezone

    y = timezone.localdate().year
    return [(str(v), f"{v}年") for v in range(y + 1, 2019, -1)]


class PlanFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="年度", choices=years, method="in_year", empty_label="全部年度")

    class Meta:
        model = Plan
        fields = []

    def in_year(self, qs, name, value):
        return qs.filter(start_year__lte=int(value), end_year__gte=int(value))


class TaskFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label="期限年度", choices=years, field_name="due_on__year", empty_label="全部年度"
    )
    state = django_filters.ChoiceFilter(
        label="完成情况",
        choices=[("open", "未完成"), ("overdue", "已超期"), ("done", "已完成")],
        method="by_state",
        empty_label="全部",
    )

    class Meta:
        model = PlanTask
        fields = []

    def by_state(self, qs, name, value):
        from django.utils import timezone

        if value == "done":
            return qs.filter(done_on__isnull=False)
        qs = qs.filter(done_on__isnull=True)
        return qs.filter(due_on__lt=timezone.localdate()) if value == "overdue" else qs


class YearFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="年度", choices=years, empty_label="全部年度")


class DutyReportFilter(YearFilter):
    year = django_filters.ChoiceFilter(
        label="年度", choices=years, field_name="assessment__year", empty_label="全部年度"
    )

    class Meta:
        model = DutyReport
        fields = []


class SessionFilter(YearFilter):
    year = django_filters.ChoiceFilter(label="年度", choices=years, field_name="held_on__year", empty_label="全部年度")

    class Meta:
        model = StudySession
        fields = []


class ScoreFilter(YearFilter):
    year = django_filters.ChoiceFilter(
        label="年度", choices=years, field_name="exam__held_on__year", empty_label="全部年度"
    )

    class Meta:
        model = ExamScore
        fields = []


class LawReportFilter(YearFilter):
    class Meta:
        model = LawReport
        fields = []


class ApplicationFilter(YearFilter):
    year = django_filters.ChoiceFilter(label="年度", choices=years, field_name="campaign__year", empty_label="全部年度")

    class Meta:
        model = ModelApplication
        fields = []
