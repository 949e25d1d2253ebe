"""Every state change of a case goes through one of these functions.

Each one runs in a transaction, locks the case row first (then its tasks), re-checks that the
actor may make this move on the case *as it is now*, saves, writes the business log
(CaseEvent) and the audit log, and only then returns. A second click, a stale form or a
second tab finds the task already done or the version moved on and gets a TransitionError
with a message for the user; nothing advances twice.
"""

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OfficeRole, Rank
from apps.audit.log import record

from . import calendar
from .models import Case, CaseEvent, CaseGrant, Delegation, Task
from .processes import RoleUnfilled, get_process, is_instruction, resolve_role

INSTRUCTION_REFUSAL = "批示是对办理的指示，不是表决：请写明批示意见后点“批示”；需要修改或补充的，请“退回”。"


class TransitionError(Exception):
    """A move that is not legal now; the message is shown to the user as is."""


def _now():
    return timezone.now()


def lock_case_row(case_id):
    """Lock the case row (the row only) in the caller's transaction; TransitionError if gone."""
    try:
        # of=("self",): lock the case row only. Without it PostgreSQL also locks the joined
        # section and initiator rows, which blocks unrelated writes that reference them and
        # can deadlock against a transaction holding the audit-chain lock.
        return Case.objects.select_for_update(of=("self",)).select_related("section", "initiator").get(pk=case_id)
    except Case.DoesNotExist:
        raise TransitionError("事项不存在或已被删除。") from None


def _check_version(case, expected_version):
    if expected_version is None:
        return
    try:
        current = int(expected_version) == case.version
    except (TypeError, ValueError):  # a mangled hidden field is a stale page, not a crash
        current = False
    if not current:
        raise TransitionError("该事项已被他人处理或页面已过期，请刷新后查看最新状态。")


def is_delegate_of(actor, principal_id, day=None):
    day = day or timezone.localdate()
    return Delegation.objects.filter(
        principal_id=principal_id,
        delegate=actor,
        start_date__lte=day,
        end_date__gte=day,
        cancelled_at__isnull=True,
    ).exists()


def _lock_task(case, task_id, actor, kinds):
    try:
        task = case.tasks.select_for_update(of=("self",)).select_related("assignee").get(pk=task_id)
    except Task.DoesNotExist:
        raise TransitionError("待办不存在。") from None
    if task.status != Task.Status.PENDING:
        raise TransitionError("该待办已经处理过了，请勿重复提交。")
    if task.kind not in kinds:
        raise TransitionError("此环节不能执行该操作。")
    delegable = task.kind in Task.DELEGABLE_KINDS and not case.is_confidential
    if task.assignee_id != actor.pk and not (delegable and is_delegate_of(actor, task.assignee_id)):
        raise TransitionError("您不是该待办的办理人，也未受其委托。")
    return task


def log_case_event(case, action, actor, *, task=None, opinion="", step_label="", target_label=""):
    on_behalf_of = task.assignee if task is not None and task.assignee_id != actor.pk else None
    CaseEvent.objects.create(
        case=case,
        task=task,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        step_label=step_label or (task.step_label if task else case.current_step_label),
        target_label=target_label,
        opinion=opinion,
    )
    record(
        f"workflow.{action}",
        actor=actor,
        obj=case,
        detail={
            "process": case.process,
            "step": step_label or (task.step_label if task else case.current_step_label),
            "target": target_label,
            "on_behalf_of": on_behalf_of.pk if on_behalf_of else None,
        },
    )


def _finish_task(task, actor, decision, opinion="", note=""):
    task.status = Task.Status.DONE
    task.decision = decision
    task.opinion = opinion
    task.note = note
    task.acted_by = actor
    task.acted_at = _now()
    task.save(update_fields=["status", "decision", "opinion", "note", "acted_by", "acted_at"])


def _cancel_pending(case, exclude_reads=True):
    pending = case.tasks.filter(status=Task.Status.PENDING)
    if exclude_reads:
        pending = pending.exclude(kind=Task.Kind.READ)
    for task in pending.select_for_update():
        task.status = Task.Status.CANCELLED
        task.save(update_fields=["status"])


