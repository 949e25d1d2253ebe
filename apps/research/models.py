"""调查研究 (seed 000 1.6): the year's research topics, each a case (process research.topic):
调研方案 approved by the division leader → 调研、起草 → 报告审阅 (division leader, then the
director) → 定稿、报送存档 → 成果运用 (adoption and leaders' instructions recorded after)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Topic(models.Model):
    class Source(models.TextChoices):
        PLAN = "plan", "年度调研计划"
        UPPER = "upper", "上级交办"
        LEADER = "leader", "局领导安排"

    class Stage(models.TextChoices):
        PLANNING = "planning", "方案审定中"
        RESEARCHING = "researching", "调研起草中"
        REVIEWING = "reviewing", "报告审阅中"
        FINALISING = "finalising", "定稿报送中"
        DONE = "done", "已报送存档"
        REJECTED = "rejected", "未获批准"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="research_topic")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("调研题目", max_length=120)
    source = models.CharField("任务来源", max_length=10, choices=Source.choices, default=Source.PLAN)
    purpose = models.TextField("调研目的和重点内容")
    objects_text = models.CharField("调研对象", max_length=200)
    method = models.CharField("调研形式", max_length=120, blank=True, help_text="如：实地走访、座谈、问卷")
    participants = models.CharField("参加人员", max_length=200, blank=True)
    due_date = models.DateField("完成时限")
    draft = models.TextField("报告初稿（提纲或摘要）", blank=True)
    materials = models.TextField("调研资料留存情况", blank=True, help_text="文档、录音、图片等资料的存放位置")
    report_title = models.CharField("定稿标题", max_length=200, blank=True)
    finished_on = models.DateField("定稿日期", null=True, blank=True)
    recipients = models.CharField("报送对象", max_length=200, blank=True)
    published = models.BooleanField("印发或对外推荐", default=False)
    history = HistoricalRecords()

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "调研课题"
        verbose_name_plural = "调研课题"
        ordering = ["-year", "due_date"]

    def __str__(self):
        return self.title

    @property
    def stage(self):
        """Read from the case: where the engine has it now (select_related("case") in lists)."""
        case = self.case
        if case.status == Case.Status.REJECTED:
            return self.Stage.REJECTED
        if not case.is_open:
            return self.Stage.DONE
        step = case.current_step or ""
        if step.startswith("plan_approval") or case.status != Case.Status.ACTIVE:
            return self.Stage.PLANNING
        if step == "draft":
            return self.Stage.RESEARCHING
        if step.startswith("report_approval"):
            return self.Stage.REVIEWING
        return self.Stage.FINALISING

    def get_stage_display(self):
        return self.Stage(self.stage).label

    @property
    def overdue(self):
        return self.stage != self.Stage.DONE and timezone.localdate() > self.due_date


class Use(models.Model):
    """成果运用: the report adopted by a body, or a leader's 批示 on it."""

    class Kind(models.TextChoices):
        ADOPTED = "adopted", "采用"
        INSTRUCTION = "instruction", "领导批示"
        PROMOTED = "promoted", "转化推广"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="uses")
    kind = models.CharField("运用方式", max_length=12, choices=Kind.choices)
    on_date = models.DateField("日期")
    by_whom = models.CharField("采用单位/批示领导", max_length=120)
    content = models.TextField("内容（采用载体、批示内容、形成的机制）")
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "调研成果运用"
        verbose_name_plural = "调研成果运用"
        ordering = ["on_date", "pk"]
