from django import forms
from django.utils import timezone

from apps.org.models import Section
from apps.training.forms import business_people

from .models import EvaluationResult, EvaluationRound, Reminder, RiskPoint

DATE = forms.DateInput(attrs={"type": "date"})


def _person_label(u):
    return f"{u.full_name}（{u.section.name if u.section_id else '—'}）"


class RiskPointForm(forms.ModelForm):
    class Meta:
        model = RiskPoint
        fields = ["section", "post", "description", "level", "measures", "owner", "year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.order_by("kind", "order")
        self.fields["owner"].queryset = business_people()
        self.fields["owner"].label_from_instance = _person_label
        self.fields["year"].initial = timezone.localdate().year


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    half = forms.TypedChoiceField(label="半年", choices=EvaluationRound.Half.choices, coerce=int)
    held_on = forms.DateField(label="测评日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(business_people())
        choices = [("", "未参加测评"), *EvaluationResult.Grade.choices]
        for person in self.people:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=_person_label(person), choices=choices, required=False
            )

    def person_fields(self):
        return [self[f"p{p.pk}"] for p in self.people]

    def grades(self):
        return {p: self.cleaned_data[f"p{p.pk}"] for p in self.people if self.cleaned_data.get(f"p{p.pk}")}


class ReminderForm(forms.Form):
    person = forms.ModelChoiceField(label="被提醒人", queryset=business_people())
    kind = forms.ChoiceField(label="方式", choices=Reminder.Kind.choices)
    cause = forms.ChoiceField(label="原因", choices=Reminder.Cause.choices)
    follows = forms.ModelChoiceField(
        label="前次警示提醒（诫勉“仍未改正”时必选）",
        queryset=Reminder.objects.exclude(kind=Reminder.Kind.ADMONISH).filter(corrected_on__isnull=True),
        required=False,
    )
    facts = forms.CharField(label="问题及要求", widget=forms.Textarea(attrs={"rows": 3}))
    given_on = forms.DateField(label="日期", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = _person_label
        self.fields["follows"].queryset = self.fields["follows"].queryset.select_related("person")
        self.fields["follows"].label_from_instance = lambda r: (
            f"{r.person.full_name} {r.given_on:%Y-%m-%d} {r.get_kind_display()}"
        )


class ResponseForm(forms.Form):
    explanation = forms.CharField(
        label="当事人说明及整改措施", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    corrected_on = forms.DateField(label="整改到位日期（政工科确认）", widget=DATE, required=False)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    summary = forms.CharField(label="考核评估情况", widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(label="结论及整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label="通报全局日期", widget=DATE, required=False)
