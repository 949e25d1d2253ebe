"""The passport and union-benefit registers' filters: one FilterSet each for the page and its Excel file."""

import django_filters

from ..models import Passport, UnionBenefit


class PassportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="持证人", field_name="holder__full_name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", choices=Passport.Status.choices, empty_label="全部状态")

    class Meta:
        model = Passport
        fields = []


class BenefitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名", field_name="person__full_name", lookup_expr="icontains")
    year = django_filters.NumberFilter(
        label="年度", field_name="event_date", lookup_expr="year", min_value=1, max_value=9999
    )

    class Meta:
        model = UnionBenefit
        fields = []
