"""The two document procedures on the engine: 收文 (documents.incoming) and 发文 (documents.outgoing).

收文: the receiver registers and submits; the route starts as [拟办]. The office chief's 拟办
decides the rest of the route (services.plan appends it, never rewrites a step already taken):
  办理件: 批办 by each chosen leader in turn → 转办 (the receiver names the lead and co-handling
          sections; the urgency rule's clock starts) → 承办 (lead and co-handlers in parallel).
  阅件:   批办 by each chosen leader in turn → 分送传阅 (the receiver circulates it for reading).
Closing the last handling task closes the case; the archivist then archives it (engine).

发文: 核稿 (the drafter's chief: rule rows of chain "review") → 会签 (the named sections' chiefs, in
parallel) → 签发 (rule rows of the document type's chain "sign-<type>": division leader, then the
main leader) → 复核编号 → 用印 → 印制 → 分发. The four office steps are finished through this
app's own forms (own_steps); before_complete refuses the generic 办结 until each step's record
is there (a number, a stamping, a print run, every recipient served).
"""

from django.contrib.auth import get_user_model

from apps.accounts.models import OfficeRole, Rank
from apps.workflow.models import Task
from apps.workflow.processes import ChainStep, Process, Step, register

from .models import DocType

INCOMING = "documents.incoming"
OUTGOING = "documents.outgoing"

# 收文 steps
PLAN, ASSIGN, HANDLE, READING = "plan", "assign", "handle", "reading"
INSTRUCT_PREFIX = "instruct-"
# 发文 steps
NUMBER, SEAL, PRINT, DISTRIBUTE = "number", "seal", "print", "distribute"
SIGN_PREFIX = "sign-"
OFFICE_STEPS = (NUMBER, SEAL, PRINT, DISTRIBUTE)


def sign_chain(doc_type):
    return f"{SIGN_PREFIX}{doc_type}"


def _first_with_office_role(role):
    return list(
        get_user_model().objects.filter(is_active=True, office_roles__role=role).order_by("id")[:1]
    )


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
        users += list(User.objects.filter(is_active=True, section_id=doc.lead_section_id, rank=Rank.CHIEF).order_by("id")[:1])
    for section in doc.co_sections.exclude(pk=doc.lead_section_id).order_by("order"):
        users += list(User.objects.filter(is_active=True, section=section, rank=Rank.CHIEF).order_by("id")[:1])
    return users


def _incoming_fields(case):
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


def _page_forms(case, user):
    from .views import page_forms

    return page_forms(case, user)


def _incoming_before_complete(case, task, actor):
    from .services import before_incoming_complete

    before_incoming_complete(case, task, actor)


INCOMING_PROCESS = register(
    Process(
        code=INCOMING,
        label="收文办理",
        steps=[Step(PLAN, "拟办", kind=Task.Kind.HANDLE, role="office_chief", time_limit_days=1)],
        detail_template="documents/includes/_incoming.html",
        domain_attr="incoming_document",
        print_fields=_incoming_fields,
        resolvers={"handlers": incoming_handlers, "registrar": registrar},
        page_forms=_page_forms,
        before_complete=_incoming_before_complete,
        own_steps=(PLAN, ASSIGN, READING),
    )
)


class OutgoingProcess(Process):
    """发文: the 签发 chain is the one the document type names (one rule row per type and link)."""

    def chains(self):
        return [("review", "核稿")] + [(sign_chain(value), f"签发：{label}") for value, label in DocType.choices]

    def route_for(self, case):
        from apps.workflow.services import TransitionError

        doc = case.outgoing_document
        steps = [
            ChainStep("review", "核稿"),
            Step("countersign", "会签", kind=Task.Kind.COUNTERSIGN, role="countersign_sections", time_limit_days=3),
            ChainStep(sign_chain(doc.doc_type), "签发"),
            Step(NUMBER, "复核编号", kind=Task.Kind.HANDLE, role="process:registrar", time_limit_days=1),
            Step(SEAL, "用印", kind=Task.Kind.HANDLE, role="process:seal_keeper", time_limit_days=1),
            Step(PRINT, "印制", kind=Task.Kind.HANDLE, role="process:registrar", time_limit_days=1),
            Step(DISTRIBUTE, "分发", kind=Task.Kind.HANDLE, role="process:registrar", time_limit_days=1),
        ]
        route = Process(
            code=self.code, label=self.label, steps=steps, countersign_sections=self.countersign_sections
        ).route_for(case)
        if not any(step["code"].startswith(SIGN_PREFIX) for step in route):
            raise TransitionError(
                f"文种“{doc.get_doc_type_display()}”未配置签发规则，不能提交；请系统管理员在后台“审批规则”中为"
                f"流程“发文办理”、审批链“签发：{doc.get_doc_type_display()}”设置签发人。"
            )
        return route


def _outgoing_countersign(case):
    return case.outgoing_document.countersign_sections.exclude(pk=case.section_id).order_by("order")


def _outgoing_fields(case):
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


def _outgoing_before_complete(case, task, actor):
    from .services import before_outgoing_complete

    before_outgoing_complete(case, task, actor)


OUTGOING_PROCESS = register(
    OutgoingProcess(
        code=OUTGOING,
        label="发文办理",
        steps=[],  # route_for builds them: the 签发 chain depends on the document type
        detail_template="documents/includes/_outgoing.html",
        domain_attr="outgoing_document",
        edit_url_name="documents:outgoing_edit",
        countersign_sections=_outgoing_countersign,
        print_fields=_outgoing_fields,
        resolvers={"registrar": registrar, "seal_keeper": seal_keeper},
        page_forms=_page_forms,
        before_complete=_outgoing_before_complete,
        own_steps=OFFICE_STEPS,
    )
)
