from django import forms
from django.contrib.auth import get_user_model

from ..forms import DATE
from ..models import PayChange


class PayChangeForm(forms.ModelForm):
    class Meta:
        model = PayChange
        fields = ["person", "kind", "item", "old_amount", "new_amount", "effective_from", "basis", "reason"]
        widgets = {"effective_from": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
        self.fields["person"].queryset = people.order_by("section__order", "full_name")
        self.fields["person"].label_from_instance = lambda u: u.full_name
        for name in ("old_amount", "new_amount"):
            self.fields[name].error_messages["invalid"] = "请填写金额（元）。"
            self.fields[name].min_value = 0


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", required=False, widget=forms.TextInput(attrs={"type": "month"}))


class ExternalForm(forms.Form):
    result = forms.ChoiceField(
        label="审批结果", choices=[("approved", "审批通过"), ("refused", "审批未通过")], widget=forms.RadioSelect
    )
    doc = forms.CharField(label="审批表/文号", max_length=100, error_messages={"required": "请填写审批表或文号。"})
    on_date = forms.DateField(label="审批日期", widget=DATE)


class HandoverForm(forms.Form):
    on_date = forms.DateField(label="转交财务日期", widget=DATE)
