from django import forms
from django.utils import timezone

from apps.training.forms import business_people

from .models import Attendance, Session


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["kind", "held_on", "topic", "content", "notes_required"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate


class AttendanceForm(forms.Form):
    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.person_id: a for a in session.attendances.all()}
        self.people = list(business_people())
        choices = [("", "不参加"), *Attendance.Status.choices]
        self.rows = []
        for p in self.people:
            row = current.get(p.pk)
            self.fields[f"s{p.pk}"] = forms.ChoiceField(
                label=p.full_name, choices=choices, required=False, initial=row.status if row else ""
            )
            self.fields[f"r{p.pk}"] = forms.CharField(
                label="请假理由", max_length=200, required=False, initial=row.leave_reason if row else ""
            )
            self.rows.append((p, f"s{p.pk}", f"r{p.pk}"))

    def bound_rows(self):
        return [(p, self[s], self[r]) for p, s, r in self.rows]

    def marks(self):
        return {p: (self.cleaned_data[s], self.cleaned_data[r]) for p, s, r in self.rows if self.cleaned_data.get(s)}


class NoteForm(forms.Form):
    text = forms.CharField(label="学习笔记和心得体会", widget=forms.Textarea(attrs={"rows": 5}))


class ReviewForm(forms.Form):
    comment = forms.CharField(label="审阅意见", max_length=200, required=False)
