"""Filters of the three registers (plans, checks, rectifications): one FilterSet for each list
page and its Excel export. `section` (the section code from the URL) is always set by the view,
so the export holds exactly the rows of that section's page."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.printing.lists import FlagFilter

from .models import Check, Mode, Plan, PlanKind, Rectification

DATE = forms.DateInput(attrs={"type": "date"})
HIDDEN = forms.HiddenInput


class PlanFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(field_name="section__code", widget=HIDDEN)
    year = django_filters.NumberFilter(label="年度", widget=forms.NumberInput(attrs={"placeholder": "年度"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=PlanKind.choices, empty_label="全部类别")
    status = django_filters.ChoiceFilter(label="状态", choices=Plan.Status.choices, empty_label="全部状态")

    class Meta:
        model = Plan
        fields = []


class CheckFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(field_name="plan__section__code", widget=HIDDEN)
    ct = django_filters.NumberFilter(field_name="target_type_id", widget=HIDDEN)
    oid = django_filters.NumberFilter(field_name="target_id", widget=HIDDEN)
    unit = django_filters.CharFilter(
        label="单位", method="by_unit", widget=forms.TextInput(attrs={"placeholder": "被检查单位"})
    )
    year = django_filters.NumberFilter(
        label="年度", field_name="checked_on__year", widget=forms.NumberInput(attrs={"placeholder": "年度"})
    )
    mode = django_filters.ChoiceFilter(label="方式", choices=Mode.choices, empty_label="全部方式")
    status = django_filters.ChoiceFilter(label="状态", choices=Check.Status.choices, empty_label="全部状态")
    start = django_filters.DateFilter(label="起", field_name="checked_on", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="checked_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Check
        fields = []

    def by_unit(self, qs, name, value):
        return qs.filter(target_label__icontains=value)


class RectificationFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(field_name="check_record__plan__section__code", widget=HIDDEN)
    open = FlagFilter(label="只看未销号", method="only_open")
    overdue = FlagFilter(label="只看逾期", method="only_overdue")
    status = django_filters.ChoiceFilter(label="状态", choices=Rectification.Status.choices, empty_label="全部状态")
    unit = django_filters.CharFilter(
        label="单位", method="by_unit", widget=forms.TextInput(attrs={"placeholder": "被检查单位"})
    )

    class Meta:
        model = Rectification
        fields = []

    def only_open(self, qs, name, value):
        return qs.exclude(status=Rectification.Status.CLOSED)

    def only_overdue(self, qs, name, value):
        return qs.filter(status=Rectification.Status.ISSUED, due_date__lt=timezone.localdate())

    def by_unit(self, qs, name, value):
        return qs.filter(Q(check_record__target_label__icontains=value))
