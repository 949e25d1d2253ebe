"""职务职级推荐量化评选 (seed 002 rule 17): a 100-point sheet per candidate — 40 hard indicators
(computed from the staff record where it holds the data, the rest entered by the personnel
section), 20 from the democratic evaluation and 40 from the party group members, each rater
scoring 德能勤绩廉 — then the ranking and the party group's final list (engine case hr.promotion).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL


class PromotionRound(models.Model):
    class Status(models.TextChoices):
        RATING = "rating", "测评打分中"
        SUBMITTED = "submitted", "报党组研究"
        FINAL = "final", "已确定推荐名单"

    title = models.CharField("推荐事项", max_length=100, help_text="如：2026年晋升一级主任科员推荐")
    year = models.PositiveSmallIntegerField("年度")
    slots = models.PositiveSmallIntegerField("推荐名额")
    slots_sufficient = models.BooleanField(
        "同档职数充足", default=False, help_text="职数充足的，达到区定基本年限即计满分15分"
    )
    base_years = models.PositiveSmallIntegerField("区定基本年限（年）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RATING)
    case = models.OneToOneField(
        "workflow.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="promotion_round"
    )
    created_by = models.ForeignKey(User, verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "职务职级推荐评选"
        verbose_name_plural = "职务职级推荐评选"
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title


class Exclusion(models.TextChoices):
    UNQUALIFIED = "unqualified", "不符合晋升职级基本条件和基本资格"
    DISOBEY = "disobey", "重大关头、关键时刻不服从组织安排等且造成不良后果"
    DISCIPLINE = "discipline", "受到上级问责追责、党纪政务处分"
    FAILURE = "failure", "中心工作落实不到位，出现重大失误影响全局"
    INCIDENT = "incident", "调解引发群体性事件、民转刑，社区矫正脱管漏管重新犯罪，行政复议一年败诉3次以上"
    OTHER = "other", "影响职级晋升的其他情形"


class Honour(models.TextChoices):
    NONE = "", "无"
    CITY = "city", "市（厅）级（2分）"
    PROVINCE = "province", "省（部）级（3分）"
    NATIONAL = "national", "国家级（5分）"


HONOUR_POINTS = {"": 0, "city": 2, "province": 3, "national": 5}


class PromotionCandidate(models.Model):
    round = models.ForeignKey(PromotionRound, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    exclusion = models.CharField("不参加推荐评选的情形", max_length=12, choices=Exclusion.choices, blank=True)
    exclusion_note = models.CharField("情形说明", max_length=200, blank=True)
    # The parts of the hard indicators the staff record cannot tell (entered, then 党组复核).
    sound_record = models.BooleanField("近3年表现较好、未出现明显工作失误（2分）", default=False)
    outstanding = models.BooleanField("近3年急难险重任务表现突出获区级以上肯定或为党组排忧解难（5分）", default=False)
    honour = models.CharField("近3年个人获市级以上荣誉（就高计1次）", max_length=10, choices=Honour.choices, blank=True)
    middle_manager = models.CharField(
        "岗位",
        max_length=10,
        choices=[("", "其他"), ("head", "中层骨干以上（5分）"), ("deputy", "中层副职（3分）")],
        blank=True,
    )
    recommended = models.BooleanField("列入推荐名单", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "推荐评选对象"
        verbose_name_plural = "推荐评选对象"
        ordering = ["person__full_name"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="promotion_candidate_once")]

    def __str__(self):
        return f"推荐评选对象 {self.pk}"


class PromotionRating(models.Model):
    """One rater's 德能勤绩廉 for one candidate: peer (测评, 4 each) or leader (领导评分, 8 each)."""

    class Kind(models.TextChoices):
        PEER = "peer", "测评指标（20分）"
        LEADER = "leader", "领导评分（40分）"

    TOP = {Kind.PEER: Decimal(4), Kind.LEADER: Decimal(8)}
    ASPECTS = (("de", "德"), ("neng", "能"), ("qin", "勤"), ("ji", "绩"), ("lian", "廉"))

    candidate = models.ForeignKey(PromotionCandidate, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(User, verbose_name="评分人", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    de = models.DecimalField("德", max_digits=3, decimal_places=1)
    neng = models.DecimalField("能", max_digits=3, decimal_places=1)
    qin = models.DecimalField("勤", max_digits=3, decimal_places=1)
    ji = models.DecimalField("绩", max_digits=3, decimal_places=1)
    lian = models.DecimalField("廉", max_digits=3, decimal_places=1)
    rated_at = models.DateTimeField("评分时间", default=timezone.now)

    class Meta:
        verbose_name = "推荐评选评分"
        verbose_name_plural = "推荐评选评分"
        constraints = [models.UniqueConstraint(fields=["candidate", "rater", "kind"], name="promotion_rating_once")]

    @property
    def sum(self):
        return self.de + self.neng + self.qin + self.ji + self.lian
