"""One FilterSet per register: the page and its Excel export share it."""

import django_filters
from django.db.models import Q

from apps.printing.lists import FlagFilter

from .models import (
    AidApplication,
    AidDecision,
    Assessor,
    AssessorKind,
    MediationCase,
    MediationStage,
    MediationType,
    PersonKind,
    PersonStatus,
    ServicePerson,
    ServiceUnit,
    UnitKind,
    UnitStatus,
)


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="类别", choices=UnitKind.choices, empty_label="全部类别")
    status = django_filters.ChoiceFilter(label="状态", choices=UnitStatus.choices, empty_label="全部状态")

    class Meta:
        model = ServiceUnit
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(licence_no__icontains=value) | Q(head__icontains=value))


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="类别", choices=PersonKind.choices, empty_label="全部类别")
    status = django_filters.ChoiceFilter(label="状态", choices=PersonStatus.choices, empty_label="全部状态")

    class Meta:
        model = ServicePerson
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(licence_no__icontains=value) | Q(unit__name__icontains=value))


class AidFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    decision = django_filters.ChoiceFilter(label="审查决定", choices=AidDecision.choices, empty_label="全部")
    overdue = FlagFilter(label="仅超期", method="only_overdue")

    class Meta:
        model = AidApplication
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(applicant__icontains=value) | Q(matter__icontains=value) | Q(centre_ref__icontains=value))

    def only_overdue(self, qs, name, value):
        if not value:
            return qs
        from django.db.models import F
        from django.utils import timezone

        today = timezone.localdate()
        late_review = Q(decided_on__gt=F("review_due")) | Q(decided_on__isnull=True, review_due__lt=today)
        late_assign = Q(assign_due__isnull=False) & (
            Q(assigned_on__gt=F("assign_due")) | Q(assigned_on__isnull=True, assign_due__lt=today)
        )
        return qs.filter(late_review | late_assign)


class MediationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    mediation_type = django_filters.ChoiceFilter(
        label="调解类型", choices=MediationType.choices, empty_label="全部类型"
    )
    stage = django_filters.ChoiceFilter(label="阶段", choices=MediationStage.choices, empty_label="全部阶段")

    class Meta:
        model = MediationCase
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(
            Q(case__title__icontains=value) | Q(category__icontains=value) | Q(committee__name__icontains=value)
        )


class AssessorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="类别", choices=AssessorKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[("serving", "在任"), ("expired", "任期届满"), ("removed", "免除")],
        empty_label="全部状态",
    )

    class Meta:
        model = Assessor
        fields = []

    def keyword(self, qs, name, value):
        if value.isdigit():
            return qs.filter(pk=int(value))
        return qs.filter(Q(name__icontains=value) | Q(appointment_ref__icontains=value))
