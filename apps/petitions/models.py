"""信访事项: one petition (or a 复查 request on an answered one) on a case of the engine.

The petitioner's identity, phone and address are personal data (apps.privacy): encrypted at
rest, masked everywhere, shown in full on the case page only to the case's handlers.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "来电"
    ONLINE = "online", "网上信访平台"
    CITY_BUREAU = "city_bureau", "市司法局转送/交办"
    DISTRICT_GOV = "district_gov", "区政府转送/交办"
    POLITICAL_LEGAL = "political_legal", "区委政法委转送/交办"
    PETITIONS_BUREAU = "petitions_bureau", "区信访局转送/交办"


# The bodies that transfer or assign matters to the bureau (the addressee of an 异议函).
TRANSFERRING_BODIES = {
    Channel.CITY_BUREAU: "市司法局",
    Channel.DISTRICT_GOV: "区人民政府",
    Channel.POLITICAL_LEGAL: "区委政法委",
    Channel.PETITIONS_BUREAU: "区信访局",
}
TRANSFERRED = set(TRANSFERRING_BODIES)


class Stage(models.TextChoices):
    """Where the matter stands in the 条例's procedure; moves happen only in services.py."""

    REGISTERED = "registered", "待决定受理"
    ACCEPTED = "accepted", "已受理，办理中"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    OBJECTED = "objected", "已提出异议（不属本机关职权）"
    ANSWERED = "answered", "已出具处理意见"
    REVIEW = "review", "复查中"
    REVIEWED = "reviewed", "已出具复查意见"


class UpperBody(models.TextChoices):
    """Where a petitioner applies for 复查 of the bureau's own answer: the administrative body one
    level up from the bureau (信访工作条例 §35; 山东省信访条例 §43: 原办理行政机关的上一级行政机关)."""

    CITY_BUREAU = "city_bureau", "市司法局"
    DISTRICT_GOV = "district_gov", "区人民政府"


# The moves services.py allows, as data (STYLE.md 4).
MOVES = {
    "decide": {Stage.REGISTERED},
    "object": {Stage.REGISTERED},
    "extend": {Stage.ACCEPTED},
    "answer": {Stage.ACCEPTED},
    "review": {Stage.ANSWERED},
    "review_opinion": {Stage.REVIEW},
}


class PetitionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Petition(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="petition")
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices)
    source_ref = models.CharField("转送/交办文号", max_length=80, blank=True)
    received_on = models.DateField("收到日期")
    petitioner = models.CharField("信访人", max_length=40)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实信访人身份", blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="告知受理及办理情况", blank=True)
    phone_index = BlindIndexField(source="phone")
    address = PersonalDataField("住址", kind="address", purpose="送达书面告知及处理意见书", blank=True)
    is_group = models.BooleanField("集体访", default=False)
    headcount = models.PositiveIntegerField("人数", default=1)
    demands = models.TextField("诉求摘要")
    stage = models.CharField("办理阶段", max_length=20, choices=Stage.choices, default=Stage.REGISTERED)
    decided_on = models.DateField("受理决定日期", null=True, blank=True)
    decision_reason = models.TextField("不予受理理由", blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    extended_days = models.PositiveIntegerField("延长天数", default=0)
    objected_on = models.DateField("提出异议日期", null=True, blank=True)
    objection_reason = models.TextField("异议理由", blank=True)
    answer = models.TextField("处理意见", blank=True)
    answered_on = models.DateField("处理意见日期", null=True, blank=True)
    review_received_on = models.DateField("收到复查请求日期", null=True, blank=True)
    review_request = models.TextField("复查请求", blank=True)
    review_accepted_on = models.DateField("复查受理日期", null=True, blank=True)
    review_opinion = models.TextField("复查意见", blank=True)
    review_answered_on = models.DateField("复查意见日期", null=True, blank=True)
    # A 复查 request on an answered petition is a new case linked here: the answered case and
    # its whole history stay as they were, and both pages link to each other.
    review_of = models.ForeignKey(
        "self", verbose_name="复查的原信访事项", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    # 复查 of the bureau's own answer belongs to the body one level up: the bureau tells the
    # petitioner where to apply and keeps track of the outcome there.
    upper_body = models.CharField("复查机关（上一级）", max_length=20, choices=UpperBody.choices, blank=True)
    upper_told_on = models.DateField("告知复查途径日期", null=True, blank=True)
    upper_result = models.TextField("上一级机关复查结果", blank=True)
    upper_result_on = models.DateField("上一级机关复查意见日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"

    def __str__(self):
        return f"{self.petitioner}：{self.case.title}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()

    @property
    def is_transferred(self):
        return self.channel in TRANSFERRED

    @property
    def transferring_body(self):
        return TRANSFERRING_BODIES.get(self.channel, "")

    @property
    def answered_by_bureau(self):
        """The answer was the bureau's own (a section of the bureau or its leadership), not one
        given by a judicial office or a unit of the bureau: 复查 then lies one level up."""
        from apps.org.models import Section

        return self.case.section.kind in (Section.Kind.SECTION, Section.Kind.LEADERSHIP)

    def may(self, move):
        if move == "object" and not self.is_transferred:
            return False
        return self.stage in MOVES[move]

    def can_reveal(self, user):
        """Personal data in full: the people who handle the matter itself (apps/privacy/access.py)."""
        return self.handled_by(user)

    def handled_by(self, user):
        """Who registered it, who holds or held its 受理与办理 step, or stands in for its holder
        today; not those who only read the 呈阅 summary or oversee the section."""
        from apps.workflow.models import Task

        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return False
        if self.case.initiator_id == user.pk:
            return True
        handle = Task.objects.filter(case_id=self.case_id, step="handle")
        if handle.filter(Q(assignee=user) | Q(acted_by=user)).exists():
            return True
        return handle.actionable_by(user).exists()


class PetitionPolicy(models.Model):
    """信访 settings an administrator may change (one row): the headcount from which a visit is
    reported to the leaders at once (seed 002 rule 11: 群体性上访 — 及时报告有关局领导)."""

    code = models.SlugField("代码", max_length=20, unique=True, default="default")
    group_threshold = models.PositiveSmallIntegerField(
        "集体访人数", default=5, help_text="同一事项来访人数达到该数的，登记时立即通知局长、分管领导和办公室主任"
    )
    basis = models.CharField(
        "依据",
        max_length=200,
        blank=True,
        default="《信访工作条例》；本局信访接待制度第二条（群体性上访及时报告局领导）",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信访设置"
        verbose_name_plural = "信访设置"

    def __str__(self):
        return f"集体访 {self.group_threshold} 人以上报告局领导"

    @classmethod
    def current(cls):
        return cls.objects.filter(code="default").first() or cls()
