"""接待与首问: one visit or call logged at the reception desk or on the duty phone.

Seed 002 rule 11 (信访接待制度) and rule 12 (值班制度): whoever first receives a visitor or a
caller is the 首问责任人: answers what they can at once, tells everything in one go, and hands
the rest on (a petition, a disclosure request, a note to the responsible section) without
losing track of it. The contact keeps the link to whatever it became; its follow-up state is
read from that case.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.workflow.models import Case


class Kind(models.TextChoices):
    VISIT = "visit", "来访"
    CALL = "call", "来电"


class Outcome(models.TextChoices):
    ANSWERED = "answered", "当场解答"
    PETITION = "petition", "转为信访事项"
    DISCLOSURE = "disclosure", "转为政府信息公开申请"
    SECTION = "section", "转交科室"


OFFICE = "office"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office keeps the register and sees every contact; everyone else sees the ones
        they logged, and a section chief also those handed to their section (the 转交 case is
        theirs to see). Administrators see none."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if user.section_id and user.section.code == OFFICE:
            return self.all()
        handed = Case.objects.visible_to(user).filter(process="reception.handoff").values("pk")
        return self.filter(Q(first_responder=user) | Q(case__in=handed))


class Contact(models.Model):
    kind = models.CharField("方式", max_length=10, choices=Kind.choices, default=Kind.VISIT)
    occurred_at = models.DateTimeField("时间", default=timezone.now)
    name = models.CharField("姓名", max_length=40)
    phone = PersonalDataField("联系电话", kind="phone", purpose="回复来访、来电人", blank=True)
    phone_index = BlindIndexField(source="phone")
    headcount = models.PositiveIntegerField("人数", default=1)
    summary = models.TextField("反映事项（摘要）")
    outcome = models.CharField("处理方式", max_length=12, choices=Outcome.choices)
    answer = models.TextField("解答内容", blank=True)
    section = models.ForeignKey(
        "org.Section",
        verbose_name="转交科室",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_contacts",
    )
    note = models.TextField("转交说明", blank=True)
    # What the contact became: the petition, the disclosure request, or the 转交 note (a case
    # of process reception.handoff in the section chief's inbox).
    case = models.OneToOneField(
        Case, verbose_name="转办事项", on_delete=models.PROTECT, null=True, blank=True, related_name="reception_contact"
    )
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="首问责任人", on_delete=models.PROTECT, related_name="reception_contacts"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "接待记录"
        verbose_name_plural = "接待记录"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["first_responder", "occurred_at"]), models.Index(fields=["occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M} {self.name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reception:detail", args=[self.pk])

    def can_reveal(self, user):
        """The phone number in full: the 首问责任人, and whoever handles what it became."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return False
        if self.first_responder_id == user.pk:
            return True
        return self.case_id is not None and Case.objects.handled_by(user).filter(pk=self.case_id).exists()

    @property
    def follow_up(self):
        """The follow-up state the 首问责任人 sees, from the linked case's own fields."""
        if self.outcome == Outcome.ANSWERED:
            return "已当场解答"
        case = self.case
        if case is None:
            return "—"
        if case.is_open:
            if self.outcome == Outcome.SECTION:
                return f"待{case.current_assignees or '科室负责人'}签收"
            return (
                f"{case.current_step_label or case.get_status_display()}（{case.current_assignees}）"
                if case.current_assignees
                else case.get_status_display()
            )
        if self.outcome == Outcome.SECTION:
            return f"已签收（{timezone.localtime(case.closed_at):%Y-%m-%d %H:%M}）" if case.closed_at else "已签收"
        return case.get_status_display()


class ReceptionPolicy(models.Model):
    """接待设置 (one row): how soon a section chief acknowledges a 转交 note (值班制度：当班事当班毕)."""

    code = models.SlugField("代码", max_length=20, unique=True, default="default")
    ack_days = models.PositiveSmallIntegerField(
        "转交签收时限（工作日）",
        default=1,
        help_text="科室负责人应在该工作日数内签收转交事项；逾期由期限巡检提醒、督办",
    )
    basis = models.CharField(
        "依据", max_length=200, blank=True, default="本局值班制度第二条（首问责任制）、第三条（当班事当班毕）"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "接待设置"
        verbose_name_plural = "接待设置"

    def __str__(self):
        return f"转交科室 {self.ack_days} 个工作日内签收"

    @classmethod
    def current(cls):
        return cls.objects.filter(code="default").first() or cls()
