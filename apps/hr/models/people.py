"""People (seed 000 2.1-2.4; seed 002 rules 14-18, 21): staff records kept by the personnel
section, and what hangs off them."""

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.org.models import Post

User = settings.AUTH_USER_MODEL


class StaffRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The personnel section sees every record; anyone else their own."""
        from .leave import is_personnel_officer

        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if is_personnel_officer(user):
            return self.all()
        return self.filter(person=user)


class StaffRecord(models.Model):
    """人员档案 (the parts the portal needs): post, staffing type, rank, dates of entry and
    retirement, the fingerprint machine's number, and the time in a key post (轮岗)."""

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    class Status(models.TextChoices):
        SERVING = "serving", "在职"
        RETIRED = "retired", "已退休"
        LEFT = "left", "调离/离职"

    person = models.OneToOneField(User, verbose_name="人员", on_delete=models.PROTECT, related_name="staff_record")
    attendance_no = models.CharField(
        "考勤号", max_length=20, null=True, blank=True, unique=True, help_text="指纹考勤机上登记的编号"
    )
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    staffing_type = models.CharField("编制类型", max_length=20, choices=Post.StaffingType.choices)
    job_title = models.CharField("职务", max_length=40, blank=True, help_text="如：科长、副科长、科员")
    grade = models.CharField("职级", max_length=40, blank=True, help_text="如：一级主任科员")
    grade_since = models.DateField("现职级任职时间", null=True, blank=True)
    work_start_date = models.DateField("参加工作时间")
    entry_date = models.DateField("进入本局时间")
    post_since = models.DateField("现岗位任职起始", null=True, blank=True)
    key_post = models.BooleanField(
        "中层骨干、执法关键岗位或人财物重点岗位", default=False, help_text="连续任职超过10年的须轮岗交流"
    )
    retirement_date = models.DateField("退休日期", null=True, blank=True, help_text="留空按法定退休年龄计算")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SERVING)
    union_member = models.BooleanField("工会会员", default=True)
    rehired_since = models.DateField(
        "返聘起始日期",
        null=True,
        blank=True,
        help_text="临聘人员超龄上岗的，签订返聘劳务派遣协议之日；原则上返聘不得连续超过两年",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = StaffRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "人员档案"
        verbose_name_plural = "人员档案"
        ordering = ["person__section__order", "person__full_name"]

    def __str__(self):
        return f"人员档案 {self.pk}"

    def years_of_work(self, on=None):
        on = on or date.today()
        return _years_between(self.work_start_date, on)

    def years_in_post(self, on=None):
        if self.post_since is None:
            return None
        return _years_between(self.post_since, on or date.today())


def _years_between(start, end):
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


# --- retirement -------------------------------------------------------------------------------


def statutory_retirement(birth_date, gender):
    """The statutory retirement date under 《国务院关于渐进式延迟职工法定退休年龄的办法》 (NPC
    Standing Committee decision of 2024-09-13, in force 2025-01-01): men from 60, women cadres
    (女干部, the bureau's civil servants and institution staff) from 55, later by one month for
    every four months of birth from January 1965 (men) / January 1970 (women), at most three
    years (63 and 58). The date is the day the age is reached."""
    base_years, first_cohort = (60, 1965) if gender == StaffRecord.Gender.MALE else (55, 1970)
    cohort_index = (birth_date.year - first_cohort) * 12 + birth_date.month - 1
    delay = 0 if cohort_index < 0 else min(36, cohort_index // 4 + 1)
    months = base_years * 12 + delay
    year, month = divmod(birth_date.year * 12 + birth_date.month - 1 + months, 12)
    month += 1
    import calendar as _calendar

    day = min(birth_date.day, _calendar.monthrange(year, month)[1])
    return date(year, month, day)


def retirement_date(record):
    return record.retirement_date or statutory_retirement(record.birth_date, record.gender)


# --- passports (因私出国（境）证件, seed 000 2.4) ---------------------------------------------------


class PassportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .leave import is_personnel_officer

        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if is_personnel_officer(user):
            return self.all()
        return self.filter(holder=user)


class Passport(models.Model):
    """A private travel document handed in to the bureau (局系统干部职工凡持有因私出国（境）证件
    均应上交), kept in the personnel section's cabinet and handed out only for an approved trip."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", "普通护照"
        HK_MACAO = "hk_macao", "往来港澳通行证"
        TAIWAN = "taiwan", "往来台湾通行证"

    class Status(models.TextChoices):
        KEPT = "kept", "在柜保管"
        ISSUED = "issued", "已发放（出行中）"
        ORGANISATION = "organisation", "交区委组织部保管"
        CANCELLED = "cancelled", "已注销/过期"
        RETURNED = "returned", "已退还本人（调离、退休）"

    holder = models.ForeignKey(User, verbose_name="持证人", on_delete=models.PROTECT, related_name="passports")
    kind = models.CharField("证件类别", max_length=12, choices=Kind.choices)
    # Minimum collection (PIPL): the register needs to tell two documents apart, not to hold the
    # number; the document itself is in the cabinet.
    number_tail = models.CharField("证照号末四位（核对用）", max_length=4)
    expires_on = models.DateField("有效期至")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.KEPT)
    location = models.CharField("存放位置", max_length=60, default="政工科证件专柜")
    received_on = models.DateField("上交日期")
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords()

    objects = PassportQuerySet.as_manager()

    class Meta:
        verbose_name = "因私出国（境）证件"
        verbose_name_plural = "因私出国（境）证件"
        ordering = ["holder__full_name", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()}（尾号{self.number_tail}）"


class PassportTrip(models.Model):
    """因私出国（境）审批 on the engine (process hr.passport): the trip, the handout, the return
    and the document coming back (本人回国后10日内...上交因私出国（境）证件)."""

    case = models.OneToOneField("workflow.Case", on_delete=models.CASCADE, related_name="passport_trip")
    passport = models.ForeignKey(Passport, verbose_name="证件", on_delete=models.PROTECT, related_name="trips")
    destination = models.CharField("前往国家（地区）", max_length=100)
    purpose = models.TextField("事由")
    depart_on = models.DateField("出发日期")
    return_on = models.DateField("预计回国（境）日期")
    handed_out_on = models.DateField("发放日期", null=True, blank=True)
    handed_out_by = models.ForeignKey(
        User, verbose_name="发放人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_on = models.DateField("实际回国（境）日期", null=True, blank=True)
    report = models.TextField("回国报告", blank=True)
    handed_back_on = models.DateField("交回日期", null=True, blank=True)
    received_by = models.ForeignKey(
        User, verbose_name="收回人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "因私出国（境）审批"
        verbose_name_plural = "因私出国（境）审批"

    def __str__(self):
        return f"因私出国（境）{self.pk}"


# --- union benefits (工会慰问, seed 002 rule 14) ----------------------------------------------


class BenefitTypeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class BenefitType(models.Model):
    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("慰问事项", max_length=40)
    amount = models.DecimalField("标准（元）", max_digits=8, decimal_places=2)
    form = models.CharField("形式", max_length=20, default="慰问金", help_text="慰问金、慰问品、纪念品")
    once_per_year = models.BooleanField("一年内限一次", default=False)
    basis = models.CharField("依据", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    objects = BenefitTypeManager()

    class Meta:
        verbose_name = "工会慰问标准"
        verbose_name_plural = "工会慰问标准"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class BenefitQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .leave import is_personnel_officer

        if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
            return self.none()
        if is_personnel_officer(user):
            return self.all()
        return self.filter(person=user)


class UnionBenefit(models.Model):
    person = models.ForeignKey(User, verbose_name="会员", on_delete=models.PROTECT, related_name="union_benefits")
    benefit_type = models.ForeignKey(
        BenefitType, verbose_name="慰问事项", on_delete=models.PROTECT, related_name="benefits"
    )
    event_date = models.DateField("事由发生日期")
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    registered_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = BenefitQuerySet.as_manager()

    class Meta:
        verbose_name = "工会慰问"
        verbose_name_plural = "工会慰问"
        ordering = ["-event_date", "-id"]

    def __str__(self):
        return f"工会慰问 {self.pk}"
