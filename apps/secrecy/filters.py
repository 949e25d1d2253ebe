"""The secrecy registers' filters: one FilterSet per list, shared by the page and its Excel file."""

import django_filters
from django import forms

from .models import Carrier, Pledge

DATE = forms.DateInput(attrs={"type": "date"})


class PledgeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="承诺类别", choices=Pledge.Kind.choices, empty_label="全部类别")
    start = django_filters.DateFilter(label="起", field_name="signed_on", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="signed_on", lookup_expr="lte", widget=DATE)
    q = django_filters.CharFilter(
        label="姓名",
        field_name="person__full_name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": "姓名"}),
    )

    class Meta:
        model = Pledge
        fields = []


class CarrierFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Carrier.Status.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="类别", choices=Carrier.Kind.choices, empty_label="全部类别")
    level = django_filters.ChoiceFilter(label="密级", choices=Carrier.Level.choices, empty_label="全部密级")

    class Meta:
        model = Carrier
        fields = []
