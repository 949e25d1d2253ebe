"""Every change to the classified register goes through these functions.

Each runs in one transaction, locks the engine case first (the engine's order), re-checks that
the actor is a keeper (the confidential clerk or the office chief) and that the entry is in a
state that allows the move, writes the audit log and raises the engine's TransitionError with a
Chinese message otherwise. Routing (拟办, 呈阅, 转办) and loans are engine transitions.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OfficeRole, Rank
from apps.audit.log import record
from apps.numbering.services import NumberingError, allocate
from apps.workflow import api
from apps.workflow.api import TransitionError, grant_case_access, revoke_case_access
from apps.workflow.models import Case, CaseGrant, Notification, Sensitivity, Task

from .models import (
    ClassifiedItem,
    ClassifiedLoan,
    Disposal,
    Kind,
    format_copy_numbers,
    parse_copy_numbers,
)
from .processes import FILES_REFUSED, ITEM_PROCESS, LOAN_PROCESS, RETURN_STEP, is_keeper

NUMBER_SCHEMES = {
    Kind.DOCUMENT: "classified-document",
    Kind.TELEGRAM: "classified-telegram",
}  # fixtures/number_schemes.json
ITEM_FIELDS = (
    "kind",
    "received_on",
    "channel",
    "source",
    "source_number",
    "title",
    "classification",
    "secrecy_period",
    "urgency",
    "copies",
    "copy_numbers",
    "pages",
    "cabinet",
    "handler",
    "handle_days",
)
EDITABLE = ITEM_FIELDS[1:]  # the register (and its number) is fixed at registration


def _require_keeper(user):
    if not is_keeper(user):
        raise TransitionError("只有机要员或办公室主任可以办理密件登记。")


def refuse_files(files):
    """Any file sent with a classified form is refused before anything is saved."""
    if files:
        raise TransitionError(FILES_REFUSED)


def case_title(item):
    # The engine's title (inbox rows, notices, the audit log) names the register number only.
    return f"{item.get_kind_display()}登记 {item.number}"


def _office():
    from apps.org.models import Section

    return Section.objects.get(code="office")


@transaction.atomic
def register_item(user, data, files=None, submit=False):
    """登记: a new register entry with the next number of its register and year."""
    refuse_files(files)
    _require_keeper(user)
    received_on = data["received_on"]
    case = api.create_case(
        ITEM_PROCESS,
        initiator=user,
        section=_office(),
        title=f"{Kind(data['kind']).label}登记",
        sensitivity=Sensitivity.INTERNAL,
        is_confidential=True,
        step_label="登记",
    )
    try:
        number = allocate(NUMBER_SCHEMES[data["kind"]], received_on.year, actor=user, target=f"workflow.case:{case.pk}")
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None
    item = ClassifiedItem(case=case, year=number.year, seq=number.seq, number=number.formatted, registered_by=user)
    _apply(item, data)
    item.save()
    item.readers.set(data.get("readers") or [])
    case.number = item.number
    case.title = case_title(item)
    api.save_case(case, "number", "title")
    record("confidential.register", actor=user, obj=case, detail={"kind": item.kind, "number": item.number})
    if submit:
        api.submit(case.pk, user)
    return item


def _apply(item, data):
    for field in ITEM_FIELDS:
        if field in data and (item.pk is None or field in EDITABLE):
            setattr(item, field, data[field])
    item.copy_numbers = format_copy_numbers(parse_copy_numbers(item.copy_numbers))
    if not item.handler_id:
        item.handle_days = None
    item.full_clean(exclude=["case", "registered_by", "readers"])


@transaction.atomic
def update_item(case, user, data, files=None, submit=False):
    """Change a draft or returned entry (the routing, mostly) and optionally (re)submit it."""
    refuse_files(files)
    _require_keeper(user)
    case = api.lock_case(case.pk, process=ITEM_PROCESS)
    if case.status not in api.EDITABLE:
        raise TransitionError("该登记已在流转中，不能修改；如需调整呈阅、转办，请由办公室主任退回。")
    if case.initiator_id != user.pk:
        raise TransitionError(f"该登记由{case.initiator.full_name}办理，只有登记人可以修改并重新提交。")
    item = ClassifiedItem.objects.select_for_update().get(case=case)
    _apply(item, data)
    item.save()
    item.readers.set(data.get("readers") or [])
    api.save_case(case)  # the entry changed: a page showing it as it was is stale
    record("confidential.update", actor=user, obj=case, detail={"fields": sorted(k for k in data if k in EDITABLE)})
    if submit:
        api.submit(case.pk, user)
    return item


@transaction.atomic
def set_cabinet(case, user, cabinet):
    """保管: where the paper is kept (the designated cabinet)."""
    _require_keeper(user)
    case = api.lock_case(case.pk, process=ITEM_PROCESS)
    item = ClassifiedItem.objects.select_for_update().get(case=case)
    if hasattr(item, "disposal"):
        raise TransitionError(f"该密件已{item.disposal.get_kind_display()}，不再保管。")
    item.cabinet = cabinet.strip()[:60]
    item.save(update_fields=["cabinet"])
    record("confidential.cabinet", actor=user, obj=case)
    return item


def grant(case, user, reader):
    """Name one more reader of an entry (the engine's one audited grant function)."""
    _require_keeper(user)
    if reader.pk == user.pk:
        raise TransitionError("不需要给自己授权。")
    return grant_case_access(case.pk, user, reader)


def revoke(case, user, reader):
    _require_keeper(user)
    return revoke_case_access(case.pk, user, reader)


def grants_of(case):
    return CaseGrant.objects.filter(content_object=case).select_related("user__section").order_by("user__full_name")


# --- loans ------------------------------------------------------------------------------------


def lent_copy_numbers(item, exclude_loan=None):
    """份号 currently out on unreturned loans."""
    out = set()
    loans = item.loans.filter(case__status=Case.Status.ACTIVE)
    if exclude_loan is not None:
        loans = loans.exclude(pk=exclude_loan.pk)
    for loan in loans:
        out.update(parse_copy_numbers(loan.copy_numbers))
    return out


@transaction.atomic
def lend(case, user, borrower, copy_numbers, purpose, days, files=None):
    """借出: copies of a kept entry go to a named borrower for a number of working days.

    The borrower is granted the entry (audited), signs for the copies in the portal, and the
    clerk's "收回" step on the loan's own case carries the due date the deadline sweep watches."""
    refuse_files(files)
    _require_keeper(user)
    item_case = api.lock_case(case.pk, process=ITEM_PROCESS)
    item = ClassifiedItem.objects.select_for_update().get(case=item_case)
    if hasattr(item, "disposal"):
        raise TransitionError(f"该密件已{item.disposal.get_kind_display()}，不能借出。")
    if item_case.status not in (Case.Status.CLOSED, Case.Status.ARCHIVED):
        raise TransitionError("该密件尚在拟办、呈阅或转办中，办理完毕入柜保管后才能借阅。")
    if borrower is None or not borrower.is_active or borrower.admin_role:
        raise TransitionError("请选择有效的借阅人。")
    try:
        wanted = parse_copy_numbers(copy_numbers)
    except ValueError as exc:
        raise TransitionError(str(exc)) from None
    if not wanted:
        raise TransitionError("请填写借出的份号。")
    unknown = [n for n in wanted if n not in set(item.copy_number_list())]
    if unknown:
        raise TransitionError(f"份号{'、'.join(unknown)}不属于该密件（本件份号：{item.copy_numbers}）。")
    busy = sorted(set(wanted) & lent_copy_numbers(item))
    if busy:
        raise TransitionError(f"份号{'、'.join(busy)}已借出未还。")
    if not purpose.strip():
        raise TransitionError("请填写借阅事由。")
    loan_case = api.create_case(
        LOAN_PROCESS,
        initiator=user,
        section=item_case.section,
        title=f"密件借阅 {item.number}",
        sensitivity=Sensitivity.INTERNAL,
        is_confidential=True,
        step_label="借出登记",
    )
    loan_case.number = item.number
    api.save_case(loan_case, "number")
    loan = ClassifiedLoan.objects.create(
        case=loan_case,
        item=item,
        borrower=borrower,
        copies=len(wanted),
        copy_numbers=format_copy_numbers(wanted),
        purpose=purpose.strip()[:200],
        days=days,
        lent_by=user,
    )
    if not Case.objects.visible_to(borrower).filter(pk=item_case.pk).exists():
        grant_case_access(item_case.pk, user, borrower)
    grant_case_access(loan_case.pk, user, borrower)
    api.submit(loan_case.pk, user)
    loan_case.refresh_from_db()
    Notification.objects.create(
        user=borrower,
        case=loan_case,
        kind=Notification.Kind.INFO,
        key=f"classified-loan:{loan.pk}:lent",
        message=f"您借阅了密件 {item.number}（份号 {loan.copy_numbers}），请在机要员处签收，并于 {loan_case.due_date:%Y-%m-%d} 前归还。",
        url=loan_case.get_absolute_url(),
    )
    record(
        "confidential.lend",
        actor=user,
        obj=loan_case,
        detail={"item": item.number, "borrower": borrower.pk, "copies": loan.copies, "days": days},
    )
    return loan


@transaction.atomic
def sign_out(loan, user):
    """借阅人签收: the borrower confirms in the portal that they hold the copies."""
    loan_case = api.lock_case(loan.case_id, process=LOAN_PROCESS)
    loan = ClassifiedLoan.objects.select_for_update().get(pk=loan.pk)
    if loan.borrower_id != user.pk:
        raise TransitionError("只有借阅人本人可以签收。")
    if loan_case.status != Case.Status.ACTIVE:
        raise TransitionError("该借阅已归还。")
    if loan.signed_out_at:
        raise TransitionError("您已签收过了。")
    loan.signed_out_at = timezone.now()
    loan.save(update_fields=["signed_out_at"])
    record("confidential.sign_out", actor=user, obj=loan_case, detail={"item": loan.item.number})
    return loan


@transaction.atomic
def record_return(loan, user, note=""):
    """收回: the clerk holding the loan's step takes the copies back (the engine closes the loan)."""
    _require_keeper(user)
    loan_case = api.lock_case(loan.case_id, process=LOAN_PROCESS)
    if not loan_case.tasks.filter(step=RETURN_STEP, status=Task.Status.PENDING).exists():
        raise TransitionError("该借阅已归还。")
    task = api.pending_task(loan_case, user, step=RETURN_STEP, refusal="您不是该待办的办理人，也未受其委托。")
    text = f"已收回 {loan.copies} 份（份号 {loan.copy_numbers}）" + (
        f"；{note.strip()}" if note.strip() else "，完好。"
    )
    api.finish_own_step(loan_case.pk, task.pk, user, text)
    record("confidential.return", actor=user, obj=loan_case, detail={"item": loan.item.number})
    return loan


# --- destruction, return to the issuer, year-end transfer -----------------------------------


def approvers():
    """Who may approve a destruction or a return to the issuer: the office chief and the leaders."""
    User = get_user_model()
    return User.objects.filter(is_active=True, admin_role="").filter(
        rank__in=(Rank.DIVISION_LEADER, Rank.DIRECTOR)
    ) | User.objects.filter(is_active=True, rank=Rank.CHIEF, section__code="office")


def _lock_kept(case_id, user):
    _require_keeper(user)
    item_case = api.lock_case(case_id, process=ITEM_PROCESS)
    item = ClassifiedItem.objects.select_for_update().get(case=item_case)
    if Disposal.objects.filter(item=item).exists():
        raise TransitionError(f"该密件已有处置记录（{item.disposal.get_kind_display()}）。")
    if item_case.status not in (Case.Status.CLOSED, Case.Status.ARCHIVED):
        raise TransitionError("该密件尚在办理中，办理完毕后才能处置。")
    if item.loans.filter(case__status=Case.Status.ACTIVE).exists():
        raise TransitionError("该密件有借出未还的份数，收回后才能处置。")
    return item_case, item


@transaction.atomic
def dispose(case, user, kind, data, files=None):
    """销毁 (approved, with a witness) or 清退 (returned to the issuer, approved)."""
    refuse_files(files)
    item_case, item = _lock_kept(case.pk, user)
    approver = data.get("approved_by")
    if approver is None or not approvers().filter(pk=approver.pk).exists():
        raise TransitionError("请选择批准人（办公室主任或局领导）。")
    if kind == Disposal.Kind.DESTROY:
        witness = data.get("witness")
        if witness is None or witness.pk == user.pk:
            raise TransitionError("销毁须有登记人以外的监销人在场。")
        if not data.get("method", "").strip():
            raise TransitionError("请填写销毁方式或地点（如 送区保密局销毁中心）。")
    elif kind == Disposal.Kind.RETURN:
        if not data.get("receiver_unit", "").strip():
            raise TransitionError("请填写清退接收单位。")
    else:
        raise TransitionError("处置方式不正确。")
    disposal = Disposal.objects.create(
        item=item,
        kind=kind,
        on_date=data["on_date"],
        approved_by=approver,
        witness=data.get("witness"),
        receiver_unit=data.get("receiver_unit", "").strip()[:100],
        method=data.get("method", "").strip()[:100],
        note=data.get("note", "").strip()[:200],
        recorded_by=user,
    )
    record(f"confidential.{kind}", actor=user, obj=item_case, detail={"item": item.number, "approved_by": approver.pk})
    return disposal


def archivists():
    return get_user_model().objects.filter(is_active=True, office_roles__role=OfficeRole.ARCHIVIST)


def transferable(year):
    """Entries of `year` that can go to the archives: done, kept, nothing out on loan."""
    return (
        ClassifiedItem.objects.filter(year=year, disposal__isnull=True, case__status=Case.Status.CLOSED)
        .exclude(loans__case__status=Case.Status.ACTIVE)
        .select_related("case")
        .order_by("kind", "seq")
    )


def transfer_year(user, year, archivist, on_date, note=""):
    """年底移交: every finished entry of the year goes to the archivist, who is granted each one
    (so the entries reach their 待归档 list); one Disposal row per entry. Returns how many."""
    _require_keeper(user)
    if archivist is None or not archivists().filter(pk=archivist.pk).exists():
        raise TransitionError("请选择接收的档案员。")
    moved = 0
    with transaction.atomic():
        for item in transferable(year):
            item_case, locked = _lock_kept(item.case_id, user)
            Disposal.objects.create(
                item=locked,
                kind=Disposal.Kind.TRANSFER,
                on_date=on_date,
                received_by=archivist,
                note=note.strip()[:200],
                recorded_by=user,
            )
            if not Case.objects.visible_to(archivist).filter(pk=item_case.pk).exists():
                grant_case_access(item_case.pk, user, archivist)
            moved += 1
        if not moved:
            raise TransitionError(f"{year}年没有可以移交的密件（须已办理完毕、在柜、无借出）。")
        record("confidential.transfer", actor=user, detail={"year": year, "items": moved, "archivist": archivist.pk})
    return moved