def _refresh_assignees(case):
    names = (
        case.tasks.filter(status=Task.Status.PENDING)
        .exclude(kind=Task.Kind.READ)
        .order_by("id")
        .values_list("assignee__full_name", flat=True)
    )
    case.current_assignees = "、".join(names)[:200]


def save_case(case, *fields):
    case.version += 1
    if "due_date" in fields:  # a running statutory clock may end before the step (deadlines.py)
        from .deadlines import merge_clock_due

        fields = (*fields, *merge_clock_due(case))
    case.save(update_fields=["version", "updated_at", *fields])


def _step_index(case, code):
    for index, step in enumerate(case.route):
        if step["code"] == code:
            return index
    return -1


def _activate(case, index):
    """Create the tasks of route[index] and make it the current step."""
    step = case.route[index]
    try:
        users = resolve_role(step["role"], case)
    except RoleUnfilled as exc:
        raise TransitionError(str(exc)) from None
    short = [u.full_name for u in users if u.clearance < case.sensitivity]
    if short:
        # Routing must not widen who may know: the rule's approver needs the clearance too.
        raise TransitionError(
            f"{'、'.join(short)}的密级许可低于本事项（{case.get_sensitivity_display()}），不能办理；请安全管理员调整许可或规则。"
        )
    today = timezone.localdate()
    due = calendar.add_working_days(today, step["time_limit_days"]) if step.get("time_limit_days") else None
    seen = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        Task.objects.create(
            case=case,
            step=step["code"],
            step_label=step["label"],
            step_index=index,
            kind=step["kind"],
            assignee=user,
            due_date=due,
        )
    case.current_step = step["code"]
    case.current_step_label = step["label"]
    case.current_assignees = "、".join(u.full_name or u.username for u in users if u.pk in seen)[:200]
    case.due_date = due


def _close(case, status, result=""):
    case.status = status
    case.closed_at = _now()
    case.current_step = ""
    case.current_step_label = ""
    case.current_assignees = ""
    case.due_date = None
    if result:
        case.result = result


def _advance(case, actor):
    """The current step is complete: activate the next one, or finish the case."""
    index = _step_index(case, case.current_step)
    if index + 1 < len(case.route):
        _activate(case, index + 1)
    else:
        _close(case, Case.Status.CLOSED, case.result or "已批准")
        get_process(case.process).on_close(case, actor)


CASE_FIELDS = ["status", "route", "current_step", "current_step_label", "current_assignees", "due_date"]


# --- transitions -------------------------------------------------------------------------


def create_case(process_code, *, initiator, section, title, sensitivity=None, is_confidential=False, step_label="拟稿"):
    """Register a new case in draft. Call inside the transaction that saves the domain record.
    `step_label` names the first step in the record (拟稿; 签收登记 for an incoming document)."""
    get_process(process_code)  # unknown process codes fail loudly
    if initiator.admin_role:
        raise TransitionError("管理员账号不能发起业务事项。")
    case = Case(
        process=process_code, section=section, initiator=initiator, title=title, is_confidential=is_confidential
    )
    if sensitivity is not None:
        case.sensitivity = sensitivity
    case.save()
    log_case_event(case, CaseEvent.Action.CREATE, initiator, step_label=step_label)
    return case


@transaction.atomic
def submit(case_id, actor, expected_version=None):
    case = lock_case_row(case_id)
    _check_version(case, expected_version)
    if case.initiator_id != actor.pk:
        raise TransitionError("只有发起人可以提交。")
    if case.status not in (Case.Status.DRAFT, Case.Status.RETURNED):
        raise TransitionError("该事项已提交，不能重复提交。")
    process = get_process(case.process)
    process.check_submittable(case)
    route = process.route_for(case)
    if not route:
        raise TransitionError("未配置审批路线，请联系系统管理员在后台设置审批规则。")
    for revise in case.tasks.select_for_update().filter(status=Task.Status.PENDING, kind=Task.Kind.REVISE):
        _finish_task(revise, actor, Task.Decision.SUBMIT)
    case.route = route
    case.status = Case.Status.ACTIVE
    case.submitted_at = _now()
    case.closed_at = None
    _activate(case, 0)
    save_case(case, *CASE_FIELDS, "submitted_at", "closed_at")
    log_case_event(case, CaseEvent.Action.SUBMIT, actor, step_label="提交", target_label=case.current_step_label)
    process.on_submit(case, actor)
    return case


