"""会议登记簿's filters: one FilterSet for the list page and its Excel register."""

import django_filters
from django import forms

from apps.workflow.models import Case

from .models import Kind, Meeting

STATES = [
    ("draft", "拟定方案"),
    ("collect", "征集议题"),
    ("agenda", "审定议题"),
    ("notice", "待发通知"),
    ("signin", "待召开/签到"),
    ("minutes", "纪要办理中"),
    ("issued", "纪要已印发"),
    ("rejected", "已取消"),
]
# States that are simply the case's current step.
STEP_STATES = {"collect", "agenda", "notice", "signin"}


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="会议类型", choices=Kind.choices, empty_label="全部会议类型")
    state = django_filters.ChoiceFilter(label="状态", choices=STATES, empty_label="全部状态", method="by_state")
    year = django_filters.NumberFilter(
        label="年度",
        method="by_year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "年度", "class": "narrow"}),
    )

    class Meta:
        model = Meeting
        fields = []

    def by_state(self, qs, name, value):
        if value == "draft":
            return qs.filter(case__status__in=(Case.Status.DRAFT, Case.Status.RETURNED))
        if value in STEP_STATES:
            return qs.filter(case__status=Case.Status.ACTIVE, case__current_step=value)
        if value == "minutes":
            return qs.filter(case__status=Case.Status.ACTIVE, held_at__isnull=False)
        if value == "issued":
            return qs.filter(minutes_issued_at__isnull=False)
        if value == "rejected":
            return qs.filter(case__status=Case.Status.REJECTED)
        return qs

    def by_year(self, qs, name, value):
        return qs.filter(starts_at__year=int(value))
