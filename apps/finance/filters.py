"""The finance registers' filters: one django-filter FilterSet per register, feeding both its
list page and its Excel export (apps/printing/lists.py). Every register of a case record
filters by keyword, status, submission dates and a flag; the asset cards by keyword and status."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone

from apps.workflow.models import Case

from . import standards
from .claims.processes import PAY_STEP
from .forms import DATE
from .models import (
    Advance,
    Asset,
    Claim,
    Hospitality,
    SupplyRequest,
    VehicleRepair,
    VehicleRequest,
)

CLAIM_STATUSES = [("open", "审批中（含草稿、退回）"), ("topay", "待付款"), ("paid", "已付款"), ("rejected", "未获批准")]
CLAIM_FLAGS = [("late", "逾期报销（费用发生超过规定天数后提交）"), ("decision", "须集体决策的金额")]
ADVANCE_STATUSES = [("open", "审批中（含草稿、退回）"), ("unsettled", "已付款未报账"), ("settled", "已报账")]
ADVANCE_FLAGS = [("overdue", "逾期未报账"), ("charged", "计收逾期利息")]
CASE_STATUSES = [("open", "办理中（含草稿、退回）"), ("closed", "已办结"), ("rejected", "未获批准")]
TRIP_FLAGS = [("all_out", "所有车辆同时外出（报主要领导）")]


def _search(placeholder):
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


class CaseRecordFilter(django_filters.FilterSet):
    """Keyword, status, submitted between, flag. Subclasses name the statuses and flags (as Q
    objects, or methods for those that depend on today or a standard)."""

    q = django_filters.CharFilter(label="关键词", method="keyword", widget=_search("标题或申请人"))
    status = django_filters.ChoiceFilter(
        label="状态", choices=CASE_STATUSES, method="by_status", empty_label="全部状态"
    )
    start = django_filters.DateFilter(
        label="提交自", field_name="case__submitted_at", lookup_expr="date__gte", widget=DATE
    )
    end = django_filters.DateFilter(
        label="提交至", field_name="case__submitted_at", lookup_expr="date__lte", widget=DATE
    )
    flag = django_filters.ChoiceFilter(label="标记", choices=(), method="by_flag", empty_label="全部标记")

    def keyword(self, qs, name, value):
        return qs.filter(Q(case__title__icontains=value) | Q(case__initiator__full_name__icontains=value))

    def statuses(self):
        return {
            "closed": Q(case__status__in=(Case.Status.CLOSED, Case.Status.ARCHIVED)),
            "rejected": Q(case__status=Case.Status.REJECTED),
        }

    def flags(self):
        return {}

    def by_status(self, qs, name, value):
        if value == "open":
            return qs.filter(case__status__in=Case.OPEN_STATUSES)
        return qs.filter(self.statuses()[value]) if value in self.statuses() else qs

    def by_flag(self, qs, name, value):
        flags = self.flags()
        return qs.filter(flags[value]) if value in flags else qs


class ClaimFilter(CaseRecordFilter):
    q = django_filters.CharFilter(label="关键词", method="keyword", widget=_search("事由或报销人"))
    status = django_filters.ChoiceFilter(
        label="状态", choices=CLAIM_STATUSES, method="by_status", empty_label="全部状态"
    )
    flag = django_filters.ChoiceFilter(label="标记", choices=CLAIM_FLAGS, method="by_flag", empty_label="全部标记")

    class Meta:
        model = Claim
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(purpose__icontains=value) | Q(case__initiator__full_name__icontains=value))

    def statuses(self):
        return {
            "topay": Q(case__status=Case.Status.ACTIVE, case__current_step=PAY_STEP),
            "paid": Q(paid_on__isnull=False),
            "rejected": Q(case__status=Case.Status.REJECTED),
        }

    def flags(self):
        return {"late": Q(filed_late=True), "decision": Q(amount__gte=standards.collective_amount())}


class AdvanceFilter(ClaimFilter):
    status = django_filters.ChoiceFilter(
        label="状态", choices=ADVANCE_STATUSES, method="by_status", empty_label="全部状态"
    )
    flag = django_filters.ChoiceFilter(label="标记", choices=ADVANCE_FLAGS, method="by_flag", empty_label="全部标记")

    class Meta:
        model = Advance
        fields = []

    def statuses(self):
        return {
            "unsettled": Q(disbursed_on__isnull=False, settled_on__isnull=True),
            "settled": Q(settled_on__isnull=False),
        }

    def flags(self):
        today = timezone.localdate()
        return {
            "overdue": Q(disbursed_on__isnull=False, settled_on__isnull=True, settle_by__lt=today),
            "charged": Q(disbursed_on__isnull=False)
            & (Q(settled_on__isnull=True, settle_by__lt=today) | Q(settled_on__gt=F("settle_by"))),
        }


class TripFilter(CaseRecordFilter):
    flag = django_filters.ChoiceFilter(label="标记", choices=TRIP_FLAGS, method="by_flag", empty_label="全部标记")

    class Meta:
        model = VehicleRequest
        fields = []

    def flags(self):
        return {"all_out": Q(all_cars_out=True)}


class RepairFilter(CaseRecordFilter):
    class Meta:
        model = VehicleRepair
        fields = []


class SupplyRequestFilter(CaseRecordFilter):
    class Meta:
        model = SupplyRequest
        fields = []


class HospitalityFilter(CaseRecordFilter):
    class Meta:
        model = Hospitality
        fields = []


class AssetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword", widget=_search("编号、名称或存放地点"))
    status = django_filters.ChoiceFilter(label="状态", choices=Asset.Status.choices, empty_label="全部状态")

    class Meta:
        model = Asset
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(number__icontains=value) | Q(name__icontains=value) | Q(location__icontains=value))
