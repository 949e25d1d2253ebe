"""The procedures of 规范性文件 work on the engine (seed 000, 行政执法监督科 5.9–5.11).

- normative.review (5.9): 收件与合法性审核 by the registering handler (the app's own forms:
  materials check with the one-click itemised return, review points, pauses, the opinion) →
  the approval chain from ApprovalRule rows (科室复核 → 分管领导复审 → 局长, the director's link
  only for a major, difficult file or one touching citizens' major interests) → 出具意见书、登记
  编号与公布 by the handler. A 重大行政决策 takes the same route; it ends with the opinion.
- normative.filing (5.10): 报送备案 and the outcome, one handling step.
- normative.cleanup (5.11): the campaign notice's approval chain, then 组织清理 (self-review
  entries, verification, publication) by the handler.
"""

from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

REVIEW_PROCESS = "normative.review"
FILING_PROCESS = "normative.filing"
CLEANUP_PROCESS = "normative.cleanup"
REVIEW_STEP = "review"
ISSUE_STEP = "issue"
FILE_STEP = "file"
CLEANUP_STEP = "cleanup"
APPROVAL_CHAIN = "approval"
SECTION_CODE = "enforcement"  # 行政执法监督科 owns 5.9–5.11 (seed 000)


@register
class ReviewProcess(Process):
    code = REVIEW_PROCESS
    label = "合法性审核"
    steps = [
        Step(REVIEW_STEP, "收件与合法性审核", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        ChainStep(APPROVAL_CHAIN, "审核意见审批"),
        Step(ISSUE_STEP, "出具意见书、登记与公布", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
    ]
    detail_template = "normative_files/includes/_review.html"
    domain_attr = "legality_review"
    statutory = "合法性审核须出具审核意见；不同意的，请写明意见后“退回”承办人修改。"
    own_clocks = True

    def route_step(self, case, step):
        review = getattr(case, "legality_review", None)
        if step.chain == APPROVAL_CHAIN and step.role == "director" and not (review and review.major):
            return None  # 5.9 三（四）: the director joins only for major, difficult files
        return step

    def page_forms(self, case, user):
        from .forms import review_forms

        return review_forms(case, user)

    def print_fields(self, case):
        r = case.legality_review
        return [
            ("审核类别", r.get_kind_display()),
            ("名称", r.title),
            ("起草（承办）单位", r.drafter.name),
            ("收件日期", f"{r.received_on:%Y-%m-%d}"),
            ("审核结论", r.get_conclusion_display() or "—"),
        ]


@register
class FilingProcess(Process):
    code = FILING_PROCESS
    label = "规范性文件报送备案"
    steps = [Step(FILE_STEP, "报送备案与备案结果", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True)]
    detail_template = "normative_files/includes/_filing.html"
    domain_attr = "normative_filing"
    statutory = "规范性文件须依法报送备案。"
    own_clocks = True

    def page_forms(self, case, user):
        from .forms import filing_forms

        return filing_forms(case, user)

    def print_fields(self, case):
        f = case.normative_filing
        return [
            ("文件名称", f.file.title),
            ("登记号", f.file.reg_number),
            ("公布日期", f"{f.file.published_on:%Y-%m-%d}"),
        ]


@register
class CleanupProcess(Process):
    code = CLEANUP_PROCESS
    label = "规范性文件清理"
    steps = [
        ChainStep(APPROVAL_CHAIN, "清理通知审批"),
        Step(
            CLEANUP_STEP, "组织清理、审核认定与公布", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True
        ),
    ]
    detail_template = "normative_files/includes/_cleanup.html"
    domain_attr = "normative_cleanup"
    own_clocks = True

    def page_forms(self, case, user):
        from .forms import cleanup_forms

        return cleanup_forms(case, user)

    def print_fields(self, case):
        c = case.normative_cleanup
        return [("清理名称", c.title), ("部门报送截止", f"{c.self_review_due:%Y-%m-%d}"), ("通知要点", c.notice)]
