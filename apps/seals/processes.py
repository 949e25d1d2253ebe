"""The two seal procedures on the engine: carving (印章刻制) and use (用印申请).

Use: the seal's approval chain (ApprovalRule rows of the chain the seal names), then, for a
written exception (特殊用印: blank paper, blank forms, contracts, letters of introduction), the
main leader, then the keeper registers and watches the stamping (登记用印). The route is fixed
when the request is submitted; a request with nothing to stamp is refused there.

Carving: the approval chain, the applicant has it carved (刻制), then one of the office's seal
keepers enters the new seal in the register (备案登记, through this app's own form).
"""

from dataclasses import replace

from apps.accounts.models import OfficeRole
from apps.workflow.api import TransitionError
from apps.workflow.models import ApprovalRule, Case, Task
from apps.workflow.processes import ChainStep, Process, Step, register

from .models import SealChain

USE_PROCESS = "seals.use"
CARVE_PROCESS = "seals.carve"
STAMP_STEP = "stamp"
EXCEPTION_STEP = "exception"
REGISTER_STEP = "register"

NO_DOCUMENT = (
    "用印申请必须附上需要盖章的文件（上传文件，或关联一件公文）。本平台不批准在空白纸张、空白表格、"
    "空白合同、介绍信等上用印；确有特殊情况的，请勾选“特殊用印”并写明书面申请理由，报局主要领导批准。"
)


def use_problem(request, case):
    """Why this request cannot be submitted as it stands (a Chinese sentence), or ''."""
    from .models import Seal

    if request.seal.status != Seal.Status.ACTIVE:
        return f"印章“{request.seal.name}”{request.seal.get_status_display()}，不能申请用印。"
    if request.exception:
        if not request.exception_reason.strip():
            return "特殊用印须写明书面申请理由，报局主要领导批准。"
        return ""
    if request.document_case_id is not None:
        if not Case.objects.visible_to(case.initiator).filter(pk=request.document_case_id).exists():
            return "关联的公文不存在或您无权查看，请重新选择。"
        return ""
    if not case.attachments.exists():
        return NO_DOCUMENT
    return ""


def office_keeper_role():
    """One of the office's seal keepers (a handling step held by two people needs both)."""
    from django.contrib.auth import get_user_model

    keeper = (
        get_user_model()
        .objects.filter(is_active=True, office_roles__role=OfficeRole.SEAL_KEEPER)
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )
    return f"user:{keeper}" if keeper else f"office_role:{OfficeRole.SEAL_KEEPER}"


def keeper_role(seal):
    if seal.keeper_id and seal.keeper.is_active:
        return f"user:{seal.keeper_id}"
    return office_keeper_role()


@register
class SealUseProcess(Process):
    """用印申请: the approval chain is the one the seal names (the chains of the other seals are
    left out of the route); a written exception adds the main leader; the seal's keeper stamps."""

    code = USE_PROCESS
    label = "用印申请"
    steps = (
        *(ChainStep(chain.value, f"用印审批：{chain.label}") for chain in SealChain),
        Step(EXCEPTION_STEP, "主要领导批准特殊用印", role="director", time_limit_days=2),
        # The role is the seal's own keeper (route_step).
        Step(STAMP_STEP, "登记用印", kind=Task.Kind.HANDLE, role="office_role:seal_keeper", finished_by_own_form=True),
    )
    detail_template = "seals/includes/_use_request.html"
    domain_attr = "seal_use"
    edit_url_name = "seals:use_edit"

    def check_submittable(self, case):
        request = case.seal_use
        problem = use_problem(request, case)
        if problem:
            raise TransitionError(problem)
        if not request.exception and not self._has_approvers(case, request.seal.approval_chain):
            raise TransitionError(
                f"印章“{request.seal.name}”的用印审批链未配置审批规则，不能用印；请系统管理员在后台“审批规则”中设置。"
            )

    def _has_approvers(self, case, chain):
        rules = ApprovalRule.objects.filter(process=self.code, chain=chain, active=True)
        facts, rank = self.facts(case), case.initiator.rank
        return any(rule.matches(facts, rank) for rule in rules)

    def route_step(self, case, step):
        request = case.seal_use
        if step.chain:
            if step.chain != request.seal.approval_chain:
                return None
            # The main leader signs the written exception; he need not sign twice.
            return None if request.exception and step.role == "director" else step
        if step.code == EXCEPTION_STEP:
            return step if request.exception else None
        if step.code == STAMP_STEP:
            return replace(step, role=keeper_role(request.seal))
        return step

    def on_submit(self, case, actor):
        from .services import grant_office_chief

        grant_office_chief(case, actor)

    def check_complete(self, case, task, actor):
        """The stamping step closes only through 登记用印, which records what was stamped."""
        from .models import SealUseRequest

        if task.step == STAMP_STEP and not SealUseRequest.objects.filter(case=case, stamped_copies__gt=0).exists():
            raise TransitionError("请在“登记用印”表单中登记实际用印份数；未用印的申请请退回申请人。")

    def print_fields(self, case):
        request = case.seal_use
        fields = [
            ("印章", request.seal.label),
            ("用印事由", request.reason),
            ("用印文件", request.document_title or "—"),
            ("申请份数", f"{request.copies} 份"),
        ]
        if request.exception:
            fields.append(("特殊用印", request.exception_reason))
        fields.append(("已用印", f"{request.stamped_copies} 份"))
        return fields


@register
class CarvingProcess(Process):
    """印章刻制."""

    code = CARVE_PROCESS
    label = "印章刻制"
    steps = (
        # Office chief, then the division leader (ApprovalRule rows of chain "approval").
        ChainStep("approval", "刻制审核"),
        Step("carve", "刻制", kind=Task.Kind.HANDLE, role="initiator"),
        # One keeper holds the step (a handling step held by two people needs both): route_step.
        Step(
            REGISTER_STEP, "备案登记", kind=Task.Kind.HANDLE, role="office_role:seal_keeper", finished_by_own_form=True
        ),
    )
    detail_template = "seals/includes/_carving.html"
    domain_attr = "seal_carving"
    edit_url_name = "seals:carve_edit"

    def route_step(self, case, step):
        return replace(step, role=office_keeper_role()) if step.code == REGISTER_STEP else step

    def check_complete(self, case, task, actor):
        """备案登记 closes only once the new seal is in the register (新章备案登记 form)."""
        from .models import CarvingRequest

        if task.step == REGISTER_STEP and not CarvingRequest.objects.filter(case=case, seal__isnull=False).exists():
            raise TransitionError("请先在“新章备案登记”表单中登记新章和交接情况。")

    def print_fields(self, case):
        carving = case.seal_carving
        fields = [
            ("印章名称", carving.seal_name),
            ("印章类别", carving.get_kind_display()),
            ("使用单位", carving.owner_unit.name),
            ("刻制类型", carving.get_purpose_display()),
        ]
        if carving.old_seal_id:
            fields.append(("被更换旧章", carving.old_seal.name))
        fields.append(("刻制理由", carving.reason))
        return fields
