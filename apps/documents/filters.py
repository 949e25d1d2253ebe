"""收文登记簿 and 发文登记簿 filters: one FilterSet each for the list page and its Excel register."""

import django_filters
from django import forms
from django.db.models import Q

from apps.workflow.models import Case

from .models import IncomingDocument, OutgoingDocument

STATUSES = [("open", "办理中"), ("closed", "已办结"), ("archived", "已归档")]
STATUS_Q = {
    "open": Q(case__status__in=Case.OPEN_STATUSES),
    "closed": Q(case__status__in=(Case.Status.CLOSED, Case.Status.REJECTED)),
    "archived": Q(case__status=Case.Status.ARCHIVED),
}


class _DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "编号、标题或单位", "type": "search"}),
    )
    status = django_filters.ChoiceFilter(label="状态", choices=STATUSES, empty_label="全部状态", method="by_status")
    year = django_filters.NumberFilter(
        label="年度",
        method="by_year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "年度"}),
    )

    def by_status(self, qs, name, value):
        return qs.filter(STATUS_Q[value])

    def keyword(self, qs, name, value):
        value = value.strip()
        return qs.filter(self.keyword_q(value)) if value else qs


class IncomingFilter(_DocumentFilter):
    class Meta:
        model = IncomingDocument
        fields = []

    def keyword_q(self, q):
        return (
            Q(receipt_number__icontains=q)
            | Q(case__title__icontains=q)
            | Q(source_org__icontains=q)
            | Q(source_number__icontains=q)
        )

    def by_year(self, qs, name, value):
        return qs.filter(receipt_year=int(value))


class OutgoingFilter(_DocumentFilter):
    class Meta:
        model = OutgoingDocument
        fields = []

    def keyword_q(self, q):
        return (
            Q(number__icontains=q)
            | Q(case__title__icontains=q)
            | Q(main_recipients__icontains=q)
            | Q(case__section__name__icontains=q)
        )

    def by_year(self, qs, name, value):
        year = int(value)
        return qs.filter(Q(number_year=year) | Q(number_year__isnull=True, case__created_at__year=year))
