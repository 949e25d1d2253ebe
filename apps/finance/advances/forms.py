from django import forms
from django.utils import timezone

from ..forms import DATE, MONEY
from ..models import Advance


class AdvanceForm(forms.Form):
    kind = forms.ChoiceField(label="预支类别", choices=Advance.Kind.choices)
    purpose = forms.CharField(
        label="借款事由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明出差或公务的任务、地点、时间；个人借款一律不予办理。",
    )
    amount = forms.DecimalField(label="借款金额（元）", **MONEY)
    expected_return_on = forms.DateField(
        label="预计返回（公务完成）日期",
        widget=DATE,
        help_text="返回或公务完成后一周内须报账，逾期按月收取逾期报账利息。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .. import standards

        # The rounding of a begun month is the admin's setting, not the seed's: say which applies.
        self.fields["expected_return_on"].help_text = standards.partial_month_text()


class DisburseForm(forms.Form):
    disbursed_on = forms.DateField(label="付款日期", widget=DATE, initial=timezone.localdate)
    voucher_no = forms.CharField(label="记账凭证号", max_length=40, required=False)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label="实际返回（公务完成）日期", widget=DATE, initial=timezone.localdate)


class SettleForm(forms.Form):
    returned_on = forms.DateField(label="实际返回（公务完成）日期", widget=DATE, required=False)
    settled_on = forms.DateField(label="报账日期", widget=DATE, initial=timezone.localdate)
    spent_amount = forms.DecimalField(label="报账冲抵（元）", max_digits=14, decimal_places=2, min_value=0)
    cash_returned = forms.DecimalField(label="退回现金（元）", max_digits=14, decimal_places=2, min_value=0, initial=0)
    note = forms.CharField(label="说明", max_length=200, required=False)


class VerifyForm(forms.Form):
    note = forms.CharField(label="核销说明", max_length=200, required=False)
