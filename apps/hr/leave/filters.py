"""请假台账's filters: one FilterSet for the list page and its Excel register."""

import django_filters
from django import forms
from django.db.models import Q

from apps.org.models import Section
from apps.printing.lists import IdChoiceFilter
from apps.workflow.models import Case

from ..forms import DATE
from ..models import APPROVED_STATUSES, LeaveRequest, LeaveType

STATUS_CHOICES = [
    ("pending", "审批中"),
    ("approved", "已批准"),
    ("away", "已批准未销假"),
    ("returned", "已销假"),
    ("rejected", "未获批准"),
    ("draft", "草稿"),
]

STATUS_FILTERS = {
    "pending": Q(case__status__in=(Case.Status.ACTIVE, Case.Status.RETURNED)),
    "approved": Q(case__status__in=APPROVED_STATUSES),
    "away": Q(case__status__in=APPROVED_STATUSES, returned_on__isnull=True),
    "returned": Q(returned_on__isnull=False),
    "rejected": Q(case__status=Case.Status.REJECTED),
    "draft": Q(case__status=Case.Status.DRAFT),
}


def _leave_types():
    return list(LeaveType.objects.order_by("order").values_list("pk", "name"))


def _sections():
    return list(Section.objects.order_by("kind", "order").values_list("pk", "name"))


class LeaveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="姓名",
        field_name="person__full_name",
        lookup_expr="icontains",
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "姓名", "type": "search"}),
    )
    leave_type = IdChoiceFilter(label="假别", field_name="leave_type_id", choices=_leave_types, empty_label="全部假别")
    status = django_filters.ChoiceFilter(
        label="状态", choices=STATUS_CHOICES, empty_label="全部状态", method="by_status"
    )
    section = IdChoiceFilter(label="科室", field_name="case__section_id", choices=_sections, empty_label="全部科室")
    # a leave is in the period when it ends on or after its start and starts on or before its end
    start = django_filters.DateFilter(label="起", field_name="end_date", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="start_date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = LeaveRequest
        fields = []

    def by_status(self, qs, name, value):
        return qs.filter(STATUS_FILTERS[value])
