"""督办事项登记簿's filters: one FilterSet for the list page and its Excel register."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone

from apps.org.models import Section
from apps.printing.lists import IdChoiceFilter
from apps.workflow.models import Case

from .models import Source, SupervisedItem

STATES = [("open", "办理中"), ("week", "本周到期"), ("overdue", "已超期"), ("done", "已办结")]


def _sections():
    return [(s.pk, s.name) for s in Section.objects.order_by("id")]


class ItemFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(
        label="来源", choices=Source.choices, empty_label="全部来源", widget=forms.Select(attrs={"aria-label": "来源"})
    )
    section = IdChoiceFilter(
        label="牵头科室",
        choices=_sections,
        empty_label="全部牵头科室",
        field_name="lead_section_id",
        widget=forms.Select(attrs={"aria-label": "牵头科室"}),
    )
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=STATES,
        empty_label="全部状态",
        method="by_state",
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )

    class Meta:
        model = SupervisedItem
        fields = []

    def by_state(self, qs, name, value):
        if value == "done":
            return qs.filter(case__status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED))
        qs = qs.filter(case__status__in=Case.OPEN_STATUSES)
        today = timezone.localdate()
        if value == "week":
            return qs.filter(case__due_date__gte=today, case__due_date__lte=today + timedelta(days=6 - today.weekday()))
        if value == "overdue":
            return qs.filter(case__due_date__lt=today)
        return qs
