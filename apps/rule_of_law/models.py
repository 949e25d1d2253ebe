"""依法治区 work of the 区委依法治区办秘书科 (职责手册 3.5–3.8) and the 法治政府建设 annual report.

- 3.5 普法规划 (Plan, a case of rule_of_law.plan): 起草 → 初审 → 审定 (局长) → 征求意见 (a
  Consultation per department, feedback and its 采纳反馈) → 会签审议 → 印发 → 组织实施 (a PlanTask
  per department, with the section's owner and a due date the sweep chases) → 检查总结.
- 3.6 谁执法谁普法 (Assessment, a case of rule_of_law.assessment, one a year): the key units'
  普法责任清单 (Responsibility) and yearly reports (DutyReport), scored and ranked; the units
  that have not reported are flagged; the result notice (考核结果通报) is approved and printed.
- 3.7 学法用法 for leading cadres: registers (Cadre, StudySession + Attendance, Exam + ExamScore,
  LawReport 述法).
- 3.8 依法治理: creation campaigns (Campaign) and model-unit applications (ModelApplication, a case
  of rule_of_law.model_unit) with review, 命名 and dynamic management (撤销命名).
- 法治政府建设年度报告 (AnnualReport, a case of rule_of_law.annual_report) with its due date.

Who sees what: the 秘书科, its division leader and the director see everything (the cases
through Case.visible_to, the registers through may_oversee). A 普法规划 once 印发 is a public
document sent to every department: every business account sees the issued plans and their task
lists (published_plans), never the drafts, the consultation or the scores.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.accounts.models import Rank
from apps.workflow.models import Case

SECTION = "rule_of_law"
PLAN_PROCESS = "rule_of_law.plan"
ASSESSMENT_PROCESS = "rule_of_law.assessment"
MODEL_UNIT_PROCESS = "rule_of_law.model_unit"
REPORT_PROCESS = "rule_of_law.annual_report"


def _business(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role)


def is_member(user):
    """Staff of the 秘书科: they keep the registers and handle the procedures."""
    return _business(user) and user.section_id is not None and user.section.code == SECTION


def may_oversee(user):
    """The 秘书科, its division leader and the director: who sees the registers."""
    if not _business(user):
        return False
    if is_member(user) or user.rank == Rank.DIRECTOR:
        return True
    if user.rank == Rank.DIVISION_LEADER:
        from apps.org.models import Section

        return Section.objects.filter(code=SECTION, division_leader=user).exists()
    return False


class OverseenQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if may_oversee(user) else self.none()


class CaseRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


# --- 3.5 普法规划 ----------------------------------------------------------------------------


class PlanKind(models.TextChoices):
    FIVE_YEAR = "five_year", "五年普法规划"
    YEARLY = "yearly", "年度普法工作要点"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plan's case readers; and every business account once the plan is issued."""
        if not _business(user):
            return self.none()
        return self.filter(Q(case__in=Case.objects.visible_to(user).values("pk")) | Q(issued_on__isnull=False))

    def published(self, user):
        return self.filter(issued_on__isnull=False) if _business(user) else self.none()


