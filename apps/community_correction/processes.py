"""社区矫正 procedures on the engine: steps, approval chains (fixtures/community_correction_rules.json,
ids 1701–1749) and who may see their cases.

Every case of these processes belongs to the 社区矫正工作科 (the district agency: its chief and
division leader oversee them in 科室队列 and get the sweep's escalations) and is seen only by
the section, the staff of the responsible 司法所 and the section's division leader and the
director (Process.audience): never through a grant, a delegation, 传阅 or another section's
scope. The cases are 限定知悉范围 as well, so no delegate acts on them. Titles carry the masked
name only (models.masked_name).
"""

from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

from . import access
from .models import Assessment, Monitoring, Proposal, Relocation, Sanction, Subject, Travel

HANDLE = Task.Kind.HANDLE

SUBJECT = "correction.subject"
ASSESSMENT = "correction.assessment"
TRAVEL = "correction.travel"
MONITORING = "correction.monitoring"
SANCTION = "correction.sanction"
PROPOSAL = "correction.proposal"
RELOCATION = "correction.relocation"
ALL = (SUBJECT, ASSESSMENT, TRAVEL, MONITORING, SANCTION, PROPOSAL, RELOCATION)


def office_staff(office_id):
    return list(
        get_user_model().objects.filter(is_active=True, admin_role="", section_id=office_id).order_by("-rank", "id")
    )


def office_chief(office_id):
    return list(
        get_user_model()
        .objects.filter(is_active=True, admin_role="", section_id=office_id, rank=Rank.CHIEF)
        .order_by("id")[:1]
    )


class CorrectionProcess(Process):
    """What the seven processes share: the audience, the office of a case, the audited view."""

    detail_template = "community_correction/includes/_case.html"
    own_clocks = True
    files_refused = ""
    # Path from the domain record to the responsible 司法所's id (for the audience subquery).
    office_path = "subject__office_id"
    model = None

    def office_id(self, case):
        record_ = self.domain(case)
        if record_ is None:
            return None
        return getattr(record_, "office_id", None) or record_.subject.office_id

    @property
    def resolvers(self):
        return {
            "office": lambda case: office_staff(self.office_id(case)),
            "office_chief": lambda case: office_chief(self.office_id(case)),
        }

    def audience(self, user):
        if access.sees_all(user):
            return Q()
        office = access.office_of(user)
        if office is None:
            return Q(pk__in=[])
        rows = self.model.objects.filter(case=OuterRef("pk"), **{self.office_path: office})
        return Q(Exists(rows))

    def on_view(self, case, user):
        record("correction.case_view", actor=user, obj=case, detail={"process": case.process})

    def may_manage_clocks(self, case, user):
        return access.handles(user, self.office_id(case))

    def print_fields(self, case):
        record_ = self.domain(case)
        subject = getattr(record_, "subject", None) or (record_ if isinstance(record_, Subject) else None)
        rows = []
        if subject is not None:
            rows += [("社区矫正对象", masked_name_of(subject)), ("负责司法所", subject.office.name)]
        return rows


def masked_name_of(subject):
    from .models import masked_name

    return masked_name(subject.name)


@register
class SubjectProcess(CorrectionProcess):
    """The execution of one subject's correction: report-in (§21, clock from the judgment's
    effective date), 入矫宣告 with the group and plan (§25), supervision to the end of the term
    (the term's clock), 解除 (§44). Done by the responsible 司法所 on the subject's page."""

    code = SUBJECT
    label = "社区矫正执行（报到、宣告、监管、解除）"
    domain_attr = "correction_subject"
    model = Subject
    office_path = "office_id"
    steps = [
        Step("report", "报到", kind=HANDLE, role="process:office", finished_by_own_form=True, done_label="报到"),
        Step("announce", "入矫宣告", kind=HANDLE, role="process:office", finished_by_own_form=True, done_label="宣告"),
        Step(
            "supervise",
            "监督管理至期满解除",
            kind=HANDLE,
            role="process:office",
            finished_by_own_form=True,
            done_label="解除",
        ),
    ]


