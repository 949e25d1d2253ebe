"""The registers' filters: one FilterSet per list page and its Excel export."""

import django_filters
from django.db.models import Q

from .models import (
    AdviserKind,
    Complaint,
    ComplaintStage,
    LawFirm,
    Lawyer,
    LawyerKind,
    LegalAdviser,
    LicenceFile,
    LicenceKind,
    LicenceStage,
    Status,
    SubjectKind,
)


class FirmFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部状态")

    class Meta:
        model = LawFirm
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(licence_no__icontains=value) | Q(head__icontains=value))


class LawyerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="类别", choices=LawyerKind.choices, empty_label="全部类别")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部状态")

    class Meta:
        model = Lawyer
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(
            Q(name__icontains=value)
            | Q(licence_no__icontains=value)
            | Q(firm__name__icontains=value)
            | Q(employer__icontains=value)
        )


class AdviserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="顾问类别", choices=AdviserKind.choices, empty_label="全部类别")
    status = django_filters.ChoiceFilter(
        label="状态", choices=[("active", "在聘"), ("ended", "已解聘/期满")], empty_label="全部状态"
    )

    class Meta:
        model = LegalAdviser
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(unit__icontains=value) | Q(adviser__icontains=value))


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    subject_kind = django_filters.ChoiceFilter(
        label="被投诉人类别", choices=SubjectKind.choices, empty_label="全部类别"
    )
    stage = django_filters.ChoiceFilter(label="阶段", choices=ComplaintStage.choices, empty_label="全部阶段")

    class Meta:
        model = Complaint
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(
            Q(case__title__icontains=value) | Q(subject_name__icontains=value) | Q(complainant__icontains=value)
        )


class LicenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    kind = django_filters.ChoiceFilter(label="申请事项", choices=LicenceKind.choices, empty_label="全部事项")
    stage = django_filters.ChoiceFilter(label="阶段", choices=LicenceStage.choices, empty_label="全部阶段")

    class Meta:
        model = LicenceFile
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(applicant__icontains=value) | Q(licence_no__icontains=value))