@transaction.atomic
def approve(case_id, task_id, actor, opinion=""):
    """Agree at an approval or countersign step. The step completes when its last task does."""
    case = lock_case_row(case_id)
    task = _lock_task(case, task_id, actor, {Task.Kind.APPROVE, Task.Kind.COUNTERSIGN})
    if is_instruction(case, task.step):
        # A 批示 is the words themselves: a bare "同意" would record an instruction nobody gave.
        if not opinion.strip():
            raise TransitionError("请写明批示意见。")
    opinion = opinion.strip() or "同意"
    _finish_task(task, actor, Task.Decision.APPROVE, opinion)
    action = CaseEvent.Action.COUNTERSIGN if task.kind == Task.Kind.COUNTERSIGN else CaseEvent.Action.APPROVE
    still_open = case.tasks.filter(status=Task.Status.PENDING, step=task.step).exclude(kind=Task.Kind.READ).exists()
    if still_open:
        _refresh_assignees(case)
        save_case(case, "current_assignees")
        log_case_event(case, action, actor, task=task, opinion=opinion)
        return case
    _advance(case, actor)
    save_case(case, *CASE_FIELDS, "closed_at", "result")
    log_case_event(
        case,
        action,
        actor,
        task=task,
        opinion=opinion,
        target_label=case.current_step_label or case.get_status_display(),
    )
    return case


@transaction.atomic
def reject(case_id, task_id, actor, opinion):
    """Disagree: the case ends as not approved. A written reason is required."""
    if not opinion or not opinion.strip():
        raise TransitionError("不同意时必须填写意见。")
    case = lock_case_row(case_id)
    if get_process(case.process).statutory:
        raise TransitionError(get_process(case.process).statutory)
    task = _lock_task(case, task_id, actor, {Task.Kind.APPROVE})
    if is_instruction(case, task.step):
        raise TransitionError(INSTRUCTION_REFUSAL)
    _finish_task(task, actor, Task.Decision.REJECT, opinion.strip())
    _cancel_pending(case)
    _close(case, Case.Status.REJECTED, f"{task.step_label}不同意：{opinion.strip()}")
    save_case(case, *CASE_FIELDS, "closed_at", "result")
    log_case_event(case, CaseEvent.Action.REJECT, actor, task=task, opinion=opinion.strip())
    return case


def return_targets(case):
    """Earlier steps a case may be sent back to: the drafter (-1, unless the process has a fixed
    route) and every earlier route step."""
    index = _step_index(case, case.current_step)
    targets = [] if get_process(case.process).statutory else [(-1, f"发起人（{case.initiator.full_name}）修改")]
    targets += [(i, case.route[i]["label"]) for i in range(max(index, 0))]
    return targets


@transaction.atomic
def return_case(case_id, task_id, actor, target_index, reason):
    """Send the case back to the previous or any earlier step, or to the drafter."""
    if not reason or not reason.strip():
        raise TransitionError("退回时必须说明理由。")
    case = lock_case_row(case_id)
    task = _lock_task(case, task_id, actor, {Task.Kind.APPROVE, Task.Kind.COUNTERSIGN, Task.Kind.HANDLE})
    target_index = int(target_index)
    current_index = _step_index(case, case.current_step)
    lowest = 0 if get_process(case.process).statutory else -1
    if not lowest <= target_index < current_index:
        raise TransitionError("只能退回到之前的环节。")
    _finish_task(task, actor, Task.Decision.RETURN, reason.strip())
    _cancel_pending(case)
    if target_index == -1:
        case.status = Case.Status.RETURNED
        Task.objects.create(
            case=case,
            step="revise",
            step_label="退回修改",
            step_index=-1,
            kind=Task.Kind.REVISE,
            assignee=case.initiator,
        )
        case.current_step = "revise"
        case.current_step_label = "退回修改"
        case.current_assignees = case.initiator.full_name
        case.due_date = None
        target_label = "发起人修改"
    else:
        _activate(case, target_index)
        target_label = case.current_step_label
    save_case(case, *CASE_FIELDS)
    log_case_event(case, CaseEvent.Action.RETURN, actor, task=task, opinion=reason.strip(), target_label=target_label)
    return case


