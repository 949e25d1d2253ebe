"""督查督办: supervised items (seed 000 appendix 1.1.6, seed 002 rules; DOMAIN.md 督查督办).

The item is a Case of process `office.supervision`; this record holds what the engine does not:
where the item came from (which decides its clock), the lead and co-handling sections, the
progress reports (进展反馈) and the completion report (办结报告).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Source(models.TextChoices):
    MAIN_LEADER = "main_leader", "主要领导批示"
    DISTRICT_HANDOFF = "district_handoff", "区领导交办"
    DISTRICT_INSTRUCTION = "district_instruction", "区领导批示"
    MEETING = "meeting", "会议决定事项"
    WORK_REPORT = "work_report", "政府工作报告"
    PROPOSAL = "proposal", "人大建议、政协提案"
    HOTLINE = "hotline", "12345热线"


class SupervisedItem(models.Model):
    case = models.OneToOneField("workflow.Case", on_delete=models.CASCADE, related_name="supervision")
    source = models.CharField("事项来源", max_length=24, choices=Source.choices)
    instruction = models.TextField("批示/决定内容", blank=True)
    lead_section = models.ForeignKey("org.Section", on_delete=models.PROTECT, related_name="+", verbose_name="牵头科室")
    co_sections = models.ManyToManyField("org.Section", blank=True, related_name="+", verbose_name="协办科室")
    stated_deadline = models.DateField("批示确定的时限", null=True, blank=True)
    origin_case = models.ForeignKey(
        "workflow.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_items",
        verbose_name="来源事项",
    )
    started_on = models.DateField("起算日期")
    completion_report = models.TextField("办结报告", blank=True)
    completed_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办事项"

    def __str__(self):
        return self.case.title


class ProgressReport(models.Model):
    """进展反馈 by the handler; two 催办 without any of these propose a bureau-wide 通报."""

    item = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("进展情况")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "进展反馈"


class SupervisionPolicy(models.Model):
    """督查督办 settings an administrator may change (one row): how many 催办 without any 进展反馈
    propose a bureau-wide 通报 to the main leader (seed 000 1.1.6: 同一事项连续2次催办仍无明显进展的，
    报请局主要领导同意后在全局范围内通报). The time limits are 期限规则 rows (流程 office.supervision)."""

    code = models.SlugField("代码", max_length=20, unique=True, default="default")
    notice_after_urges = models.PositiveSmallIntegerField(
        "提请通报的催办次数",
        default=2,
        help_text="同一督办事项被催办达到该次数且承办科室仍无进展反馈的，提请局长审定是否全局通报",
    )
    basis = models.CharField(
        "依据",
        max_length=200,
        blank=True,
        default="三定职责流程 1.1.6 督查工作（连续2次催办仍无明显进展的，报请局主要领导同意后全局通报）",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "督查督办设置"

    def __str__(self):
        return f"催办 {self.notice_after_urges} 次仍无进展反馈的提请通报"

    @classmethod
    def current(cls):
        return cls.objects.filter(code="default").first() or cls()
