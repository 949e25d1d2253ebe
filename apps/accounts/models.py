"""Staff accounts, their rank in the bureau, their office roles, and the three administrators."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
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
        "org.Section",
        verbose_name="所在科室/单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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
    # Mixed into the session hash: raising it ends every session of the account (lock, disable,
    # two-factor reset) the way a password change does. See apps/accounts/services.end_sessions().
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = CaseInsensitiveUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_generation"])

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

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def check_password(self, raw_password):
        # A hash upgrade on login calls set_password(): that is not a password change.
        changed_at = self.password_changed_at
        result = super().check_password(raw_password)
        self.password_changed_at = changed_at
        return result

    def password_change_due(self, now=None):
        """'first' when the initial password must be replaced, 'expired' after
        PASSWORD_MAX_AGE_DAYS, '' otherwise."""
        if self.must_change_password:
            return "first"
        max_age = settings.PASSWORD_MAX_AGE_DAYS
        changed = self.password_changed_at or self.date_joined
        if max_age > 0 and changed is not None and (now or timezone.now()) - changed > timedelta(days=max_age):
            return "expired"
        return ""

    def _get_session_auth_hash(self, secret=None):
        key_salt = "apps.accounts.models.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

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


class PasswordHistory(models.Model):
    """Hashes of an account's recent passwords, so the last few cannot be chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]


class LoginFailure(models.Model):
    """Failed-login counter for one typed username, and for that username from one address.

    Keyed by the name as typed (lower-cased), not by account: a name that matches no account
    is counted and locked the same way, so the lock message tells nobody which accounts exist.
    `ip` is empty for the per-account counter. There is no counter per address alone: a whole
    office sits behind one address.
    """

    username = models.CharField("用户名", max_length=150)
    ip = models.CharField("来源地址", max_length=45, blank=True, help_text="为空表示按账号计数")
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_start = models.DateTimeField("本轮首次失败", default=timezone.now)
    last_failure_at = models.DateTimeField("最近失败", default=timezone.now)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "登录失败与锁定"
        verbose_name_plural = "登录失败与锁定"
        ordering = ["-last_failure_at"]
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="loginfailure_unique")]

    def __str__(self):
        return f"{self.username} @ {self.ip}" if self.ip else self.username

    @property
    def is_locked(self):
        return self.locked_until is not None and self.locked_until > timezone.now()
