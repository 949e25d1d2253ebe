from datetime import time, timedelta

from django import forms
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow.forms import UserChoiceField, business_users

from .coverage import holiday_name, problems
from .models import DutyRoster, ReportingBody, Source

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})

# Defaults when rows are laid out for a period: after hours on a working day, round the clock
# on a rest day (a holiday needs 24 hours; a weekend is given the same unless changed).
WORKDAY_SHIFT = (time(17, 30), time(8, 30))
REST_DAY_SHIFT = (time(8, 30), time(8, 30))


class RosterForm(forms.Form):
    kind = forms.ChoiceField(label="值班类型", choices=DutyRoster.Kind.choices)
    title = forms.CharField(
        label="值班表名称",
        max_length=200,
        required=False,
        help_text="留空则按期间命名，如“2026年12月值班表”；节假日可写“2026年国庆节值班表”。",
    )
    start_date = forms.DateField(label="起始日期", widget=DATE)
    end_date = forms.DateField(label="结束日期", widget=DATE)
    phone = forms.CharField(label="值班电话", max_length=40, help_text="本局值班室电话")
    note = forms.CharField(
        label="值班要求",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：值班人员坚守岗位，保持通讯畅通，做好值班记录和交接班。",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于起始日期。")
        if start and end and (end - start).days > 62:
            self.add_error("end_date", "一张值班表最长两个月，请分月编排。")
        return data


def _people():
    return business_users()


class ShiftForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE)
    starts = forms.TimeField(label="开始", widget=TIME)
    ends = forms.TimeField(label="结束", widget=TIME, help_text="不晚于开始时间的为次日")
    leader = UserChoiceField(label="带班领导", queryset=business_users(), empty_label="带班领导")
    officer = UserChoiceField(label="值班人员", queryset=business_users(), empty_label="值班人员")
    assistant = UserChoiceField(label="值班人员（二）", queryset=business_users(), empty_label="—", required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = _people()
        self.fields["leader"].queryset = people.filter(rank__in=(Rank.DIRECTOR, Rank.DIVISION_LEADER, Rank.CHIEF))
        self.fields["officer"].queryset = people
        self.fields["assistant"].queryset = people

    @property
    def holiday(self):
        day = self.initial.get("date") if not self.is_bound else None
        if self.is_bound and self.is_valid():
            day = self.cleaned_data.get("date")
        return holiday_name(day) if day else ""


class BaseShiftFormSet(forms.BaseFormSet):
    def __init__(self, *args, period=None, **kwargs):
        self.period = period
        super().__init__(*args, **kwargs)

    def shifts(self):
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def clean(self):
        if any(self.errors) or self.period is None:
            return
        start, end = self.period
        found = problems(start, end, [(s["date"], s["starts"], s["ends"]) for s in self.shifts()])
        if found:
            raise forms.ValidationError(found)


ShiftFormSet = forms.formset_factory(ShiftForm, formset=BaseShiftFormSet, extra=0, can_delete=True)


def laid_out(start, end):
    """One row per day of the period with the default times (people still to be chosen)."""
    rows = []
    day = start
    while day <= end:
        starts, ends = REST_DAY_SHIFT if holiday_name(day) or day.weekday() >= 5 else WORKDAY_SHIFT
        rows.append({"date": day, "starts": starts, "ends": ends})
        day += timedelta(days=1)
    return rows


class EntryForm(forms.Form):
    at = forms.DateTimeField(
        label="时间",
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        required=False,
        help_text="留空为现在",
    )
    source = forms.ChoiceField(
        label="来源",
        choices=Source.choices,
        error_messages={"required": "请选择来源。", "invalid_choice": "请选择来源。"},
    )
    counterpart = forms.CharField(label="来电/来访单位", max_length=100, required=False)
    content = forms.CharField(
        label="内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写内容。"},
    )
    handling = forms.CharField(
        label="处理情况", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    forwarded_to = forms.ModelChoiceField(
        label="转交科室", queryset=Section.objects.none(), required=False, empty_label="—"
    )
    close = forms.BooleanField(label="已办结", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forwarded_to"].queryset = Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by(
            "order", "id"
        )

    def clean_at(self):
        return self.cleaned_data.get("at") or timezone.now()

    def clean(self):
        data = super().clean()
        if data.get("close") and not (data.get("handling") or "").strip():
            self.add_error("handling", "办结时请填写处理情况。")
        return data


class CloseEntryForm(forms.Form):
    handling = forms.CharField(
        label="处理情况",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写处理情况。"},
    )
    forwarded_to = forms.ModelChoiceField(
        label="转交科室", queryset=Section.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forwarded_to"].queryset = Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by(
            "order", "id"
        )


class ReportForm(forms.Form):
    bodies = forms.ModelMultipleChoiceField(
        label="报送单位",
        queryset=ReportingBody.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择报送单位。"},
    )
    note = forms.CharField(
        label="报送方式/说明",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：通过政务内网报送区委办值班室"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = ReportingBody.objects.filter(active=True)


class HandoverForm(forms.Form):
    note = forms.CharField(
        label="交班说明",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "交班说明不超过 2000 字。"},
    )
