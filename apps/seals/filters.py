"""用印登记簿 and 印章台账 filters: one FilterSet each for the list page and its Excel register."""

import django_filters
from django import forms
from django.db.models import Q

from apps.printing.lists import IdChoiceFilter
from apps.workflow.models import Case

from .models import Seal, SealKind, SealUseRequest
from .processes import STAMP_STEP

USE_STATES = [("approving", "审批中"), ("waiting", "待用印"), ("done", "已办结"), ("other", "草稿/退回/未获批准")]
USE_STATE_Q = {
    "approving": Q(case__status=Case.Status.ACTIVE) & ~Q(case__current_step=STAMP_STEP),
    "waiting": Q(case__status=Case.Status.ACTIVE, case__current_step=STAMP_STEP),
    "done": Q(case__status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED)),
    "other": Q(case__status__in=(Case.Status.DRAFT, Case.Status.RETURNED, Case.Status.REJECTED)),
}


def _seals():
    return [(s.pk, s.label) for s in Seal.objects.order_by("status", "name")]


class UseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "标题或文件名称"}),
    )
    seal = IdChoiceFilter(label="印章", choices=_seals, empty_label="全部印章", field_name="seal_id")
    status = django_filters.ChoiceFilter(label="状态", choices=USE_STATES, empty_label="全部状态", method="by_state")

    class Meta:
        model = SealUseRequest
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(case__title__icontains=value) | Q(document_title__icontains=value))

    def by_state(self, qs, name, value):
        return qs.filter(USE_STATE_Q[value])


class SealFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=Seal.Status.choices,
        empty_label="全部状态",
        widget=forms.Select(attrs={"aria-label": "状态"}),
    )
    kind = django_filters.ChoiceFilter(
        label="类别",
        choices=SealKind.choices,
        empty_label="全部类别",
        widget=forms.Select(attrs={"aria-label": "类别"}),
    )

    class Meta:
        model = Seal
        fields = []