class Plan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rol_plan")
    kind = models.CharField("类别", max_length=12, choices=PlanKind.choices)
    title = models.CharField("规划名称", max_length=200)
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("截止年度")
    outline = models.TextField("规划提纲及主要内容")
    consult_sent_on = models.DateField("征求意见日期", null=True, blank=True)
    consult_closed_on = models.DateField("征求意见完成日期", null=True, blank=True)
    countersigned_on = models.DateField("会签审议日期", null=True, blank=True)
    review_meeting = models.CharField("审议会议", max_length=100, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    summary = models.TextField("检查总结", blank=True)
    summarised_on = models.DateField("总结日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "普法规划"
        verbose_name_plural = "普法规划"
        ordering = ["-start_year", "-id"]

    def __str__(self):
        return self.title

    @property
    def years(self):
        return f"{self.start_year}年" if self.start_year == self.end_year else f"{self.start_year}—{self.end_year}年"

    @property
    def stage(self):
        if self.case.status == Case.Status.DRAFT:
            return "起草"
        if self.case.status == Case.Status.RETURNED:
            return "退回修改"
        if not self.case.is_open:
            return "已总结" if self.summarised_on else self.case.get_status_display()
        return self.case.current_step_label or self.case.get_status_display()


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"
    NO_OPINION = "none", "无意见"


class Consultation(models.Model):
    """征求意见: one department asked for its opinion on the draft, its feedback and our answer."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="consultations")
    unit = models.ForeignKey(
        "org.ExternalUnit", verbose_name="征求意见单位", on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField("送出日期")
    replied_on = models.DateField("反馈日期", null=True, blank=True)
    feedback = models.TextField("反馈意见", blank=True)
    adoption = models.CharField("采纳情况", max_length=12, choices=Adoption.choices, blank=True)
    response = models.TextField("采纳反馈说明", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["unit__order", "unit__name", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="rol_consultation_once")]

    def __str__(self):
        return f"{self.plan} · {self.unit}"


class PlanTaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__in=Plan.objects.visible_to(user).values("pk"))


class PlanTask(models.Model):
    """组织实施: one task of the plan given to a department, followed up by a member of the section."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey("org.ExternalUnit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    content = models.TextField("任务内容")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="跟踪责任人", on_delete=models.PROTECT, related_name="rol_plan_tasks"
    )
    contact = models.CharField("单位联系人", max_length=40, blank=True)
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.TextField("完成情况", blank=True)
    history = HistoricalRecords()

    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "普法规划任务"
        verbose_name_plural = "普法规划任务"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self):
        return f"{self.unit}：{self.content[:30]}"

    @property
    def overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()


# --- 3.6 谁执法谁普法 ------------------------------------------------------------------------


