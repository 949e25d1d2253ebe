from django import forms
from django.utils import timezone

from apps.org.models import Section
from apps.workflow.forms import UserChoiceField, business_users

from ..forms import DATE
from ..forms import MONEY_OR_ZERO as MONEY
from ..models import Asset, AssetDisposal, StockTakeLine


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
    result = forms.ChoiceField(
        label="盘点结果", choices=[c for c in StockTakeLine.Result.choices if c[0] not in ("pending", "surplus")]
    )
    found_location = forms.CharField(label="实际存放地点", max_length=100, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SurplusForm(forms.Form):
    description = forms.CharField(label="盘盈资产", max_length=200)
    found_location = forms.CharField(label="存放地点", max_length=100)


class DisposalForm(forms.Form):
    asset = forms.ModelChoiceField(label="资产", queryset=Asset.objects.none())
    method = forms.ChoiceField(label="处置方式", choices=AssetDisposal.Method.choices)
    reason = forms.CharField(
        label="处置原因",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="盘亏、报损、报废的资产须查明原因、确定责任。",
    )

    def __init__(self, *args, assets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets if assets is not None else Asset.objects.none()


class DisposeForm(forms.Form):
    disposed_on = forms.DateField(label="处置日期", widget=DATE)
    proceeds = forms.DecimalField(label="处置收入（元）", required=False, **MONEY)
