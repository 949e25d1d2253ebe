"""Form pieces the finance app's pages share."""

from decimal import Decimal

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}
# Amounts that may be nothing (a repair that cost nothing, an asset given away).
MONEY_OR_ZERO = {**MONEY, "min_value": Decimal("0")}


class RegisterFilterForm(forms.Form):
    """The filters of the claims and advances registers (and their Excel export)."""

    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "事由或报销人"}),
    )
    status = forms.ChoiceField(label="状态", required=False)
    start = forms.DateField(label="提交自", required=False, widget=DATE)
    end = forms.DateField(label="提交至", required=False, widget=DATE)
    flag = forms.ChoiceField(label="标记", required=False)

    def __init__(self, *args, statuses=(), flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部状态")] + list(statuses)
        self.fields["flag"].choices = [("", "全部标记")] + list(flags)

    def params(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "start": data["start"].isoformat() if data.get("start") else "",
            "end": data["end"].isoformat() if data.get("end") else "",
            "flag": data.get("flag") or "",
        }
