"""The registers' filters: one FilterSet per list page, shared with its Excel export."""

import django_filters
from django import forms
from django.db.models import Q

from .models import ActType, Lawsuit, LawsuitStage, ReconCase, RespondentCase, Stage, Track


def _q(placeholder):
    return django_filters.CharFilter(
        label="关键词",
        method="keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


def _year(field):
    return django_filters.NumberFilter(
        label="年度",
        field_name=field,
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"placeholder": "年度"}),
    )


class CaseFilter(django_filters.FilterSet):
    q = _q("申请人或行政行为")
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段")
    track = django_filters.ChoiceFilter(label="程序", choices=Track.choices, empty_label="全部程序")
    act_type = django_filters.ChoiceFilter(label="行为类别", choices=ActType.choices, empty_label="全部类别")
    year = _year("received_on")

    class Meta:
        model = ReconCase
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(applicant__icontains=value) | Q(act__icontains=value) | Q(respondent__name__icontains=value))


class AnswerFilter(django_filters.FilterSet):
    q = _q("申请人或行政行为")
    year = _year("copy_received_on")

    class Meta:
        model = RespondentCase
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(applicant__icontains=value) | Q(act__icontains=value))


class LawsuitFilter(django_filters.FilterSet):
    q = _q("原告、案号或被诉行为")
    stage = django_filters.ChoiceFilter(label="阶段", choices=LawsuitStage.choices, empty_label="全部阶段")
    year = _year("served_on")

    class Meta:
        model = Lawsuit
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(plaintiff__icontains=value) | Q(court_case_no__icontains=value) | Q(act__icontains=value))
