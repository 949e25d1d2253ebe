"""干部职工交流轮岗 (seed 002 rule 15) as a procedure on the engine (hr.rotation): the party group
decides collectively, talks with the person, the district political-legal committee agrees for a
middle manager (中层骨干), the appointment is publicly noticed, and filed with the organisation
department where needed; then the staff record's post starts again."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL


class Rotation(models.Model):
    class Reason(models.TextChoices):
        NEED = "need", "因工作需要交流"
        TENURE = "tenure", "中层骨干和执法关键岗位、人财物重点岗位连续任职超过10年"
        AVOIDANCE = "avoidance", "按照规定需要回避"
        OTHER = "other", "其他原因需要交流"

    case = models.OneToOneField("workflow.Case", on_delete=models.CASCADE, related_name="rotation")
    person = models.ForeignKey(User, verbose_name="交流对象", on_delete=models.PROTECT, related_name="rotations")
    reason = models.CharField("交流原因", max_length=12, choices=Reason.choices)
    from_post = models.CharField("现岗位", max_length=60)
    to_post = models.CharField("拟交流岗位", max_length=60)
    middle_manager = models.BooleanField(
        "中层骨干", default=False, help_text="中层骨干拟轮岗交流情况应报区委政法委同意并行文"
    )
    talk_on = models.DateField("谈话日期", null=True, blank=True)
    talk_note = models.TextField("本人意见", blank=True)
    committee_doc = models.CharField("区委政法委同意文号", max_length=60, blank=True)
    committee_on = models.DateField("政法委同意日期", null=True, blank=True)
    notice_from = models.DateField("公示开始", null=True, blank=True)
    notice_to = models.DateField("公示结束", null=True, blank=True)
    notice_result = models.CharField("公示结果", max_length=200, blank=True)
    filed = models.BooleanField("报区委组织部备案", default=False)
    filing_note = models.CharField("备案情况", max_length=200, blank=True)
    effective_on = models.DateField("到岗日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "交流轮岗"
        verbose_name_plural = "交流轮岗"

    def __str__(self):
        return f"交流轮岗 {self.pk}"
