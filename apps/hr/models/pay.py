"""工资福利 (seed 000 1.13, an office procedure): a change of a person's salary or allowance is
signed by the bureau's leaders, approved by the organisation and human-resources departments
(组织、人社部门审批, recorded here with their document), then handed to the finance section to pay
and filed. The month's approved changes make the payroll change list (工资变动表). No bank file
and no payroll engine: the 人社工资系统 stays where it is."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

User = settings.AUTH_USER_MODEL


class PayChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office (which runs 1.13) sees every change; anyone else their own approved ones."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if is_pay_officer(user):
            return self.all()
        return self.filter(person=user, external_result=PayChange.Result.APPROVED)

    def approved(self):
        return self.filter(external_result=PayChange.Result.APPROVED)


# 工资福利管理 is the office's procedure in seed 000 (1.13, 联系人 in 办公室).
PAY_SECTION = "office"


def is_pay_officer(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return user.section_id is not None and user.section.code == PAY_SECTION


class PayChange(models.Model):
    class Result(models.TextChoices):
        PENDING = "", "待审批"
        APPROVED = "approved", "审批通过"
        REFUSED = "refused", "审批未通过"

    class Kind(models.TextChoices):
        SALARY = "salary", "工资（职务职级、级别、薪级）"
        ALLOWANCE = "allowance", "津贴补贴"
        BENEFIT = "benefit", "福利（如取暖、防暑降温）"
        START = "start", "起薪"
        STOP = "stop", "停薪"

    case = models.OneToOneField("workflow.Case", on_delete=models.CASCADE, related_name="pay_change")
    person = models.ForeignKey(User, verbose_name="人员", on_delete=models.PROTECT, related_name="pay_changes")
    kind = models.CharField("变动类别", max_length=12, choices=Kind.choices)
    item = models.CharField("项目", max_length=40, help_text="如：级别工资、薪级工资、乡镇工作补贴")
    old_amount = models.DecimalField("变动前（元/月）", max_digits=9, decimal_places=2)
    new_amount = models.DecimalField("变动后（元/月）", max_digits=9, decimal_places=2)
    effective_from = models.DateField("执行日期", help_text="从该日所在月起执行（起薪、停薪、调整）")
    basis = models.CharField("依据", max_length=200, help_text="文件名称和文号，如：区人社局审批表")
    reason = models.CharField("变动原因", max_length=200)
    external_result = models.CharField(
        "组织、人社部门审批", max_length=10, choices=Result.choices, blank=True, default=Result.PENDING
    )
    external_doc = models.CharField("审批表/文号", max_length=100, blank=True)
    external_on = models.DateField("审批日期", null=True, blank=True)
    handed_over_on = models.DateField("转交财务日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = PayChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "工资福利变动"
        verbose_name_plural = "工资福利变动"
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(old_amount__gte=0) & Q(new_amount__gte=0), name="pay_amounts_positive")
        ]

    def __str__(self):
        return f"工资福利变动 {self.pk}"

    @property
    def difference(self):
        return self.new_amount - self.old_amount
