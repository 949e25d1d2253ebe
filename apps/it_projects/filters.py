import django_filters
from django import forms

from .models import Project


class ProjectFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label="任务来源", choices=Project.Source.choices, empty_label="全部来源")
    q = django_filters.CharFilter(
        label="项目名称",
        field_name="title",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": "项目名称关键词"}),
    )

    class Meta:
        model = Project
        fields = []
