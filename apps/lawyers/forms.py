"""Forms of the 律师工作科 pages (Chinese labels and messages)."""

from django import forms
from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow import api
from apps.workflow.models import Case

from .models import (
    MATERIALS,
    Complaint,
    ComplaintStage,
    Finding,
    Grade,
    InvestigationNote,
    LawFirm,
    Lawyer,
    LegalAdviser,
    LicenceFile,
    LicenceKind,
    LicenceStage,
    PlanTask,
    SubjectKind,
    WorkPlan,
    WorkRecord,
)
from .personal_forms import MaskedPersonalEditMixin
from .processes import ASSIGN_STEP, HANDLE_STEP, RESULT_STEP, SEND_STEP

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class DateField(forms.DateField):
    def __init__(self, label="日期", **kwargs):
        kwargs.setdefault("widget", DATE)
        kwargs.setdefault("initial", _today)
        super().__init__(label=label, **kwargs)


# --- registers ---------------------------------------------------------------------------------


class DatedModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FirmForm(DatedModelForm):
    class Meta:
        model = LawFirm
        fields = [
            "name",
            "kind",
            "parent",
            "licence_no",
            "licensed_on",
            "head",
            "address",
            "office_phone",
            "status",
            "status_since",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = LawFirm.objects.filter(parent__isnull=True).exclude(pk=self.instance.pk)


class LawyerForm(MaskedPersonalEditMixin, DatedModelForm):
    class Meta:
        model = Lawyer
        fields = [
            "name",
            "kind",
            "firm",
            "employer",
            "licence_no",
            "licensed_on",
            "id_number",
            "phone",
            "status",
            "status_since",
            "note",
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in ("public", "corporate"):
            if not data.get("employer"):
                self.add_error("employer", "公职律师、公司律师请填写所在单位。")
        elif not data.get("firm"):
            self.add_error("firm", "请选择执业的律师事务所。")
        return data


class AdviserForm(DatedModelForm):
    class Meta:
        model = LegalAdviser
        fields = ["unit", "unit_kind", "adviser", "kind", "lawyer", "firm", "starts_on", "ends_on", "status", "note"]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "聘期届满日期不能早于开始日期。")
        return data


# --- complaints --------------------------------------------------------------------------------


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "subject_kind",
            "lawyer",
            "firm",
            "subject_name",
            "subject_unit",
            "complainant",
            "id_number",
            "phone",
            "address",
            "channel",
            "received_on",
            "content",
        ]
        widgets = {"received_on": DATE}
        help_texts = {
            "subject_name": "名册中没有的律师、律师事务所，或公证员、基层法律服务工作者：填写姓名或名称。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = Lawyer.objects.select_related("firm").order_by("name")
        self.fields["firm"].queryset = LawFirm.objects.order_by("name")
        self.fields["subject_name"].required = False
        self.fields["received_on"].initial = _today

    def clean(self):
        data = super().clean()
        kind = data.get("subject_kind")
        if kind in (SubjectKind.NOTARY, SubjectKind.GRASSROOTS) and not data.get("subject_name"):
            self.add_error("subject_name", "请填写被投诉人姓名或名称。")
        if kind == SubjectKind.LAWYER and not (data.get("lawyer") or data.get("subject_name")):
            self.add_error("lawyer", "请选择被投诉律师，或填写姓名。")
        if kind == SubjectKind.FIRM and not (data.get("firm") or data.get("subject_name")):
            self.add_error("firm", "请选择被投诉律师事务所，或填写名称。")
        return data


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=None, empty_label="请选择")
    on_date = DateField("分办日期")

    def __init__(self, *args, case=None, **kwargs):
        from .services import handler_choices

        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_choices(case.section_id) if case else handler_choices(0)
        self.fields["handler"].label_from_instance = lambda u: u.full_name


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="受理决定",
        choices=[("1", "受理"), ("0", "不予受理")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    on_date = DateField("决定日期")
    reason = forms.CharField(label="不予受理的理由和依据", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class NoteForm(forms.ModelForm):
    class Meta:
        model = InvestigationNote
        fields = ["on_date", "method", "officers", "content"]
        widgets = {"on_date": DATE, "content": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"officers": "询问、检查须二名以上执法人员，出示执法证件。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = _today


class RecommendForm(forms.Form):
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(label="证据", widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(
        label="法律依据", max_length=300, initial="《中华人民共和国律师法》第四十七条、第五十二条"
    )
    proposal = forms.CharField(label="处罚建议", widget=forms.Textarea(attrs={"rows": 3}))
    recipient = forms.ModelChoiceField(label="报送机关", queryset=None, empty_label=None)
    bar_referral = forms.BooleanField(label="同时提请淄博市律师协会给予行业处分", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = ExternalUnit.objects.filter(
            kind=ExternalUnit.Kind.JUSTICE, is_active=True
        ).order_by("order", "id")


class ReplyForm(forms.Form):
    finding = forms.ChoiceField(label="调查结论", choices=Finding.choices)
    text = forms.CharField(label="答复内容（调查情况、处理结果及依据）", widget=forms.Textarea(attrs={"rows": 5}))
    on_date = DateField("答复日期")


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="申请延长天数",
        min_value=1,
        max_value=30,
        error_messages={"min_value": "延长天数至少为1日。", "max_value": "延长累计不得超过30日（本局期限，待核实）。"},
    )
    reason = forms.CharField(
        label="延期理由（情况复杂、需要进一步调查的具体情况）", widget=forms.Textarea(attrs={"rows": 3})
    )


class SendForm(forms.Form):
    on_date = DateField("报送日期")
    number = forms.CharField(label="文书编号", max_length=40, required=False)


class ResultForm(forms.Form):
    on_date = DateField("处理结果日期")
    text = forms.CharField(label="上级处理结果", widget=forms.Textarea(attrs={"rows": 3}))


def _pending(case, user, step):
    return (
        case.status == Case.Status.ACTIVE and case.current_step == step and api.find_pending_task(case, user, step=step)
    )


def complaint_page_forms(case, user):
    c = case.lawyer_complaint
    forms_ = {}
    if c.stage == ComplaintStage.ASSIGNING and _pending(case, user, ASSIGN_STEP):
        forms_["lawyers_assign"] = AssignForm(case=case)
    elif _pending(case, user, HANDLE_STEP):
        if c.stage == ComplaintStage.REGISTERED:
            forms_["lawyers_decide"] = DecideForm()
        elif c.stage == ComplaintStage.INVESTIGATING:
            forms_["lawyers_note"] = NoteForm()
            forms_["lawyers_recommend"] = RecommendForm()
            forms_["lawyers_reply"] = ReplyForm()
            from .services import extendable_clock

            if extendable_clock(case) and not c.extensions.filter(case__status=Case.Status.ACTIVE).exists():
                forms_["lawyers_extend"] = ExtendForm()
    return forms_


def recommendation_page_forms(case, user):
    if _pending(case, user, SEND_STEP):
        return {"lawyers_send": SendForm()}
    if _pending(case, user, RESULT_STEP):
        return {"lawyers_result": ResultForm()}
    return {}


# --- licence files -------------------------------------------------------------------------------


class LicenceForm(forms.ModelForm):
    class Meta:
        model = LicenceFile
        fields = ["kind", "applicant", "phone", "firm", "received_on"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = _today


class CheckForm(forms.Form):
    present = forms.MultipleChoiceField(
        label="已提交的材料（未勾选的将一次性告知补正）", required=False, widget=forms.CheckboxSelectMultiple
    )
    on_date = DateField("审查日期")
    note = forms.CharField(label="补正说明（可选）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = MATERIALS[LicenceKind(kind)] if kind else []


class OnDateForm(forms.Form):
    on_date = DateField()


class CityForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="市局审查意见",
        choices=[("1", "审查通过，已报省司法厅"), ("0", "审查未通过")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    on_date = DateField("审查/报省日期")
    opinion = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 2}))


class ProvinceForm(forms.Form):
    granted = forms.TypedChoiceField(
        label="省厅决定",
        choices=[("1", "准予"), ("0", "不予准许")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    on_date = DateField("决定日期")
    licence_no = forms.CharField(label="执业证号/许可证号", max_length=40, required=False)
    note = forms.CharField(label="说明（不予准许的理由）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


def licence_page_forms(case, user):
    f = case.lawyer_licence
    if not _pending(case, user, HANDLE_STEP):
        return {}
    if f.stage == LicenceStage.RECEIVED:
        return {"lawyers_check": CheckForm(kind=f.kind)}
    if f.stage == LicenceStage.SUPPLEMENT:
        return {"lawyers_supplied": OnDateForm()}
    if f.stage == LicenceStage.COMPLETE:
        return {"lawyers_forward": OnDateForm()}
    if f.stage == LicenceStage.AT_CITY:
        return {"lawyers_city": CityForm()}
    if f.stage == LicenceStage.AT_PROVINCE:
        return {"lawyers_province": ProvinceForm()}
    return {}


# --- annual assessment ---------------------------------------------------------------------------


class ReceiveReportForm(forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    firm = forms.ModelChoiceField(label="律师事务所", queryset=LawFirm.objects.order_by("name"), required=False)
    lawyer = forms.ModelChoiceField(label="律师", queryset=Lawyer.objects.order_by("name"), required=False)
    received_on = DateField("收到材料日期")


class ReviewReportForm(forms.Form):
    grade = forms.ChoiceField(label="初审意见", choices=Grade.choices)
    opinion = forms.CharField(label="初审意见说明", widget=forms.Textarea(attrs={"rows": 2}))
    on_date = DateField("初审日期")


class ReportResultForm(forms.Form):
    grade = forms.ChoiceField(label="考核结果", choices=Grade.choices)
    on_date = DateField("结果日期")


# --- plans -----------------------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["title", "kind", "year", "summary", "issued_on"]
        widgets = {"issued_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = _today().year
        self.fields["issued_on"].initial = _today


class TaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = ["content", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, admin_role="", section__code="lawyers")
            .order_by("-rank", "id")
        )
        self.fields["owner"].label_from_instance = lambda u: u.full_name


class TaskDoneForm(forms.Form):
    on_date = DateField("完成日期")
    result = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.ModelForm):
    class Meta:
        model = WorkRecord
        fields = ["on_date", "kind", "title", "content", "plan"]
        widgets = {"on_date": DATE, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = _today
