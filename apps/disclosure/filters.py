"""依申请公开办理情况登记表's filters: one FilterSet for the list page and its Excel register."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.printing.lists import FlagFilter
from apps.workflow.models import CaseClock

from . import services
from .models import DisclosureRequest, Outcome, Stage


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "申请人或所需信息", "type": "search"}),
    )
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段")
    outcome = django_filters.ChoiceFilter(
        label="办理结果",
        choices=Outcome.choices,
        empty_label="全部结果",
        widget=forms.Select(attrs={"class": "select-narrow"}),
    )
    year = django_filters.NumberFilter(
        label="收到年度",
        field_name="received_on",
        lookup_expr="year",
        min_value=2008,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "年度", "class": "year-input"}),
    )
    overdue = FlagFilter(label="仅超期", method="only_overdue", widget=forms.CheckboxInput())

    class Meta:
        model = DisclosureRequest
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(applicant__icontains=value) | Q(content__icontains=value) | Q(case__title__icontains=value))

    def only_overdue(self, qs, name, value):
        # The bureau's own clocks (补正告知, 答复): running past the due date, or met late.
        late = CaseClock.objects.filter(rule__code__in=services.OWN_RULES).filter(
            Q(status=CaseClock.Status.RUNNING, due_date__lt=timezone.localdate()) | Q(status=CaseClock.Status.LATE)
        )
        return qs.filter(case__in=late.values("case_id"))