@register
class AssessmentProcess(CorrectionProcess):
    """调查评估: the 司法所 investigates, the chain reviews (退回 for more work, never 不同意: the
    requesting body must get an answer), the section returns the opinion; 10/5 working days."""

    code = ASSESSMENT
    label = "调查评估"
    domain_attr = "correction_assessment"
    model = Assessment
    office_path = "office_id"
    statutory = "调查评估意见必须在期限内反馈委托机关：不同意的，请写明意见后退回司法所补充调查。"
    steps = [
        Step(
            "investigate",
            "司法所调查并提出评估意见",
            kind=HANDLE,
            role="process:office",
            finished_by_own_form=True,
            done_label="提交评估意见",
        ),
        ChainStep("review", "审核"),
        Step("reply", "反馈委托机关", kind=HANDLE, role="initiator", finished_by_own_form=True, done_label="反馈"),
    ]


@register
class TravelProcess(CorrectionProcess):
    """外出审批 by tier (§27; 实施办法 §54, 待核实): the `office` chain's links are the responsible
    司法所's 所长 (a link whose role is 承办科室负责人 means the 司法所's), the `agency` chain's
    the 区社区矫正机构; which chain applies is the rows' 天数 condition. Then 销假 by the 司法所."""

    code = TRAVEL
    label = "社区矫正对象外出审批"
    domain_attr = "correction_travel"
    model = Travel
    steps = [
        ChainStep("office", "司法所审批（7日以内）"),
        ChainStep("agency", "区社区矫正机构审批"),
        Step("return", "返回销假", kind=HANDLE, role="process:office", finished_by_own_form=True, done_label="销假"),
    ]

    def facts(self, case):
        return {"days": case.correction_travel.days}

    def route_step(self, case, step):
        if step.chain == "office" and step.role == "section_chief":
            return replace(step, role="process:office_chief")
        return step


@register
class MonitoringProcess(CorrectionProcess):
    """电子定位 (§29): the chain ends with the 县级司法行政部门负责人's approval; a first use then
    has the 司法所's use step with the 3 months' clock; a renewal's approval extends that clock."""

    code = MONITORING
    label = "电子定位装置使用审批"
    domain_attr = "correction_monitoring"
    model = Monitoring
    steps = [
        ChainStep("approval", "审批"),
        Step(
            "use", "使用电子定位装置", kind=HANDLE, role="process:office", finished_by_own_form=True, done_label="解除"
        ),
    ]

    def route_step(self, case, step):
        if step.code == "use" and case.correction_monitoring.renewal_of_id:
            return None
        return step

    def on_close(self, case, actor):
        from . import services

        services.monitoring_approved(case, actor)

    def may_manage_clocks(self, case, user):
        return super().may_manage_clocks(case, user) or access.head(user)


@register
class SanctionProcess(CorrectionProcess):
    """警告 and 提请治安管理处罚 (§28): decided by the agency through the chain; the number and the
    decision date are set when the chain approves."""

    code = SANCTION
    label = "警告、提请治安管理处罚审批"
    domain_attr = "correction_sanction"
    model = Sanction
    steps = [ChainStep("approval", "审批")]

    def on_close(self, case, actor):
        from . import services

        services.sanction_approved(case, actor)


@register
class ProposalProcess(CorrectionProcess):
    """提请 (减刑 §33, 撤销缓刑/假释 §46 §48, 收监执行 §49, 逮捕 §47): the chain approves; the
    section serves the proposal and the outside body's limit runs on the case until the result."""

    code = PROPOSAL
    label = "提请减刑、撤销缓刑假释、收监执行、逮捕"
    domain_attr = "correction_proposal"
    model = Proposal
    steps = [
        ChainStep("approval", "审批"),
        Step(
            "await",
            "送达并等待决定机关裁定、决定",
            kind=HANDLE,
            role="initiator",
            finished_by_own_form=True,
            done_label="登记结果",
        ),
    ]


@register
class RelocationProcess(CorrectionProcess):
    """变更执行地 (§27 ¶2; 实施办法 §30, 待核实): the agency decides within 5 working days (the
    chain); the 司法所 serves the decision and watches the 7 days to report at the new place."""

    code = RELOCATION
    label = "变更执行地"
    domain_attr = "correction_relocation"
    model = Relocation
    steps = [
        ChainStep("decision", "审批决定"),
        Step(
            "report",
            "送达决定并督促到新执行地报到",
            kind=HANDLE,
            role="process:office",
            finished_by_own_form=True,
            done_label="已报到",
        ),
    ]
