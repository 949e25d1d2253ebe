"""The registers' filters: one FilterSet per list page, shared with its Excel export."""

import django_filters
from django import forms
from django.db.models import Q

from .models import FileStatus, Filing, FilingOutcome, LegalityReview, NormativeFile, Stage

SEARCH = {"type": "search"}


def _year(field, label="年度"):
    return django_filters.NumberFilter(
        label=label,
        field_name=field,
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "年度"}),
    )


class ReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={**SEARCH, "placeholder": "名称或登记号"}),
    )
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段")
    year = _year("received_on", "收件年度")

    class Meta:
        model = LegalityReview
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(reg_number__icontains=value) | Q(doc_number__icontains=value))


class FilingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={**SEARCH, "placeholder": "文件名称"}),
    )
    outcome = django_filters.ChoiceFilter(label="备案结果", choices=FilingOutcome.choices, empty_label="全部结果")
    year = _year("file__published_on", "公布年度")

    class Meta:
        model = Filing
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(file__title__icontains=value) | Q(file__reg_number__icontains=value))


SCOPES = [("all", "全部（含已废止、失效）")] + [(v, FileStatus(v).label) for v in FileStatus.values]


class CatalogueFilter(django_filters.FilterSet):
    """The catalogue shows the files in force unless another scope is asked for."""

    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={**SEARCH, "placeholder": "名称或文号"}),
    )
    scope = django_filters.ChoiceFilter(label="范围", choices=SCOPES, empty_label="现行有效", method="by_scope")
    drafter = django_filters.CharFilter(label="起草单位", field_name="drafter__name", lookup_expr="icontains")

    class Meta:
        model = NormativeFile
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(doc_number__icontains=value) | Q(reg_number__icontains=value))

    def by_scope(self, qs, name, value):
        if value == "all":
            return qs
        return qs.filter(status=value)
