from django import forms
from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow.api import find_pending_task

from .models import (
    SCORE_ITEMS,
    Certificate,
    Complaint,
    ComplaintStage,
    Compliance,
    DecisionKind,
    DisputeStatus,
    EnforcementBody,
    Finding,
    ListKind,
    ReviewConclusion,
    ReviewResult,
    ThreeSystemsCheck,
)
from .processes import FEEDBACK_STEP, FOLLOWUP_STEP, INVESTIGATE_STEP, ISSUE_STEP, REVIEW_STEP

DATE = {"type": "date"}
UNIT_KINDS = (ExternalUnit.Kind.DEPARTMENT, ExternalUnit.Kind.TOWN, ExternalUnit.Kind.GOVERNMENT)


def date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def date_field(label, required=True, help_text=""):
    return forms.DateField(
        label=label, widget=date_widget(), initial=timezone.localdate, required=required, help_text=help_text
    )


def text_field(label, rows=3, required=True, help_text=""):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text
    )


def units(kinds=UNIT_KINDS):
    return ExternalUnit.objects.filter(is_active=True, kind__in=kinds)


def unit_field(label, kinds=UNIT_KINDS):
    return forms.ModelChoiceField(label=label, queryset=units(kinds), empty_label="请选择")


# --- 5.2 投诉举报 ----------------------------------------------------------------------------


class ComplaintForm(forms.ModelForm):
    unit = unit_field("被投诉的行政执法机关")

    class Meta:
        model = Complaint
        fields = ["complainant", "id_number", "phone", "unit", "act_kind", "content", "received_on"]
        widgets = {"received_on": date_widget(), "content": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"id_number": "投诉人为自然人的填写；匿名举报可不填。"}


class AcceptForm(forms.Form):
    on_date = date_field("立案日期")


class DeclineForm(forms.Form):
    on_date = date_field("决定日期")
    reason = text_field(
        "不予立案的理由", help_text="如：不属于行政执法行为、不属于本区监督范围、已申请行政复议或提起诉讼。"
    )


class ProposeForm(forms.Form):
    findings = text_field("调查情况（查明的事实和证据）", rows=5)
    finding = forms.ChoiceField(label="处理意见", choices=Finding.choices, widget=forms.RadioSelect)
    decision_kind = forms.ChoiceField(
        label="处理决定的种类（作出监督决定的选择）",
        choices=[("", "—"), *DecisionKind.choices],
        required=False,
    )
    proposal = text_field("处理意见内容（纠正要求、理由和依据）", rows=4)
    on_date = date_field("提出日期")


class IssueForm(forms.Form):
    issued_on = date_field(
        "制发日期", help_text="文书编号由系统按制发年度顺序编号（如 临司执监意〔2026〕1号），登记时生成。"
    )
    served_on = date_field("送达日期（执法机关收到之日）", help_text="纠正或报告执行情况的 30 日自此日起算。")


class ComplianceForm(forms.Form):
    compliance = forms.ChoiceField(label="纠正/执行情况", choices=Compliance.choices)
    note = text_field("情况说明（执法机关的纠正措施或执行报告）")
    on_date = date_field("纠正/报告日期")


def complaint_forms(case, user):
    """The complaint's own forms on the case page: those `user` may use at the current step."""
    complaint = getattr(case, "enforcement_complaint", None)
    if complaint is None or not case.is_open:
        return {}
    step = case.current_step
    if find_pending_task(case, user, step=step) is None:
        return {}
    if complaint.stage == ComplaintStage.RECEIVED:
        return {"enforcement_accept": AcceptForm(), "enforcement_decline": DeclineForm()}
    if step == INVESTIGATE_STEP:
        initial = {
            "findings": complaint.findings,
            "finding": complaint.finding,
            "decision_kind": complaint.decision_kind,
            "proposal": complaint.proposal,
        }
        return {"enforcement_propose": ProposeForm(initial=initial)}
    if step == ISSUE_STEP:
        return {"enforcement_issue": IssueForm()}
    if step == FOLLOWUP_STEP:
        return {"enforcement_compliance": ComplianceForm()}
    return {}


# --- 5.7–5.8 清单合法性审查 --------------------------------------------------------------------


class ListReviewForm(forms.Form):
    kind = forms.ChoiceField(label="审查类别", choices=ListKind.choices)
    submitter = unit_field("提报单位（机构编制部门）", kinds=(*UNIT_KINDS, ExternalUnit.Kind.OTHER))
    departments = forms.CharField(label="涉及的行政执法部门", max_length=200)
    items = text_field("调整事项及机构编制部门审核意见", rows=5)
    received_on = date_field("收到日期")


class ListOpinionForm(forms.Form):
    conclusion = forms.ChoiceField(label="审查结论", choices=ReviewConclusion.choices)
    opinion = text_field("合法性审查意见（逐项写明依据）", rows=5)
    consultation = text_field("征求意见/专家论证情况（必要时）", rows=2, required=False)
    on_date = date_field("审查意见日期")


class FeedbackForm(forms.Form):
    on_date = date_field("反馈日期")


