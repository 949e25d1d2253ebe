"""Password rules (等保 2.0: length and complexity), with messages in Chinese."""

import re

from django.core.exceptions import ValidationError


class MinimumLengthValidator:
    def __init__(self, min_length=10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短：至少需要 {self.min_length} 个字符。", code="password_too_short"
            )

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
