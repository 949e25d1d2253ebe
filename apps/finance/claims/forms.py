from django import forms
from django.utils import timezone

from apps.workflow.forms import MultipleFileField, UserChoiceField, business_users

from ..forms import DATE, MONEY
from ..models import Advance, Claim, ClaimItem, DecisionRecord, MealStandard


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label="报销类别", choices=Claim.Kind.choices)
    purpose = forms.CharField(
        label="报销事由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明何事、何时、何地、参加人员；公务接待写明来访单位和公函。",
    )
    witness = UserChoiceField(
        label="证明人",
        queryset=business_users().none(),
        help_text="知悉该项支出的同事（不能是本人），在审批链中第一个签字确认。",
    )
    advance = forms.ModelChoiceField(
        label="冲抵借款",
        required=False,
        queryset=Advance.objects.none(),
        empty_label="不冲抵借款",
        help_text="本次报销用于冲抵已领取的借款时选择。",
    )
    attachments = MultipleFileField(
        label="发票等原始凭证", help_text="发票、订菜单、行程单等，可多选；提交时至少一份。"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["witness"].queryset = business_users().exclude(pk=user.pk) if user else business_users()
        self.fields["witness"].empty_label = "请选择证明人"
        if user is not None:
            self.fields["advance"].queryset = Advance.objects.filter(
                case__initiator=user, disbursed_on__isnull=False, settled_on__isnull=True
            ).select_related("case")
        self.fields["advance"].label_from_instance = lambda a: f"{a.case.title}（{a.amount:,.2f} 元）"


class ClaimItemForm(forms.ModelForm):
    amount = forms.DecimalField(label="金额（元）", **MONEY)
    # 1..99 on the server too, not only in the browser (issue 20: a line with 0 invoices was saved)
    invoices = forms.IntegerField(label="票据张数", min_value=1, max_value=99)

    class Meta:
        model = ClaimItem
        fields = ["spent_on", "category", "description", "invoices", "amount", "meal", "persons", "meal_standard"]
        widgets = {"spent_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meal_standard"].queryset = MealStandard.objects.filter(active=True)
        self.fields["meal_standard"].empty_label = "—"
        self.fields["meal"].choices = [("", "—")] + list(ClaimItem.Meal.choices)
        self.fields["invoices"].initial = 1
        self.fields["description"].widget.attrs["placeholder"] = "如：A4 复印纸 10 箱"

    def clean_spent_on(self):
        day = self.cleaned_data["spent_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("费用发生日期不能晚于今天。")
        return day


class BaseItemFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError("请至少填写一条报销明细。")

    def items(self):
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("amount") is not None
        ]


ItemFormSet = forms.modelformset_factory(
    ClaimItem, form=ClaimItemForm, formset=BaseItemFormSet, extra=3, can_delete=True, max_num=50, validate_max=True
)


def item_formset(data=None, claim=None):
    queryset = claim.items.all() if claim is not None else ClaimItem.objects.none()
    return ItemFormSet(data, queryset=queryset, prefix="items")


class DecisionRecordForm(forms.Form):
    kind = forms.ChoiceField(label="决策形式", choices=DecisionRecord.Kind.choices)
    meeting = forms.CharField(
        label="会议名称", max_length=100, widget=forms.TextInput(attrs={"placeholder": "如：2026年第3次局长办公会议"})
    )
    held_on = forms.DateField(label="会议日期", widget=DATE)
    minutes_ref = forms.CharField(label="纪要/记录编号", max_length=60)
    minutes = forms.FileField(label="会议纪要扫描件")


class PayForm(forms.Form):
    paid_on = forms.DateField(label="付款日期", widget=DATE, initial=timezone.localdate)
    pay_method = forms.ChoiceField(label="付款方式", choices=Claim.PayMethod.choices)
    voucher_no = forms.CharField(label="记账凭证号", max_length=40, required=False)
