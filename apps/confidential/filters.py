"""Filters of the classified register's pages (登记簿, 借阅登记, 处置记录): one FilterSet each for
the page and its Excel register. Every queryset they narrow is already the user's visible rows."""

import django_filters
from django import forms
from django.db.models import Q

from apps.workflow.models import Case

from .models import Classification, ClassifiedItem, ClassifiedLoan, Disposal, Kind

ITEM_STATES = [("routing", "办理中"), ("kept", "在柜保管"), ("on_loan", "借出未还"), ("disposed", "已处置")]
ITEM_STATE_Q = {
    "routing": Q(case__status__in=Case.OPEN_STATUSES),
    "kept": Q(case__status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED), disposal__isnull=True, on_loan=False),
    "on_loan": Q(on_loan=True),
    "disposed": Q(disposal__isnull=False),
}
LOAN_STATES = [("open", "借出未还"), ("overdue", "已超期"), ("returned", "已归还")]


def _year(label, field_name, **kwargs):
    return django_filters.NumberFilter(
        label=label,
        field_name=field_name,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "年度", "aria-label": "年度"}),
        **kwargs,
    )


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "编号、标题或来文单位", "type": "search"}),
    )
    kind = django_filters.ChoiceFilter(label="登记簿", choices=Kind.choices, empty_label="全部登记簿")
    classification = django_filters.ChoiceFilter(label="密级", choices=Classification.choices, empty_label="全部密级")
    year = _year("年度", "year")
    state = django_filters.ChoiceFilter(label="状态", choices=ITEM_STATES, empty_label="全部状态", method="by_state")

    class Meta:
        model = ClassifiedItem
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(source__icontains=value)
            | Q(source_number__icontains=value)
        )

    def by_state(self, qs, name, value):
        return qs.filter(ITEM_STATE_Q[value])


class LoanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "密件编号或借阅人", "aria-label": "关键词"}),
    )
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=LOAN_STATES,
        empty_label="全部",
        method="by_state",
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )

    class Meta:
        model = ClassifiedLoan
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(item__number__icontains=value) | Q(borrower__full_name__icontains=value))

    def by_state(self, qs, name, value):
        if value == "open":
            return qs.open()
        if value == "overdue":
            return qs.overdue()
        return qs.exclude(case__status=Case.Status.ACTIVE)


class DisposalFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="处置方式",
        choices=Disposal.Kind.choices,
        empty_label="全部处置方式",
        widget=forms.Select(attrs={"aria-label": "处置方式"}),
    )
    year = _year("年度", "on_date", lookup_expr="year")

    class Meta:
        model = Disposal
        fields = []
