from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import ExternalUnit, Section
from apps.workflow.forms import UserChoiceField

from .models import (
    SECTION_CODE,
    CommitteeMember,
    DecisionType,
    JudgmentKind,
    JudgmentResult,
    Lawsuit,
    LetterKind,
    LetterOutcome,
    PauseCause,
    ReconCase,
    RespondentCase,
    ReviewOrigin,
    ReviewResult,
    StaffQualification,
    Track,
)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, help_text="", required=True, today=True):
    return forms.DateField(
        label=label,
        widget=_date_widget(),
        initial=timezone.localdate if today else None,
        help_text=help_text,
        required=required,
    )


def _text(label, rows=2, required=True, help_text=""):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text
    )


def _section_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="", section__code=SECTION_CODE)
        .select_related("section")
    )


def _not_future(form, name):
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        raise forms.ValidationError("日期不能晚于今天。")
    return day


class CaseForm(forms.ModelForm):
    class Meta:
        model = ReconCase
        fields = [
            "applicant",
            "applicant_kind",
            "id_number",
            "phone",
            "address",
            "agent",
            "respondent",
            "act",
            "act_type",
            "act_on",
            "known_on",
            "remedy_told",
            "realty",
            "request",
            "channel",
            "oral_record",
            "oral_signed",
            "received_on",
            "handler2",
        ]
        widgets = {
            "act_on": _date_widget(),
            "known_on": _date_widget(),
            "received_on": _date_widget(),
            "act": forms.Textarea(attrs={"rows": 2}),
            "request": forms.Textarea(attrs={"rows": 3}),
            "oral_record": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "oral_record": "口头申请的，当场记录申请人基本情况、复议请求、主要事实、理由和时间，交申请人核对或向其宣读（§22）。",
            "received_on": "受理审查期限（5个工作日，§30）自此日起算。",
            "handler2": "行政复议案件由两名以上人员承办（§45；局管理制度汇编·行政复议与应诉小组工作制度）。",
            "remedy_told": "未告知申请复议的权利、机关和期限的，申请期限自知道之日起计算，最长不超过一年（§20¶3）。",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = ExternalUnit.objects.filter(is_active=True)
        staff = _section_staff()
        if user is not None:
            staff = staff.exclude(pk=user.pk)
        self.fields["handler2"] = UserChoiceField(
            label="第二承办人", queryset=staff, help_text=self.fields["handler2"].help_text
        )

    def clean_received_on(self):
        return _not_future(self, "received_on")


class AnswerForm(forms.ModelForm):
    class Meta:
        model = RespondentCase
        fields = [
            "body",
            "body_case_no",
            "applicant",
            "phone",
            "act",
            "act_type",
            "acting_section",
            "simplified",
            "copy_received_on",
        ]
        widgets = {"copy_received_on": _date_widget(), "act": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"copy_received_on": "答复期限自此日起算：10个工作日（简易程序5个工作日，§48、§54）。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = ExternalUnit.objects.filter(is_active=True, kind__in=["government", "justice"])
        self.fields["acting_section"].queryset = Section.objects.exclude(kind=Section.Kind.LEADERSHIP)

    def clean_copy_received_on(self):
        return _not_future(self, "copy_received_on")


class LawsuitForm(forms.ModelForm):
    class Meta:
        model = Lawsuit
        fields = [
            "court",
            "court_case_no",
            "plaintiff",
            "id_number",
            "phone",
            "address",
            "defendant",
            "act",
            "act_type",
            "claims",
            "served_on",
        ]
        widgets = {
            "served_on": _date_widget(),
            "act": forms.Textarea(attrs={"rows": 2}),
            "claims": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"served_on": "答辩状、证据和依据须自此日起15日内提交（行政诉讼法 §67），逾期视为没有相应证据。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = ExternalUnit.objects.filter(is_active=True, kind="court")

    def clean_served_on(self):
        return _not_future(self, "served_on")


class MeetingForm(forms.Form):
    meeting_on = _date("会议日期", "材料须于会前7日送达各位委员（4.4）。", today=False)
    place = forms.CharField(label="会议地点", max_length=100)
    topics = _text("审议事项")
    recon_cases = forms.ModelMultipleChoiceField(
        label="提请审议的案件", queryset=ReconCase.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["recon_cases"].queryset = ReconCase.objects.visible_to(user).select_related("respondent")


class StaffForm(forms.ModelForm):
    class Meta:
        model = StaffQualification
        fields = [
            "user",
            "role",
            "qualification_no",
            "qualified_on",
            "certificate_no",
            "training_year",
            "training_hours",
            "training_note",
        ]
        widgets = {"qualified_on": _date_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"] = UserChoiceField(label="人员", queryset=_section_staff())
        self.fields["training_year"].initial = timezone.localdate().year


class MemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "unit", "kind", "term_end", "active"]
        widgets = {"term_end": _date_widget()}


# --- the case page's step forms --------------------------------------------------------------


class DateForm(forms.Form):
    on_date = _date("日期")


class SupplementForm(forms.Form):
    items = _text("需要补正的事项（一次性载明）", 3)
    on_date = _date("补正通知送达日期", "须在收到申请之日起5个工作日内；申请人自收到之日起10个工作日内补正（§31）。")


class AcceptForm(forms.Form):
    on_date = _date("受理日期", "审查期限届满未作出不予受理决定的，按期限届满之日视为受理（§30¶3）。")
    track = forms.ChoiceField(
        label="审理程序",
        choices=Track.choices,
        initial=Track.ORDINARY,
        help_text="简易程序适用于事实清楚、权利义务关系明确、争议不大的案件（§53）：当场作出或依据电子监控作出的处罚、"
        "警告或通报批评、案件涉及款额3000元以下、政府信息公开案件，或当事人同意适用。",
    )


class RejectForm(forms.Form):
    on_date = _date("决定日期")
    reason = _text("不予受理的理由（不属于本机关管辖的，告知有管辖权的行政复议机关）")


class JurisdictionForm(forms.Form):
    on_date = _date("决定日期", "须在受理审查期限（5个工作日）内作出（§30¶2）。")
    competent_body = forms.CharField(
        label="有管辖权的行政复议机关", max_length=100, help_text="写入不予受理决定书，告知申请人向其提出申请。"
    )
    reason = _text("不属于本机关管辖的理由")


class NormReviewForm(forms.Form):
    origin = forms.ChoiceField(label="提起方式", choices=ReviewOrigin.choices)
    document = forms.CharField(label="规范性文件（或依据）名称及文号", max_length=200)
    clauses = _text("审查的条款及不合法的理由")
    enacting_body = forms.CharField(label="制定机关", max_length=100)
    competent = forms.TypedChoiceField(
        label="处理权限",
        choices=[("1", "本机关有权处理：30日内依法处理（§56、§57）"), ("0", "本机关无权处理：7个工作日内转送有权机关")],
        coerce=lambda v: v == "1",
        initial="1",
    )
    raised_on = _date("提出（发现）日期", "自此日起中止审理（§39(九)），行政复议决定期限停止计算。")


class NormNotifyForm(forms.Form):
    notified_on = _date("书面通知制定机关日期", "自中止之日起3个工作日内（§58）。")
    received_on = _date("制定机关收到日期", "制定机关自收到之日起10个工作日内提交书面答复（§58）。")


class NormForwardForm(forms.Form):
    forwarded_to = forms.CharField(label="转送的有权处理机关", max_length=100)
    forwarded_on = _date("转送日期", "自提出之日起7个工作日内（§56、§57）。")
    received_on = _date("有权机关收到日期", "接受转送的机关自收到之日起60日内回复处理意见（§60）。")


class NormConcludeForm(forms.Form):
    result = forms.ChoiceField(label="处理结果", choices=ReviewResult.choices)
    text = _text("处理意见（写入行政复议决定书）")
    on_date = _date("处理完毕日期", "自此日起恢复审理，决定期限继续计算；请打印恢复审理通知书。")


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=LetterKind.choices)
    addressee = forms.CharField(label="制发对象（被申请人或其他下级行政机关）", max_length=100)
    content = _text("发现的问题及意见（建议）", 3)
    issued_on = _date("制发日期")
    received_on = _date("有关机关收到日期", "意见书：自收到之日起60日内报送纠正情况（§76）。")


class LetterUrgeForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=LetterKind.choices)
    on_date = _date("督促日期")
    text = _text("督促情况（责令限期履行、约谈或者通报批评，§77¶2）")


class LetterReplyForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=LetterKind.choices)
    outcome = forms.ChoiceField(label="结果", choices=LetterOutcome.choices)
    on_date = _date("收到报告日期")
    text = _text("纠正（落实）情况")


class PublishForm(forms.Form):
    published_on = _date("公开日期", required=False, today=False)
    place = forms.CharField(label="公开渠道", max_length=100, required=False, initial="区人民政府门户网站行政复议专栏")
    withheld_reason = _text(
        "不予公开的理由（与上两项择一）",
        required=False,
        help_text="涉及国家秘密、商业秘密、个人隐私等依法不予公开的，写明理由。",
    )
    superior_copied_on = _date(
        "抄告被申请人上一级主管部门日期",
        "以区政府工作部门为被申请人的，发生法律效力的决定书、意见书同时抄告其上一级主管部门（§79¶2）。",
        required=False,
        today=False,
    )
    superior_name = forms.CharField(label="上一级主管部门", max_length=100, required=False)


class ObjectionForm(forms.Form):
    on_date = _date("提出日期", "管辖异议应当在答辩期内（收到起诉状副本之日起15日内）提出（行诉解释 §10）。")
    reason = _text("管辖异议理由")


class ObjectionRulingForm(forms.Form):
    text = _text("法院对管辖异议的裁定")


class SendCopyForm(forms.Form):
    sent_on = _date("发送日期", "受理之日起7个工作日内（简易程序3个工作日）发送（§48、§54）。")
    received_on = _date("被申请人收到日期", "被申请人答复期限自此日起算。")


class AnswerReceivedForm(forms.Form):
    missing = forms.TypedChoiceField(
        label="答复情况",
        choices=[("0", "已收到书面答复"), ("1", "期满未答复（视为没有证据、依据，§70）")],
        coerce=lambda v: v == "1",
        initial="0",
    )
    on_date = _date("收到答复日期", required=False)


def _chiefs(case):
    return get_user_model().objects.filter(is_active=True, admin_role="", rank=Rank.CHIEF, section_id=case.section_id)


def _extension_approvers(case):
    heads = Q(rank=Rank.DIRECTOR) | Q(rank=Rank.CHIEF, section_id=case.section_id)
    if case.section.division_leader_id:
        heads |= Q(pk=case.section.division_leader_id)
    return get_user_model().objects.filter(is_active=True, admin_role="").filter(heads).select_related("section")


class SwitchForm(forms.Form):
    on_date = _date("转换日期")
    reason = _text("不宜适用简易程序的理由")
    approved_by = UserChoiceField(label="批准的行政复议机构负责人", queryset=get_user_model().objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["approved_by"].queryset = _chiefs(case).select_related("section")


class HearingForm(forms.Form):
    hearing_on = _date("听证日期", today=False)
    place = forms.CharField(label="听证地点", max_length=100)
    matter = _text("拟听证事项")
    presiding = forms.CharField(label="听证主持人", max_length=50)
    panel = forms.CharField(label="听证员（两名以上）", max_length=100)
    clerk = forms.CharField(label="记录员", max_length=50)
    notice_on = _date("听证通知送达日期", "应当于举行听证的五日（工作日）前书面通知当事人（§51）。")


class HearingHeldForm(forms.Form):
    held_on = _date("举行听证日期")
    head_attended = forms.BooleanField(label="被申请人负责人参加听证", required=False)
    notes = _text("听证情况")


class PauseForm(forms.Form):
    on_date = _date("中止日期")
    cause = forms.ChoiceField(label="中止事由（§39）", choices=PauseCause.choices)
    reason = _text("具体情况（写入中止审理通知书）")


class ResumeForm(forms.Form):
    on_date = _date("恢复审理日期")
    reason = _text("中止原因消除的情况（写入恢复审理通知书）")


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长日数", min_value=1, max_value=30)
    reason = _text("情况复杂需要延期的理由（写入延期审理通知书）")
    approved_by = UserChoiceField(label="批准的负责人", queryset=get_user_model().objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["approved_by"].queryset = _extension_approvers(case)


class DecideForm(forms.Form):
    decision_type = forms.ChoiceField(label="决定类型", choices=[("", "请选择"), *DecisionType.choices])
    text = _text("决定主文及理由", 5)
    review_meeting_on = _date("案审会审议日期")


class ServeForm(forms.Form):
    decided_on = _date("决定作出日期（以区人民政府名义）")
    served_on = _date("送达日期", "行政复议决定书一经送达即发生法律效力（§75）。")


# 被申请人
class DraftAnswerForm(forms.Form):
    summary = _text("答复要点", 4)
    evidence = _text("证据、依据目录", 3)


class FiledForm(forms.Form):
    filed_on = _date("提交日期")


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="复议结果", choices=DecisionType.choices)
    result_on = _date("收到复议决定日期")
    note = _text("决定内容及本局落实情况")


# 应诉
class EvidenceExtensionForm(forms.Form):
    applied_on = _date("书面申请日期", "须在收到起诉状副本之日起15日内（行诉解释 §34）。")
    reason = _text("不能按期提供证据的正当事由")
    days = forms.IntegerField(label="法院准许延长的日数", min_value=1, max_value=60)
    approved_by = UserChoiceField(label="批准申请的负责人", queryset=get_user_model().objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["approved_by"].queryset = _extension_approvers(case)


class DefenceForm(forms.Form):
    summary = _text("答辩要点", 4)
    evidence = _text("证据、依据目录", 3)
    agents = forms.CharField(label="委托代理人", max_length=100, required=False)


class AppearanceForm(forms.Form):
    hearing_on = _date("开庭日期")
    head_appeared = forms.BooleanField(label="负责人出庭应诉", required=False)
    head_name = forms.CharField(label="负责人姓名", max_length=50)
    head_title = forms.CharField(label="职务", max_length=50)
    staff = forms.CharField(label="出庭工作人员", max_length=100, required=False)
    explanation = _text(
        "不能出庭的情况说明（理由）",
        required=False,
        help_text="负责人不能出庭的，应当委托相应工作人员出庭，并向法院提交情况说明（行诉解释 §132）。",
    )


class JudgmentForm(forms.Form):
    kind = forms.ChoiceField(label="裁判种类", choices=JudgmentKind.choices)
    result = forms.ChoiceField(label="一审结果", choices=JudgmentResult.choices)
    served_on = _date("送达日期", "上诉期限：判决15日，裁定10日（行政诉讼法 §85）。")


class AppealForm(forms.Form):
    appeal = forms.TypedChoiceField(
        label="决定", choices=[("1", "提起上诉"), ("0", "不上诉")], coerce=lambda v: v == "1"
    )
    decided_on = _date("决定日期")
    reason = _text("理由")


class CloseLawsuitForm(forms.Form):
    final_result = forms.ChoiceField(label="最终结果", choices=JudgmentResult.choices)
    concluded_on = _date("结案日期")
    loss_analysis = _text("败诉原因分析及改进措施（败诉的必填）", required=False)
    judicial_suggestion = _text("司法建议及回复情况", required=False)


# 委员会
class MinutesForm(forms.Form):
    held_on = _date("召开日期")
    minutes = _text("会议纪要及审议意见", 4)


# key -> (form factory(case)); the move names are services.CASE_MOVES' and the views' MOVES.
CASE_FORMS = {
    "supplement": lambda c: SupplementForm(),
    "supplement_received": lambda c: DateForm(),
    "lapse": lambda c: DateForm(),
    "accept": lambda c: AcceptForm(),
    "reject": lambda c: RejectForm(),
    "send_copy": lambda c: SendCopyForm(),
    "answer": lambda c: AnswerReceivedForm(),
    "switch": lambda c: SwitchForm(case=c),
    "hearing": lambda c: HearingForm(),
    "hearing_held": lambda c: HearingHeldForm(),
    "pause": lambda c: PauseForm(),
    "resume": lambda c: ResumeForm(),
    "extend": lambda c: ExtendForm(case=c),
    "decide": lambda c: DecideForm(),
    "serve": lambda c: ServeForm(),
    "jurisdiction": lambda c: JurisdictionForm(),
    "norm_review": lambda c: NormReviewForm(),
    "norm_notify": lambda c: NormNotifyForm(),
    "norm_reply": lambda c: DateForm(),
    "norm_forward": lambda c: NormForwardForm(),
    "norm_conclude": lambda c: NormConcludeForm(),
    "letter": lambda c: LetterForm(),
    "letter_urge": lambda c: LetterUrgeForm(),
    "letter_reply": lambda c: LetterReplyForm(),
    "publish": lambda c: PublishForm(),
    "close_file": lambda c: DateForm(),
}


def page_forms(case, user):
    from . import services
    from .processes import ANSWER_PROCESS, CASE_PROCESS, COMMITTEE_PROCESS, LITIGATION_PROCESS

    if case.status != "active":
        return {}
    if case.process == CASE_PROCESS:
        return {f"recon_{m}": CASE_FORMS[m](case) for m in services.case_moves(case, user)}
    from apps.workflow.api import find_pending_task

    task = find_pending_task(case, user)
    step = task.step if task else None
    forms_ = {}
    if case.process == ANSWER_PROCESS:
        if step == "draft":
            forms_["recon_draft_answer"] = DraftAnswerForm()
        elif step == "file":
            forms_["recon_file_answer"] = FiledForm()
        elif step == "result":
            forms_["recon_result"] = ResultForm()
    elif case.process == LITIGATION_PROCESS:
        r = case.recon_lawsuit
        may = user.pk == case.initiator_id or (user.rank == Rank.CHIEF and user.section_id == case.section_id)
        if may and r.filed_on is None:
            forms_["recon_evidence_extension"] = EvidenceExtensionForm(case=case)
        if may and not r.objection_on and r.stage in ("defence", "trial"):
            forms_["recon_objection"] = ObjectionForm()
        if may and r.objection_on and not r.objection_result:
            forms_["recon_objection_ruling"] = ObjectionRulingForm()
        if step == "draft":
            forms_["recon_defence"] = DefenceForm()
        elif step == "file":
            forms_["recon_file_defence"] = FiledForm()
        elif step == "trial":
            forms_["recon_appearance"] = AppearanceForm()
            if r.stage == "trial":
                forms_["recon_judgment"] = JudgmentForm()
            if r.stage == "judged" and r.appeal is None:
                forms_["recon_appeal"] = AppealForm()
            if r.stage in ("judged", "appeal") and not r.appeal_copy_on:
                forms_["recon_appeal_copy"] = DateForm()
            if r.appeal_copy_on and not r.appeal_answer_on:
                forms_["recon_appeal_answer"] = FiledForm()
            if r.stage != "trial":
                forms_["recon_close"] = CloseLawsuitForm()
    elif case.process == COMMITTEE_PROCESS and step == "handle":
        if not case.recon_meeting.materials_sent_on:
            forms_["recon_materials"] = DateForm()
        else:
            forms_["recon_minutes"] = MinutesForm()
    return forms_
