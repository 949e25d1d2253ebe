"""Filters of the archive's lists: the 归档文件目录 (page, Excel and printed 目录), 待归档 and 借阅."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.org.models import Section
from apps.printing.lists import IdChoiceFilter
from apps.workflow.models import Case

from .models import ArchiveItem, ArchiveLoan, OrgCode, Retention
from .processes import RETURN_STEP


def _archive_sections():
    return [(s.pk, str(s)) for s in Section.objects.filter(archive_code__isnull=False).order_by("order")]


def _org_codes():
    return [
        (o.section_id, f"{o.section.name}（{o.code}）")
        for o in OrgCode.objects.select_related("section").order_by("section__order")
    ]


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "档号、题名、文号或责任者", "type": "search"}),
    )
    year = django_filters.NumberFilter(
        label="年度", min_value=1949, max_value=2100, widget=forms.NumberInput(attrs={"placeholder": "年度"})
    )
    section = IdChoiceFilter(label="机构", choices=_archive_sections, empty_label="全部机构", field_name="section_id")
    retention = django_filters.ChoiceFilter(label="保管期限", choices=Retention.choices, empty_label="全部保管期限")

    class Meta:
        model = ArchiveItem
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(
            Q(archive_no__icontains=value)
            | Q(title__icontains=value)
            | Q(doc_number__icontains=value)
            | Q(responsible__icontains=value)
        )


class PendingFilter(django_filters.FilterSet):
    """待归档: the closed cases by the year they closed in and their 机构."""

    year = django_filters.NumberFilter(
        label="办结年度",
        field_name="closed_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "办结年度", "aria-label": "办结年度"}),
    )
    section = IdChoiceFilter(
        label="机构",
        choices=_org_codes,
        empty_label="全部机构",
        field_name="section_id",
        widget=forms.Select(attrs={"aria-label": "机构"}),
    )

    class Meta:
        model = Case
        fields = []


class LoanFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=[("open", "办理中/未还"), ("overdue", "逾期未还")],
        empty_label="全部",
        method="by_state",
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )

    class Meta:
        model = ArchiveLoan
        fields = []

    def by_state(self, qs, name, value):
        qs = qs.filter(case__status=Case.Status.ACTIVE)
        if value == "overdue":
            return qs.filter(case__current_step=RETURN_STEP, case__due_date__lt=timezone.localdate())
        return qs
