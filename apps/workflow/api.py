"""The engine's public API: everything a section app needs from the workflow engine.

A section app (documents, petitions, finance ...) imports from here, from
`apps.workflow.processes` (Process, Step, ChainStep, RouteStep, register) and from
`apps.workflow.models`; nothing else of the engine, and no `_private` name of any module.

The pattern of a section app's state change (apps/<app>/services.py)::

    from django.db import transaction
    from apps.workflow import api

    @transaction.atomic
    def record_payment(case_id, actor, voucher_no):
        case = api.lock_case(case_id, process=CLAIM_PROCESS)          # row lock, right process
        task = api.pending_task(case, actor, step=PAY_STEP,           # actor's task (or as delegate)
                                refusal="只有出纳可以办理付款。")
        claim = Claim.objects.select_for_update().get(case=case)
        claim.voucher_no = voucher_no
        claim.save(update_fields=["voucher_no"])
        api.finish_own_step(case.pk, task.pk, actor, f"已付款（凭证号{voucher_no}）")

and of a page (apps/<app>/views.py)::

    case = api.access_case(request.user, pk, process=CLAIM_PROCESS)   # 404 if not theirs to see

Every function that changes a case locks its row first and re-checks the move against the case
as it is now; a move that is not legal raises TransitionError with a Chinese message for the
user. Only the engine writes `Case.version` (save_draft and save_case move it on), so a stale
page or a second click is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.shortcuts import get_object_or_404

from apps.audit.log import record

from . import services
from .attachments import save_attachment, validate_upload
from .deadlines import (
    cancel_clock,
    extend_clock,
    pause_clock,
    refresh_case_due_date,
    restart_clock,
    resume_clock,
    start_clock,
    stop_clock,
)
from .models import Case, CaseEvent, Task
from .processes import RouteStep, get_process, route_steps
from .services import (
    TransitionError,
    approve,
    archive,
    can_archive,
    cancel_delegation,
    circulate,
    complete,
    create_case,
    create_delegation,
    grant_case_access,
    grant_view,
    is_delegate_of,
    is_keeper,
    mark_read,
    may_be_shown,
    reject,
    return_case,
    return_targets,
    revoke_case_access,
    set_archive_page,
    submit,
    transfer,
    withdraw,
)

if TYPE_CHECKING:
    from apps.accounts.models import User

__all__ = [
    # attachments (checked type and size, stored outside the web root)
    "save_attachment",
    "validate_upload",
    # clocks (statutory and internal deadlines, apps/workflow/deadlines.py)
    "cancel_clock",
    "extend_clock",
    "pause_clock",
    "refresh_case_due_date",
    "restart_clock",
    "resume_clock",
    "start_clock",
    "stop_clock",
    "EDITABLE",
    "TransitionError",
    "access_case",
    "approve",
    "archive",
    "can_archive",
    "set_archive_page",
    "circulate",
    "complete",
    "create_case",
    "find_pending_task",
    "finish_own_step",
    "grant_view",
    "is_delegate_of",
    "is_keeper",
    "lock_case",
    "lock_draft",
    "log_event",
    "mark_read",
    "may_be_shown",
    "pending_task",
    "reject",
    "return_case",
    "return_targets",
    "route_steps",
    "RouteStep",
    "save_case",
    "save_draft",
    "step_index",
    "submit",
    "transfer",
    "withdraw",
    "grant_case_access",
    "revoke_case_access",
    "create_delegation",
    "cancel_delegation",
    "replace_route_after",
    "cancel_other_tasks",
    "cases_of",
    "process_of",
]

# The states in which the initiator may still edit a case's record.
EDITABLE = (Case.Status.DRAFT, Case.Status.RETURNED)


def _processes(process: str | Iterable[str] | None) -> list[str] | None:
    if process is None:
        return None
    return [process] if isinstance(process, str) else list(process)


# --- reading -----------------------------------------------------------------------------------


def access_case(user: User, pk: Any, process: str | Iterable[str] | None = None) -> Case:
    """The access helper: the case `pk` if `user` may see it (and it is of `process`, when
    given), else Http404. A case the user may not see does not exist for them."""
    cases = Case.objects.visible_to(user).select_related("section", "initiator")
    codes = _processes(process)
    if codes is not None:
        cases = cases.filter(process__in=codes)
    return get_object_or_404(cases, pk=pk)


def find_pending_task(
    case: Case, user: User, step: str | None = None, kinds: Iterable[str] | None = None
) -> Task | None:
    """`user`'s pending task on `case` (their own, or one they hold as the current delegate of
    its assignee), optionally of `step` and of `kinds`; None when there is none. Not locked:
    for showing forms. Reads (传阅) are never included unless asked for in `kinds`."""
    tasks = Task.objects.actionable_by(user).filter(case=case)
    if step is not None:
        tasks = tasks.filter(step=step)
    tasks = tasks.filter(kind__in=list(kinds)) if kinds is not None else tasks.exclude(kind=Task.Kind.READ)
    return tasks.select_related("assignee").order_by("id").first()


def step_index(case: Case, code: str) -> int:
    """Position of the step `code` in the case's route, or -1."""
    return next((i for i, step in enumerate(case.route or []) if step["code"] == code), -1)


# --- locking -----------------------------------------------------------------------------------


def lock_case(case_id: Any, process: str | Iterable[str] | None = None) -> Case:
    """Lock the case row (SELECT ... FOR UPDATE, the case row only) inside the caller's
    transaction and return it. TransitionError if it does not exist or is of another process."""
    case = services.lock_case_row(case_id)
    codes = _processes(process)
    if codes is not None and case.process not in codes:
        raise TransitionError("该事项不存在或不属于本类事项。")
    return case


