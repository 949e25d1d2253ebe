"""Every change to incoming and outgoing documents goes through these functions.

Each runs in a transaction, locks the case row first (the engine's lock order), then the domain
row, re-checks the actor and the state as they are now, and moves the case with the engine's
own transitions (apps.workflow.api: finish_own_step, circulate; they write the business log
and the audit log). A move that is not legal raises the engine's TransitionError with a Chinese
message. Numbers come from apps.numbering inside the same transaction.
"""

import re

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OfficeRole, Rank
from apps.audit.log import record
from apps.numbering.services import NumberingError, allocate
from apps.workflow import api
from apps.workflow.api import TransitionError, save_attachment
from apps.workflow.models import CaseClock, Notification, Sensitivity, Task

from .models import URGENCY_RULES, IncomingDocument, OutgoingDocument, OutgoingRecipient
from .processes import (
    ASSIGN,
    DISTRIBUTE,
    HANDLE,
    INCOMING,
    INSTRUCT_PREFIX,
    NUMBER,
    OUTGOING,
    PLAN,
    PRINT,
    READING,
    REVIEW_CHAIN,
    SEAL,
    SEAL_REQUEST,
    SIGN_CHAINS,
    IncomingProcess,
)

RECEIPT_SCHEME = "incoming"
STATE_SECRET = (
    "国家秘密文件（秘密、机密、绝密）不得在本平台登记或处理（《保守国家秘密法》第三十一条），"
    "请交机要员在涉密文件登记簿中登记办理。"
)


def is_receiver(user):
    return user.has_office_role(OfficeRole.RECEIVER)


def step_task(case, actor, step, task_id=None):
    """Lock the pending task of `step` that `actor` holds on the locked `case` (their own, or as
    the assignee's delegate). `task_id`, the task the page showed, must still be that task."""
    if not _pending(case, step).exists():
        raise TransitionError("该待办已经处理过了，请勿重复提交。")
    task = api.pending_task(case, actor, step=step, refusal="您不是该待办的办理人，也未受其委托。")
    if task_id is not None and task.pk != task_id:
        raise TransitionError("该待办已经处理过了，请勿重复提交。")
    return task


def _finish_office_step(case, task, actor, text):
    """Finish an office step through its own form. A step on the way (拟办, 转办, 编号, 用印, 印制)
    is not the document's result, so its text stays on the task and in the log only."""
    case = api.finish_own_step(case.pk, task.pk, actor, text, keep_result=False)
    if case.process == OUTGOING and case.current_step == SEAL_REQUEST:
        notify_seal_request(case)
    return case


def _pending(case, step):
    return case.tasks.filter(status=Task.Status.PENDING, step=step).exclude(kind=Task.Kind.READ)


# --- 收文: 签收 and 登记 ------------------------------------------------------------------------


@transaction.atomic
def register_incoming(actor, data, uploads=()):
    """签收/登记 by the receiver: the 收文编号 is taken, the case created and sent to 拟办."""
    if not is_receiver(actor) or actor.section_id is None:
        raise TransitionError("只有收发员可以签收登记来文。")
    if data.get("state_secret"):
        raise TransitionError(STATE_SECRET)
    received_at = data.get("received_at") or timezone.now()
    year = timezone.localtime(received_at).year
    case = api.create_case(
        INCOMING,
        initiator=actor,
        section=actor.section,
        title=data["title"],
        sensitivity=data.get("sensitivity", Sensitivity.INTERNAL),
        step_label="签收登记",
    )
    try:
        seq, number, *_ = allocate(RECEIPT_SCHEME, year, actor=actor, target=f"workflow.case:{case.pk}")
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None
    case.number = number
    api.save_case(case, "number")
    IncomingDocument.objects.create(
        case=case,
        receipt_year=year,
        receipt_seq=seq,
        receipt_number=number,
        received_at=received_at,
        received_by=actor,
        **{
            field: data[field]
            for field in (
                "channel",
                "intact",
                "source_org",
                "source_number",
                "doc_type",
                "document_date",
                "summary",
                "copies",
                "pages",
                "urgency",
                "requested_due",
            )
            if field in data
        },
    )
    for upload in uploads:
        save_attachment(case, upload, actor)
    api.submit(case.pk, actor)
    return case


