from django import forms
from django.utils import timezone

from apps.lawyers.personal_forms import MaskedPersonalEditMixin

from .models import (
    LICENCE_ITEMS,
    PENALISING,
    AidApplication,
    AidDecision,
    AidObjection,
    Assessor,
    CandidateSource,
    GrassrootsLicence,
    MediationCase,
    MediationParty,
    ObjectionOutcome,
    PenaltyCase,
    PenaltyNote,
    PenaltyOutcome,
    PlanTask,
    PlatformStat,
    ServicePerson,
    ServiceUnit,
    UnitKind,
    WorkPlan,
)

DATE = forms.DateInput(attrs={"type": "date"})
MEDIATION_KINDS = (UnitKind.MEDIATION_COMMITTEE, UnitKind.ADMIN_MEDIATION, UnitKind.PRO_MEDIATION)


def date_field(label, **kwargs):
    kwargs.setdefault("initial", timezone.localdate)
    return forms.DateField(label=label, widget=DATE, **kwargs)


def text_field(label, rows=3, **kwargs):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class IdListField(forms.Field):
    """Ids posted as several values of one name (checkboxes the template draws itself)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [int(v) for v in (value or []) if str(v).isdigit()]


# --- registers ---------------------------------------------------------------------------------


class UnitForm(forms.ModelForm):
    class Meta:
        model = ServiceUnit
        fields = [
            "kind",
            "name",
            "licence_no",
            "licence_issued_on",
            "established_on",
            "head",
            "judicial_office",
            "org_section",
            "address",
            "status",
            "status_changed_on",
            "note",
        ]
        widgets = {
            "licence_issued_on": DATE,
            "established_on": DATE,
            "status_changed_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_section"].queryset = self.fields["org_section"].queryset.filter(kind="institution")


class PersonForm(MaskedPersonalEditMixin, forms.ModelForm):
    class Meta:
        model = ServicePerson
        fields = [
            "kind",
            "name",
            "unit",
            "id_number",
            "phone",
            "licence_no",
            "licence_issued_on",
            "registered_on",
            "status",
            "status_changed_on",
            "note",
        ]
        widgets = {
            "licence_issued_on": DATE,
            "registered_on": DATE,
            "status_changed_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }


# --- legal aid -----------------------------------------------------------------------------------


class AidApplicationForm(MaskedPersonalEditMixin, forms.ModelForm):
    class Meta:
        model = AidApplication
        fields = [
            "centre_ref",
            "applicant",
            "id_number",
            "phone",
            "matter",
            "received_on",
            "decision",
            "decided_on",
            "assigned_on",
            "aid_provider",
            "closed_on",
            "note",
        ]
        widgets = {
            "received_on": DATE,
            "decided_on": DATE,
            "assigned_on": DATE,
            "closed_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = AidObjection
        fields = [
            "application",
            "objector",
            "id_number",
            "phone",
            "address",
            "objected_decision",
            "centre_decision_ref",
            "centre_decided_on",
            "received_on",
            "grounds",
        ]
        widgets = {"centre_decided_on": DATE, "received_on": DATE, "grounds": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = AidApplication.objects.filter(decision=AidDecision.REFUSED)
        self.fields["application"].help_text = "不予法律援助的申请，可从监督台账中选择（可不选）"


class ObjectionDraftForm(forms.Form):
    outcome = forms.ChoiceField(label="审查结论", choices=ObjectionOutcome.choices)
    findings = text_field("审查认定的事实、理由和依据（写入决定书）", rows=5)


class ObjectionIssueForm(forms.Form):
    decided_on = date_field("决定日期")
    decision_no = forms.CharField(label="决定书文号", max_length=60, required=False)


# --- mediation ---------------------------------------------------------------------------------


class MediationForm(forms.ModelForm):
    party1_name = forms.CharField(label="当事人一", max_length=60)
    party1_phone = forms.CharField(label="当事人一联系电话", max_length=40, required=False)
    party2_name = forms.CharField(label="当事人二", max_length=60)
    party2_phone = forms.CharField(label="当事人二联系电话", max_length=40, required=False)

    class Meta:
        model = MediationCase
        fields = ["committee", "mediation_type", "source", "category", "received_on", "summary", "mediator"]
        widgets = {"received_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = ServiceUnit.objects.filter(kind__in=MEDIATION_KINDS, status="active")

    def parties(self):
        data = self.cleaned_data
        return [{"name": data[f"party{i}_name"], "phone": data[f"party{i}_phone"]} for i in (1, 2)]


class DateForm(forms.Form):
    on_date = date_field("日期")


class InvestigationForm(forms.Form):
    on_date = date_field("调查完成日期")
    text = text_field("调查了解情况（当事人、相关人、知情人、现场）", rows=4)


class SessionForm(forms.Form):
    held_on = date_field("调解日期")
    place = forms.CharField(label="地点", max_length=100, required=False)
    text = text_field("调解记录", rows=3)


class AgreementForm(forms.Form):
    on_date = date_field("协议签订日期")
    terms = text_field("协议内容", rows=4)
    copies = forms.IntegerField(label="协议份数", min_value=2, help_text="各方当事人各执一份，调解组织留存一份")


class FailureForm(forms.Form):
    on_date = date_field("调解终结日期")
    note = text_field("未达成协议的情况及告知当事人的其他途径", rows=3)


class VisitForm(forms.Form):
    on_date = date_field("回访日期")
    note = text_field("回访记录（协议履行情况）", rows=3)


class PartyForm(forms.ModelForm):
    class Meta:
        model = MediationParty
        fields = ["name", "id_number", "phone", "address"]


# --- people's assessors ------------------------------------------------------------------------


class SelectionForm(forms.Form):
    year = forms.IntegerField(
        label="选任年度", min_value=2018, max_value=2100, initial=lambda: timezone.localdate().year
    )
    quota = forms.IntegerField(label="拟任命人民陪审员名额", min_value=1)
    applied_quota = forms.IntegerField(
        label="其中个人申请和组织推荐名额",
        min_value=0,
        initial=0,
        help_text="不得超过名额数的五分之一（人民陪审员法第十一条）",
    )
    quota_basis = forms.CharField(label="名额确定依据", max_length=200, required=False)


class FirstDrawForm(forms.Form):
    pool_source = forms.CharField(
        label="常住居民名单来源及版本",
        max_length=200,
        help_text="如：区公安分局提供的常住居民名单（2026年9月版，已初步排除不符合条件人员）",
    )
    pool_size = forms.IntegerField(label="名单人数", min_value=1)
    count = forms.IntegerField(label="抽选人数", min_value=1, help_text="不少于拟随机抽选任命人数的五倍（第九条）")
    seed = forms.CharField(
        label="随机种子",
        max_length=64,
        required=False,
        help_text="留空由系统生成；记录后任何人可用同一种子复核抽选结果",
    )
    on_date = date_field("抽选日期")


class CandidateForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    eligible = forms.TypedChoiceField(
        label="资格审查",
        choices=[("", "未审查"), ("1", "通过"), ("0", "不通过")],
        coerce=lambda v: {"1": True, "0": False}.get(v),
        empty_value=None,
        required=False,
    )
    eligibility_note = forms.CharField(label="资格审查意见", max_length=200, required=False)
    consents = forms.TypedChoiceField(
        label="本人意见",
        choices=[("", "未征求"), ("1", "同意"), ("0", "不同意")],
        coerce=lambda v: {"1": True, "0": False}.get(v),
        empty_value=None,
        required=False,
    )

    def clean_id_number(self):
        from apps.privacy.kinds import get_kind

        value = self.cleaned_data["id_number"]
        if value:
            kind = get_kind("id_number")
            value = kind.normalise(value)
            kind.validate(value)
        return value


class ApplicantForm(forms.Form):
    source = forms.ChoiceField(
        label="产生方式", choices=[c for c in CandidateSource.choices if c[0] != CandidateSource.DRAW]
    )
    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)

    clean_id_number = CandidateForm.clean_id_number


class SecondDrawForm(forms.Form):
    applicants = IdListField(label="确定的申请人/被推荐人", required=False)
    seed = forms.CharField(label="随机种子", max_length=64, required=False, help_text="留空由系统生成")
    on_date = date_field("抽选日期")


class AppointForm(forms.Form):
    on_date = date_field("区人大常委会任命日期")
    ref = forms.CharField(label="任命决定文号", max_length=80)


class AssessorForm(forms.ModelForm):
    class Meta:
        model = Assessor
        fields = [
            "kind",
            "name",
            "id_number",
            "phone",
            "source",
            "appointed_on",
            "appointment_ref",
            "oath_on",
            "status",
        ]
        widgets = {"appointed_on": DATE, "oath_on": DATE}


# --- 6.10 licence files ------------------------------------------------------------------------


class LicenceForm(forms.ModelForm):
    class Meta:
        model = GrassrootsLicence
        fields = ["kind", "applicant", "id_number", "phone", "office", "received_on"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = ServiceUnit.objects.filter(kind=UnitKind.GRASSROOTS_OFFICE)


class CompletenessForm(forms.Form):
    items = forms.MultipleChoiceField(
        label="需补正的材料（逐项勾选）", choices=LICENCE_ITEMS, widget=forms.CheckboxSelectMultiple, required=False
    )
    other = forms.CharField(label="其他需补正内容", max_length=300, required=False)
    on_date = date_field("告知日期")


class ForwardForm(forms.Form):
    opinion = text_field("审查意见", rows=3)
    on_date = date_field("报送日期")


class CityResultForm(forms.Form):
    result = forms.ChoiceField(label="市司法局决定", choices=[("granted", "准予"), ("refused", "不予准予")])
    ref = forms.CharField(label="决定文号/执业证号", max_length=80, required=False)
    on_date = date_field("决定日期")


# --- plans; platform statistics ----------------------------------------------------------------


class PlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["duty", "title", "kind", "issued_on", "doc_no", "body"]
        widgets = {"issued_on": DATE, "body": forms.Textarea(attrs={"rows": 4})}


class PlanTaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners


class TaskDoneForm(forms.Form):
    task = forms.IntegerField(widget=forms.HiddenInput)
    on_date = date_field("完成日期")
    outcome = forms.CharField(label="完成情况", max_length=300, required=False)


class PlatformStatForm(forms.ModelForm):
    class Meta:
        model = PlatformStat
        fields = [
            "month",
            "centre_visits",
            "hotline_calls",
            "online_consults",
            "aid_referrals",
            "notary_referrals",
            "mediation_referrals",
            "satisfaction",
        ]
        widgets = {"month": DATE}

    def validate_unique(self):
        """A month already entered is updated (services.save_platform_stat), not refused."""


# --- 6.11 penalty cases ----------------------------------------------------------------------------


class PenaltyFileForm(forms.ModelForm):
    class Meta:
        model = PenaltyCase
        fields = ["subject", "person", "office", "party_address", "source", "source_ref", "facts_alleged", "filed_on"]
        widgets = {"filed_on": DATE, "facts_alleged": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "person": "当事人为基层法律服务工作者时选择（名册中的执业人员）。",
            "office": "当事人为基层法律服务所时选择；为工作者时可不选（取其执业机构）。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = ServicePerson.objects.filter(kind="grassroots_worker").select_related("unit")
        self.fields["office"].queryset = ServiceUnit.objects.filter(kind=UnitKind.GRASSROOTS_OFFICE)
        self.fields["office"].required = False
        # a new row's model default (None) would hide the field's initial
        self.initial["filed_on"] = self.initial.get("filed_on") or timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("subject") == "worker" and not data.get("person"):
            self.add_error("person", "请选择被调查的基层法律服务工作者。")
        if data.get("subject") == "office" and not data.get("office"):
            self.add_error("office", "请选择被调查的基层法律服务所。")
        return data


class PenaltyNoteForm(forms.ModelForm):
    class Meta:
        model = PenaltyNote
        fields = ["on_date", "method", "officers", "content"]
        widgets = {"on_date": DATE, "content": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"officers": "二名以上执法人员，出示执法证件；姓名用顿号分隔。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["on_date"] = self.initial.get("on_date") or timezone.localdate()


PENALTY_BASIS = "《基层法律服务工作者管理办法》（司法部令第138号）第四十六条"


class PenaltyFindingsForm(forms.Form):
    facts_found = text_field("调查认定的事实")
    evidence = text_field("证据", rows=2)
    legal_basis = forms.CharField(label="处罚依据", max_length=300, initial=PENALTY_BASIS)


class PenaltyNoticeForm(PenaltyFindingsForm):
    proposed = forms.ChoiceField(
        label="拟作出的行政处罚", choices=[c for c in PenaltyOutcome.choices if c[0] in PENALISING]
    )
    hearing_right = forms.BooleanField(
        label="告知听证权利",
        required=False,
        help_text="《行政处罚法》第六十三条所列较重处罚须告知；警告不在其列，依规定需要告知的勾选。",
    )
    on_date = date_field("告知书送达日期")


class StatementForm(forms.Form):
    on_date = date_field("陈述申辩日期")
    text = text_field("当事人陈述、申辩内容及复核意见", required=False)
    waived = forms.BooleanField(label="当事人明确放弃陈述、申辩（或告知的期限内未提出）", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("waived") and not (data.get("text") or "").strip():
            self.add_error("text", "请填写当事人陈述、申辩的内容及复核意见，或勾选“明确放弃”。")
        return data


class HearingNoticeForm(forms.Form):
    notice_on = date_field("通知日期")
    hearing_on = forms.DateField(label="听证日期", widget=DATE)
    place = forms.CharField(label="听证地点", max_length=100)
    host = forms.ModelChoiceField(label="听证主持人（非本案调查人员）", queryset=None, empty_label="请选择")

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, admin_role="")
            .exclude(section=None)
            .order_by("section", "-rank", "id")
        )
        self.fields["host"].label_from_instance = lambda u: f"{u.full_name}（{u.section.name if u.section_id else ''}）"


class HearingRecordForm(forms.Form):
    text = text_field("听证笔录摘要（调查人员提出的事实、证据和处罚建议，当事人的申辩和质证）", rows=4)


class PenaltyDraftForm(PenaltyFindingsForm):
    outcome = forms.ChoiceField(label="处理决定", choices=PenaltyOutcome.choices)
    reasons = text_field("决定理由（含对陈述、申辩的采纳情况）")
    serious = forms.BooleanField(label="情节复杂或重大违法（须集体讨论决定）", required=False)
    collective_on = forms.DateField(label="集体讨论日期", widget=DATE, required=False)
    collective_note = text_field("集体讨论意见", rows=2, required=False)

    def __init__(self, *args, notified=False, **kwargs):
        super().__init__(*args, **kwargs)
        if notified:
            # the findings were fixed in the 告知书
            for name in ("facts_found", "evidence", "legal_basis"):
                self.fields[name].required = False
                self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("serious"):
            if not data.get("collective_on"):
                self.add_error(
                    "collective_on", "情节复杂或重大违法的，请填写集体讨论日期（《行政处罚法》第五十七条）。"
                )
            if not (data.get("collective_note") or "").strip():
                self.add_error("collective_note", "请填写集体讨论意见。")
        return data


class ServeForm(forms.Form):
    on_date = date_field("送达日期")
    method = forms.ChoiceField(
        label="送达方式",
        choices=[
            ("宣告后当场交付", "宣告后当场交付"),
            ("直接送达", "直接送达"),
            ("留置送达", "留置送达"),
            ("邮寄送达", "邮寄送达"),
            ("电子送达（当事人同意并签订确认书）", "电子送达（当事人同意并签订确认书）"),
            ("报送市司法局/移送司法机关", "报送市司法局/移送司法机关"),
        ],
    )


class PenaltyCloseForm(forms.Form):
    reported_on = date_field("处理结果报送市司法局日期")
    report = text_field("结案报告（执行情况）")
