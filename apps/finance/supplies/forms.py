from django import forms

from ..models import SupplyItem


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
