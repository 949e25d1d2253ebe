from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.models import Rank

from .models import Petition, UpperBody


class PetitionForm(forms.ModelForm):
    title = forms.CharField(label="事项标题", max_length=200, required=False, help_text="不填则为“某某信访事项”。")

    class Meta:
        model = Petition
        fields = [
            "channel",
            "source_ref",
            "received_on",
            "petitioner",
            "id_number",
            "phone",
            "address",
            "is_group",
            "headcount",
            "demands",
        ]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}), "demands": forms.Textarea(attrs={"rows": 4})}

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("收到日期不能晚于今天。")
        return day


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="受理决定", choices=[("1", "受理"), ("0", "不予受理")], coerce=lambda v: v == "1"
    )
    on_date = forms.DateField(
        label="决定日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    reason = forms.CharField(
        label="不予受理理由及告知的其他途径",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="选择“不予受理”时必填。",
    )


class ObjectionForm(forms.Form):
    on_date = forms.DateField(
        label="提出异议日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    reason = forms.CharField(
        label="不属于本机关职权范围的理由（写入异议函）",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="《信访工作条例》第二十三条：自收到转送、交办之日起5个工作日内提出异议，并详细说明理由。",
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="延长天数",
        min_value=1,
        max_value=30,
        error_messages={"max_value": "延长不得超过30日（《信访工作条例》第三十四条）。"},
    )
    reason = forms.CharField(label="延期理由（写入延期告知书）", widget=forms.Textarea(attrs={"rows": 2}))
    approved_by = forms.ModelChoiceField(label="批准的负责人", queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, rank__in=[Rank.DIRECTOR, Rank.DIVISION_LEADER])
            .order_by("-rank", "id")
        )


class AnswerForm(forms.Form):
    text = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 4}))
    on_date = forms.DateField(
        label="出具日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


class ReviewOpinionForm(AnswerForm):
    text = forms.CharField(label="复查意见", widget=forms.Textarea(attrs={"rows": 4}))


class ReviewAcceptForm(forms.Form):
    on_date = forms.DateField(
        label="受理日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


class ReviewRequestForm(forms.Form):
    received_on = forms.DateField(
        label="收到复查请求日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    demands = forms.CharField(label="复查请求及理由", widget=forms.Textarea(attrs={"rows": 3}))


class UpperReferForm(forms.Form):
    body = forms.ChoiceField(label="复查机关（本局的上一级行政机关）", choices=UpperBody.choices)
    told_on = forms.DateField(
        label="告知信访人日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


class UpperResultForm(forms.Form):
    result = forms.CharField(label="上一级机关复查结果", widget=forms.Textarea(attrs={"rows": 3}))
    on_date = forms.DateField(
        label="复查意见日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
