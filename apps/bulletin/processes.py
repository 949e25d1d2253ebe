"""审核签发 of an issue of the bureau's bulletin on the engine: the approvers are ApprovalRule rows
of bulletin.issue (fixtures/bulletin_rules.json); when the last one signs, the issue takes its
number and is issued."""

from apps.workflow.processes import ChainStep, Process, register

ISSUE_PROCESS = "bulletin.issue"


@register
class IssueProcess(Process):
    code = ISSUE_PROCESS
    label = "简报审核签发"
    steps = [ChainStep("approval", "审核签发")]
    detail_template = "bulletin/includes/_issue_case.html"
    domain_attr = "bulletin_issue"

    def on_close(self, case, actor):
        from .services import issue_approved

        issue_approved(case, actor)

    def print_fields(self, case):
        issue = case.bulletin_issue
        return [("本期标题", issue.title), ("稿件", "；".join(p.shown_title for p in issue.pieces.all()))]
