from django import forms
from django.utils import timezone

from apps.training.forms import business_people

from .models import Member, TermAppraisal


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label="驻村干部", queryset=business_people())
    village = forms.CharField(label="帮扶村", max_length=60)
    town = forms.CharField(label="所在镇（街道）", max_length=60)
    role = forms.ChoiceField(label="职务", choices=Member.Role.choices, initial=Member.Role.MEMBER)
    term_start = forms.DateField(
        label="任期开始", widget=forms.DateInput(attrs={"type": "date"}), help_text="任期 2 年，届满日期自动计算。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda u: (
            f"{u.full_name}（{u.section.name if u.section_id else '—'}）"
        )


class ReturnForm(forms.Form):
    month = forms.DateField(
        label="月份",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    days_in_village = forms.IntegerField(label="在村天数", min_value=0, max_value=31)
    days_on_business = forms.IntegerField(
        label="因驻村帮扶工作出差、开会、培训天数",
        min_value=0,
        max_value=31,
        initial=0,
        help_text="计入驻村时间（驻村帮扶工作制度二.1）。离村请假须走请假审批。",
    )
    work_summary = forms.CharField(label="本月帮扶工作", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AppraisalForm(forms.Form):
    grade = forms.ChoiceField(label="考核等次", choices=TermAppraisal.Grade.choices)
    comment = forms.CharField(label="考核意见（含党组研究情况）", widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(
        label="考核日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label="离任日期", widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    replaced = forms.BooleanField(label="中途调整（任期未满）", required=False)
    reason = forms.CharField(label="原因及批准情况", required=False, max_length=200)
