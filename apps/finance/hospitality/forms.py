from django import forms

from ..forms import DATE
from ..forms import MONEY_OR_ZERO as MONEY
from ..models import Hospitality, MealStandard


class HospitalityForm(forms.ModelForm):
    class Meta:
        model = Hospitality
        fields = [
            "visitor_unit",
            "letter_ref",
            "guests",
            "escorts",
            "guest_level",
            "arrive_on",
            "leave_on",
            "plan",
            "meals",
            "budget_meals",
            "budget_lodging",
            "budget_other",
        ]
        widgets = {"arrive_on": DATE, "leave_on": DATE, "plan": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest_level"].queryset = MealStandard.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        if data.get("arrive_on") and data.get("leave_on") and data["leave_on"] < data["arrive_on"]:
            self.add_error("leave_on", "离开日期不能早于抵达日期。")
        return data


class HospitalityCloseForm(forms.Form):
    actual_cost = forms.DecimalField(label="实际费用（元）", **MONEY)
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="超出预算的须说明原因。")