def list_review_forms(case, user):
    if getattr(case, "enforcement_list_review", None) is None or not case.is_open:
        return {}
    step = case.current_step
    if find_pending_task(case, user, step=step) is None:
        return {}
    if step == REVIEW_STEP:
        r = case.enforcement_list_review
        return {
            "enforcement_list_opinion": ListOpinionForm(
                initial={"conclusion": r.conclusion, "opinion": r.opinion, "consultation": r.consultation}
            )
        }
    if step == FEEDBACK_STEP:
        return {"enforcement_feedback": FeedbackForm()}
    return {}


# --- 5.1 执法主体 ----------------------------------------------------------------------------


class BodyForm(forms.ModelForm):
    unit = unit_field("执法主体", kinds=(*UNIT_KINDS, ExternalUnit.Kind.OTHER))

    class Meta:
        model = EnforcementBody
        fields = [
            "unit",
            "kind",
            "entrusted_by",
            "functions",
            "legal_basis",
            "confirmed_on",
            "approved_on",
            "announced_on",
            "is_active",
            "note",
        ]
        widgets = {
            "confirmed_on": date_widget(),
            "approved_on": date_widget(),
            "announced_on": date_widget(),
            "functions": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
        }


# --- 5.3 争议协调 ----------------------------------------------------------------------------


class DisputeForm(forms.Form):
    title = forms.CharField(label="争议事项", max_length=200)
    applicant = unit_field("提请协调的单位")
    parties = forms.ModelMultipleChoiceField(
        label="争议相对单位", queryset=units(), widget=forms.CheckboxSelectMultiple
    )
    received_on = date_field("受理日期")
    description = text_field("争议情况及各方意见", rows=4)


class MeetingForm(forms.Form):
    meeting_on = date_field("协调会日期")
    minutes = text_field("协调会纪要", rows=5)


class ConcludeForm(forms.Form):
    status = forms.ChoiceField(
        label="协调结果",
        choices=[(s.value, s.label) for s in DisputeStatus if s != DisputeStatus.OPEN],
    )
    outcome = text_field("协调结果/裁决内容")
    on_date = date_field("日期")


# --- 5.4–5.6 证件 ----------------------------------------------------------------------------


class CertificateForm(forms.ModelForm):
    unit = unit_field("所在单位", kinds=(*UNIT_KINDS, ExternalUnit.Kind.JUSTICE, ExternalUnit.Kind.OTHER))

    class Meta:
        model = Certificate
        fields = ["kind", "holder", "id_number", "unit", "post", "areas", "applied_on"]
        widgets = {"applied_on": date_widget()}


class CertCheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="资格审查结论",
        choices=[("1", "通过（报省司法厅资格审定）"), ("0", "不通过")],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label="审查意见", max_length=200, required=False)
    on_date = date_field("资格审查日期")


class ExamForm(forms.Form):
    score = forms.DecimalField(label="考试成绩（60分合格）", max_digits=5, decimal_places=1, min_value=0, max_value=100)
    on_date = date_field("考试日期")


class IssueCertForm(forms.Form):
    number = forms.CharField(label="证件编号", max_length=40)
    issued_on = date_field("发证日期")
    expires_on = forms.DateField(label="有效期至", widget=date_widget(), help_text="以省司法厅核发的证件载明为准。")


class AnnualReviewForm(forms.Form):
    year = forms.IntegerField(label="年审年度", min_value=2000, max_value=2100)
    result = forms.ChoiceField(label="年审结果", choices=ReviewResult.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)
    on_date = date_field("年审日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class LossForm(forms.Form):
    on_date = date_field("挂失日期")
    new_number = forms.CharField(label="补发证件编号（补发时填写）", max_length=40, required=False)
    reissued_on = date_field("补发日期", required=False)


class RevokeForm(forms.Form):
    on_date = date_field("注销/吊销日期")
    reason = forms.CharField(label="原因", max_length=200, help_text="如：调离执法岗位、退休、违法违纪被收回证件。")


# --- 案卷评查、三项制度 ------------------------------------------------------------------------


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="评查活动名称", max_length=200)
    started_on = date_field("开始日期")
    scope = text_field("评查范围与方式", rows=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class FileScoreForm(forms.Form):
    unit = unit_field("被评查单位")
    file_number = forms.CharField(label="案卷编号（文号）", max_length=60)
    file_title = forms.CharField(label="案件名称", max_length=200)
    evaluated_on = date_field("评查日期")
    problems = text_field("存在问题", rows=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, full in SCORE_ITEMS:
            self.fields[name] = forms.DecimalField(
                label=f"{label}（{full}分）", max_digits=4, decimal_places=1, min_value=0, max_value=full
            )


class ThreeSystemsForm(forms.ModelForm):
    unit = unit_field("被检查单位")

    class Meta:
        model = ThreeSystemsCheck
        fields = ["unit", "checked_on", "publicity_ok", "recording_ok", "legal_review_ok", "findings", "rectify_by"]
        widgets = {
            "checked_on": date_widget(),
            "rectify_by": date_widget(),
            "findings": forms.Textarea(attrs={"rows": 3}),
        }


class RectifiedForm(forms.Form):
    on_date = date_field("整改完成日期")
