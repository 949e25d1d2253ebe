import django_filters
from django import forms

from .models import Incident

DATE = forms.DateInput(attrs={"type": "date"})


class IncidentFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label="阶段", choices=Incident.Stage.choices, empty_label="全部阶段")
    level = django_filters.ChoiceFilter(label="级别", choices=Incident.Level.choices, empty_label="全部级别")
    start = django_filters.DateFilter(label="起", field_name="activated_at", lookup_expr="date__gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="activated_at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = Incident
        fields = []
