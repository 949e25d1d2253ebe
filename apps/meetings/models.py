"""会务 (seed 000 appendix 1.4 and 3.3; seed 002 rule 1 会议制度; DOMAIN.md "Meetings").

A meeting is a Case of process `office.meeting` (apps/meetings/processes.py): the office collects
agenda items (议题) until a cut-off and compiles them, the chair approves the agenda, the office
issues the notice (clock meeting-notice: 1 day before), records the sign-in on the day, the
recorder drafts the minutes (纪要; clock meeting-minutes: 2 working days after the meeting), the
chair approves them and they are issued. Each decision in the minutes can become a supervised
item (督办事项, apps.supervision) linked back here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    PARTY_GROUP = "party_group", "党组会议"
    DIRECTOR_OFFICE = "director_office", "局长办公会议"
    BUREAU_AFFAIRS = "bureau_affairs", "局务会议"
    CASE_REVIEW = "case_review", "案件集体讨论（案审会）"
    TOPIC = "topic", "专题会议"
    ALL_STAFF = "all_staff", "全局干部职工会议"
    COMMITTEE = "committee", "区委依法治区委员会（办）会议"


# What the rules say about how often (seed 002 rule 1); shown on the form and the dashboard.
KIND_RULES = {
    Kind.PARTY_GROUP: "原则上每月召开不少于一次，由局党组书记召集，办公室主任记录",
    Kind.CASE_REVIEW: "原则上每周召开一次，由主要领导或受委托的班子成员主持",
    Kind.DIRECTOR_OFFICE: "由主要领导或受委托的班子成员临时召集，专题研究并作出结论",
    Kind.BUREAU_AFFAIRS: "不定期举行，在岗股室长以上干部参加",
    Kind.ALL_STAFF: "不定期召开，由主要领导召集，全体干部职工准时到会",
    Kind.COMMITTEE: "秘书科按程序筹备（三定职责流程 3.3）",
}


class MeetingRoom(models.Model):
    """会议室: the rooms the planning form offers (the administrator's list; any place may be typed)."""

    name = models.CharField("会议室", max_length=100, unique=True)
    capacity = models.PositiveSmallIntegerField("容纳人数", null=True, blank=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "会议室"
        verbose_name_plural = "会议室"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Default deny: the meetings whose case the user may see (the office that runs them, the
        office's division leader and the director, and the people the notice went to)."""
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Meeting(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="meeting")
    kind = models.CharField("会议类型", max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField("会议时间")
    ends_at = models.DateTimeField("预计结束时间", null=True, blank=True)
    place = models.CharField("会议地点", max_length=100)
    chair = models.ForeignKey(User, verbose_name="主持人", on_delete=models.PROTECT, related_name="+")
    recorder = models.ForeignKey(User, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(User, verbose_name="参会人员", related_name="meetings_attended", blank=True)
    observers = models.ManyToManyField(User, verbose_name="列席人员", related_name="meetings_observed", blank=True)
    observers_note = models.CharField("其他列席单位/人员", max_length=200, blank=True)
    agenda_cutoff = models.DateTimeField("议题报送截止时间")
    notes = models.TextField("会议须知/注意事项", blank=True)
    # Filled by the services, in order.
    agenda_compiled_at = models.DateTimeField("议题汇总时间", null=True, blank=True)
    notice_issued_at = models.DateTimeField("通知印发时间", null=True, blank=True)
    held_at = models.DateTimeField("会议召开（签到结束）时间", null=True, blank=True)
    minutes = models.TextField("会议纪要", blank=True)
    minutes_submitted_at = models.DateTimeField("纪要报审时间", null=True, blank=True)
    minutes_issued_at = models.DateTimeField("纪要印发时间", null=True, blank=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["kind", "starts_at"])]

    def __str__(self):
        return self.case.title

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def collecting(self):
        return self.case.status == Case.Status.ACTIVE and self.case.current_step == "collect"


class AgendaItem(models.Model):
    """议题: submitted by a section until the cut-off; the office lists or defers it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已报送"
        ACCEPTED = "accepted", "列入议程"
        DEFERRED = "deferred", "暂缓上会"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField("议题", max_length=200)
    section = models.ForeignKey("org.Section", verbose_name="报送科室", on_delete=models.PROTECT, related_name="+")
    presenter = models.ForeignKey(User, verbose_name="汇报人", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("议题说明", blank=True)
    material = models.ForeignKey(
        "workflow.Attachment",
        verbose_name="会议材料",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    order = models.PositiveSmallIntegerField("议程顺序", default=0)
    office_note = models.CharField("办公室意见", max_length=200, blank=True)
    submitted_by = models.ForeignKey(User, verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议题"
        ordering = ["order", "submitted_at", "id"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """签到: one row per attendee or 列席 person of a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    class Role(models.TextChoices):
        ATTENDEE = "attendee", "参会"
        OBSERVER = "observer", "列席"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("身份", max_length=10, choices=Role.choices, default=Role.ATTENDEE)
    status = models.CharField("签到情况", max_length=10, choices=Status.choices)
    reason = models.CharField("请假/缺席事由", max_length=200, blank=True)
    signed_at = models.DateTimeField("签到时间", null=True, blank=True)
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "签到记录"
        verbose_name_plural = "签到记录"
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person"),
            models.CheckConstraint(condition=Q(status="present") | ~Q(reason=""), name="attendance_absence_has_reason"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_status_display()}"


class Decision(models.Model):
    """议定事项 in the minutes; `supervised_case` is the 督办事项 it became (one at most)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("议定事项")
    lead_section = models.ForeignKey(
        "org.Section", verbose_name="牵头落实科室", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supervised_case = models.OneToOneField(
        Case, verbose_name="督办事项", on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_decision"
    )
    supervised_at = models.DateTimeField("转督办时间", null=True, blank=True)

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["seq", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seq"], name="decision_seq_unique")]

    def __str__(self):
        return f"{self.seq}. {self.text[:40]}"
