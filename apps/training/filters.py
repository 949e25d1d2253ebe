import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org.models import Section
from apps.printing.lists import IdChoiceFilter


def _sections():
    return list(Section.objects.order_by("kind", "order").values_list("pk", "name"))


def _years():
    year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(year, year - 6, -1)]


class HoursFilter(django_filters.FilterSet):
    """学时登记: the year is read by the page (it chooses which hours are summed), not a filter."""

    year = django_filters.ChoiceFilter(label="年度", choices=_years, empty_label=None, method="keep")
    section = IdChoiceFilter(
        label="科室", choices=_sections, empty_label="全部科室", field_name="section_id", coerce=str
    )
    q = django_filters.CharFilter(
        label="姓名",
        field_name="full_name",
        lookup_expr="icontains",
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "姓名", "type": "search"}),
    )

    class Meta:
        model = get_user_model()
        fields = []

    def keep(self, qs, name, value):
        return qs
