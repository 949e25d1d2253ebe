from django import forms
from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow import api
from apps.workflow.models import Case

from .models import (
    IN_FORCE,
    AdviserOpinion,
    CleanupAction,
    CleanupStage,
    Conclusion,
    FilingOutcome,
    Kind,
    NormativeFile,
    PauseKind,
    Stage,
    Verdict,
)
from .processes import CLEANUP_STEP, FILE_STEP, ISSUE_STEP, REVIEW_STEP

DATE = {"type": "date"}
DRAFTER_KINDS = (ExternalUnit.Kind.DEPARTMENT, ExternalUnit.Kind.TOWN, ExternalUnit.Kind.GOVERNMENT)


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _day(label, required=True, help_text=""):
    return forms.DateField(
        label=label, widget=_date_widget(), initial=timezone.localdate, required=required, help_text=help_text
    )


def _text(label, rows=None, required=True, max_length=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, widget=widget, required=required, max_length=max_length, help_text=help_text)


def drafters():
    return ExternalUnit.objects.filter(is_active=True, kind__in=DRAFTER_KINDS).order_by("kind", "order", "id")


class ReviewForm(forms.Form):
    """收件登记 with the checklist of materials (one form: complete → the review starts; not → returned)."""

    title = _text("文件（决策）名称", max_length=200)
    drafter = forms.ModelChoiceField(label="起草（承办）单位", queryset=ExternalUnit.objects.none())
    issuing_body = forms.CharField(label="制定机关", max_length=60, initial="临淄区人民政府")
    received_on = _day("收件日期")
    planned_on = forms.DateField(
        label="拟提请审议（印发）日期",
        widget=_date_widget(),
        required=False,
        help_text="填写后核对起草单位预留的审核时间。",
    )
    major = forms.BooleanField(label="重大、疑难或涉及公民重大利益（报局长审定）", required=False)
    materials = forms.MultipleChoiceField(label="已收到的送审材料", widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, kind=Kind.NORMATIVE, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import DECISION_MATERIALS, NORMATIVE_MATERIALS

        self.kind = kind
        listing = DECISION_MATERIALS if kind == Kind.DECISION else NORMATIVE_MATERIALS
        self.fields["materials"].choices = [(k, label + ("" if req else "（非必备）")) for k, label, req in listing]
        self.fields["drafter"].queryset = drafters()
        if kind == Kind.DECISION:
            self.fields["title"].label = "决策事项名称"
            self.fields["issuing_body"].label = "决策机关"


class MaterialsForm(forms.Form):
    materials = forms.MultipleChoiceField(label="已收到的送审材料", widget=forms.CheckboxSelectMultiple, required=False)
    on_date = _day("收到补充材料日期")

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(k, label) for k, label, _req in review.material_list]
        self.fields["materials"].initial = list(review.materials)


class PointsForm(forms.Form):
    on_date = _day("初审日期")

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.point_keys = []
        for key, label in review.point_list:
            entry = review.points.get(key) or {}
            self.fields[f"{key}_verdict"] = forms.ChoiceField(
                label=label, choices=Verdict.choices, widget=forms.RadioSelect, initial=entry.get("verdict", "")
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label="问题与修改意见", required=False, max_length=500, initial=entry.get("note", "")
            )
            self.point_keys.append(key)
        self.fields["on_date"] = self.fields.pop("on_date")

    def points(self):
        data = self.cleaned_data
        return {
            key: {"verdict": data.get(f"{key}_verdict"), "note": data.get(f"{key}_note")} for key in self.point_keys
        }

    def rows(self):
        return [(self[f"{key}_verdict"], self[f"{key}_note"]) for key in self.point_keys]


class PauseForm(forms.Form):
    kind = forms.ChoiceField(label="事由", choices=PauseKind.choices)
    reason = _text("具体事项", max_length=150)
    on_date = _day("开始日期")


class ResumeForm(forms.Form):
    result = _text("结果摘要", max_length=150)
    on_date = _day("结束日期")


class AdviserForm(forms.Form):
    role = forms.ChoiceField(label="身份", choices=AdviserOpinion.Role.choices)
    name = _text("姓名（单位）", max_length=100)
    opinion = _text("法律意见", rows=3, max_length=2000)
    given_on = _day("出具日期")


class OpinionForm(forms.Form):
    conclusion = forms.ChoiceField(label="审核结论", choices=Conclusion.choices)
    opinion = _text("审核意见", rows=5, max_length=4000)
    major = forms.BooleanField(label="重大、疑难或涉及公民重大利益（报局长审定）", required=False)
    on_date = _day("拟定日期")


class DateForm(forms.Form):
    on_date = _day("日期")

    def __init__(self, *args, label="日期", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].label = label


class YearlyListForm(forms.Form):
    """登记 that last year's catalogue of normative files was reported to the congress."""

    year = forms.IntegerField(widget=forms.HiddenInput)
    reported_on = _day("报送日期")


class RegisterForm(forms.Form):
    signed_on = _day("文件签署日期")
    doc_number = forms.CharField(label="发文字号", max_length=60, help_text="如 临政发〔2026〕5号")
    on_date = _day("登记日期")


class PublishForm(forms.Form):
    published_on = _day("公布日期")
    channel = forms.CharField(label="公布载体", max_length=100, initial="临淄区人民政府门户网站")


