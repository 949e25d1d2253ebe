"""事项审批: a general request whose approval chain is configured in the admin.

It proves the engine end to end before any section app exists, and stays as a generic
process for matters that have no procedure of their own.
"""

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case


class GeneralRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class GeneralRequest(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="general_request")
    body = models.TextField("事项内容")
    amount = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    countersign_sections = models.ManyToManyField("org.Section", verbose_name="会签科室", blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[countersign_sections])

    objects = GeneralRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "事项审批"
        verbose_name_plural = "事项审批"

    def __str__(self):
        return self.case.title
