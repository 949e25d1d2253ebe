"""The section's procedures on the engine.

- 法律援助异议审查 (法律援助法 §49): the clerk reviews and drafts, the chief and the division
  leader approve, the clerk issues and serves the decision; the 5-day clock runs from receipt.
- 基层法律服务违规执业处罚 (6.11): 立案、调查、告知与听取陈述申辩（听证） by the registrar, the
  decision approved along the chain "approval" (科室负责人、分管领导、局长 as ApprovalRule rows say;
  集体讨论 recorded for serious cases), then the decision made, served within 7 working days,
  carried out and the case closed by the registrar.
- 调解案件 (6.6–6.8), 人民陪审员选任 (6.13), 基层法律服务工作者执业申请 (6.10): one handling step
  held by the registrar, moved on only through the app's stage forms (services.py).
"""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

AID_OBJECTION = "legal_services.aid_objection"
MEDIATION = "legal_services.mediation"
ASSESSOR_SELECTION = "legal_services.assessor_selection"
GRASSROOTS_LICENCE = "legal_services.grassroots_licence"
GRASSROOTS_PENALTY = "legal_services.grassroots_penalty"
ALL_PROCESSES = (AID_OBJECTION, MEDIATION, ASSESSOR_SELECTION, GRASSROOTS_LICENCE, GRASSROOTS_PENALTY)

REVIEW_STEP = "review"
INVESTIGATE_STEP = "investigate"
ISSUE_STEP = "issue"
HANDLE_STEP = "handle"


@register
class AidObjectionProcess(Process):
    code = AID_OBJECTION
    label = "法律援助异议审查"
    steps = [
        Step(
            REVIEW_STEP,
            "审查并拟定决定",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="拟办",
        ),
        ChainStep("approval", "审批"),
        Step(ISSUE_STEP, "制作并送达决定书", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "legal_services/includes/_aid_objection.html"
    domain_attr = "aid_objection"
    statutory = (
        "异议须在5日内作出维持或者责令改正的决定（法律援助法第四十九条）；不同意拟定意见的，请写明意见后“退回”。"
    )
    own_clocks = True

    def print_fields(self, case):
        o = case.aid_objection
        return [
            ("异议人", o.objector),
            ("异议所指决定", f"{o.get_objected_decision_display()} {o.centre_decision_ref}"),
            ("收到异议日期", f"{o.received_on:%Y-%m-%d}"),
            ("异议理由", o.grounds),
            ("拟定结论", o.get_outcome_display() or "—"),
            ("审查认定", o.findings or "—"),
        ]

    def page_forms(self, case, user):
        from . import forms

        return {"aid_draft": forms.ObjectionDraftForm(), "aid_issue": forms.ObjectionIssueForm()}


class _HandledProcess(Process):
    steps = [Step(HANDLE_STEP, "办理", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    own_clocks = True


@register
class MediationProcess(_HandledProcess):
    code = MEDIATION
    label = "调解案件"
    steps = [Step(HANDLE_STEP, "调解办理", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    detail_template = "legal_services/includes/_mediation.html"
    domain_attr = "mediation_case"

    def print_fields(self, case):
        m = case.mediation_case
        return [
            ("调解组织", m.committee.name),
            ("调解类型", m.get_mediation_type_display()),
            ("受理日期", f"{m.received_on:%Y-%m-%d}"),
            ("纠纷简要情况", m.summary),
            ("阶段", m.get_stage_display()),
        ]

    def page_forms(self, case, user):
        from . import forms

        return {
            "med_notify": forms.DateForm(),
            "med_investigate": forms.InvestigationForm(),
            "med_session": forms.SessionForm(),
            "med_agree": forms.AgreementForm(),
            "med_fail": forms.FailureForm(),
            "med_visit": forms.VisitForm(),
            "med_party": forms.PartyForm(),
            "med_confirm": forms.DateForm(),
        }


@register
class AssessorSelectionProcess(_HandledProcess):
    code = ASSESSOR_SELECTION
    label = "人民陪审员选任"
    steps = [Step(HANDLE_STEP, "选任组织", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    detail_template = "legal_services/includes/_selection.html"
    domain_attr = "assessor_selection"

    def print_fields(self, case):
        s = case.assessor_selection
        return [("选任年度", str(s.year)), ("名额", str(s.quota)), ("阶段", s.get_stage_display())]

    def page_forms(self, case, user):
        from . import forms

        return {
            "sel_call": forms.DateForm(),
            "sel_first": forms.FirstDrawForm(),
            "sel_candidate": forms.CandidateForm(),
            "sel_applicant": forms.ApplicantForm(),
            "sel_second": forms.SecondDrawForm(),
            "sel_notice": forms.DateForm(),
            "sel_appoint": forms.AppointForm(),
            "sel_oath": forms.DateForm(),
        }


@register
class GrassrootsLicenceProcess(_HandledProcess):
    code = GRASSROOTS_LICENCE
    label = "基层法律服务工作者执业申请"
    steps = [Step(HANDLE_STEP, "收件审查与报送", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    detail_template = "legal_services/includes/_licence.html"
    domain_attr = "grassroots_licence"

    def print_fields(self, case):
        g = case.grassroots_licence
        return [
            ("申请事项", g.get_kind_display()),
            ("申请人", g.applicant),
            ("基层法律服务所", g.office.name),
            ("收件日期", f"{g.received_on:%Y-%m-%d}"),
            ("阶段", g.get_stage_display()),
        ]

    def page_forms(self, case, user):
        from . import forms

        return {
            "lic_check": forms.CompletenessForm(),
            "lic_complete": forms.DateForm(),
            "lic_forward": forms.ForwardForm(),
            "lic_result": forms.CityResultForm(),
        }


@register
class GrassrootsPenaltyProcess(Process):
    code = GRASSROOTS_PENALTY
    label = "基层法律服务违规执业处罚"
    steps = [
        Step(
            INVESTIGATE_STEP,
            "立案调查、告知与听取意见",
            kind=Task.Kind.HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="拟定处理决定",
        ),
        ChainStep("approval", "负责人审批（集体讨论）"),
        Step(
            ISSUE_STEP, "制作送达决定书、执行结案", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True
        ),
    ]
    detail_template = "legal_services/includes/_penalty.html"
    domain_attr = "grassroots_penalty"
    statutory = "已立案的行政处罚案件须依法作出处理决定，不能撤回；不同意拟定意见的，请写明意见后“退回”。"
    own_clocks = True

    def facts(self, case):
        p = case.grassroots_penalty
        return {"serious": 1 if p.serious else 0}

    def print_fields(self, case):
        p = case.grassroots_penalty
        return [
            ("当事人", f"{p.get_subject_display()} {p.party}"),
            ("案件来源", f"{p.get_source_display()} {p.source_ref}"),
            ("立案日期", f"{p.filed_on:%Y-%m-%d}"),
            ("调查认定的事实", p.facts_found or p.facts_alleged),
            ("证据", p.evidence or "—"),
            ("陈述申辩/听证", p.statement or p.hearing_record or ("当事人放弃" if p.waived else "—")),
            ("拟处理决定", p.get_outcome_display() or "—"),
            ("处罚依据", p.legal_basis or "—"),
            ("集体讨论", f"{p.collective_on:%Y-%m-%d} {p.collective_note}" if p.collective_on else "—"),
        ]

    def page_forms(self, case, user):
        from .penalties import penalty_page_forms

        return penalty_page_forms(case, user)