# --- 收文: 拟办 -----------------------------------------------------------------------------------


def _leader_steps(leaders):
    return [
        api.RouteStep(
            code=f"{INSTRUCT_PREFIX}{i}",
            label=f"领导批办（{leader.full_name}）",
            kind=Task.Kind.APPROVE,
            role=f"user:{leader.pk}",
            time_limit_days=1,
            # A leader's 批办/阅示 instructs the handling; it is not a vote that could end it.
            instruction=True,
        )
        for i, leader in enumerate(leaders, start=1)
    ]


def _declared(code):
    """The route step of the 收文 step `code` as IncomingProcess declares it."""
    step = IncomingProcess.declared_step(code)
    return api.RouteStep(
        code=step.code, label=step.label, kind=step.kind, role=step.role, time_limit_days=step.time_limit_days
    )


def leader_order(leaders):
    """分管领导 before the main leader; otherwise as chosen."""
    return sorted(leaders, key=lambda u: (u.rank == Rank.DIRECTOR, u.pk))


@transaction.atomic
def plan(case_id, task_id, actor, handling, leaders, opinion):
    """拟办 by the office chief: 办理件 or 阅件, which leaders 批办 (in turn), and the opinion.
    The rest of the route follows from it (appended after this step)."""
    opinion = (opinion or "").strip()
    if not opinion:
        raise TransitionError("请填写拟办意见。")
    leaders = [u for u in leaders if u.is_active]
    if not leaders:
        raise TransitionError("请至少选择一位批办领导。")
    wrong = [u.full_name for u in leaders if u.rank not in (Rank.DIVISION_LEADER, Rank.DIRECTOR)]
    if wrong:
        raise TransitionError(f"{'、'.join(wrong)}不是局领导，不能批办。")
    case = api.lock_case(case_id, process=INCOMING)
    task = step_task(case, actor, PLAN, task_id)
    doc = IncomingDocument.objects.select_for_update().get(case=case)
    if handling not in IncomingDocument.Handling.values:
        raise TransitionError("请选择办理件或阅件。")
    leaders = leader_order(leaders)
    doc.handling = handling
    doc.plan_opinion = opinion
    doc.planned_by = actor
    doc.planned_at = timezone.now()
    doc.save(update_fields=["handling", "plan_opinion", "planned_by", "planned_at"])
    doc.leaders.set(leaders)
    rest = _leader_steps(leaders)
    if handling == IncomingDocument.Handling.ACTION:
        rest += [_declared(ASSIGN), _declared(HANDLE)]
    else:
        rest.append(_declared(READING))
    index = api.step_index(case, task.step)
    case.route = case.route[: index + 1] + [step.as_dict() for step in rest]
    api.save_case(case, "route")
    names = "、".join(u.full_name for u in leaders)
    return _finish_office_step(case, task, actor, f"【{doc.get_handling_display()}】{opinion}（呈{names}批办）")


# --- 收文: 转办 -----------------------------------------------------------------------------------


