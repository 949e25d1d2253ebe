"""职务职级推荐: the personnel section's initial list goes to the party group, which fixes the
final recommendation list (局党组研究确定最终推荐名单; ApprovalRule rows of hr.promotion)."""

from apps.workflow.processes import ChainStep, Process, register

PROMOTION_PROCESS = "hr.promotion"


@register
class PromotionProcess(Process):
    code = PROMOTION_PROCESS
    label = "职务职级推荐"
    steps = [ChainStep("approval", "局党组研究确定推荐名单")]
    detail_template = "hr/includes/_promotion_case.html"
    domain_attr = "promotion_round"

    def on_close(self, case, actor):
        from .services import list_final

        list_final(case, actor)
