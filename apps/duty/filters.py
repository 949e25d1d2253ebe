"""值班日志's filters: one FilterSet for the log page and its Excel register."""

import django_filters

from .models import LogEntry, Source


class LogFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label="来源", choices=Source.choices, empty_label="全部来源")
    status = django_filters.ChoiceFilter(label="状态", choices=LogEntry.Status.choices, empty_label="全部状态")
    start = django_filters.DateFilter(label="起始日期", field_name="at", lookup_expr="date__gte")
    end = django_filters.DateFilter(label="结束日期", field_name="at", lookup_expr="date__lte")

    class Meta:
        model = LogEntry
        fields = []
