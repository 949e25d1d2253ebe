from django import forms

from apps.workflow.forms import UserChoiceField, business_users

from ..forms import DATE
from ..models import OfficialOuting


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
    approved_by = UserChoiceField(
        label="同意的领导", queryset=business_users().none(), help_text="分管领导；一天以上的为局长"
    )

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
