import re

import django_filters

from ..models import PayChange


class PayChangeFilter(django_filters.FilterSet):
    month = django_filters.CharFilter(
        label="执行月份", method="in_month", widget=django_filters.widgets.forms.TextInput(attrs={"type": "month"})
    )
    q = django_filters.CharFilter(
        label="姓名",
        field_name="person__full_name",
        lookup_expr="icontains",
        widget=django_filters.widgets.forms.TextInput(attrs={"placeholder": "姓名"}),
    )

    class Meta:
        model = PayChange
        fields = []

    def in_month(self, queryset, name, value):
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value.strip())
        if not match:
            return queryset.none()
        return queryset.filter(effective_from__year=int(match[1]), effective_from__month=int(match[2]))
