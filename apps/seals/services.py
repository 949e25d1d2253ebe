"""Every change to seals, carving and seal-use requests goes through these functions.

Each runs in a transaction, locks the case row first (the engine's order), then the domain row,
re-checks the actor and the state as they are now, writes the audit log, and raises the engine's
TransitionError with a Chinese message when the move is not legal. Approvals themselves are the
engine's transitions (apps.workflow.api), audited there.
"""

import hashlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.numbering.services import NumberingError, allocate
from apps.workflow import api
from apps.workflow.api import TransitionError, save_attachment, validate_upload
from apps.workflow.models import Case

from .models import (
    CarvingRequest,
    Seal,
    SealHandover,
    SealUseRequest,
    Stamping,
    default_chain,
    is_office_chief,
)
from .processes import CARVE_PROCESS, REGISTER_STEP, STAMP_STEP, USE_PROCESS

IMPRESSION_EXTENSIONS = ("png", "jpg", "jpeg")
USE_NUMBER_SCHEME = "seal-use"  # fixtures/seal_number_schemes.json


# --- drafts ------------------------------------------------------------------------------------


def use_title(seal, document_title, reason):
    if document_title:
        return f"关于在《{document_title[:80]}》上加盖“{seal.name}”的申请"
    first = (reason.strip().splitlines() or [""])[0]
    return f"“{seal.name}”用印申请：{first[:60]}"


@transaction.atomic
def save_use_request(user, data, uploads=(), case=None, submit=False):
    """Create (case=None) or update the user's draft seal-use request; optionally submit it."""
    title = use_title(data["seal"], data.get("document_title", ""), data["reason"])
    if case is None:
        if user.section_id is None:
            raise TransitionError("您的账号未隶属科室，不能申请用印。")
        case = api.create_case(USE_PROCESS, initiator=user, section=user.section, title=title)
        request = SealUseRequest(case=case)
    else:
        case = api.lock_draft(case.pk, user, process=USE_PROCESS)
        api.save_draft(case, user, title=title)
        request = SealUseRequest.objects.select_for_update().get(case=case)
    for field in ("seal", "reason", "document_title", "document_case", "copies", "exception", "exception_reason"):
        if field in data:
            setattr(request, field, data[field])
    if not request.exception:
        request.exception_reason = ""
    if request.document_case_id and not Case.objects.visible_to(user).filter(pk=request.document_case_id).exists():
        raise TransitionError("关联的公文不存在或您无权查看，请重新选择。")
    request.save()
    for upload in uploads:
        save_attachment(case, upload, user)
    if submit:
        api.submit(case.pk, user)
    return case


def document_requests(document_case):
    """The seal-use requests that name the document `document_case` and still count: submitted
    (running or done), not refused."""
    return SealUseRequest.objects.filter(
        document_case=document_case, case__status__in=(Case.Status.ACTIVE, Case.Status.CLOSED, Case.Status.ARCHIVED)
    )


@transaction.atomic
def request_for_document(actor, document_case, *, seal, copies, reason):
    """The documented entry for another app (apps.documents: a 发文's 提交用印申请): file and submit
    the seal-use request for the document `document_case` on behalf of its drafter `actor`.

    The caller holds the lock on `document_case`, so two presses are serialised there; the second
    finds the first request and returns it instead of filing another. A draft (or a request sent
    back) of the actor's own for the same document is submitted rather than duplicated.
    Returns (request case, created_now)."""
    existing = document_requests(document_case).select_related("case").order_by("case__created_at").first()
    if existing is not None:
        return existing.case, False
    own_draft = (
        SealUseRequest.objects.filter(
            document_case=document_case,
            case__initiator=actor,
            case__status__in=(Case.Status.DRAFT, Case.Status.RETURNED),
        )
        .select_related("case")
        .order_by("case__created_at")
        .first()
    )
    data = {
        "seal": seal,
        "reason": reason,
        "document_title": document_case.title[:200],
        "document_case": document_case,
        "copies": copies,
        "exception": False,
        "exception_reason": "",
    }
    case = save_use_request(actor, data, case=own_draft.case if own_draft else None, submit=True)
    return case, True