def review_forms(case, user):
    """The review's own forms `user` may use now (the handler of the current step)."""
    if case.status != Case.Status.ACTIVE:
        return {}
    review = case.legality_review
    step = case.current_step
    if step not in (REVIEW_STEP, ISSUE_STEP) or api.find_pending_task(case, user, step=step) is None:
        return {}
    forms_ = {}
    if step == REVIEW_STEP:
        if review.stage == Stage.APPROVING:  # returned by an approver: the review goes on
            review.stage = Stage.REVIEWING
        if review.stage in (Stage.INTAKE, Stage.RETURNED):
            forms_["nf_materials"] = MaterialsForm(review=review)
        if review.stage in (Stage.REVIEWING, Stage.PAUSED):
            forms_["nf_points"] = PointsForm(review=review)
            forms_["nf_adviser"] = AdviserForm()
        if review.stage == Stage.REVIEWING:
            forms_["nf_pause"] = PauseForm()
            forms_["nf_opinion"] = OpinionForm(
                initial={"conclusion": review.conclusion, "opinion": review.opinion, "major": review.major}
            )
        if review.stage == Stage.PAUSED:
            forms_["nf_resume"] = ResumeForm()
    else:
        if review.stage == Stage.APPROVING:
            forms_["nf_issue"] = DateForm(label="出具日期")
        elif review.stage == Stage.OPINION:
            forms_["nf_register"] = RegisterForm()
        elif review.stage == Stage.REGISTERED:
            forms_["nf_publish"] = PublishForm()
    return forms_


class SubmitFilingForm(forms.Form):
    to_city_on = forms.DateField(label="报市司法局日期", widget=_date_widget(), required=False)
    to_congress_on = forms.DateField(label="报区人大常委会日期", widget=_date_widget(), required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="备案结果",
        choices=[
            (v, FilingOutcome(v).label)
            for v in (FilingOutcome.REGISTERED, FilingOutcome.DEFERRED, FilingOutcome.CORRECTED)
        ],
    )
    note = forms.CharField(label="说明（暂缓原因或纠正情况）", required=False, max_length=300)
    on_date = _day("结果日期")


def filing_forms(case, user):
    if case.status != Case.Status.ACTIVE or api.find_pending_task(case, user, step=FILE_STEP) is None:
        return {}
    filing = case.normative_filing
    if filing.outcome == FilingOutcome.PENDING:
        return {"nf_submit": SubmitFilingForm()}
    if filing.outcome == FilingOutcome.SUBMITTED:
        return {"nf_outcome": OutcomeForm()}
    if filing.outcome == FilingOutcome.DEFERRED:
        return {"nf_resubmit": DateForm(label="补充（重新）报送日期")}
    return {}


class CleanupForm(forms.Form):
    title = forms.CharField(label="清理名称", max_length=200, initial="关于开展行政规范性文件集中清理工作的通知")
    notice = _text("通知要点（清理范围、原则、方法、报送要求）", rows=6, max_length=4000)
    self_review_due = forms.DateField(label="部门报送清理意见截止日期", widget=_date_widget())


class SelfReviewForm(forms.Form):
    file = forms.ModelChoiceField(label="规范性文件", queryset=NormativeFile.objects.none())
    proposal = forms.ChoiceField(label="部门清理意见", choices=CleanupAction.choices)
    reason = _text("理由（需修改的附修改意见）", rows=2, max_length=2000)
    on_date = _day("报送日期")

    def __init__(self, *args, cleanup=None, **kwargs):
        super().__init__(*args, **kwargs)
        verified = cleanup.items.filter(verified_on__isnull=False).values("file_id")
        self.fields["file"].queryset = (
            NormativeFile.objects.filter(status__in=IN_FORCE).exclude(pk__in=verified).select_related("drafter")
        )
        self.fields["file"].label_from_instance = lambda f: (
            f"{f.drafter.name}｜{f.title}（{f.reg_number or f.doc_number}）"
        )


class VerifyForm(forms.Form):
    item = forms.TypedChoiceField(label="清理意见", coerce=int, choices=())
    decision = forms.ChoiceField(label="审核认定意见", choices=CleanupAction.choices)
    note = forms.CharField(label="认定说明（与部门意见不一致的须写明理由）", required=False, max_length=300)
    on_date = _day("认定日期")

    def __init__(self, *args, cleanup=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = cleanup.items.filter(verified_on__isnull=True).select_related("file", "department").order_by("id")
        self.fields["item"].choices = [
            (i.pk, f"{i.department.name}｜{i.file.title}：{i.get_proposal_display()}") for i in items
        ]


def cleanup_forms(case, user):
    if case.status != Case.Status.ACTIVE or case.current_step != CLEANUP_STEP:
        return {}
    if api.find_pending_task(case, user, step=CLEANUP_STEP) is None:
        return {}
    cleanup = case.normative_cleanup
    if cleanup.stage == CleanupStage.NOTICE:
        return {"nf_notice": DateForm(label="通知印发日期")}
    forms_ = {"nf_self_review": SelfReviewForm(cleanup=cleanup)}
    if cleanup.items.filter(verified_on__isnull=True).exists():
        forms_["nf_verify"] = VerifyForm(cleanup=cleanup)
    elif cleanup.stage == CleanupStage.VERIFYING:
        forms_["nf_cleanup_publish"] = PublishForm()
    return forms_
