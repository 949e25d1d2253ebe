from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Attendance, Course, TrainingPlan


def this_year():
    return timezone.localdate().year


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=this_year)
    body = forms.CharField(
        label="计划内容", widget=forms.Textarea(attrs={"rows": 8}), help_text="培训项目、对象、时间安排、学时要求等。"
    )
    required_hours = forms.DecimalField(
        label="每人年度学时要求", required=False, min_value=0, max_digits=6, decimal_places=1
    )


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["plan", "title", "kind", "held_on", "hours", "organiser", "place"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = TrainingPlan.objects.select_related("case").order_by("-year")
        self.fields["plan"].required = False
        self.fields["plan"].label_from_instance = lambda p: f"{p.year}年度计划（{p.case.get_status_display()}）"
        self.fields["hours"].error_messages["min_value"] = "学时不能为负数。"


class AttendanceForm(forms.Form):
    """One select per person: 出勤 / 请假 / 缺勤 / 不参加 (the course's roll)."""

    def __init__(self, *args, course, people, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.person_id: a.status for a in course.attendances.all()}
        choices = [("", "不参加"), *Attendance.Status.choices]
        self.people = people
        for person in people:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=choices, required=False, initial=current.get(person.pk, "")
            )

    def marks(self):
        return {p: self.cleaned_data[f"p{p.pk}"] for p in self.people if self.cleaned_data.get(f"p{p.pk}")}


class ImportForm(forms.Form):
    year = forms.IntegerField(label="学时所属年度", min_value=2000, max_value=2100, initial=this_year)
    platform = forms.CharField(label="学习平台", max_length=60, initial="干部教育网络学习平台")
    file = forms.FileField(
        label="平台导出的学时表",
        help_text="Excel（.xlsx）或 CSV；须有“姓名”和“学时”两列，同名人员请增加“账号”列。同一平台同一年度再次导入以新数字为准。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("文件超过 5 MB。")
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("只能上传 Excel（.xlsx）或 CSV 文件。")
        return upload


def business_people():
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="")
        .select_related("section")
        .order_by("section__kind", "section__order", "full_name")
    )
