import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# Six digits in a row: an ID number, a phone number or a part of one. A reason goes into the
# audit log, which must not hold personal data values.
_NUMBER_RUN = re.compile(r"\d{6,}")


def no_personal_numbers(value):
    compact = re.sub(r"[\s\-－]", "", unicodedata.normalize("NFKC", value))
    if _NUMBER_RUN.search(compact):
        raise ValidationError("请不要在这里填写证件号码、电话号码等个人信息（将记入审计日志）。")


class StatedReasonForm(forms.Form):
    reason = forms.CharField(
        label="事由",
        min_length=4,
        max_length=200,
        validators=[no_personal_numbers],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明事由。", "min_length": "请写明事由（至少 4 个字）。"},
    )

    def __init__(self, *args, label="事由", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text
