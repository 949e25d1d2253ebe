"""来访登记: a visitor's identity, phone and address on a case of the engine (test-only)."""

from django.db import models
from simple_history.models import HistoricalRecords

from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case


class VisitorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Visitor(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="visitor_record")
    name = models.CharField("来访人", max_length=40)
    id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实来访人身份，登记来访事项")
    id_number_index = BlindIndexField(source="id_number")
    phone = PersonalDataField("联系电话", kind="phone", purpose="告知办理进度、约定回访", blank=True)
    phone_index = BlindIndexField(source="phone")
    address = PersonalDataField("住址", kind="address", purpose="邮寄书面答复", blank=True)
    history = HistoricalRecords()

    objects = VisitorQuerySet.as_manager()

    class Meta:
        verbose_name = "来访登记"
        verbose_name_plural = "来访登记"

    def __str__(self):
        return f"{self.name}（{self.case.title}）"

    def get_absolute_url(self):
        return self.case.get_absolute_url()
