from django import forms
from django.utils import timezone

from apps.org.models import ExternalUnit, Section
from apps.privacy.fields import PersonalDataFormField

from .models import Assessment, Category, Hazard, Proposal, Sanction, Subject, WorkRecord
from .services import SUPERVISION_KINDS

DATE = forms.DateInput(attrs={"type": "date"})


def offices():
    return Section.objects.filter(kind=Section.Kind.JUDICIAL_OFFICE).order_by("order", "code")


def units(*kinds):
    return ExternalUnit.objects.filter(kind__in=kinds, is_active=True).order_by("order", "code")


class SubjectForm(forms.ModelForm):
    class Meta:
        model = Subject
        fields = [
            "name",
            "gender",
            "id_number",
            "phone",
            "address",
            "family_contact",
            "family_phone",
            "sentence_type",
            "crime",
            "deciding_body",
            "judgment_no",
            "effective_on",
            "notified_on",
            "documents_on",
            "start_on",
            "end_on",
            "office",
            "category",
        ]
        widgets = {f: DATE for f in ("effective_on", "notified_on", "documents_on", "start_on", "end_on")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_body"].queryset = units(
            ExternalUnit.Kind.COURT, ExternalUnit.Kind.PRISON, ExternalUnit.Kind.POLICE
        )
        self.fields["office"].queryset = offices()
        for name, kind in (
            ("id_number", "id_number"),
            ("phone", "phone"),
            ("address", "address"),
            ("family_phone", "phone"),
        ):
            label = self.fields[name].label
            self.fields[name] = PersonalDataFormField(kind=kind, label=label, required=name == "id_number")


class ReportInForm(forms.Form):
    on = forms.DateField(label="报到日", widget=DATE, initial=timezone.localdate)


class SearchForm(forms.Form):
    text = forms.CharField(label="查找情况", widget=forms.Textarea(attrs={"rows": 3}))
    notified_body_on = forms.DateField(label="通报决定机关日", widget=DATE, required=False)


class AnnounceForm(forms.Form):
    on = forms.DateField(label="宣告日", widget=DATE, initial=timezone.localdate)
    group_members = forms.CharField(label="矫正小组成员", widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.CharField(label="矫正方案", widget=forms.Textarea(attrs={"rows": 4}))


class PlanForm(forms.Form):
    category = forms.ChoiceField(label="管理类别", choices=Category.choices)
    group_members = forms.CharField(label="矫正小组成员", widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.CharField(label="矫正方案", widget=forms.Textarea(attrs={"rows": 4}))


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[(k, k) for k in SUPERVISION_KINDS])
    on = forms.DateField(label="日期", widget=DATE, initial=timezone.localdate)
    text = forms.CharField(label="情况", widget=forms.Textarea(attrs={"rows": 2}))


class TravelForm(forms.Form):
    destination = forms.CharField(label="目的地", max_length=100)
    reason = forms.CharField(label="事由", max_length=200)
    start_on = forms.DateField(label="外出起始日", widget=DATE)
    end_on = forms.DateField(label="返回日期", widget=DATE)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审批", choices=[("approve", "批准"), ("refuse", "不予批准")])
    note = forms.CharField(label="意见", max_length=200, required=False)


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE, initial=timezone.localdate)


class MonitoringForm(forms.Form):
    reason = forms.CharField(label="使用情形（第二十九条）", max_length=200)


class RelocationForm(forms.Form):
    new_place = forms.CharField(label="新执行地", max_length=100)
    reason = forms.CharField(label="变更事由", max_length=200)
    applied_on = forms.DateField(label="收到书面申请日", widget=DATE)
    move_on = forms.DateField(label="拟迁居日", widget=DATE)


class ServeForm(forms.Form):
    submitted_at = forms.DateTimeField(
        label="送达对方时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Sanction.Kind.choices)
    on = forms.DateField(label="决定日", widget=DATE, initial=timezone.localdate)
    facts = forms.CharField(label="事实和理由", widget=forms.Textarea(attrs={"rows": 3}))


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Proposal.Kind.choices)
    body = forms.ModelChoiceField(label="提请机关", queryset=ExternalUnit.objects.none())
    reasons = forms.CharField(label="理由和证据", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = units(
            ExternalUnit.Kind.COURT, ExternalUnit.Kind.POLICE, ExternalUnit.Kind.PRISON
        )


class ResultForm(forms.Form):
    granted = forms.ChoiceField(label="结果", choices=[("yes", "采纳"), ("no", "未采纳")])
    result = forms.CharField(label="裁定/决定", max_length=200)
    on = forms.DateField(label="日期", widget=DATE, initial=timezone.localdate)


class TerminateForm(forms.Form):
    on = forms.DateField(label="终止日", widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label="原因（死亡、撤销缓刑假释、收监执行等）", max_length=100)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "requester",
            "letter_no",
            "person",
            "id_number",
            "address",
            "crime",
            "proposed",
            "fast_track",
            "received_on",
            "office",
        ]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = units(
            ExternalUnit.Kind.COURT, ExternalUnit.Kind.PROCURATORATE, ExternalUnit.Kind.POLICE, ExternalUnit.Kind.PRISON
        )
        self.fields["office"].queryset = offices()
        self.fields["id_number"] = PersonalDataFormField(kind="id_number", label="身份证号码", required=False)
        self.fields["address"] = PersonalDataFormField(kind="address", label="居住地", required=False)


class OpinionForm(forms.Form):
    findings = forms.CharField(label="调查情况", widget=forms.Textarea(attrs={"rows": 4}))
    opinion = forms.ChoiceField(label="评估意见", choices=Assessment.Opinion.choices)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核", choices=[("approve", "同意"), ("back", "退回司法所补充")])
    note = forms.CharField(label="意见", max_length=200, required=False)


class MajorEventForm(forms.Form):
    name = forms.CharField(label="活动/节点名称", max_length=100)
    start_on = forms.DateField(label="起始日", widget=DATE)
    end_on = forms.DateField(label="结束日", widget=DATE)
    requirement = forms.CharField(label="报告要求", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DailyReportForm(forms.Form):
    day = forms.DateField(label="报告日", widget=DATE, initial=timezone.localdate)
    is_zero = forms.ChoiceField(label="情况", choices=[("1", "零报告（无异常）"), ("0", "有异常情况")])
    content = forms.CharField(label="异常情况", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class HazardForm(forms.ModelForm):
    class Meta:
        model = Hazard
        fields = ["office", "found_on", "description", "level", "measures", "due_on"]
        widgets = {
            "found_on": DATE,
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices()


class ResolveForm(forms.Form):
    on = forms.DateField(label="整改完成日", widget=DATE, initial=timezone.localdate)
    result = forms.CharField(label="整改结果", max_length=200)


class WorkRecordForm(forms.ModelForm):
    class Meta:
        model = WorkRecord
        fields = ["title", "on", "office", "people", "headcount", "content", "follow_up", "follow_up_due"]
        widgets = {"on": DATE, "follow_up_due": DATE, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices()
