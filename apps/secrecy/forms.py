from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Attendance, Carrier, CarrierCheckLine, Pledge

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="", section__isnull=False)
        .select_related("section")
        .order_by("section__order", "full_name")
    )


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.section.name}）"


def _day(label, **kwargs):
    return forms.DateField(label=label, widget=DATE, initial=timezone.localdate, **kwargs)


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError("日期不能晚于今天。")
    return value


class PledgeForm(forms.Form):
    person = StaffChoice(label="签订人", queryset=get_user_model().objects.none(), empty_label="（请选择）")
    kind = forms.ChoiceField(label="承诺类别", choices=Pledge.Kind.choices, widget=forms.RadioSelect)
    signed_on = _day("签订日期")
    period_months = forms.IntegerField(
        label="脱密期（月）", required=False, min_value=1, max_value=60, help_text="离岗保密承诺填写；上岗承诺不填。"
    )
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _staff()

    def clean_signed_on(self):
        return _not_future(self.cleaned_data["signed_on"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Pledge.Kind.DEPARTURE and not data.get("period_months"):
            self.add_error("period_months", "离岗保密承诺须填写脱密期（月）。")
        return data


class TrainingForm(forms.Form):
    held_on = _day("培训日期")
    title = forms.CharField(label="培训主题", max_length=120)
    trainer = forms.CharField(label="授课人", max_length=60)
    hours = forms.DecimalField(label="学时", min_value=0.5, max_value=40, decimal_places=1, initial=2)
    place = forms.CharField(label="地点", max_length=60, required=False)
    content = forms.CharField(label="主要内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_held_on(self):
        return _not_future(self.cleaned_data["held_on"])


class AttendanceForm(forms.Form):
    """One radio group per person on the list: status_<attendance pk>."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                label=row.person.full_name,
                choices=Attendance.Status.choices,
                initial=row.status,
                widget=forms.RadioSelect,
            )

    def lines(self):
        return [(row, self[f"status_{row.pk}"]) for row in self.rows]

    def statuses(self):
        return {name.split("_", 1)[1]: value for name, value in self.cleaned_data.items()}


class SelfInspectionForm(forms.Form):
    conducted_on = _day("自查日期")
    scope = forms.CharField(
        label="自查范围和内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="涉密文件和电报管理；计算机和移动存储介质保密管理；涉密载体台账；保密宣传教育和培训；保密承诺书签订。",
    )
    summary = forms.CharField(label="自查情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_conducted_on(self):
        return _not_future(self.cleaned_data["conducted_on"])


class CarrierForm(forms.Form):
    number = forms.CharField(label="载体编号", max_length=40, help_text="载体上标注的编号")
    kind = forms.ChoiceField(label="载体类别", choices=Carrier.Kind.choices)
    name = forms.CharField(label="名称（不写涉密内容）", max_length=120)
    level = forms.ChoiceField(label="密级", choices=Carrier.Level.choices)
    keeper = StaffChoice(label="保管人", queryset=get_user_model().objects.none(), empty_label="（请选择）")
    location = forms.CharField(label="存放位置", max_length=80)
    registered_on = _day("登记日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = _staff()

    def clean_registered_on(self):
        return _not_future(self.cleaned_data["registered_on"])


class CloseCarrierForm(forms.Form):
    status = forms.ChoiceField(
        label="处理方式",
        choices=[(Carrier.Status.DESTROYED, "销毁"), (Carrier.Status.RETURNED, "清退")],
        widget=forms.RadioSelect,
    )
    on_date = _day("日期")
    note = forms.CharField(label="说明（监销人、接收单位）", max_length=200)


class CarrierCheckForm(forms.Form):
    checked_on = _day("检查日期")
    checkers = forms.CharField(label="检查人（两人以上）", max_length=80)
    note = forms.CharField(label="检查结论", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, carriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.carriers = list(carriers)
        for c in self.carriers:
            self.fields[f"result_{c.pk}"] = forms.ChoiceField(
                label=f"{c.number} {c.name}",
                choices=CarrierCheckLine.Result.choices,
                initial=CarrierCheckLine.Result.OK,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(label="说明", required=False, max_length=200)

    def clean_checked_on(self):
        return _not_future(self.cleaned_data["checked_on"])

    def rows(self):
        return [(c, self[f"result_{c.pk}"], self[f"note_{c.pk}"]) for c in self.carriers]

    def results(self):
        d = self.cleaned_data
        return {c.pk: (d[f"result_{c.pk}"], d.get(f"note_{c.pk}", "")) for c in self.carriers}
