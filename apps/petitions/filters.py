"""信访登记簿's filters: one FilterSet for the list page and its Excel register."""

import django_filters
from django.db.models import Q

from apps.printing.lists import FlagFilter

from .models import Channel, Petition, Stage


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="keyword")
    channel = django_filters.ChoiceFilter(label="来源", choices=Channel.choices, empty_label="全部来源")
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices, empty_label="全部阶段")
    group = FlagFilter(label="仅集体访", field_name="is_group")

    class Meta:
        model = Petition
        fields = []

    def keyword(self, qs, name, value):
        return qs.filter(Q(case__title__icontains=value) | Q(petitioner__icontains=value) | Q(demands__icontains=value))
