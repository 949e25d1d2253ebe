import django_filters
from django import forms

from .models import Topic


class TopicFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label="年度", field_name="year", widget=forms.NumberInput(attrs={"placeholder": "年度"})
    )
    source = django_filters.ChoiceFilter(label="任务来源", choices=Topic.Source.choices, empty_label="全部来源")
    q = django_filters.CharFilter(
        label="题目",
        field_name="title",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": "题目关键词"}),
    )

    class Meta:
        model = Topic
        fields = []
