from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org.models import Section

from .models import Check

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CheckForm(forms.Form):
    checked_on = forms.DateField(label="检查日期", widget=DATE, initial=timezone.localdate)
    kind = forms.ChoiceField(label="检查类别", choices=Check.Kind.choices)
    section = forms.ModelChoiceField(
        label="被检查股室/司法所", queryset=Section.objects.none(), empty_label="（请选择）"
    )
    inspectors = forms.CharField(label="检查人", max_length=80)
    score = forms.IntegerField(label="得分（百分制）", min_value=0, max_value=100, help_text="低于 80 分的须整改。")
    findings = forms.CharField(label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rectify_by = forms.DateField(label="整改期限", required=False, widget=DATE, help_text="需要整改的填写。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.exclude(kind="leadership").order_by("order", "pk")


class RectifiedForm(forms.Form):
    on_date = forms.DateField(label="整改完成日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="整改情况", max_length=200)


class Person(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class PurchaseForm(forms.Form):
    purchased_on = forms.DateField(label="采购日期", widget=DATE, initial=timezone.localdate)
    supplier = forms.CharField(label="供货单位", max_length=80)
    items = forms.CharField(label="物品明细（名称、数量、单价）", widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label="金额（元）", min_value=0.01, max_digits=10, decimal_places=2)
    invoice_no = forms.CharField(label="发票/清单号", max_length=40, required=False)
    acceptor = Person(
        label="验收人（机关后勤专干）",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="（默认：机关后勤专干）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acceptor"].queryset = (
            get_user_model().objects.filter(is_active=True, admin_role="", section__code="office").order_by("full_name")
        )


class AcceptForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label="验收结论",
        choices=[("1", "验收合格"), ("0", "不合格")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="验收意见", max_length=200, required=False)
