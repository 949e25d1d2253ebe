from django import forms

from apps.workflow.forms import UserChoiceField, business_users

from ..forms import DATE
from ..forms import MONEY_OR_ZERO as MONEY
from ..models import Vehicle, VehicleRequest

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class VehicleRequestForm(forms.Form):
    purpose = forms.CharField(label="用车事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    destination = forms.CharField(label="目的地", max_length=100)
    scope = forms.ChoiceField(
        label="行程范围",
        choices=VehicleRequest.Scope.choices,
        help_text="城区内禁止使用公车，请乘坐公共交通工具。",
    )
    depart_at = forms.DateTimeField(label="出车时间", widget=DATETIME, input_formats=DATETIME_FORMATS)
    return_at = forms.DateTimeField(label="预计返回时间", widget=DATETIME, input_formats=DATETIME_FORMATS)
    passengers = forms.IntegerField(label="乘车人数", min_value=1, max_value=50)

    def clean(self):
        data = super().clean()
        if data.get("depart_at") and data.get("return_at") and data["return_at"] <= data["depart_at"]:
            self.add_error("return_at", "返回时间须晚于出车时间。")
        return data


class RepairForm(forms.Form):
    vehicle = forms.ModelChoiceField(label="车辆", queryset=Vehicle.objects.exclude(status=Vehicle.Status.RETIRED))
    fault = forms.CharField(label="故障及维修项目", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    workshop = forms.CharField(label="定点维修单位", max_length=100, help_text="须为政府采购定点维修单位。")
    estimate = forms.DecimalField(label="预计费用（元）", **MONEY)


class DispatchForm(forms.Form):
    vehicle = forms.ModelChoiceField(label="派出车辆", queryset=Vehicle.objects.filter(status=Vehicle.Status.ACTIVE))
    driver = UserChoiceField(
        label="驾驶员", queryset=business_users(), required=False, help_text="留空为该车的定车驾驶员。"
    )


class VehicleReturnForm(forms.Form):
    returned_at = forms.DateTimeField(label="还车时间", widget=DATETIME, input_formats=DATETIME_FORMATS)
    mileage = forms.IntegerField(label="行驶里程（公里）", min_value=0, max_value=100000)


class RepairDoneForm(forms.Form):
    sent_on = forms.DateField(label="送修日期", widget=DATE)
    cost = forms.DecimalField(label="实际费用（元）", **MONEY)
