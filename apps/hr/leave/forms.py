from decimal import Decimal

from django import forms
from django.utils import timezone

from apps.workflow.forms import MultipleFileField, UserChoiceField, business_users

from ..forms import DATE
from ..models import HalfDay, LeaveType


class LeaveForm(forms.Form):
    leave_type = forms.ModelChoiceField(label="假别", queryset=LeaveType.objects.none(), empty_label="请选择假别")
    start_date = forms.DateField(label="开始日期", widget=DATE)
    start_part = forms.ChoiceField(
        label="开始时段", choices=[(HalfDay.AM, "上午起"), (HalfDay.PM, "下午起")], initial=HalfDay.AM
    )
    end_date = forms.DateField(label="结束日期", widget=DATE)
    end_part = forms.ChoiceField(
        label="结束时段", choices=[(HalfDay.PM, "下午止（全天）"), (HalfDay.AM, "上午止")], initial=HalfDay.PM
    )
    reason = forms.CharField(label="请假事由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    destination = forms.CharField(label="去向", max_length=100, required=False, help_text="外出地点，便于紧急联系。")
    stand_in = UserChoiceField(
        label="工作代理人",
        queryset=business_users().none(),
        required=False,
        empty_label="不指定",
        help_text="批准后，假期内您的待办（审批、办理）同时送达代理人，由其代为处理。",
    )
    attachments = MultipleFileField(label="证明材料", help_text="病假须上传区级以上医院证明（可拍照上传）。")

    def __init__(self, *args, person=None, extension_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_type"].queryset = LeaveType.objects.filter(active=True).order_by("order")
        users = business_users()
        if person is not None:
            users = users.exclude(pk=person.pk)
        self.fields["stand_in"].queryset = users
        self.extension_of = extension_of
        if extension_of is not None:
            # a 续假 starts where the leave ends, with the same type
            for name in ("leave_type", "start_date", "start_part"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", "结束日期不能早于开始日期。")
            elif start == end and data.get("start_part") == HalfDay.PM and data.get("end_part") == HalfDay.AM:
                self.add_error("end_part", "同一天请假：下午起的只能下午止。")
            elif (end - start).days > 366:
                self.add_error("end_date", "一次请假不能超过一年。")
            today = timezone.localdate()
            if start.year < today.year - 1 or start.year > today.year + 1:
                self.add_error("start_date", "请填写去年至明年之间的日期。")
        return data


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label="到岗日期", widget=DATE)
    returned_part = forms.ChoiceField(
        label="到岗时段", choices=[(HalfDay.AM, "上午到岗"), (HalfDay.PM, "下午到岗")], initial=HalfDay.AM
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].initial = timezone.localdate()


class AllowanceForm(forms.Form):
    person = UserChoiceField(label="人员", queryset=business_users().none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    annual_days = forms.DecimalField(
        label="年休假天数", min_value=Decimal("0"), max_value=Decimal("30"), max_digits=4, decimal_places=1
    )
    basis = forms.CharField(
        label="核定依据", max_length=100, required=False, help_text="如：累计工作满10年不满20年，10天"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = business_users()
        self.fields["year"].initial = timezone.localdate().year