@transaction.atomic
def transfer(case_id, task_id, actor, to_user, reason):
    """Hand one's own pending task to another handler, with a reason."""
    if not reason or not reason.strip():
        raise TransitionError("转交他人办理时必须说明理由。")
    case = lock_case_row(case_id)
    task = _lock_task(case, task_id, actor, {Task.Kind.APPROVE, Task.Kind.HANDLE, Task.Kind.COUNTERSIGN})
    if to_user is None or not to_user.is_active or to_user.admin_role:
        raise TransitionError("请选择有效的接收人。")
    if to_user.pk == task.assignee_id:
        raise TransitionError("不能转交给原办理人。")
    if not may_be_shown(case, to_user):
        raise TransitionError(
            f"{to_user.full_name}不在该事项的知悉范围内（密级或限定知悉范围），不能转交；确需办理的，请安全管理员授权。"
        )
    if case.tasks.filter(status=Task.Status.PENDING, step=task.step, assignee=to_user).exists():
        raise TransitionError(f"{to_user.full_name}已在办理此环节。")
    _finish_task(task, actor, Task.Decision.TRANSFER, reason.strip(), note=f"转给{to_user.full_name}")
    Task.objects.create(
        case=case,
        step=task.step,
        step_label=task.step_label,
        step_index=task.step_index,
        kind=task.kind,
        assignee=to_user,
        due_date=task.due_date,
    )
    _refresh_assignees(case)
    save_case(case, "current_assignees")
    log_case_event(
        case, CaseEvent.Action.TRANSFER, actor, task=task, opinion=reason.strip(), target_label=to_user.full_name
    )
    return case


OWN_FORM_REFUSAL = "“{step}”请使用“事项信息”栏中的办理表单办结。"


@transaction.atomic
def complete(case_id, task_id, actor, result, *, own_form=False, keep_result=True):
    """Finish a handling step (办结) with a written result.

    A step declared Step(finished_by_own_form=True) is refused here unless `own_form` is set:
    only the section app's own form (api.finish_own_step) finishes it, after its own checks.
    `keep_result=False` records the text on the task and the log but not as the case's result
    while the case stays open (a 处理单 or a draft on the way is not the matter's result)."""
    if not result or not result.strip():
        raise TransitionError("办结时必须填写办理结果。")
    case = lock_case_row(case_id)
    task = _lock_task(case, task_id, actor, {Task.Kind.HANDLE})
    process = get_process(case.process)
    # The app's own check first: its message says what is missing ("请先登记发布").
    process.check_complete(case, task, actor)
    if task.step in process.own_form_steps() and not own_form:
        raise TransitionError(OWN_FORM_REFUSAL.format(step=task.step_label))
    _finish_task(task, actor, Task.Decision.DONE, result.strip())
    if case.tasks.filter(status=Task.Status.PENDING, step=task.step).exclude(kind=Task.Kind.READ).exists():
        _refresh_assignees(case)
        save_case(case, "current_assignees")
    else:
        previous = case.result
        case.result = result.strip()
        _advance(case, actor)
        if not keep_result and case.status == Case.Status.ACTIVE:
            case.result = previous
        save_case(case, *CASE_FIELDS, "closed_at", "result")
    log_case_event(case, CaseEvent.Action.DONE, actor, task=task, opinion=result.strip())
    return case


@transaction.atomic
def withdraw(case_id, actor, expected_version=None):
    """The initiator takes the case back before the next handler has acted."""
    case = lock_case_row(case_id)
    _check_version(case, expected_version)
    if case.initiator_id != actor.pk:
        raise TransitionError("只有发起人可以撤回。")
    if case.status != Case.Status.ACTIVE:
        raise TransitionError("当前状态不能撤回。")
    if get_process(case.process).statutory:
        raise TransitionError("该事项已登记，须依法办理，不能撤回；需由他人办理的请“转交他人办理”。")
    acted = (
        case.tasks.filter(acted_at__gte=case.submitted_at).exclude(kind__in=[Task.Kind.READ, Task.Kind.REVISE]).exists()
    )
    if acted:
        raise TransitionError("已有办理人处理过，不能撤回；如需修改请联系当前办理人退回。")
    step_label = case.current_step_label
    _cancel_pending(case)
    case.status = Case.Status.DRAFT
    case.current_step = ""
    case.current_step_label = ""
    case.current_assignees = ""
    case.due_date = None
    save_case(case, *CASE_FIELDS)
    log_case_event(case, CaseEvent.Action.WITHDRAW, actor, step_label=step_label)
    return case