@transaction.atomic
def assign(case_id, task_id, actor, lead_section, co_sections=(), lead_handler=None, note=""):
    """转办 after the leaders' 批办: the lead section (and optionally its handler) and co-handling
    sections; the urgency rule's clock starts (earlier if the sender asked for an earlier date)."""
    if lead_section is None:
        raise TransitionError("请选择主办科室。")
    co_sections = [s for s in co_sections if s.pk != lead_section.pk]
    if lead_handler is not None and (lead_handler.section_id != lead_section.pk or not lead_handler.is_active):
        raise TransitionError(f"{lead_handler.full_name}不是{lead_section.name}的在岗人员。")
    case = api.lock_case(case_id, process=INCOMING)
    task = step_task(case, actor, ASSIGN, task_id)
    doc = IncomingDocument.objects.select_for_update().get(case=case)
    doc.lead_section = lead_section
    doc.lead_handler = lead_handler
    doc.transferred_at = timezone.now()
    doc.save(update_fields=["lead_section", "lead_handler", "transferred_at"])
    doc.co_sections.set(co_sections)
    text = f"转{lead_section.name}主办" + (f"（承办人：{lead_handler.full_name}）" if lead_handler else "")
    if co_sections:
        text += f"，{'、'.join(s.name for s in co_sections)}协办"
    if note.strip():
        text += f"。{note.strip()}"
    _finish_office_step(case, task, actor, text)
    today = timezone.localdate()
    # A document sent back to 转办 and transferred again keeps the clock it already runs under.
    clock = case.clocks.filter(status__in=CaseClock.OPEN_STATUSES).order_by("due_date").first()
    if clock is None:
        clock = api.start_clock(case, URGENCY_RULES[doc.urgency], today, actor)
    due = clock.due_date
    if doc.requested_due and doc.requested_due < due:
        # The sender's own date is earlier than the bureau's rule: the handlers work to it.
        _pending(case, HANDLE).update(due_date=max(doc.requested_due, today))
        api.refresh_case_due_date(api.lock_case(case.pk, process=INCOMING))
        due = max(doc.requested_due, today)
    doc.due_date = due
    doc.save(update_fields=["due_date"])
    return case


# --- 收文: 阅件的分送传阅 ---------------------------------------------------------------------------


@transaction.atomic
def send_for_reading(case_id, task_id, actor, readers, note=""):
    """阅件: the receiver circulates the document (read receipts are the engine's 待阅 items)."""
    case = api.lock_case(case_id, process=INCOMING)
    task = step_task(case, actor, READING, task_id)
    api.circulate(case.pk, actor, readers, note)
    names = "、".join(r.full_name for r in readers if r.pk != actor.pk)
    return api.finish_own_step(case.pk, task.pk, actor, f"已分送传阅：{names}")


def check_incoming_step(case, task, actor):
    """IncomingProcess.check_complete: before a 收文 handling task is finished (any path)."""
    doc = IncomingDocument.objects.select_for_update().get(case=case)
    if task.step == PLAN and not doc.handling:
        raise TransitionError("请在“拟办”表单中选择办理件或阅件和批办领导后提交。")
    if task.step == ASSIGN and not doc.lead_section_id:
        raise TransitionError("请在“转办”表单中选择主办科室后提交。")
    if task.step == READING and not case.tasks.filter(kind=Task.Kind.READ).exists():
        raise TransitionError("请先选择传阅人员并送传阅。")
    if task.step == HANDLE:
        others = _pending(case, HANDLE).exclude(pk=task.pk).select_related("assignee")
        lead = task.assignee.section_id == doc.lead_section_id
        if lead and others.exclude(assignee__section_id=doc.lead_section_id).exists():
            waiting = "、".join(t.assignee.full_name for t in others)
            raise TransitionError(f"协办科室（{waiting}）尚未办结；请待协办意见反馈后由主办科室汇总办结。")
        if not others.exists():  # the last handler: the document is done, its clock stops
            for clock in case.clocks.filter(status__in=CaseClock.OPEN_STATUSES):
                api.stop_clock(clock.pk, actor, timezone.localdate())


# --- 发文: 拟稿 ------------------------------------------------------------------------------------


DRAFT_FIELDS = (
    "doc_type",
    "upward",
    "urgency",
    "main_recipients",
    "copy_recipients",
    "body",
    "attachment_list",
    "note",
    "scheme",
)


