from django import forms
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow.forms import UserChoiceField, UserMultipleChoiceField, business_users

from .models import KIND_RULES, AgendaItem, Attendance, Kind, Meeting

DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _kind_help():
    return "；".join(
        f"{Kind(k).label}：{v}" for k, v in KIND_RULES.items() if k in (Kind.PARTY_GROUP, Kind.CASE_REVIEW)
    )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=Kind.choices, help_text=_kind_help())
    title = forms.CharField(
        label="会议名称",
        max_length=200,
        required=False,
        help_text="留空则按“年月日+会议类型”命名，如“2026年12月8日党组会议”。",
    )
    starts_at = forms.DateTimeField(
        label="会议时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        error_messages={"required": "请填写会议时间。", "invalid": "会议时间格式不正确。"},
    )
    ends_at = forms.DateTimeField(label="预计结束时间", widget=DATETIME, input_formats=DATETIME_FORMATS, required=False)
    place = forms.CharField(
        label="会议地点",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如：三楼党组会议室"}),
        error_messages={"required": "请填写会议地点。"},
    )
    chair = UserChoiceField(
        label="主持人",
        queryset=business_users(),
        empty_label="请选择主持人",
        error_messages={"required": "请选择主持人。", "invalid_choice": "主持人须为局领导。"},
    )
    recorder = UserChoiceField(
        label="记录人",
        queryset=business_users(),
        empty_label="请选择记录人",
        error_messages={"required": "请选择记录人。"},
        help_text="党组会议、案审会由办公室主任记录。记录人负责在会后 2 个工作日内起草会议纪要。",
    )
    attendees = UserMultipleChoiceField(
        label="参会人员",
        queryset=business_users(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择参会人员。"},
    )
    observers = UserMultipleChoiceField(
        label="列席人员", queryset=business_users(), widget=forms.CheckboxSelectMultiple, required=False
    )
    observers_note = forms.CharField(
        label="其他列席单位/人员",
        max_length=200,
        required=False,
        help_text="系统外的列席单位或人员，如“各司法所所长”。",
    )
    agenda_cutoff = forms.DateTimeField(
        label="议题报送截止时间",
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text="各科室在此之前报送议题；截止后由办公室汇总，报主持人审定。",
    )
    notes = forms.CharField(
        label="会议须知/注意事项", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = business_users()
        self.fields["attendees"].queryset = people
        self.fields["observers"].queryset = people
        leaders = people.filter(rank__in=(Rank.DIRECTOR, Rank.DIVISION_LEADER))
        self.fields["chair"].queryset = leaders
        from .models import MeetingRoom

        self.rooms = list(MeetingRoom.objects.filter(active=True).values_list("name", flat=True))
        self.fields["place"].widget.attrs["list"] = "meeting-rooms"

    def clean(self):
        data = super().clean()
        starts, cutoff, ends = data.get("starts_at"), data.get("agenda_cutoff"), data.get("ends_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", "会议时间须晚于现在。")
        if starts and cutoff and cutoff >= starts:
            self.add_error("agenda_cutoff", "议题报送截止时间须早于会议时间。")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "结束时间须晚于会议时间。")
        both = {p.pk for p in data.get("attendees") or []} & {p.pk for p in data.get("observers") or []}
        if both:
            self.add_error("observers", "同一人不能既是参会人员又是列席人员。")
        return data


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting.case.title}（截止 {timezone.localtime(meeting.agenda_cutoff):%m-%d %H:%M}）"