def may_be_shown(case, user):
    """Whether a participant may hand `case` to `user` (传阅, 转办) without widening who may know:
    anyone who can already see it, or, for a case that is not 限定知悉范围, anyone whose clearance
    covers its sensitivity. Everyone else needs the security administrator's grant first."""
    if Case.objects.visible_to(user).filter(pk=case.pk).exists():
        return True
    return not case.is_confidential and user.clearance >= case.sensitivity


@transaction.atomic
def circulate(case_id, actor, readers, note=""):
    """Send the case to readers (传阅); each gets a 待阅 item and their reading is recorded."""
    case = lock_case_row(case_id)
    if case.status == Case.Status.DRAFT:
        raise TransitionError("草稿不能传阅。")
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise TransitionError("您无权传阅该事项。")
    readers = [r for r in readers if r.is_active and r.pk != actor.pk]
    if not readers:
        raise TransitionError("请至少选择一位阅知人。")
    refused = [r.full_name for r in readers if not may_be_shown(case, r)]
    if refused:
        raise TransitionError(
            f"{'、'.join(refused)}不在该事项的知悉范围内（密级或限定知悉范围），不能传阅；确需知悉的，请安全管理员授权。"
        )
    already = set(
        case.tasks.filter(kind=Task.Kind.READ, status=Task.Status.PENDING).values_list("assignee_id", flat=True)
    )
    added = []
    for reader in readers:
        if reader.pk in already:
            continue
        already.add(reader.pk)  # the same person named twice gets one 待阅 item
        Task.objects.create(
            case=case,
            step="circulate",
            step_label="传阅",
            step_index=-2,
            kind=Task.Kind.READ,
            assignee=reader,
            note=note.strip()[:200],
        )
        added.append(reader.full_name)
    if not added:
        raise TransitionError("所选人员均已在阅知名单中。")
    save_case(case)
    log_case_event(
        case, CaseEvent.Action.CIRCULATE, actor, step_label="传阅", target_label="、".join(added)[:200], opinion=note
    )
    return case


@transaction.atomic
def mark_read(case_id, task_id, actor, opinion=""):
    case = lock_case_row(case_id)
    task = _lock_task(case, task_id, actor, {Task.Kind.READ})
    _finish_task(task, actor, Task.Decision.READ, opinion.strip())
    log_case_event(case, CaseEvent.Action.READ, actor, task=task, opinion=opinion.strip(), step_label="传阅")
    return case


# Where 归档 on the case page leads when an app keeps a catalogue (the archives app's form, which
# gives the case its 档号 as it archives it), so a case is not marked archived without an entry.
# The app names it through api.set_archive_page.
_archive_page = {"fn": None}


def set_archive_page(fn):
    """fn(case) -> the URL of the page that archives `case`, or "" to archive it here (None: no page)."""
    _archive_page["fn"] = fn


def archive_page_url(case):
    fn = _archive_page["fn"]
    return fn(case) if fn else ""


def can_archive(case, user):
    if case.status not in (Case.Status.CLOSED, Case.Status.REJECTED):
        return False
    if any(g.role == OfficeRole.ARCHIVIST for g in user.office_roles.all()):
        return True
    return user.rank == Rank.CHIEF and user.section_id == case.section_id


@transaction.atomic
def archive(case_id, actor, expected_version=None):
    case = lock_case_row(case_id)
    _check_version(case, expected_version)
    if case.status not in (Case.Status.CLOSED, Case.Status.REJECTED):
        raise TransitionError("只有已办结的事项才能归档。")
    if not can_archive(case, actor):
        raise TransitionError("只有档案员或承办科室负责人可以归档。")
    _cancel_pending(case, exclude_reads=False)
    case.status = Case.Status.ARCHIVED
    save_case(case, "status")
    log_case_event(case, CaseEvent.Action.ARCHIVE, actor, step_label="归档")
    return case