@transaction.atomic
def save_carving_request(user, data, uploads=(), case=None, submit=False):
    """Create or update the user's draft carving request; optionally submit it."""
    title = f"关于刻制“{data['seal_name']}”的申请"
    if case is None:
        if user.section_id is None:
            raise TransitionError("您的账号未隶属科室，不能申请刻制印章。")
        case = api.create_case(CARVE_PROCESS, initiator=user, section=user.section, title=title)
        carving = CarvingRequest(case=case)
    else:
        case = api.lock_draft(case.pk, user, process=CARVE_PROCESS)
        api.save_draft(case, user, title=title)
        carving = CarvingRequest.objects.select_for_update().get(case=case)
    for field in ("seal_name", "kind", "owner_unit", "purpose", "old_seal", "reason"):
        setattr(carving, field, data[field])
    if carving.purpose == CarvingRequest.Purpose.NEW:
        carving.old_seal = None
    elif carving.old_seal is None:
        raise TransitionError("更换旧章时请选择被更换的旧章。")
    carving.save()
    for upload in uploads:
        save_attachment(case, upload, user)
    if submit:
        api.submit(case.pk, user)
    return case


def grant_office_chief(case, actor):
    """Process.on_submit of 用印申请: the office chief, who answers for the bureau's seals, may see
    every submitted request (an explicit, audited grant; drafts stay their author's alone)."""
    from django.contrib.auth import get_user_model

    chiefs = get_user_model().objects.filter(is_active=True, rank=Rank.CHIEF, section__code="office")
    for chief in chiefs:
        api.grant_view(case, chief, actor, reason="seal_oversight", log_on_case=False)  # the one audited grant path


# --- stamping (登记用印) ---------------------------------------------------------------------------


def _keeper_task(case, actor, step, refusal):
    """The keeper's pending task of `step` on the locked `case` (their own, or as a delegate)."""
    if case.current_step != step:
        raise TransitionError("该申请尚未审批完毕（或已办结），现在不能办理此环节。")
    return api.pending_task(case, actor, step=step, refusal=refusal)


@transaction.atomic
def record_stamping(case_id, actor, *, copies, stamped_on=None, note="", finish=False):
    """The keeper records copies stamped under their watch. The total never exceeds the approved
    number of copies: the request row is locked, so two submissions cannot both pass the check.
    Reaching the approved number (or `finish`) completes the stamping step and closes the case;
    `finish` with no copies, after some were stamped, closes it without stamping the rest.
    Returns the Stamping row (None when only finishing)."""
    case = api.lock_case(case_id, process=USE_PROCESS)
    task = _keeper_task(case, actor, STAMP_STEP, "只有该印章的保管人（印章管理员）可以登记用印。")
    request = SealUseRequest.objects.select_for_update(of=("self",)).select_related("seal").get(case=case)
    try:
        copies = int(copies or 0)
    except (TypeError, ValueError):
        raise TransitionError("请填写实际用印份数。") from None
    if copies == 0 and finish and request.stamped_copies > 0:
        # 用印完毕 without more copies: the rest of the approved copies will not be stamped.
        api.finish_own_step(case.pk, task.pk, actor, _stamping_result(request))
        return None
    if copies < 1:
        raise TransitionError("实际用印份数至少为 1 份。")
    remaining = request.copies - request.stamped_copies
    if copies > remaining:
        raise TransitionError(
            f"超过核准份数：核准 {request.copies} 份，已用印 {request.stamped_copies} 份，本次最多还能用印 {remaining} 份。"
        )
    today = timezone.localdate()
    stamped_on = stamped_on or today
    if stamped_on > today:
        raise TransitionError("用印日期不能晚于今天。")
    if case.submitted_at and stamped_on < timezone.localtime(case.submitted_at).date():
        raise TransitionError("用印日期不能早于申请提交日期。")
    if request.seal.status != Seal.Status.ACTIVE:
        raise TransitionError(f"印章“{request.seal.name}”{request.seal.get_status_display()}，不能用印。")
    if not case.number:
        _register_number(case, actor)
    stamping = Stamping.objects.create(
        request=request, stamped_on=stamped_on, copies=copies, keeper=actor, note=note.strip()[:200]
    )
    request.stamped_copies += copies
    request.last_stamped_on = max(filter(None, [request.last_stamped_on, stamped_on]))
    request.save(update_fields=["stamped_copies", "last_stamped_on"])
    record(
        "seal.stamp",
        actor=actor,
        obj=case,
        detail={
            "seal": request.seal_id,
            "stamping": stamping.pk,
            "copies": copies,
            "stamped_total": request.stamped_copies,
            "approved": request.copies,
            "on_behalf_of": task.assignee_id if task.assignee_id != actor.pk else None,
        },
    )
    if finish or request.stamped_copies == request.copies:
        api.finish_own_step(case.pk, task.pk, actor, _stamping_result(request))
    return stamping