def lock_draft(case_id: Any, actor: User, process: str | Iterable[str] | None = None) -> Case:
    """Lock a case its initiator may still edit (a draft, or returned for revision)."""
    case = lock_case(case_id, process)
    if case.initiator_id != actor.pk:
        raise TransitionError("只有发起人可以修改。")
    if case.status not in EDITABLE:
        raise TransitionError("该事项已提交，不能再修改。")
    return case


def pending_task(
    case: Case,
    actor: User,
    step: str | Iterable[str] | None = None,
    *,
    kinds: Iterable[str] | None = None,
    refusal: str = "该事项当前不在您的办理环节。",
) -> Task:
    """Lock and return the pending task `actor` holds on the (locked) `case` — their own, or as
    the current delegate of its assignee where delegation applies — of `step` (one code or
    several) and `kinds` (default: any kind but reading). TransitionError(`refusal`) if none:
    the step has moved on, or it is someone else's."""
    tasks = case.tasks.select_for_update(of=("self",)).select_related("assignee").filter(status=Task.Status.PENDING)
    if step is not None:
        tasks = tasks.filter(step__in=[step] if isinstance(step, str) else list(step))
    tasks = tasks.filter(kind__in=list(kinds)) if kinds is not None else tasks.exclude(kind=Task.Kind.READ)
    for task in tasks.order_by("id"):
        if task.assignee_id == actor.pk:
            return task
    for task in tasks.order_by("id"):
        delegable = task.kind in Task.DELEGABLE_KINDS and not case.is_confidential
        if delegable and is_delegate_of(actor, task.assignee_id):
            return task
    raise TransitionError(refusal)


# --- changing ----------------------------------------------------------------------------------


def save_case(case: Case, *fields: str) -> Case:
    """Save the named fields of a locked case and move its version on, so that every page
    showing the case as it was is refused as stale. Call after changing the case's domain
    record too (with no fields), when a form on the case page must see the change."""
    services.save_case(case, *fields)
    return case


def save_draft(case: Case, actor: User, **fields: Any) -> Case:
    """Set case fields (title, sensitivity ...) on a draft its initiator edits, and save them
    with a new version. The case must have been locked with lock_draft()."""
    if case.initiator_id != actor.pk or case.status not in EDITABLE:
        raise TransitionError("该事项已提交，不能再修改。")
    allowed = {"title", "sensitivity", "is_confidential", "section"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"save_draft cannot set {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, fields[name])
    return save_case(case, *changed)


def finish_own_step(case_id: Any, task_id: Any, actor: User, result: str, *, keep_result: bool = True) -> Case:
    """Finish a handling step through the section app's own form (a step declared
    Step(finished_by_own_form=True), which the generic 办结 refuses): the engine records the
    task, the log and the audit row and moves the case to its next step.

    `keep_result=False`: the text (a 处理单, a draft on its way) is not the matter's result, so
    it is kept on the task and in the log but not as the case's result while the case is open."""
    return complete(case_id, task_id, actor, result, own_form=True, keep_result=keep_result)


def replace_route_after(case: Case, after: str, steps: Iterable[RouteStep]) -> Case:
    """Replace what follows the step `after` in the locked, running case's route with `steps`
    and save the route with a new version (a 政府信息公开申请 abandoned at 初审 ends there; one
    registered before its 处理单 existed gets the steps after 初审). The current step and its
    tasks are untouched; the next move activates the new steps."""
    index = step_index(case, after)
    if index < 0:
        raise ValueError(f"step {after!r} is not in the route of case {case.pk}")
    if index < step_index(case, case.current_step):
        raise TransitionError("该事项已过此环节，不能再调整后续环节。")
    case.route = case.route[: index + 1] + [step.as_dict() for step in steps]
    return save_case(case, "route")


def cancel_other_tasks(case: Case, task: Task) -> int:
    """Cancel the other pending tasks of `task`'s step (one of several holders took the step
    over, e.g. one drafter of the responsible section writes the reply for all). Returns how
    many were cancelled; the case's current holders are refreshed."""
    others = list(
        case.tasks.select_for_update(of=("self",))
        .filter(step=task.step, status=Task.Status.PENDING)
        .exclude(pk=task.pk)
        .exclude(kind=Task.Kind.READ)
    )
    for other in others:
        other.status = Task.Status.CANCELLED
        other.save(update_fields=["status"])
    return len(others)


def log_event(
    case: Case,
    actor: User,
    *,
    step_label: str,
    opinion: str = "",
    audit_event: str = "",
    detail: dict[str, Any] | None = None,
    target_label: str = "",
    action: str = CaseEvent.Action.RECORD,
) -> CaseEvent:
    """A line in the case's record (and, with `audit_event`, the audit log) for a change the
    section app made that is not a step: a voucher recorded, a car assigned, a copy returned."""
    event = CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor,
        step_label=step_label[:60],
        target_label=target_label[:200],
        opinion=opinion,
    )
    if audit_event:
        record(audit_event, actor=actor, obj=case, detail=detail or {})
    return event


def cases_of(process: str | Iterable[str]) -> Q:
    """A Q selecting cases of `process` (one code or several), for section querysets."""
    return Q(process__in=_processes(process))


def process_of(case: Case):
    """The registered Process of `case`."""
    return get_process(case.process)