@transaction.atomic
def create_delegation(principal, delegate, start_date, end_date, reason):
    """A member of staff names who acts on their inbox while they are away."""
    if delegate is None or not delegate.is_active or delegate.admin_role:
        raise TransitionError("请选择有效的代理人。")
    if delegate.pk == principal.pk:
        raise TransitionError("不能委托给自己。")
    if end_date < start_date:
        raise TransitionError("结束日期不能早于开始日期。")
    if end_date < timezone.localdate():
        raise TransitionError("结束日期已过，无需委托。")
    overlapping = Delegation.objects.select_for_update().filter(
        principal=principal, cancelled_at__isnull=True, start_date__lte=end_date, end_date__gte=start_date
    )
    if overlapping.exists():
        raise TransitionError("该期间已有有效的委托，请先撤销原委托。")
    delegation = Delegation.objects.create(
        principal=principal, delegate=delegate, start_date=start_date, end_date=end_date, reason=reason.strip()
    )
    record(
        "delegation.create",
        actor=principal,
        obj=delegation,
        detail={"delegate": delegate.pk, "start": start_date.isoformat(), "end": end_date.isoformat()},
    )
    return delegation


@transaction.atomic
def cancel_delegation(delegation_id, actor):
    try:
        delegation = Delegation.objects.select_for_update().get(pk=delegation_id, principal=actor)
    except Delegation.DoesNotExist:
        raise TransitionError("委托不存在。") from None
    if delegation.cancelled_at is not None:
        raise TransitionError("该委托已撤销。")
    delegation.cancelled_at = _now()
    delegation.save(update_fields=["cancelled_at"])
    record("delegation.cancel", actor=actor, obj=delegation)
    return delegation


def is_keeper(case, user):
    """Whether `user` keeps the register of the case's process (Process.keepers)."""
    process = get_process(case.process)
    keepers = process.keepers()
    if keepers is None or not user.is_active or user.admin_role:
        return False
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user.pk).filter(keepers).exists()


@transaction.atomic
def grant_case_access(case_id, actor, user):
    """Give one person the right to see one confidential case (the only way grants are made).

    The security administrator grants; so do the keepers of the process's register (the
    confidential clerk and the office chief name the readers of a classified document)."""
    case = lock_case_row(case_id)
    if not (actor.is_security_admin or is_keeper(case, actor)):
        raise TransitionError("只有安全管理员可以授权查看。")
    if user is None or not user.is_active or user.admin_role:
        raise TransitionError("请选择有效的知悉人。")
    grant_view(case, user, actor)
    return case


def grant_view(case, user, actor, reason="", log_on_case=True):
    """Give `user` the view grant on `case` and audit it: the one place a CaseGrant row is
    created. guardian's assign_perm and bulk helpers fire no signals and write no audit row,
    so nothing else may create grants (tests/audit/test_coverage.py scans for it).

    Call inside the caller's transaction, after checking that `actor` may grant. A new grant
    gets its audit row (and, unless `log_on_case` is off for grants a process makes by
    itself, a line in the case's record); an existing one changes nothing. Returns whether
    the grant is new."""
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(codename="view_case", content_type__app_label="workflow")
    _, created = CaseGrant.objects.get_or_create(content_object=case, user=user, permission=permission)
    if created:
        if log_on_case:
            CaseEvent.objects.create(case=case, action=CaseEvent.Action.GRANT, actor=actor, target_label=user.full_name)
        detail = {"grantee": user.pk}
        if reason:
            detail["reason"] = reason
        record("permission.grant_case", actor=actor, obj=case, detail=detail)
    return created


@transaction.atomic
def revoke_case_access(case_id, actor, user):
    """Withdraw one person's grant on one case (same actors as grant_case_access). Tasks the
    person holds or held on the case keep them a participant: a grant is not the only door."""
    case = lock_case_row(case_id)
    if not (actor.is_security_admin or is_keeper(case, actor)):
        raise TransitionError("只有安全管理员可以撤销授权。")
    deleted, _ = CaseGrant.objects.filter(content_object=case, user=user).delete()
    if not deleted:
        raise TransitionError("该人员没有单独授权。")
    CaseEvent.objects.create(
        case=case, action=CaseEvent.Action.GRANT, actor=actor, target_label=f"撤销：{user.full_name}"[:200]
    )
    record("permission.revoke_case", actor=actor, obj=case, detail={"grantee": user.pk})
    return case
