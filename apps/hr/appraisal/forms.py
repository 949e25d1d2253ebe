from django import forms
from django.utils import timezone

from ..models import AppraisalRound


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AppraisalRound.Kind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "（年度考核不选）"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class NoticeResultForm(forms.Form):
    result = forms.CharField(
        label="公示结果",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "公示期满无异议"}),
    )
