import django_filters
from django import forms

from apps.printing.lists import IdChoiceFilter

from .models import Check, Purchase

DATE = forms.DateInput(attrs={"type": "date"})


class CheckFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=Check.Kind.choices, empty_label="全部类别")
    status = django_filters.ChoiceFilter(label="状态", choices=Check.Status.choices, empty_label="全部状态")
    section = IdChoiceFilter(label="股室", choices=list, empty_label="全部股室/司法所", field_name="section_id")
    start = django_filters.DateFilter(label="起", field_name="checked_on", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="checked_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Check
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        def sections():
            from apps.org.models import Section

            return [("", "全部股室/司法所")] + [
                (s.pk, s.name) for s in Section.objects.exclude(kind="leadership").order_by("order", "pk")
            ]

        self.filters["section"].extra["choices"] = sections


class PurchaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Purchase.Status.choices, empty_label="全部状态")
    start = django_filters.DateFilter(label="起", field_name="purchased_on", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="purchased_on", lookup_expr="lte", widget=DATE)
    q = django_filters.CharFilter(
        label="供货单位",
        field_name="supplier",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": "供货单位"}),
    )

    class Meta:
        model = Purchase
        fields = []
