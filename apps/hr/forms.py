from decimal import Decimal

from django import forms
from django.utils import timezone

from apps.org.models import Section
from apps.workflow.forms import MultipleFileField, UserChoiceField, business_users

from .models import AppraisalRound, BenefitType, HalfDay, LeaveType, OfficialOuting, Passport, StaffRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
        label="工作代理人", queryset=business_users().none(), required=False, empty_label="不指定",
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
    basis = forms.CharField(label="核定依据", max_length=100, required=False, help_text="如：累计工作满10年不满20年，10天")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = business_users()
        self.fields["year"].initial = timezone.localdate().year


STATUS_CHOICES = [
    ("", "全部状态"),
    ("pending", "审批中"),
    ("approved", "已批准"),
    ("away", "已批准未销假"),
    ("returned", "已销假"),
    ("rejected", "未获批准"),
    ("draft", "草稿"),
]


class LeaveFilterForm(forms.Form):
    q = forms.CharField(
        label="姓名", required=False, max_length=40, widget=forms.TextInput(attrs={"placeholder": "姓名", "type": "search"})
    )
    leave_type = forms.ModelChoiceField(label="假别", required=False, queryset=LeaveType.objects.none(), empty_label="全部假别")
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    section = forms.ModelChoiceField(label="科室", required=False, queryset=Section.objects.none(), empty_label="全部科室")
    start = forms.DateField(label="起", required=False, widget=DATE)
    end = forms.DateField(label="止", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_type"].queryset = LeaveType.objects.order_by("order")
        self.fields["section"].queryset = Section.objects.order_by("kind", "order")

    def params(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "leave_type": str(data["leave_type"].pk) if data.get("leave_type") else "",
            "status": data.get("status") or "",
            "section": str(data["section"].pk) if data.get("section") else "",
            "start": data["start"].isoformat() if data.get("start") else "",
            "end": data["end"].isoformat() if data.get("end") else "",
        }


class MonthField(forms.DateField):
    """A month as YYYY-MM (an <input type=month>), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class AttendanceImportForm(forms.Form):
    month = MonthField(label="月份")
    file = forms.FileField(label="考勤机导出文件（.xlsx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 文件（考勤机导出的 Excel，或按模板填写）。")
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("文件超过 10 MB。")
        return upload


class OutingForm(forms.Form):
    person = UserChoiceField(label="人员", queryset=business_users().none())
    kind = forms.ChoiceField(label="类别", choices=OfficialOuting.Kind.choices)
    start_date = forms.DateField(label="开始日期", widget=DATE)
    end_date = forms.DateField(label="结束日期", widget=DATE)
    destination = forms.CharField(label="去向", max_length=100)
    reason = forms.CharField(label="事由", max_length=200)
    approved_by = UserChoiceField(label="同意的领导", queryset=business_users().none(), help_text="分管领导；一天以上的为局长")

    def __init__(self, *args, **kwargs):
        from apps.accounts.models import Rank

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = business_users()
        self.fields["approved_by"].queryset = business_users().filter(rank__in=(Rank.DIVISION_LEADER, Rank.DIRECTOR))

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        return data


# --- people -----------------------------------------------------------------------------------


class StaffRecordForm(forms.ModelForm):
    class Meta:
        model = StaffRecord
        exclude = ("person",)
        widgets = {
            name: DATE for name in ("birth_date", "grade_since", "work_start_date", "entry_date", "post_since",
                                    "retirement_date", "rehired_since")
        }


class PassportForm(forms.ModelForm):
    class Meta:
        model = Passport
        fields = ("holder", "kind", "number_tail", "expires_on", "received_on", "location", "note")
        widgets = {"expires_on": DATE, "received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"] = UserChoiceField(label="持证人", queryset=business_users())

    def clean_number_tail(self):
        tail = self.cleaned_data["number_tail"].strip().upper()
        if len(tail) != 4 or not tail.isalnum():
            raise forms.ValidationError("请填写证照号码的末四位（字母或数字）。")
        return tail


class TripForm(forms.Form):
    passport = forms.ModelChoiceField(label="使用证件", queryset=None, empty_label="请选择本人证件")
    destination = forms.CharField(label="前往国家（地区）", max_length=100)
    purpose = forms.CharField(label="事由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    depart_on = forms.DateField(label="出发日期", widget=DATE)
    return_on = forms.DateField(label="预计回国（境）日期", widget=DATE)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passport"].queryset = Passport.objects.filter(holder=person, status=Passport.Status.KEPT)

    def clean(self):
        data = super().clean()
        if data.get("depart_on") and data.get("return_on") and data["return_on"] < data["depart_on"]:
            self.add_error("return_on", "回国（境）日期不能早于出发日期。")
        return data


class OnDateForm(forms.Form):
    on_date = forms.DateField(label="日期", widget=DATE)

    def __init__(self, *args, label="日期", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].label = label
        self.fields["on_date"].initial = timezone.localdate()


class ReturnReportForm(forms.Form):
    returned_on = forms.DateField(label="回国（境）日期", widget=DATE)
    report = forms.CharField(label="回国报告", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="行程、事项完成情况；本人回国后10日内交回证件。")


class BenefitForm(forms.Form):
    person = UserChoiceField(label="会员", queryset=business_users().none())
    benefit_type = forms.ModelChoiceField(label="慰问事项", queryset=BenefitType.objects.none())
    event_date = forms.DateField(label="事由发生日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = business_users()
        self.fields["benefit_type"].queryset = BenefitType.objects.filter(active=True).order_by("order")


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AppraisalRound.Kind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", coerce=int, required=False, empty_value=None,
                                     choices=[("", "（年度考核不选）"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
