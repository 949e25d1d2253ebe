from django import forms
from django.contrib.auth import get_user_model

from ..forms import DATE
from ..models import Rotation


class RotationForm(forms.ModelForm):
    class Meta:
        model = Rotation
        fields = ["person", "reason", "from_post", "to_post", "middle_manager"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
        self.fields["person"].queryset = people.order_by("section__order", "full_name")
        self.fields["person"].label_from_instance = lambda u: f"{u.full_name}（{u.section.name}）"


class TalkForm(forms.Form):
    talk_on = forms.DateField(label="谈话日期", widget=DATE)
    talk_note = forms.CharField(label="本人意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CommitteeForm(forms.Form):
    committee_doc = forms.CharField(label="区委政法委同意文号", max_length=60)
    committee_on = forms.DateField(label="同意日期", widget=DATE)


class NoticeForm(forms.Form):
    notice_from = forms.DateField(label="公示开始", widget=DATE)
    notice_to = forms.DateField(label="公示结束", widget=DATE)
    notice_result = forms.CharField(label="公示结果", max_length=200, initial="公示期间无异议")


class FilingForm(forms.Form):
    effective_on = forms.DateField(label="到岗日期", widget=DATE)
    filed = forms.BooleanField(label="已将任职文件报区委组织部备案", required=False)
    filing_note = forms.CharField(label="备案情况", max_length=200, required=False, help_text="无需备案的写明理由")


STEP_FORMS = {"talk": TalkForm, "committee": CommitteeForm, "notice": NoticeForm, "filing": FilingForm}