@transaction.atomic
def save_outgoing(user, data, uploads=(), case=None, submit=False, in_reply_to=None):
    """Create (case=None) or update the drafter's outgoing document; optionally submit it."""
    if user.section_id is None or user.admin_role:
        raise TransitionError("您的账号未隶属科室，不能拟稿。")
    if case is None:
        case = api.create_case(
            OUTGOING,
            initiator=user,
            section=user.section,
            title=data["title"],
            sensitivity=data.get("sensitivity", Sensitivity.INTERNAL),
        )
        doc = OutgoingDocument(case=case, in_reply_to=in_reply_to)
    else:
        case = api.lock_draft(case.pk, user, process=OUTGOING)
        api.save_draft(case, user, title=data["title"], sensitivity=data.get("sensitivity", case.sensitivity))
        doc = OutgoingDocument.objects.select_for_update().get(case=case)
    for field in DRAFT_FIELDS:
        if field in data:
            setattr(doc, field, data[field])
    doc.save()
    if "countersign_sections" in data:
        doc.countersign_sections.set(data["countersign_sections"])
    for upload in uploads:
        save_attachment(case, upload, user)
    if submit:
        api.submit(case.pk, user)
    return case


# --- 发文: 复核编号 --------------------------------------------------------------------------------


def signatures(case):
    """(drafter, reviewer, signer task) as the record shows them; None where one is missing."""
    tasks = list(
        case.tasks.filter(status=Task.Status.DONE, decision=Task.Decision.APPROVE)
        .select_related("acted_by", "assignee")
        .order_by("acted_at", "id")
    )
    submitted = case.events.filter(action="submit", actor_id=case.initiator_id).exists()
    route = api.route_steps(case)
    review_codes = {step.code for step in route if step.chain == REVIEW_CHAIN}
    review = [t for t in tasks if t.step in review_codes]
    # A chief who drafts reviews his own draft (no 核稿 link applies to him).
    reviewer = review[-1] if review else ("self" if case.initiator.rank == Rank.CHIEF else None)
    last_sign_code = next((step.code for step in reversed(route) if step.chain in SIGN_CHAINS), None)
    signer = next((t for t in reversed(tasks) if t.step == last_sign_code), None)
    return (case.initiator if submitted else None), reviewer, signer


@transaction.atomic
def number(case_id, actor, scheme=None):
    """编号/登记: allocate the 发文字号 once. Returns (document, allocated_now).

    Refused until the drafter, the reviewer and the signer have all signed (内部管理制度第8项:
    手续不完备的，办公室有权拒绝编号). A second press returns the number already given.
    """
    case = api.lock_case(case_id, process=OUTGOING)
    doc = OutgoingDocument.objects.select_for_update().select_related("scheme").get(case=case)
    task = _pending(case, NUMBER).first()
    if doc.number and task is None:
        return doc, False  # a second press, a stale tab: the number already given
    if task is None:
        raise TransitionError("该发文尚未签发，不能编号。")
    task = step_task(case, actor, NUMBER)
    drafter, reviewer, signer = signatures(case)
    missing = [name for name, who in (("拟稿人", drafter), ("核稿人", reviewer), ("签发人", signer)) if who is None]
    if missing:
        raise TransitionError(f"{'、'.join(missing)}尚未签字，手续不完备，办公室不予编号。")
    if doc.number:
        # Sent back after numbering, amended and signed again: the number stays (never a second one).
        doc.signer, doc.signed_on = signer.acted_by, timezone.localdate(signer.acted_at)
        doc.save(update_fields=["signer", "signed_on"])
        _finish_office_step(case, task, actor, f"重新签发后复核无误，沿用原发文字号：{doc.number}")
        return doc, False
    if scheme is not None:
        doc.scheme = scheme
    today = timezone.localdate()
    try:
        allocation = allocate(doc.scheme.code, today.year, actor=actor, target=f"workflow.case:{case.pk}")
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None
    doc.number_year, doc.number_seq, doc.number = allocation.year, allocation.seq, allocation.formatted
    doc.numbered_at, doc.numbered_by = timezone.now(), actor
    doc.signer = signer.acted_by
    doc.signed_on = timezone.localdate(signer.acted_at)
    doc.save(
        update_fields=[
            "scheme",
            "number_year",
            "number_seq",
            "number",
            "numbered_at",
            "numbered_by",
            "signer",
            "signed_on",
        ]
    )
    case.number = allocation.formatted
    api.save_case(case, "number")
    _finish_office_step(case, task, actor, f"复核无误，编号登记：{allocation.formatted}")
    return doc, True


