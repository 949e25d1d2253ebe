from decimal import Decimal

from django import forms
from django.utils import timezone

from apps.org.models import Section
from apps.workflow.forms import UserChoiceField, business_users

from .forms import DATE
from .models import Asset, AssetDisposal, MealStandard, Reception, StockTakeLine, SupplyItem, Vehicle, VehicleRequest

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class VehicleRequestForm(forms.Form):
    purpose = forms.CharField(label="用车事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    destination = forms.CharField(label="目的地", max_length=100)
    scope = forms.ChoiceField(
        label="行程范围", choices=VehicleRequest.Scope.choices,
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
    driver = UserChoiceField(label="驾驶员", queryset=business_users(), required=False, help_text="留空为该车的定车驾驶员。")


class VehicleReturnForm(forms.Form):
    returned_at = forms.DateTimeField(label="还车时间", widget=DATETIME, input_formats=DATETIME_FORMATS)
    mileage = forms.IntegerField(label="行驶里程（公里）", min_value=0, max_value=100000)


class RepairDoneForm(forms.Form):
    sent_on = forms.DateField(label="送修日期", widget=DATE)
    cost = forms.DecimalField(label="实际费用（元）", **MONEY)


class SupplyRequestForm(forms.Form):
    purpose = forms.CharField(label="用途", max_length=200)


class SupplyLineForm(forms.Form):
    item = forms.ModelChoiceField(label="品名", queryset=SupplyItem.objects.filter(active=True), required=False)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=9999, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("item")) != bool(data.get("quantity")):
            raise forms.ValidationError("请同时填写品名和数量。")
        return data


SupplyLineFormSet = forms.formset_factory(SupplyLineForm, extra=4, max_num=30)


class StockReceiveForm(forms.Form):
    item = forms.ModelChoiceField(label="品名", queryset=SupplyItem.objects.filter(active=True))
    quantity = forms.IntegerField(label="入库数量", min_value=1, max_value=100000)
    note = forms.CharField(label="说明", max_length=200, required=False)


class AssetForm(forms.ModelForm):
    keeper = UserChoiceField(label="保管人", queryset=business_users())

    class Meta:
        model = Asset
        fields = ["number", "name", "category", "spec", "value", "acquired_on", "section", "keeper", "location"]
        widgets = {"acquired_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.order_by("kind", "order")

    def clean_acquired_on(self):
        day = self.cleaned_data["acquired_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("取得日期不能晚于今天。")
        return day


class CountForm(forms.Form):
    result = forms.ChoiceField(label="盘点结果", choices=[c for c in StockTakeLine.Result.choices if c[0] not in ("pending", "surplus")])
    found_location = forms.CharField(label="实际存放地点", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SurplusForm(forms.Form):
    description = forms.CharField(label="盘盈资产", max_length=200)
    found_location = forms.CharField(label="存放地点", max_length=100)


class DisposalForm(forms.Form):
    asset = forms.ModelChoiceField(label="资产", queryset=Asset.objects.none())
    method = forms.ChoiceField(label="处置方式", choices=AssetDisposal.Method.choices)
    reason = forms.CharField(label="处置原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="盘亏、报损、报废的资产须查明原因、确定责任。")

    def __init__(self, *args, assets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets if assets is not None else Asset.objects.none()


class DisposeForm(forms.Form):
    disposed_on = forms.DateField(label="处置日期", widget=DATE)
    proceeds = forms.DecimalField(label="处置收入（元）", required=False, **MONEY)


class ReceptionForm(forms.ModelForm):
    class Meta:
        model = Reception
        fields = ["visitor_unit", "letter_ref", "guests", "escorts", "guest_level", "arrive_on", "leave_on", "plan",
                  "meals", "budget_meals", "budget_lodging", "budget_other"]
        widgets = {"arrive_on": DATE, "leave_on": DATE, "plan": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guest_level"].queryset = MealStandard.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        if data.get("arrive_on") and data.get("leave_on") and data["leave_on"] < data["arrive_on"]:
            self.add_error("leave_on", "离开日期不能早于抵达日期。")
        return data


class ReceptionCloseForm(forms.Form):
    actual_cost = forms.DecimalField(label="实际费用（元）", **MONEY)
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="超出预算的须说明原因。")
