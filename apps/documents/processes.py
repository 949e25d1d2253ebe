"""The two document procedures on the engine: 收文 (documents.incoming) and 发文 (documents.outgoing).

收文: the receiver registers and submits; the route starts as [拟办]. The office chief's 拟办
decides the rest of the route (services.plan appends it, never rewrites a step already taken):
  办理件: 批办 by each chosen leader in turn → 转办 (the receiver names the lead and co-handling
          sections; the urgency rule's clock starts) → 承办 (lead and co-handlers in parallel).
  阅件:   批办 by each chosen leader in turn → 分送传阅 (the receiver circulates it for reading).
Closing the last handling task closes the case; the archivist then archives it (engine).

发文: 核稿 (the drafter's chief: rule rows of chain "review") → 会签 (the named sections' chiefs, in
parallel) → 签发 (rule rows of the document type's chain "sign-<type>": division leader, then the
main leader) → 复核编号 → 印制 → 提交用印申请 → 用印 → 分发. The office steps are finished through
this app's own forms; check_complete refuses to finish one until its record is there (a number, a
seal-use request, a stamping, a print run, every recipient served).

用印 is two steps because two people act: the drafter files the seal-use request (apps.seals; its
own approval chain runs there) and the seal keeper stamps and confirms. Without the drafter's own
step nobody told the drafter, and the keeper's step stalled unnoticed. Where 用印 stands (after
印制 by default, or before it) is the administrator's rule OutgoingRules.seal_order, read when the
document is submitted.
"""

from typing import ClassVar

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from apps.accounts.models import OfficeRole, Rank
from apps.workflow.api import TransitionError
from apps.workflow.models import ApprovalRule, Task
from apps.workflow.processes import ChainStep, Process, Step, register, section_approvers

from .models import DocType, OutgoingRules, SealOrder

INCOMING = "documents.incoming"
OUTGOING = "documents.outgoing"

# 收文 steps
PLAN, ASSIGN, HANDLE, READING = "plan", "assign", "handle", "reading"
INSTRUCT_PREFIX = "instruct-"
# 发文 steps
NUMBER, SEAL, PRINT, DISTRIBUTE = "number", "seal", "print", "distribute"
SEAL_REQUEST = "seal_request"
REVIEW_CHAIN = "review"
SIGN_PREFIX = "sign-"
OFFICE_STEPS = (NUMBER, SEAL_REQUEST, SEAL, PRINT, DISTRIBUTE)
SEAL_STEPS = (SEAL_REQUEST, SEAL)


def sign_chain(doc_type):
    return f"{SIGN_PREFIX}{doc_type}"


SIGN_CHAINS = frozenset(sign_chain(value) for value in DocType.values)


def _first_with_office_role(role):
    return list(get_user_model().objects.filter(is_active=True, office_roles__role=role).order_by("id")[:1])


def registrar(case):
    """The receiver (收发员) who keeps the registers: the one who registered an incoming document,
    the office's first receiver for an outgoing one."""
    return _first_with_office_role(OfficeRole.RECEIVER)


def seal_keeper(case):
    return _first_with_office_role(OfficeRole.SEAL_KEEPER)


def incoming_handlers(case):
    """承办: the lead handler (or the lead section's chief, who assigns it) and the chief of each
    co-handling section."""
    doc = case.incoming_document
    User = get_user_model()
    users = []
    if doc.lead_handler_id:
        users.append(doc.lead_handler)
    elif doc.lead_section_id:
        users += list(
            User.objects.filter(is_active=True, section_id=doc.lead_section_id, rank=Rank.CHIEF).order_by("id")[:1]
        )
    for section in doc.co_sections.exclude(pk=doc.lead_section_id).order_by("order"):
        users += list(User.objects.filter(is_active=True, section=section, rank=Rank.CHIEF).order_by("id")[:1])
    return users


class DocumentProcess(Process):
    """What both document procedures share: the case page's own step forms."""

    def page_forms(self, case, user):
        from .views import page_forms

        return page_forms(case, user)


@register
class IncomingProcess(DocumentProcess):
    """收文. Only 拟办 is routed at submission; services.plan appends the later steps, taking
    their shape from the declarations below (and the leaders' 批办 steps it names)."""

    code = INCOMING
    label = "收文办理"
    steps = (
        # done_label: the record says what the office did (拟办, 转办 ...), not "办结": the
        # document is concluded only by its last handler.
        Step(
            PLAN,
            "拟办",
            kind=Task.Kind.HANDLE,
            role="office_chief",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="拟办",
        ),
        Step(
            ASSIGN,
            "转办",
            kind=Task.Kind.HANDLE,
            role="initiator",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="转办",
        ),
        Step(HANDLE, "承办", kind=Task.Kind.HANDLE, role="process:handlers"),
        Step(
            READING,
            "分送传阅",
            kind=Task.Kind.HANDLE,
            role="initiator",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="分送传阅",
        ),
    )
    detail_template = "documents/includes/_incoming.html"
    domain_attr = "incoming_document"
    resolvers: ClassVar = {"handlers": incoming_handlers, "registrar": registrar}

    def route_step(self, case, step):
        return step if step.code == PLAN else None  # the rest follows from the 拟办 (services.plan)

    def declared_step(self, code):
        """The declared step `code` (for the route services.plan appends)."""
        return next(step for step in self.steps if step.code == code)

    def extension_approvers(self, case):
        """The office's 负责人 (the rule: 承办科室书面说明理由，报办公室主任同意) and, once the
        document is transferred, the chief and the division leader of each handling section
        (主办 and 协办): the handling section asks, and its own 负责人 may approve too."""
        approvers = super().extension_approvers(case)
        doc = getattr(case, "incoming_document", None)
        if doc is None or not doc.lead_section_id:
            return approvers
        sections = [doc.lead_section_id, *doc.co_sections.values_list("pk", flat=True)]
        return approvers | section_approvers(sections)

    def check_complete(self, case, task, actor):
        # The generic 办结 of an office step (拟办, 转办, 分送传阅) is refused until its own form
        # has recorded what the step decides; 承办 closes through the generic form.
        from .services import check_incoming_step

        check_incoming_step(case, task, actor)

    def print_fields(self, case):
        doc = case.incoming_document
        fields = [
            ("收文编号", doc.receipt_number),
            ("来文单位", doc.source_org),
            ("来文字号", doc.source_number or "—"),
            ("紧急程度", doc.get_urgency_display()),
            ("份数", f"{doc.copies} 份"),
        ]
        if doc.summary:
            fields.append(("内容摘要", doc.summary))
        if doc.handling:
            fields.append(("办理类型", doc.get_handling_display()))
        if doc.lead_section_id:
            co = "、".join(s.name for s in doc.co_sections.all())
            fields.append(("承办科室", f"主办：{doc.lead_section.name}" + (f"；协办：{co}" if co else "")))
        if doc.due_date:
            fields.append(("办理时限", f"{doc.due_date.year}年{doc.due_date.month}月{doc.due_date.day}日"))
        return fields