def _register_number(case, actor):
    """登记: the first stamping gives the request its number in the 用印登记簿 (gapless per year,
    from the one numbering service; rolled back with the stamping if anything fails)."""
    try:
        allocation = allocate(USE_NUMBER_SCHEME, actor=actor, target=f"workflow.case:{case.pk}")
    except NumberingError as exc:
        raise TransitionError(str(exc)) from None
    case.number = allocation.formatted
    api.save_case(case, "number")


def _stamping_result(request):
    result = f"已用印 {request.stamped_copies} 份（核准 {request.copies} 份）。"
    if request.stamped_copies < request.copies:
        result += f"其余 {request.copies - request.stamped_copies} 份不再用印。"
    return result


# --- carving: registration of the new seal (备案) and the handover of the old one ----------------


def check_impression(upload):
    """The engine's upload checks, and an image: a seal impression is a picture of the stamp."""
    name = validate_upload(upload)
    extension = PurePath(name).suffix.lstrip(".").lower()
    if extension not in IMPRESSION_EXTENSIONS:
        raise ValidationError(f"印模须为图片文件（{'、'.join(IMPRESSION_EXTENSIONS)}）。")
    return name


def store_impression(seal, upload):
    """Validate (the engine's upload checks, images only), hash while reading, random name."""
    name = check_impression(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    if seal.impression:
        seal.impression.delete(save=False)
    seal.impression.save(name, File(upload), save=False)
    seal.impression_sha256 = digest.hexdigest()
    seal.save(update_fields=["impression", "impression_sha256"])


def _people_distinct(*people):
    ids = [p.pk for p in people if p is not None]
    return len(ids) == len(set(ids))


@transaction.atomic
def register_carved_seal(
    case_id, actor, *, keeper, handed_by, witness, carved_on, enabled_on, impression=None, old_handed_by=None, note=""
):
    """备案: the carved seal enters the register with its keeper and a handover (交接人 → 接收人
    before a 鉴证人); the seal it replaces is handed back to the office and retired."""
    case = api.lock_case(case_id, process=CARVE_PROCESS)
    task = _keeper_task(case, actor, REGISTER_STEP, "只有印章管理员可以办理新章备案。")
    carving = CarvingRequest.objects.select_for_update(of=("self",)).get(case=case)
    if carving.seal_id:
        raise TransitionError("该申请的新章已经备案。")
    if not _people_distinct(handed_by, keeper, witness):
        raise TransitionError("新章交接人、接收人（保管人）、鉴证人须为三个不同的人。")
    if enabled_on < carved_on:
        raise TransitionError("启用日期不能早于刻制日期。")
    if enabled_on > timezone.localdate():
        raise TransitionError("启用日期不能晚于今天。")
    for person in (keeper, handed_by, witness, old_handed_by):
        if person is not None and (not person.is_active or person.admin_role):
            raise TransitionError(f"{person.full_name}不是有效的业务账号。")
    seal = Seal.objects.create(
        name=carving.seal_name,
        kind=carving.kind,
        owner_unit=carving.owner_unit,
        keeper=keeper,
        approval_chain=default_chain(carving.kind),
        carved_on=carved_on,
        enabled_on=enabled_on,
        note=note.strip()[:200],
    )
    if impression is not None:
        try:
            store_impression(seal, impression)
        except ValidationError as exc:
            raise TransitionError("；".join(exc.messages)) from None
    SealHandover.objects.create(
        seal=seal,
        carving=carving,
        kind=SealHandover.Kind.ENABLE,
        handed_by=handed_by,
        received_by=keeper,
        witness=witness,
        handed_on=enabled_on,
        recorded_by=actor,
    )
    result = f"新章“{seal.name}”已备案，{enabled_on:%Y年%-m月%-d日}启用，由{keeper.full_name}保管。"
    if carving.old_seal_id:
        old = Seal.objects.select_for_update().get(pk=carving.old_seal_id)
        old_handed_by = old_handed_by or old.keeper
        if old_handed_by is None or not _people_distinct(old_handed_by, actor, witness):
            raise TransitionError("旧章交接人、接收人（印章管理员本人）、鉴证人须为三个不同的人。")
        SealHandover.objects.create(
            seal=old,
            carving=carving,
            kind=SealHandover.Kind.RETURN,
            handed_by=old_handed_by,
            received_by=actor,
            witness=witness,
            handed_on=enabled_on,
            recorded_by=actor,
        )
        if old.status == Seal.Status.ACTIVE:
            old.status = Seal.Status.RETIRED
            old.retired_on = enabled_on
            old.status_reason = f"由新章“{seal.name}”替换，交回办公室保存"
        old.keeper = actor  # 原旧章交回办公室保存
        old.save(update_fields=["status", "retired_on", "status_reason", "keeper"])
        result += f"旧章“{old.name}”已交回办公室保存。"
    carving.seal = seal
    carving.registered_at = timezone.now()
    carving.save(update_fields=["seal", "registered_at"])
    record("seal.register", actor=actor, obj=seal, detail={"case": case.pk, "replaces": carving.old_seal_id})
    api.finish_own_step(case.pk, task.pk, actor, result)
    return seal


# --- the register (印章台账) ------------------------------------------------------------------------


def may_change_status(user, seal):
    return is_office_chief(user) or (seal.keeper_id == user.pk)


@transaction.atomic
def change_seal_status(seal_id, actor, status, on_date, reason):
    """停用 or 销毁 a seal: a legal move, by the office chief or the seal's keeper, with a reason."""
    seal = Seal.objects.select_for_update().filter(pk=seal_id).first()
    if seal is None or not Seal.objects.visible_to(actor).filter(pk=seal_id).exists():
        raise TransitionError("印章不存在。")
    if not may_change_status(actor, seal):
        raise TransitionError("只有办公室主任或该印章的保管人可以变更印章状态。")
    if status not in seal.legal_moves:
        raise TransitionError(f"印章当前{seal.get_status_display()}，不能改为“{Seal.Status(status).label}”。")
    if not reason or not reason.strip():
        raise TransitionError("请写明停用或销毁的原因。")
    if on_date > timezone.localdate():
        raise TransitionError("日期不能晚于今天。")
    if (
        status in (Seal.Status.RETIRED, Seal.Status.DESTROYED)
        and seal.use_requests.filter(case__status=Case.Status.ACTIVE).exists()
    ):
        raise TransitionError("该印章尚有办理中的用印申请，请先办结或退回后再停用。")
    before = seal.status
    seal.status = status
    seal.retired_on = on_date
    seal.status_reason = reason.strip()[:200]
    seal.save(update_fields=["status", "retired_on", "status_reason"])
    record("seal.status", actor=actor, obj=seal, detail={"from": before, "to": status})
    return seal