# --- 发文: 用印, 印制, 分发 ------------------------------------------------------------------------


def seal_requests(case):
    """The seal-use requests (apps.seals) that name this document, if the seals app is installed."""
    if not django_apps.is_installed("apps.seals"):
        return None
    SealUseRequest = django_apps.get_model("seals", "SealUseRequest")
    return SealUseRequest.objects.filter(document_case=case).select_related("case", "seal").order_by("case__created_at")


# Which seal an issuing organ's documents carry: the 发文字号类别 names the organ. 办公室发文 carry
# the office's own seal; every other scheme is the bureau's (its 公章). The drafter may choose
# another active seal on the form.
ISSUER_SEAL_KIND = {"outgoing-office": "section"}


def default_seal(doc):
    """The active seal of the document's issuing organ (None when the register has none)."""
    Seal = django_apps.get_model("seals", "Seal")
    seals = Seal.objects.filter(status="active").order_by("id")
    kind = ISSUER_SEAL_KIND.get(doc.scheme.code, "official")
    if kind == "section":
        return seals.filter(kind=kind, owner_unit_id=doc.scheme.owner_id).first() or seals.filter(kind=kind).first()
    return seals.filter(kind=kind).first()


def default_seal_copies(doc):
    """Copies to stamp: the print run once printed; before printing, one per recipient."""
    if doc.print_copies:
        return doc.print_copies
    return max(len(recipient_names(doc.main_recipients)) + len(recipient_names(doc.copy_recipients)), 1)


def default_print_copies(doc):
    """Copies to print: what was stamped, where 用印 comes before 印制 (the stamped sheets are
    the ones printed on); otherwise the requested copies, or one per recipient."""
    requests = seal_requests(doc.case)
    stamped = sum(r.stamped_copies for r in requests) if requests is not None else 0
    if stamped:
        return stamped
    return max(len(recipient_names(doc.main_recipients)) + len(recipient_names(doc.copy_recipients)), 1)


