"""Staff accounts, their rank in the bureau, their office roles, and the three administrators."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class Rank(models.TextChoices):
    """The line role a person holds; approval routing resolves against it."""

    NONE = "", "—"
    STAFF = "staff", "科员"
    CHIEF = "chief", "科长"
    DIVISION_LEADER = "division_leader", "分管领导"
    DIRECTOR = "director", "局长"


class AdminRole(models.TextChoices):
    """三员分立: one field, so no account can hold two of them."""

    NONE = "", "—"
    SYSTEM = "system", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDIT = "audit", "审计管理员"


class OfficeRole(models.TextChoices):
    RECEIVER = "receiver", "收发员"
    CONFIDENTIAL_CLERK = "confidential_clerk", "机要员"
    SEAL_KEEPER = "seal_keeper", "印章管理员"
    ARCHIVIST = "archivist", "档案员"


class Clearance(models.IntegerChoices):
    """Highest sensitivity label a person may see (公开 < 内部 < 工作秘密)."""

    PUBLIC = 0, "公开"
    INTERNAL = 1, "内部"
    WORK_SECRET = 2, "工作秘密"


class CaseInsensitiveUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=40)
    section = models.ForeignKey(
        "org.Section", verbose_name="所在科室/单位", on_delete=models.PROTECT, null=True, blank=True,
        related_name="members",
    )
    post = models.ForeignKey(
        "org.Post", verbose_name="岗位", on_delete=models.SET_NULL, null=True, blank=True, related_name="holders"
    )
    rank = models.CharField("职务层级", max_length=20, choices=Rank.choices, blank=True, default=Rank.NONE)
    admin_role = models.CharField("管理员角色", max_length=20, choices=AdminRole.choices, blank=True, default="")
    clearance = models.PositiveSmallIntegerField("密级许可", choices=Clearance.choices, default=Clearance.INTERNAL)
    phone = models.CharField("办公电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    notify_by_email = models.BooleanField("期限提醒同时发送电子邮件", default=False)
    is_demo = models.BooleanField("演示账号", default=False, editable=False)

    objects = CaseInsensitiveUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["section__order", "username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            # An administrator account is not also a business account (三员分立).
            models.CheckConstraint(
                condition=models.Q(admin_role="") | models.Q(rank="", section__isnull=True),
                name="user_admin_not_business",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.admin_role and (self.rank or self.section_id):
            raise ValidationError("管理员账号不能同时担任业务职务或隶属科室（三员分立）。")

    @property
    def is_director(self):
        return self.rank == Rank.DIRECTOR

    @property
    def is_system_admin(self):
        return self.admin_role == AdminRole.SYSTEM

    @property
    def is_security_admin(self):
        return self.admin_role == AdminRole.SECURITY

    @property
    def is_audit_admin(self):
        return self.admin_role == AdminRole.AUDIT

    def has_office_role(self, role):
        # office_roles is usually prefetched on request.user by the middleware-free path below;
        # a single query otherwise.
        return any(r.role == role for r in self.office_roles.all())


class OfficeRoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="office_roles")
    role = models.CharField("办公室角色", max_length=30, choices=OfficeRole.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "办公室角色"
        verbose_name_plural = "办公室角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="officerole_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"
