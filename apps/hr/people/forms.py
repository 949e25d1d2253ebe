from django import forms

from apps.workflow.forms import UserChoiceField, business_users

from ..forms import DATE
from ..models import BenefitType, Passport, StaffRecord


class StaffRecordForm(forms.ModelForm):
    class Meta:
        model = StaffRecord
        exclude = ("person",)
        widgets = {
            name: DATE
            for name in (
                "birth_date",
                "grade_since",
                "work_start_date",
                "entry_date",
                "post_since",
                "retirement_date",
                "rehired_since",
            )
        }


class PassportForm(forms.ModelForm):
    class Meta:
        model = Passport
        fields = ("holder", "kind", "number_tail", "expires_on", "received_on", "location", "note")
        widgets = {"expires_on": DATE, "received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"] = UserChoiceField(label="持证人", queryset=business_users())

    def clean_number_tail(self):
        tail = self.cleaned_data["number_tail"].strip().upper()
        if len(tail) != 4 or not tail.isalnum():
            raise forms.ValidationError("请填写证照号码的末四位（字母或数字）。")
        return tail


class TripForm(forms.Form):
    passport = forms.ModelChoiceField(label="使用证件", queryset=None, empty_label="请选择本人证件")
    destination = forms.CharField(label="前往国家（地区）", max_length=100)
    purpose = forms.CharField(label="事由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    depart_on = forms.DateField(label="出发日期", widget=DATE)
    return_on = forms.DateField(label="预计回国（境）日期", widget=DATE)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passport"].queryset = Passport.objects.filter(holder=person, status=Passport.Status.KEPT)

    def clean(self):
        data = super().clean()
        if data.get("depart_on") and data.get("return_on") and data["return_on"] < data["depart_on"]:
            self.add_error("return_on", "回国（境）日期不能早于出发日期。")
        return data


class ReturnReportForm(forms.Form):
    returned_on = forms.DateField(label="回国（境）日期", widget=DATE)
    report = forms.CharField(
        label="回国报告",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="行程、事项完成情况；本人回国后10日内交回证件。",
    )


class BenefitForm(forms.Form):
    person = UserChoiceField(label="会员", queryset=business_users().none())
    benefit_type = forms.ModelChoiceField(label="慰问事项", queryset=BenefitType.objects.none())
    event_date = forms.DateField(label="事由发生日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = business_users()
        self.fields["benefit_type"].queryset = BenefitType.objects.filter(active=True).order_by("order")