def notify_seal_request(case):
    """The moment the drafter's 提交用印申请 starts: a notice besides the 待办 (the engine's sweep
    reminds them as the step's due date nears). Keyed by the task, so never sent twice."""
    tasks = _pending(case, SEAL_REQUEST).select_related("assignee")
    Notification.objects.bulk_create(
        [
            Notification(
                user=task.assignee,
                case=case,
                task=task,
                kind=Notification.Kind.INFO,
                key=f"documents:seal-request:{task.pk}",
                message=f"发文《{case.title[:120]}》（{case.number}）待用印：请提交用印申请，印章管理员凭申请盖章。",
                url=case.get_absolute_url(),
                email_wanted=bool(task.assignee.notify_by_email and task.assignee.email),
            )
            for task in tasks
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def request_seal(case_id, task_id, actor, seal, copies, reason=""):
    """提交用印申请 by the drafter: the seal-use request (apps.seals) naming this document is filed
    and submitted, and the keeper's 用印 step follows. The document's row lock serialises a double
    press: the second finds the step done (or the request there) and files nothing."""
    from apps.seals.services import request_for_document

    case = api.lock_case(case_id, process=OUTGOING)
    task = step_task(case, actor, SEAL_REQUEST, task_id)
    doc = OutgoingDocument.objects.select_for_update().get(case=case)
    if seal is None:
        raise TransitionError("请选择要加盖的印章。")
    try:
        copies = int(copies or 0)
    except (TypeError, ValueError):
        copies = 0
    if copies < 1:
        raise TransitionError("申请用印份数至少为 1 份。")
    signer = doc.signer.full_name if doc.signer else "领导"
    reason = (reason or "").strip() or f"发文《{case.title}》（{doc.number}）经{signer}签发，印发用印。"
    use_case, created = request_for_document(actor, case, seal=seal, copies=copies, reason=reason)
    text = f"已提交用印申请（{seal.label}，{copies} 份）" if created else "用印申请已提交"
    return _finish_office_step(case, task, actor, text)


@transaction.atomic
def confirm_seal(case_id, task_id, actor, note=""):
    """用印: the keeper confirms the stamping. With the seals app the stamping is the keeper's
    record on a seal-use request that names this document; without it, this confirmation is it."""
    case = api.lock_case(case_id, process=OUTGOING)
    task = step_task(case, actor, SEAL, task_id)
    doc = OutgoingDocument.objects.select_for_update().get(case=case)
    requests = seal_requests(case)
    if requests is not None:
        stamped = [r for r in requests if r.stamped_copies > 0]
        if not stamped:
            raise TransitionError(
                "尚无已登记用印的用印申请：请拟稿人发起用印申请并经审批，由印章管理员登记用印后再确认。"
            )
        text = "；".join(f"{r.seal.label} {r.stamped_copies} 份" for r in stamped)
    else:
        text = "已在印章管理员监督下加盖印章"
    doc.sealed_at, doc.sealed_by = timezone.now(), actor
    doc.save(update_fields=["sealed_at", "sealed_by"])
    return _finish_office_step(case, task, actor, f"用印完成：{text}{('。' + note.strip()) if note.strip() else ''}")


_SPLIT = re.compile(r"[、，,；;\n]+")


def recipient_names(text):
    return [name.strip().rstrip("：:") for name in _SPLIT.split(text or "") if name.strip().rstrip("：:")]


@transaction.atomic
def record_print(case_id, task_id, actor, copies, printed_on, place=""):
    """印制: copies, date (印发日期) and place; the distribution list is drawn from 主送/抄送."""
    if not copies or copies < 1:
        raise TransitionError("请填写印制份数。")
    if printed_on > timezone.localdate():
        raise TransitionError("印发日期不能晚于今天。")
    case = api.lock_case(case_id, process=OUTGOING)
    task = step_task(case, actor, PRINT, task_id)
    doc = OutgoingDocument.objects.select_for_update().get(case=case)
    if doc.signed_on and printed_on < doc.signed_on:
        raise TransitionError(f"印发日期不能早于签发日期（{doc.signed_on:%Y-%m-%d}）。")
    doc.print_copies, doc.printed_on, doc.printed_by, doc.print_place = copies, printed_on, actor, place.strip()[:60]
    doc.save(update_fields=["print_copies", "printed_on", "printed_by", "print_place"])
    if not doc.recipients.exists():
        order = 0
        for kind, text in (
            (OutgoingRecipient.Kind.MAIN, doc.main_recipients),
            (OutgoingRecipient.Kind.COPY, doc.copy_recipients),
        ):
            for name in recipient_names(text):
                order += 1
                OutgoingRecipient.objects.get_or_create(
                    document=doc, name=name[:100], defaults={"kind": kind, "order": order}
                )
    return _finish_office_step(
        case,
        task,
        actor,
        f"印制 {copies} 份，{printed_on.year}年{printed_on.month}月{printed_on.day}日印发"
        + (f"（{place.strip()}）" if place.strip() else ""),
    )


def _distribution_task(case, actor):
    if not _pending(case, DISTRIBUTE).exists():
        raise TransitionError("该发文当前不在分发环节。")
    return step_task(case, actor, DISTRIBUTE)


@transaction.atomic
def add_recipient(case_id, actor, name, kind, copies=1, channel=None):
    case = api.lock_case(case_id, process=OUTGOING)
    _distribution_task(case, actor)
    doc = OutgoingDocument.objects.select_for_update().get(case=case)
    name = (name or "").strip()[:100]
    if not name:
        raise TransitionError("请填写收文单位。")
    if doc.recipients.filter(name=name).exists():
        raise TransitionError(f"“{name}”已在分发名单中。")
    last = doc.recipients.order_by("-order").values_list("order", flat=True).first() or 0
    fields = {"document": doc, "name": name, "kind": kind, "copies": copies, "order": last + 1}
    if channel:
        fields["channel"] = channel
    recipient = OutgoingRecipient.objects.create(**fields)
    record("documents.recipient_add", actor=actor, obj=case, detail={"recipient": recipient.pk})
    return recipient


@transaction.atomic
def mark_recipients(case_id, actor, recipient_ids, status, channel=None):
    """分发: mark recipients 已发出 (with the channel) or 已签收 (the receipt came back)."""
    if status not in (OutgoingRecipient.Status.SENT, OutgoingRecipient.Status.RECEIVED):
        raise TransitionError("无效的分发状态。")
    case = api.lock_case(case_id, process=OUTGOING)
    _distribution_task(case, actor)
    rows = list(OutgoingRecipient.objects.select_for_update().filter(document__case=case, pk__in=recipient_ids))
    if not rows:
        raise TransitionError("请勾选收文单位。")
    now = timezone.now()
    for row in rows:
        if status == OutgoingRecipient.Status.SENT and row.status == OutgoingRecipient.Status.PENDING:
            row.status, row.sent_at, row.sent_by = status, now, actor
            if channel:  # None: each recipient keeps its own 分发方式
                row.channel = channel
        elif status == OutgoingRecipient.Status.RECEIVED and row.status != OutgoingRecipient.Status.RECEIVED:
            if row.sent_at is None:
                row.sent_at, row.sent_by = now, actor
            row.status, row.received_at = status, now
        row.save()
    record("documents.distribute", actor=actor, obj=case, detail={"recipients": [r.pk for r in rows], "status": status})
    return rows


@transaction.atomic
def finish_distribution(case_id, task_id, actor, note=""):
    case = api.lock_case(case_id, process=OUTGOING)
    task = step_task(case, actor, DISTRIBUTE, task_id)
    rows = list(OutgoingRecipient.objects.filter(document__case=case))
    sent = [r for r in rows if r.status != OutgoingRecipient.Status.PENDING]
    text = f"已分发 {len(sent)} 个单位（签收 {sum(r.status == OutgoingRecipient.Status.RECEIVED for r in rows)} 个）"
    return api.finish_own_step(case.pk, task.pk, actor, text + (f"。{note.strip()}" if note.strip() else ""))


def check_outgoing_step(case, task, actor):
    """OutgoingProcess.check_complete: an office step finishes only once its record is there."""
    doc = OutgoingDocument.objects.select_for_update().get(case=case)
    if task.step == NUMBER and not doc.number:
        raise TransitionError("请先编号（复核无误后点击“编号登记”）。")
    if task.step == SEAL_REQUEST:
        requests = seal_requests(case)
        if requests is not None and not requests.exclude(case__status__in=("draft", "returned", "rejected")).exists():
            raise TransitionError("请在“提交用印申请”栏选择印章和份数后提交用印申请。")
    if task.step == SEAL and doc.sealed_at is None:
        raise TransitionError("请在“用印”栏确认用印。")
    if task.step == PRINT and doc.printed_on is None:
        raise TransitionError("请先登记印制份数和印发日期。")
    if task.step == DISTRIBUTE:
        rows = list(doc.recipients.all())
        if not rows:
            raise TransitionError("分发名单为空：请添加收文单位。")
        pending = [r.name for r in rows if r.status == OutgoingRecipient.Status.PENDING]
        if pending:
            raise TransitionError(f"尚未分发：{'、'.join(pending)}。")


# --- 复文: a reply to an incoming document ----------------------------------------------------


def reply_defaults(incoming):
    """What a reply drafted from an incoming document starts with."""
    title = incoming.case.title
    stem = title.removeprefix("关于")
    return {
        "title": f"关于{stem.removesuffix('的请示').removesuffix('的函')}的复函"[:200],
        "main_recipients": incoming.source_org,
        "doc_type": "letter",
    }
