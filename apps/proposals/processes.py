"""office.proposal: 领导审阅 (office chief, then the office's division leader) → 明确责任分工 (the
office clerk names the lead and co-handling sections) → 办理 (the lead section's chief: 会办意见
come in, 面商 recorded, the reply drafted) → 答复审签 (ApprovalRule rows of chain "reply": by
default the lead section's chief, its division leader, the main leader) → 答复与满意度 (the office
sends the reply and records the representative's satisfaction; 不满意 sends the case back to 办理
with a new clock). The three handling steps are finished only through this app's own forms.
"""

from dataclasses import replace

from django.contrib.auth import get_user_model

from apps.accounts.models import Rank
from apps.workflow.models import ApprovalRule, Task
from apps.workflow.processes import ChainStep, Process, Step, register

from .models import ASSIGN_STEP, HANDLE_STEP, REPLY_CHAIN, SEND_STEP

PROCESS = "office.proposal"

# In the reply chain, 承办科室 means the lead section (the case itself is the office's).
LEAD_ROLES = {
    ApprovalRule.Role.SECTION_CHIEF: "process:lead_chief",
    ApprovalRule.Role.DIVISION_LEADER: "process:lead_leader",
}


def lead_chief(case):
    section_id = case.proposal.lead_section_id
    return list(
        get_user_model().objects.filter(is_active=True, section_id=section_id, rank=Rank.CHIEF).order_by("id")[:1]
    )


def lead_leader(case):
    section = case.proposal.lead_section
    leader = section.division_leader if section else None
    return [leader] if leader is not None else []


def may_send_co_opinion(proposal, user):
    """A member of a co-handling section that has not sent its opinion, while the lead section handles."""
    from .models import Stage

    if proposal.stage != Stage.HANDLING or proposal.round != 1 or not user.section_id or user.admin_role:
        return False
    if not proposal.co_sections.filter(pk=user.section_id).exists():
        return False
    return not proposal.co_opinions.filter(section_id=user.section_id).exists()


@register
class ProposalProcess(Process):
    code = PROCESS
    label = "建议提案"
    steps = [
        Step("chief", "领导审阅：办公室主任", role="office_chief", time_limit_days=2),
        Step("leader", "领导审阅：分管领导", role="division_leader", time_limit_days=2),
        Step(
            ASSIGN_STEP,
            "明确责任分工",
            kind=Task.Kind.HANDLE,
            role="initiator",
            time_limit_days=2,
            finished_by_own_form=True,
        ),
        Step(
            HANDLE_STEP, "办理（主办科室）", kind=Task.Kind.HANDLE, role="process:lead_chief", finished_by_own_form=True
        ),
        ChainStep(REPLY_CHAIN, "答复审签"),
        Step(SEND_STEP, "答复与满意度", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "proposals/includes/_proposal.html"
    domain_attr = "proposal"
    resolvers = {"lead_chief": lead_chief, "lead_leader": lead_leader}
    # Every suggestion and proposal gets a written reply: an approver who disagrees with the
    # draft returns it to the lead section rather than ending the matter.
    statutory = "建议提案必须答复代表委员，审签不同意的，请写明意见后“退回”承办科室修改答复。"

    def route_step(self, case, step):
        if step.chain == REPLY_CHAIN:
            return replace(step, role=LEAD_ROLES.get(step.role, step.role))
        return step

    def print_fields(self, case):
        p = case.proposal
        return [
            ("类别", p.get_kind_display()),
            ("届次会议", p.session.name),
            ("编号", p.number),
            (f"领衔{p.proposer_title}", p.proposers),
            ("代表团/界别", p.delegation or "—"),
            ("交办日期", f"{p.assigned_on:%Y-%m-%d}"),
            ("主办科室", p.lead_section.name if p.lead_section else "—"),
            ("会办科室", "、".join(s.name for s in p.co_sections.all()) or "—"),
            ("答复类别", p.get_category_display() or "—"),
        ]

    def page_forms(self, case, user):
        from . import forms

        page = {
            "proposal_assign": forms.AssignForm(),
            "proposal_contact": forms.ContactRecordForm(),
            "proposal_draft": forms.DraftForm(),
            "proposal_send": forms.SendForm(),
            "proposal_feedback": forms.FeedbackForm(),
        }
        if may_send_co_opinion(case.proposal, user):
            page["proposal_co"] = forms.CoOpinionForm()
        return page
