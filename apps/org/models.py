"""The bureau itself: sections, posts, the 三定 duty catalogue and who leads what.

The catalogue (duties, work tasks, posts, procedures) is loaded from
fixtures/org_catalogue.json, which tools/build_org_catalogue.py derives from seed 000.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from simple_history.models import HistoricalRecords


class Section(models.Model):
    class Kind(models.TextChoices):
        SECTION = "section", "机关科室"
        JUDICIAL_OFFICE = "judicial_office", "司法所"
        INSTITUTION = "institution", "局属事业单位"
        LEADERSHIP = "leadership", "局领导班子"

    code = models.SlugField("代码", max_length=40, unique=True)
    number = models.PositiveSmallIntegerField("三定表序号", null=True, blank=True)
    name = models.CharField("名称", max_length=100)
    alt_name = models.CharField("加挂牌子", max_length=100, blank=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.SECTION)
    division_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="分管领导",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_sections",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "科室/单位"
        verbose_name_plural = "科室/单位"
        ordering = ["kind", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return f"{self.name}（挂{self.alt_name}牌子）" if self.alt_name else self.name


class ExternalUnitManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class ExternalUnit(models.Model):
    """A body outside the bureau that its matters name: the district's departments (drafters of
    normative files, enforcement bodies, respondents), courts, procuratorates, public security,
    prisons, the district government, congress and the city bureau. One catalogue for every
    section app, kept by the system administrator; a unit no longer in use is made inactive
    (records point at it with on_delete=PROTECT, so one still named cannot be deleted)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "区直部门"
        TOWN = "town", "镇（街道）"
        GOVERNMENT = "government", "人民政府"
        CONGRESS = "congress", "人大常委会"
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        POLICE = "police", "公安机关"
        PRISON = "prison", "监狱/看守所"
        JUSTICE = "justice", "上级司法行政机关"
        OTHER = "other", "其他单位"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    is_active = models.BooleanField("在用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    history = HistoricalRecords()
    objects = ExternalUnitManager()

    class Meta:
        verbose_name = "外部单位"
        verbose_name_plural = "外部单位（区直部门、法院、公安等）"
        ordering = ["kind", "order", "id"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Position(models.Model):
    """A named function that a rule can route to, filled by one person (e.g. 人事分管领导).

    Rule rows say "the finance leader approves"; this table says who that is today.
    """

    key = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="现任",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "职能岗位"
        verbose_name_plural = "职能岗位（规则中引用）"
        ordering = ["key"]

    def __str__(self):
        return self.name


class Procedure(models.Model):
    """An appendix-1 procedure of seed 000 (职责岗位规范工作流程), e.g. 1.1.5 信访."""

    code = models.CharField("编号", max_length=12, unique=True)
    title = models.CharField("名称", max_length=200)
    section = models.ForeignKey(Section, verbose_name="科室", on_delete=models.PROTECT, related_name="procedures")
    body = models.TextField("流程全文", blank=True)
    sort_key = models.CharField(max_length=40, editable=False, default="")
    # Name of the portal URL that runs this procedure, once a section app provides it.
    portal_url_name = models.CharField("平台办理入口（URL 名称）", max_length=100, blank=True)

    class Meta:
        verbose_name = "工作流程"
        verbose_name_plural = "工作流程（附件1）"
        ordering = ["sort_key"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = ".".join(f"{int(p):03d}" for p in self.code.split(".") if p.isdigit())
        super().save(*args, **kwargs)

    @property
    def portal_url(self):
        if not self.portal_url_name:
            return ""
        try:
            return reverse(self.portal_url_name)
        except NoReverseMatch:
            return ""


class Duty(models.Model):
    """A numbered line of the 三定 table: 部门主要职责 or 科室职责."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部门主要职责"
        SECTION = "section", "科室职责"
        BOUNDARY = "boundary", "科室间职责边界事项"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("内容")

    class Meta:
        verbose_name = "职责"
        verbose_name_plural = "职责"
        ordering = ["section", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "kind", "number"], name="duty_unique_number"),
        ]

    def __str__(self):
        return f"{self.section} {self.get_kind_display()} {self.number}"


class WorkTask(models.Model):
    """科室工作任务: a numbered task that points to the appendix procedure performing it."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="work_tasks")
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("工作任务")
    procedures = models.ManyToManyField(Procedure, verbose_name="对应流程", blank=True, related_name="work_tasks")

    class Meta:
        verbose_name = "科室工作任务"
        verbose_name_plural = "科室工作任务"
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="worktask_unique_number"),
        ]

    def __str__(self):
        return f"{self.section} 任务{self.number}"

    @property
    def has_portal_page(self):
        # Uses the prefetched procedures: no query per row.
        return any(p.portal_url for p in self.procedures.all())


class Post(models.Model):
    """岗位: a post in a section carrying some of its work tasks."""

    class StaffingType(models.TextChoices):
        CIVIL_SERVICE = "civil_service", "行政编制"
        PUBLIC_INSTITUTION = "public_institution", "事业编制"
        CONTRACT = "contract", "合同制"
        DISPATCHED = "dispatched", "劳务派遣"
        SECONDED = "seconded", "司法所借调"
        OTHER = "other", "其他"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="posts")
    name = models.CharField("岗位名称", max_length=60)
    responsibilities = models.TextField("岗位责任", blank=True)
    staffing_type = models.CharField("编制类型", max_length=20, choices=StaffingType.choices, blank=True)
    tasks = models.ManyToManyField(WorkTask, verbose_name="承担的工作任务", blank=True, related_name="posts")
    boundary_items = models.TextField("科室间职责边界事项", blank=True)
    remark = models.TextField("备注", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        ordering = ["section", "order", "id"]

    def __str__(self):
        return f"{self.section} · {self.name}"
