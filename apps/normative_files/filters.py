"""The registers' filters: one FilterSet per list page, shared with its Excel export."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from apps.printing.lists import FlagFilter
from apps.workflow.models import CaseClock

from .models import Conclusion, FileStatus, Filing, FilingOutcome, LegalityReview, NormativeFile, Stage

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
    # Not in the filter bar: the links of the yearly figures (services.yearly_figures) narrow
    # the register to the rows behind one figure; the page shows them while they are set.
    issued = _year("issued_on", "出具意见书年度")
    registered = _year("registered_on", "登记年度")
    conclusion = django_filters.ChoiceFilter(label="审核结论", choices=Conclusion.choices, empty_label="全部结论")
    returned = FlagFilter(label="曾退回补充材料", field_name="return_count", lookup_expr="gt", value=0)
    late = FlagFilter(label="超期", method="overdue")

    class Meta:
        model = LegalityReview
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(reg_number__icontains=value) | Q(doc_number__icontains=value))

    def overdue(self, qs, name, value):
        return qs.filter(Exists(CaseClock.objects.filter(case=OuterRef("case"), status=CaseClock.Status.LATE)))


class FilingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={**SEARCH, "placeholder": "文件名称"}),
    )
    outcome = django_filters.ChoiceFilter(label="备案结果", choices=FilingOutcome.choices, empty_label="全部结果")
    year = _year("file__published_on", "公布年度")
    # Not in the filter bar: the links of the yearly figures (see ReviewFilter).
    filed = _year("to_congress_on", "报区人大常委会年度")
    decided = _year("outcome_on", "备案结果年度")
    deferred = _year("deferred_on", "暂缓登记年度")
    late = FlagFilter(label="超期", method="overdue")

    class Meta:
        model = Filing
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(file__title__icontains=value) | Q(file__reg_number__icontains=value))

    def overdue(self, qs, name, value):
        return qs.filter(Exists(CaseClock.objects.filter(case=OuterRef("case"), status=CaseClock.Status.LATE)))


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
    year = _year("published_on", "公布年度")

    class Meta:
        model = NormativeFile
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(doc_number__icontains=value) | Q(reg_number__icontains=value))

    def by_scope(self, qs, name, value):
        if value == "all":
            return qs
        return qs.filter(status=value)
