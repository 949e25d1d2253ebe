"""考勤台账's filters: one FilterSet for the published month on the page and in its Excel file."""

import django_filters

from apps.printing.lists import FlagFilter

from ..models import MonthlyAttendance


class PublishedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名", field_name="person__full_name", lookup_expr="icontains")
    section = django_filters.CharFilter(label="科室", field_name="section_name")
    absent = FlagFilter(label="仅列有缺勤的", field_name="absences", lookup_expr="gt", value=0)

    class Meta:
        model = MonthlyAttendance
        fields = []
