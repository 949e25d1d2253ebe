"""资产处置 (finance.disposal), seed 000 appendix 1.12 and seed 002 rule 4 六: a disposal is approved
(rule rows, by the asset's value) before the asset manager closes the card (处置登记)."""

from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Task
from apps.workflow.processes import ChainStep, Process, Step, register

DISPOSAL = "finance.disposal"
DISPOSE_STEP = "dispose"


@register
class DisposalProcess(Process):
    code = DISPOSAL
    label = "资产处置"
    steps = [
        ChainStep("approval", "处置审批"),
        Step(DISPOSE_STEP, "处置登记", kind=Task.Kind.HANDLE, role="position:asset_manager", finished_by_own_form=True),
    ]
    detail_template = "finance/includes/_asset_disposal.html"
    domain_attr = "asset_disposal"
    edit_url_name = "finance:disposal_edit"

    def facts(self, case):
        return {"amount": case.asset_disposal.asset.value}

    def check_submittable(self, case):
        disposal = case.asset_disposal
        if disposal.asset.status == disposal.asset.Status.DISPOSED:
            raise TransitionError("该资产已处置。")
        other = type(disposal).objects.filter(asset=disposal.asset, case__status=Case.Status.ACTIVE).exclude(case=case)
        if other.exists():
            raise TransitionError("该资产已有正在审批的处置申请。")

    def print_fields(self, case):
        disposal = case.asset_disposal
        asset = disposal.asset
        return [
            ("资产", f"{asset.number} {asset.name}（原值 {asset.value:,.2f} 元）"),
            ("处置方式", disposal.get_method_display()),
            ("处置原因", disposal.reason),
        ]