class AgendaItemForm(forms.Form):
    """议题报送: `meetings` are the meetings open for items to this user (views.collecting)."""

    meeting = MeetingChoiceField(
        label="会议",
        queryset=Meeting.objects.none(),
        empty_label="请选择会议",
        error_messages={"required": "请选择正在征集议题的会议。", "invalid_choice": "请选择正在征集议题的会议。"},
    )
    title = forms.CharField(
        label="议题",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "如：关于2027年度普法宣传经费预算的请示"}),
        error_messages={"required": "请填写议题名称。"},
    )
    section = forms.ModelChoiceField(label="报送科室", queryset=Section.objects.none(), empty_label=None)
    presenter = UserChoiceField(
        label="汇报人",
        queryset=business_users(),
        empty_label="请选择汇报人",
        error_messages={"required": "请选择汇报人。"},
    )
    summary = forms.CharField(
        label="议题说明",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="需研究的问题、拟提建议、是否已征求相关科室意见。",
    )
    material = forms.FileField(
        label="会议材料", required=False, help_text="PDF、Word、表格等，经办公室汇总后提交会议。"
    )

    def __init__(self, *args, user=None, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings if meetings is not None else Meeting.objects.none()
        sections = Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by("order", "id")
        if (
            user is not None
            and user.rank == Rank.CHIEF
            and user.section
            and user.section.code not in ("office", "rule_of_law")
        ):
            sections = Section.objects.filter(pk=user.section_id)
        self.fields["section"].queryset = sections
        if user is not None:
            self.initial.setdefault("section", user.section_id)
            self.initial.setdefault("presenter", user.pk)


class CompileForm(forms.Form):
    """议题汇总: the office lists or defers each item (item_<id>) and gives its place in the
    agenda (order_<id>; left empty, the item keeps its place)."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.title,
                choices=[(AgendaItem.Status.ACCEPTED, "列入"), (AgendaItem.Status.DEFERRED, "暂缓")],
                initial=AgendaItem.Status.DEFERRED
                if item.status == AgendaItem.Status.DEFERRED
                else AgendaItem.Status.ACCEPTED,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"请确定议题“{item.title}”是否列入议程。",
                    "invalid_choice": f"请确定议题“{item.title}”是否列入议程。",
                },
            )
            self.fields[f"order_{item.pk}"] = forms.IntegerField(
                label="顺序",
                min_value=1,
                max_value=99,
                initial=item.order or 1,
                required=False,
                widget=forms.NumberInput(attrs={"class": "narrow", "aria-label": "顺序"}),
                error_messages={
                    "min_value": "议程顺序须在 1 至 99 之间。",
                    "max_value": "议程顺序须在 1 至 99 之间。",
                    "invalid": "议程顺序须为整数。",
                },
            )

    def clean(self):
        data = super().clean()
        # {item_id: (status, order or None)} for services.compile_agenda
        data["choices"] = {item.pk: (data.get(f"item_{item.pk}"), data.get(f"order_{item.pk}")) for item in self.items}
        return data

    def rows(self):
        return [(item, self[f"item_{item.pk}"], self[f"order_{item.pk}"]) for item in self.items]


class AttendanceForm(forms.Form):
    """签到登记: one status (status_<person id>, empty: not recorded yet) and reason
    (reason_<person id>) per attendee and 列席 person; `held` also confirms the meeting was held."""

    held = forms.BooleanField(required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for pk in self.people:
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                choices=[("", "未登记"), *Attendance.Status.choices],
                required=False,
                error_messages={"invalid_choice": "签到情况只能是出席、请假或缺席。"},
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                max_length=200,
                required=False,
                error_messages={"max_length": "请假/缺席事由不超过 200 字。"},
            )

    def clean(self):
        data = super().clean()
        # {person_id: (status, reason)} for services.record_attendance
        data["rows"] = {pk: (data.get(f"status_{pk}", ""), data.get(f"reason_{pk}", "")) for pk in self.people}
        return data


# Decision rows the minutes form accepts (the page shows the drafted ones and three blanks).
MAX_DECISIONS = 30


class MinutesForm(forms.Form):
    """会议纪要: the text and the decisions (decision_<n>, decision_section_<n>, n from 1);
    `submit` sends them to the chair, otherwise they are kept as a draft."""

    minutes = forms.CharField(
        label="纪要正文", required=False, max_length=20000, error_messages={"max_length": "纪要正文不超过 20000 字。"}
    )
    submit = forms.BooleanField(required=False)

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sections is None:
            sections = Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by("order", "id")
        # One read of the sections for every row (a ModelChoiceField would query per row).
        self.sections = {section.pk: section for section in sections}
        choices = [("", "牵头科室"), *((pk, s.name) for pk, s in self.sections.items())]
        for n in range(1, MAX_DECISIONS + 1):
            self.fields[f"decision_{n}"] = forms.CharField(
                required=False,
                max_length=2000,
                error_messages={"max_length": f"议定事项{n}不超过 2000 字。"},
            )
            self.fields[f"decision_section_{n}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": f"议定事项{n}的牵头科室不存在。"},
            )

    def clean(self):
        data = super().clean()
        if data.get("submit") and not (data.get("minutes") or "").strip():
            self.add_error("minutes", "请填写会议纪要。")
        # [(text, lead section or None)] of the rows filled in, in order, for services.save_minutes
        data["decisions"] = [
            (text, self.sections.get(data.get(f"decision_section_{n}")))
            for n in range(1, MAX_DECISIONS + 1)
            if (text := (data.get(f"decision_{n}") or "").strip())
        ]
        return data
