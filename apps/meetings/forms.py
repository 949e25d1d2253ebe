from django import forms
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow.forms import UserChoiceField, UserMultipleChoiceField, business_users

from .models import KIND_RULES, AgendaItem, Kind

DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _kind_help():
    return "；".join(f"{Kind(k).label}：{v}" for k, v in KIND_RULES.items() if k in (Kind.PARTY_GROUP, Kind.CASE_REVIEW))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=Kind.choices, help_text=_kind_help())
    title = forms.CharField(label="会议名称", max_length=200, required=False,
                            help_text="留空则按“年月日+会议类型”命名，如“2026年12月8日党组会议”。")
    starts_at = forms.DateTimeField(label="会议时间", widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label="预计结束时间", widget=DATETIME, input_formats=DATETIME_FORMATS, required=False)
    place = forms.CharField(label="会议地点", max_length=100, widget=forms.TextInput(attrs={"placeholder": "如：三楼党组会议室"}))
    chair = UserChoiceField(label="主持人", queryset=business_users(), empty_label="请选择主持人")
    recorder = UserChoiceField(label="记录人", queryset=business_users(), empty_label="请选择记录人",
                               help_text="党组会议、案审会由办公室主任记录。记录人负责在会后 2 个工作日内起草会议纪要。")
    attendees = UserMultipleChoiceField(label="参会人员", queryset=business_users(), widget=forms.CheckboxSelectMultiple)
    observers = UserMultipleChoiceField(label="列席人员", queryset=business_users(), widget=forms.CheckboxSelectMultiple, required=False)
    observers_note = forms.CharField(label="其他列席单位/人员", max_length=200, required=False,
                                     help_text="系统外的列席单位或人员，如“各司法所所长”。")
    agenda_cutoff = forms.DateTimeField(label="议题报送截止时间", widget=DATETIME, input_formats=DATETIME_FORMATS,
                                        help_text="各科室在此之前报送议题；截止后由办公室汇总，报主持人审定。")
    notes = forms.CharField(label="会议须知/注意事项", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

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


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="议题", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：关于2027年度普法宣传经费预算的请示"}))
    section = forms.ModelChoiceField(label="报送科室", queryset=Section.objects.none(), empty_label=None)
    presenter = UserChoiceField(label="汇报人", queryset=business_users(), empty_label="请选择汇报人")
    summary = forms.CharField(label="议题说明", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="需研究的问题、拟提建议、是否已征求相关科室意见。")
    material = forms.FileField(label="会议材料", required=False, help_text="PDF、Word、表格等，经办公室汇总后提交会议。")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by("order", "id")
        if user is not None and user.rank == Rank.CHIEF and user.section and user.section.code not in ("office", "rule_of_law"):
            sections = Section.objects.filter(pk=user.section_id)
        self.fields["section"].queryset = sections
        if user is not None:
            self.initial.setdefault("section", user.section_id)
            self.initial.setdefault("presenter", user.pk)


class CompileForm(forms.Form):
    """The office decides each item: one (status, order) pair per item, named item_<id>/order_<id>."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.title, choices=[(AgendaItem.Status.ACCEPTED, "列入议程"), (AgendaItem.Status.DEFERRED, "暂缓上会")],
                initial=item.status if item.status != AgendaItem.Status.SUBMITTED else AgendaItem.Status.ACCEPTED,
                widget=forms.RadioSelect,
            )
            self.fields[f"order_{item.pk}"] = forms.IntegerField(label="顺序", min_value=1, max_value=99, initial=item.order or 1)

    def choices(self):
        return {item.pk: (self.cleaned_data[f"item_{item.pk}"], self.cleaned_data[f"order_{item.pk}"]) for item in self.items}

    def rows(self):
        return [(item, self[f"item_{item.pk}"], self[f"order_{item.pk}"]) for item in self.items]
