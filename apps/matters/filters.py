"""事项审批台账's filters: one FilterSet for the list page and its Excel register."""

import django_filters
from django import forms
from django.db.models import F

from apps.org.models import Section
from apps.printing.lists import IdChoiceFilter

from .models import GeneralRequest


def _sections():
    return list(Section.objects.filter(kind=Section.Kind.SECTION).order_by("order").values_list("pk", "name"))


class GeneralRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        field_name="case__title",
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "标题或编号关键词", "type": "search"}),
    )
    section = IdChoiceFilter(
        label="科室", choices=_sections, empty_label="全部科室", field_name="case__section_id", coerce=str
    )  # audited as before: the id as a string
    due_before = django_filters.DateFilter(
        label="期限不晚于",
        field_name="case__due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        label="排序", choices=[("due", "按期限（最紧先）")], empty_label="按送达时间", method="order"
    )

    class Meta:
        model = GeneralRequest
        fields = []

    def order(self, qs, name, value):
        return qs.order_by(F("case__due_date").asc(nulls_last=True), "-case__created_at")