class Assessment(models.Model):
    """One year's 谁执法谁普法 普法责任制 assessment of the key units."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rol_assessment")
    year = models.PositiveSmallIntegerField("考核年度", unique=True)
    units = models.ManyToManyField("org.ExternalUnit", verbose_name="重点单位", related_name="+")
    notice_on = models.DateField("通知日期")
    reports_due = models.DateField("报送截止日期")
    collected_on = models.DateField("收集完毕日期", null=True, blank=True)
    scored_on = models.DateField("评分完成日期", null=True, blank=True)
    doc_number = models.CharField("通报文号", max_length=60, blank=True)
    published_on = models.DateField("通报日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "普法责任制考核"
        verbose_name_plural = "普法责任制考核"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度“谁执法谁普法”普法责任制考核"

    def ranking(self):
        """[(rank or None, unit, report or None)]: scored reports by score, then unscored
        received reports, then the units that have not reported (flagged). Two queries."""
        reports = {r.unit_id: r for r in self.reports.select_related("unit")}
        units = list(self.units.order_by("order", "name"))
        scored = sorted(
            (r for r in reports.values() if r.score is not None), key=lambda r: (-r.score, r.unit.order, r.unit.name)
        )
        rows, previous, rank = [], None, 0
        for i, r in enumerate(scored, 1):
            if r.score != previous:
                rank, previous = i, r.score
            rows.append((rank, r.unit, r))
        rows += [(None, r.unit, r) for r in reports.values() if r.score is None]
        rows += [(None, u, None) for u in units if u.pk not in reports]
        return rows


GRADES = [(Decimal("90"), "优秀"), (Decimal("80"), "良好"), (Decimal("60"), "合格"), (Decimal("0"), "不合格")]


class Responsibility(models.Model):
    """A key unit's 普法责任清单 for the year."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lists")
    unit = models.ForeignKey("org.ExternalUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("报送日期")
    items = models.TextField("普法责任清单（普法内容、对象、方式、责任科室）")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "普法责任清单"
        verbose_name_plural = "普法责任清单"
        ordering = ["unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="rol_list_once")]

    def __str__(self):
        return f"{self.assessment.year} {self.unit}"


class DutyReport(models.Model):
    """A key unit's yearly report on its 普法责任制, received and scored."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.ExternalUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("报送日期")
    summary = models.TextField("报告摘要")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    remarks = models.TextField("评分说明", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "普法责任制年度报告"
        verbose_name_plural = "普法责任制年度报告"
        ordering = ["unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit"], name="rol_report_once")]

    def __str__(self):
        return f"{self.assessment.year} {self.unit}"

    @property
    def late(self):
        return self.received_on > self.assessment.reports_due

    @property
    def grade(self):
        if self.score is None:
            return ""
        return next(label for floor, label in GRADES if self.score >= floor)


# --- 3.7 学法用法 ----------------------------------------------------------------------------


class Cadre(models.Model):
    """A leading cadre whose 学法用法 is recorded (name and post: public office, no personal data)."""

    name = models.CharField("姓名", max_length=40)
    post = models.CharField("职务", max_length=100)
    unit = models.ForeignKey(
        "org.ExternalUnit", verbose_name="单位", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField("在册", default=True)
    history = HistoricalRecords()

    objects = OverseenQuerySet.as_manager()

    class Meta:
        verbose_name = "领导干部"
        verbose_name_plural = "领导干部"
        ordering = ["unit__order", "name", "id"]

    def __str__(self):
        return f"{self.name}（{self.unit.name + self.post if self.unit_id else self.post}）"


class SessionKind(models.TextChoices):
    CENTRE_GROUP = "centre_group", "党委（党组）理论学习中心组学法"
    LECTURE = "lecture", "专题法治讲座"
    COURT = "court", "旁听庭审"
    COLLECTIVE = "collective", "政府常务会议会前学法"
    OTHER = "other", "其他集中学法"


class StudySession(models.Model):
    held_on = models.DateField("日期")
    title = models.CharField("学习主题", max_length=200)
    kind = models.CharField("形式", max_length=20, choices=SessionKind.choices)
    organiser = models.ForeignKey(
        "org.ExternalUnit", verbose_name="组织单位", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    speaker = models.CharField("主讲人", max_length=60, blank=True)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, default=Decimal("2"))
    content = models.TextField("学习内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = OverseenQuerySet.as_manager()

    class Meta:
        verbose_name = "学法活动"
        verbose_name_plural = "学法活动"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("rule_of_law:session_detail", args=[self.pk])


class Presence(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class Attendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    cadre = models.ForeignKey(Cadre, verbose_name="领导干部", on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField("出勤", max_length=10, choices=Presence.choices, default=Presence.PRESENT)
    note = models.CharField("说明", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "学法出勤"
        verbose_name_plural = "学法出勤"
        ordering = ["cadre__name", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "cadre"], name="rol_attendance_once")]


class Exam(models.Model):
    held_on = models.DateField("考试日期")
    title = models.CharField("考试名称", max_length=200)
    pass_mark = models.DecimalField("合格分", max_digits=5, decimal_places=1, default=Decimal("60"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = OverseenQuerySet.as_manager()

    class Meta:
        verbose_name = "学法考试"
        verbose_name_plural = "学法考试"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("rule_of_law:exam_detail", args=[self.pk])


class ExamScore(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="scores")
    cadre = models.ForeignKey(Cadre, verbose_name="领导干部", on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    absent = models.BooleanField("缺考", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "考试成绩"
        verbose_name_plural = "考试成绩"
        ordering = ["cadre__name", "id"]
        constraints = [models.UniqueConstraint(fields=["exam", "cadre"], name="rol_score_once")]

    @property
    def passed(self):
        return not self.absent and self.score is not None and self.score >= self.exam.pass_mark

    @property
    def result(self):
        if self.absent:
            return "缺考"
        return "合格" if self.passed else "不合格"


class Rating(models.TextChoices):
    GOOD = "good", "好"
    FAIR = "fair", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


class LawReport(models.Model):
    """述法: a leading cadre's yearly report on performing the duties of 第一责任人 for 法治建设."""

    cadre = models.ForeignKey(Cadre, verbose_name="述法人", on_delete=models.PROTECT, related_name="law_reports")
    year = models.PositiveSmallIntegerField("述法年度")
    reported_on = models.DateField("述法日期")
    form = models.CharField("述法方式", max_length=20, choices=[("written", "书面述法"), ("meeting", "会议现场述法")])
    summary = models.TextField("述法要点")
    rating = models.CharField("评议结果", max_length=10, choices=Rating.choices, blank=True)
    comments = models.TextField("评议意见", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = OverseenQuerySet.as_manager()

    class Meta:
        verbose_name = "述法报告"
        verbose_name_plural = "述法报告"
        ordering = ["-year", "cadre__name"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="rol_law_report_once")]

    def __str__(self):
        return f"{self.year} {self.cadre.name}述法"


# --- 3.8 依法治理 ----------------------------------------------------------------------------


class CampaignKind(models.TextChoices):
    VILLAGE = "village", "民主法治示范村（社区）"
    TOWN = "town", "法治镇（街道）"
    CULTURE = "culture", "法治文化阵地"
    UNIT = "unit", "依法治理示范单位"


class Level(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    DISTRICT = "district", "区级"


class Campaign(models.Model):
    title = models.CharField("创建活动", max_length=200)
    kind = models.CharField("类别", max_length=12, choices=CampaignKind.choices)
    level = models.CharField("命名层级", max_length=12, choices=Level.choices, default=Level.DISTRICT)
    year = models.PositiveSmallIntegerField("年度")
    plan_doc = models.CharField("创建方案文号", max_length=60, blank=True)
    launched_on = models.DateField("部署日期")
    applications_due = models.DateField("申报截止日期")
    standard = models.TextField("创建标准", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = OverseenQuerySet.as_manager()

    class Meta:
        verbose_name = "依法治理创建活动"
        verbose_name_plural = "依法治理创建活动"
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("rule_of_law:campaign_detail", args=[self.pk])


class Outcome(models.TextChoices):
    NAMED = "named", "命名"
    NOT_NAMED = "not_named", "不予命名"


class ModelApplication(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rol_application")
    campaign = models.ForeignKey(
        Campaign, verbose_name="创建活动", on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey("org.ExternalUnit", verbose_name="申报单位", on_delete=models.PROTECT, related_name="+")
    candidate = models.CharField("创建对象（村、社区或单位名称）", max_length=100)
    applied_on = models.DateField("申报日期")
    materials = models.TextField("申报材料及创建情况")
    checked_on = models.DateField("核查日期", null=True, blank=True)
    check_score = models.DecimalField("考评得分", max_digits=5, decimal_places=1, null=True, blank=True)
    check_opinion = models.TextField("审核意见", blank=True)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, blank=True)
    decision_number = models.CharField("命名决定文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    revoked_on = models.DateField("撤销命名日期", null=True, blank=True)
    revoke_reason = models.TextField("撤销理由", blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "示范单位申报"
        verbose_name_plural = "示范单位申报"
        ordering = ["-applied_on", "-id"]

    def __str__(self):
        return f"{self.candidate}（{self.campaign.get_kind_display()}）"

    @property
    def stage(self):
        if self.revoked_on:
            return "已撤销命名"
        if self.outcome:
            return self.get_outcome_display()
        return self.case.current_step_label or self.case.get_status_display()


# --- 法治政府建设年度报告 --------------------------------------------------------------------


class AnnualReport(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rol_annual_report")
    year = models.PositiveSmallIntegerField("报告年度", unique=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    reported_to = models.CharField("报送对象", max_length=200, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_url = models.CharField("公开网址", max_length=300, blank=True)
    history = HistoricalRecords()

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度法治政府建设情况报告"
