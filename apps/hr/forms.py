"""Form pieces hr's domains share: the date widget and the one-date step form."""

from django import forms
from django.utils import timezone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OnDateForm(forms.Form):
    on_date = forms.DateField(label="日期", widget=DATE)

    def __init__(self, *args, label="日期", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].label = label
        self.fields["on_date"].initial = timezone.localdate()
