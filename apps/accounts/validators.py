"""Password rules (等保 2.0: length, complexity, history, common passwords), with messages in Chinese.

The numbers are settings (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES, PASSWORD_HISTORY_COUNT).
"""

import re

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from . import weak_passwords


class MinimumLengthValidator:
    def __init__(self, min_length=10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case, upper-case, digits, other characters."""

    CLASSES = [
        (re.compile(r"[a-z]"), "小写字母"),
        (re.compile(r"[A-Z]"), "大写字母"),
        (re.compile(r"[0-9]"), "数字"),
        (re.compile(r"[^a-zA-Z0-9]"), "符号"),
    ]

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern, _ in self.CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, with the message in Chinese."""

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError("该密码属于常见密码，极易被猜中，请换一个。", code="password_too_common")

    def get_help_text(self):
        return "不能使用常见密码。"


class WeakPatternValidator:
    """Passwords that pass the length and class rules but are still guessed first in China:
    a common word, pinyin or keyboard walk with digits and a symbol (Admin@123456, Qwer1234!@#$,
    Woaini@1314, P@ssw0rd2026). See apps/accounts/weak_passwords.py."""

    def validate(self, password, user=None):
        extra = [getattr(user, "username", "")] if user is not None else []
        if weak_passwords.is_weak(password, extra_words=extra):
            raise ValidationError(
                "该密码由常见单词、拼音或键盘顺序加数字组成（如 Admin@123456、Qwer1234!@#$），容易被猜中，请换一个。",
                code="password_weak_pattern",
            )

    def get_help_text(self):
        return "不能是常见单词、拼音、键盘顺序加简单数字的组合。"


class PasswordHistoryValidator:
    """No reuse of the account's last `count` passwords (the current one included).

    Django calls password_changed() after every save of a new password; that is where the
    history is written, so every way of setting a password (own change, reset by the security
    administrator, seed) keeps it.
    """

    def __init__(self, count=5):
        self.count = count

    def _recent_hashes(self, user):
        if self.count <= 0 or user is None or user.pk is None:
            return []
        from .models import PasswordHistory

        stored = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count])
        current = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        return ([current] if current and current not in stored else []) + stored

    def validate(self, password, user=None):
        for encoded in self._recent_hashes(user):
            if check_password(password, encoded):
                raise ValidationError(f"不能使用最近 {self.count} 次用过的密码。", code="password_reused")

    def password_changed(self, password, user=None):
        if self.count <= 0 or user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: self.count]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self):
        return f"不能与最近 {self.count} 次用过的密码相同。"
