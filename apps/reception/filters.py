"""来访来电接待登记簿's filters: one FilterSet for the list page and its Excel register."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model

from apps.printing.lists import IdChoiceFilter

from .models import Contact, Kind, Outcome

DATE = forms.DateInput(attrs={"type": "date"})


class ContactFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(label="起", field_name="occurred_at", lookup_expr="date__gte", widget=DATE)
    end = django_filters.DateFilter(label="止", field_name="occurred_at", lookup_expr="date__lte", widget=DATE)
    kind = django_filters.ChoiceFilter(label="方式", choices=Kind.choices, empty_label="全部方式")
    outcome = django_filters.ChoiceFilter(label="处理方式", choices=Outcome.choices, empty_label="全部处理方式")
    # Its choices (the first responders of the contacts the user may see) are set per user below.
    responder = IdChoiceFilter(
        label="首问责任人", choices=list, empty_label="全部首问责任人", field_name="first_responder_id"
    )

    class Meta:
        model = Contact
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # read only when the page renders the form: validating an id costs no query
            self.filters["responder"].extra["choices"] = lambda: [("", "全部首问责任人"), *_responders(user)]


def _responders(user):
    ids = Contact.objects.visible_to(user).values("first_responder_id")
    return [(u.pk, str(u)) for u in get_user_model().objects.filter(pk__in=ids).order_by("id")]