@register
class OutgoingProcess(DocumentProcess):
    """发文: the 签发 chain is the one the document type names (one rule row per type and link);
    the chains of the other types are left out of the route."""

    code = OUTGOING
    label = "发文办理"
    steps = (
        ChainStep(REVIEW_CHAIN, "核稿"),
        Step("countersign", "会签", kind=Task.Kind.COUNTERSIGN, role="countersign_sections", time_limit_days=3),
        *(ChainStep(sign_chain(value), f"签发：{label}") for value, label in DocType.choices),
        Step(
            NUMBER,
            "复核编号",
            kind=Task.Kind.HANDLE,
            role="process:registrar",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="编号登记",
        ),
        Step(
            PRINT,
            "印制",
            kind=Task.Kind.HANDLE,
            role="process:registrar",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="印制",
        ),
        # The drafter's 待办 (with the engine's due-date reminder): file the seal-use request.
        Step(
            SEAL_REQUEST,
            "提交用印申请",
            kind=Task.Kind.HANDLE,
            role="initiator",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="提交用印申请",
        ),
        Step(
            SEAL,
            "用印",
            kind=Task.Kind.HANDLE,
            role="process:seal_keeper",
            time_limit_days=1,
            finished_by_own_form=True,
            done_label="用印",
        ),
        Step(
            DISTRIBUTE,
            "分发",
            kind=Task.Kind.HANDLE,
            role="process:registrar",
            time_limit_days=1,
            finished_by_own_form=True,
        ),
    )
    detail_template = "documents/includes/_outgoing.html"
    domain_attr = "outgoing_document"
    edit_url_name = "documents:outgoing_edit"
    resolvers: ClassVar = {"registrar": registrar, "seal_keeper": seal_keeper}

    def route_step(self, case, step):
        if step.chain in SIGN_CHAINS and step.chain != sign_chain(case.outgoing_document.doc_type):
            return None
        if step.code == SEAL_REQUEST and not django_apps.is_installed("apps.seals"):
            return None  # no seal-use requests to file: the keeper's confirmation is the record
        return step

    def route_for(self, case):
        """The declared order (印制 before 用印), or 用印 before 印制 where the administrator's
        rule says so; the rule is read once, here, when the document is submitted."""
        route = super().route_for(case)
        if OutgoingRules.current().seal_order != SealOrder.SEAL_FIRST:
            return route
        seal_steps = [step for step in route if step["code"] in SEAL_STEPS]
        rest = [step for step in route if step["code"] not in SEAL_STEPS]
        at = next((i for i, step in enumerate(rest) if step["code"] == PRINT), len(rest))
        return rest[:at] + seal_steps + rest[at:]

    def check_submittable(self, case):
        doc = case.outgoing_document
        rules = ApprovalRule.objects.filter(process=self.code, chain=sign_chain(doc.doc_type), active=True)
        facts, rank = self.facts(case), case.initiator.rank
        if not any(rule.matches(facts, rank) for rule in rules):
            raise TransitionError(
                f"文种“{doc.get_doc_type_display()}”未配置签发规则，不能提交；请系统管理员在后台“审批规则”中为"
                f"流程“发文办理”、审批链“签发：{doc.get_doc_type_display()}”设置签发人。"
            )

    def countersign_sections(self, case):
        return case.outgoing_document.countersign_sections.exclude(pk=case.section_id).order_by("order")

    def check_complete(self, case, task, actor):
        from .services import check_outgoing_step

        check_outgoing_step(case, task, actor)

    def print_fields(self, case):
        doc = case.outgoing_document
        fields = [
            ("文种", doc.get_doc_type_display()),
            ("发文字号", doc.number or "（签发后由办公室编号）"),
            ("主送", doc.main_recipients or "—"),
        ]
        if doc.copy_recipients:
            fields.append(("抄送", doc.copy_recipients))
        sections = "、".join(s.name for s in doc.countersign_sections.all())
        if sections:
            fields.append(("会签科室", sections))
        if doc.attachment_names:
            fields.append(("附件", "；".join(doc.attachment_names)))
        return fields
