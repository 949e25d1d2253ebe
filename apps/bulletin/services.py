"""State changes of 信息编发. Each runs in one transaction, locks the record, re-checks its state
(two clicks never move it twice) and writes the audit log."""

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.numbering.services import allocate
from apps.workflow import api
from apps.workflow.api import TransitionError

from .models import Adoption, Issue, Submission, TeamMember, is_editor
from .processes import ISSUE_PROCESS

ISSUE_SCHEME = "bulletin-issue"


def require_editor(actor, what):
    if not is_editor(actor):
        raise TransitionError(f"只有办公室可以{what}。")


def _lock_submission(pk):
    return Submission.objects.select_for_update().get(pk=pk)


# --- submissions --------------------------------------------------------------------------------


@transaction.atomic
def submit_piece(actor, data):
    """A section or judicial office sends a piece to the office (报送至局办，由局办统一投稿)."""
    if actor.section_id is None:
        raise TransitionError("您没有所属单位，不能报送信息。")
    author = data.get("author") or actor
    if author.section_id != actor.section_id and author.pk != actor.pk:
        raise TransitionError("撰稿人须为本单位人员。")
    piece = Submission.objects.create(
        unit_id=actor.section_id,
        author=author,
        co_authors=data.get("co_authors", "").strip(),
        title=data["title"].strip(),
        body=data["body"].strip(),
        submitted_by=actor,
    )
    record("bulletin.submit", actor=actor, obj=piece, detail={"unit": actor.section_id})
    return piece


@transaction.atomic
def resubmit_piece(actor, pk, title, body):
    """A piece returned for revision goes back to the office."""
    piece = _lock_submission(pk)
    if actor.pk not in (piece.author_id, piece.submitted_by_id):
        raise TransitionError("只有撰稿人或报送人可以修改后重新报送。")
    if piece.status != Submission.Status.RETURNED:
        raise TransitionError(f"稿件当前“{piece.get_status_display()}”，不能重新报送。")
    piece.title, piece.body, piece.status = title.strip(), body.strip(), Submission.Status.SUBMITTED
    piece.submitted_at = timezone.now()
    piece.save(update_fields=["title", "body", "status", "submitted_at"])
    record("bulletin.resubmit", actor=actor, obj=piece)
    return piece


@transaction.atomic
def edit_piece(actor, pk, decision, title="", body="", remark=""):
    """The office's edit: accept (with the edited text) for the next issue, return for revision
    with a reason, or not use it."""
    require_editor(actor, "编辑信息稿件")
    piece = _lock_submission(pk)
    if piece.status not in (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED):
        raise TransitionError(f"稿件当前“{piece.get_status_display()}”，不能编辑。")
    remark = remark.strip()
    if decision == "accept":
        if not title.strip() or not body.strip():
            raise TransitionError("请填写编辑后的标题和正文。")
        piece.edited_title, piece.edited_body = title.strip(), body.strip()
        piece.status = Submission.Status.ACCEPTED
    elif decision in ("return", "not_used"):
        if not remark:
            raise TransitionError("退回或不予采用的，请写明编辑意见。")
        piece.status = Submission.Status.RETURNED if decision == "return" else Submission.Status.NOT_USED
    else:
        raise TransitionError("请选择编辑结果。")
    piece.remark = remark[:200]
    piece.edited_by, piece.edited_at = actor, timezone.now()
    piece.save()
    record("bulletin.edit", actor=actor, obj=piece, detail={"decision": decision})
    return piece


# --- issues -------------------------------------------------------------------------------------


@transaction.atomic
def compile_issue(actor, title, piece_ids):
    """Put accepted pieces into a new issue and send it to 审核签发 (ApprovalRule chain)."""
    require_editor(actor, "编发简报")
    pieces = list(Submission.objects.select_for_update().filter(pk__in=piece_ids).order_by("pk"))
    if not pieces:
        raise TransitionError("请至少选择一篇已编辑的稿件。")
    wrong = [p.shown_title for p in pieces if p.status != Submission.Status.ACCEPTED]
    if wrong:
        raise TransitionError(f"以下稿件不是“已编辑，待编发”状态：{'、'.join(wrong)}。")
    if not title.strip():
        raise TransitionError("请填写本期标题。")
    issue = Issue.objects.create(
        year=timezone.localdate().year, title=title.strip(), compiled_by=actor, status=Issue.Status.APPROVAL
    )
    for piece in pieces:
        piece.issue, piece.status = issue, Submission.Status.IN_ISSUE
        piece.save(update_fields=["issue", "status"])
    _send_for_approval(issue, actor)
    record("bulletin.compile", actor=actor, obj=issue, detail={"pieces": [p.pk for p in pieces]})
    return issue


def _send_for_approval(issue, actor):
    case = api.create_case(ISSUE_PROCESS, initiator=actor, section=actor.section, title=f"简报审核签发：{issue.title}")
    issue.case = case
    issue.save(update_fields=["case"])
    api.submit(case.pk, actor)


@transaction.atomic
def reopen_issue(actor, pk):
    """An issue the approvers did not approve: its pieces go back to the office's desk."""
    require_editor(actor, "重新编辑简报")
    issue = Issue.objects.select_for_update().get(pk=pk)
    if issue.status != Issue.Status.APPROVAL or issue.case is None or issue.case.is_open:
        raise TransitionError("只有未获批准的简报可以撤回重新编辑。")
    for piece in issue.pieces.select_for_update():
        piece.issue, piece.status = None, Submission.Status.ACCEPTED
        piece.save(update_fields=["issue", "status"])
    issue.status = Issue.Status.DRAFT
    issue.save(update_fields=["status"])
    record("bulletin.reopen", actor=actor, obj=issue)
    return issue


def issue_approved(case, actor):
    """Process.on_close of bulletin.issue: the issue takes the next number of the year and is
    issued; its pieces are issued."""
    issue = Issue.objects.select_for_update().get(case=case)
    if issue.status != Issue.Status.APPROVAL:
        raise TransitionError("该期简报已编发。")
    seq, formatted, *_ = allocate(ISSUE_SCHEME, issue.year, actor=actor, target=f"bulletin.issue:{issue.pk}")
    issue.seq, issue.number = seq, formatted
    issue.status, issue.issued_on = Issue.Status.ISSUED, timezone.localdate()
    issue.save(update_fields=["seq", "number", "status", "issued_on"])
    for piece in issue.pieces.select_for_update():
        piece.status = Submission.Status.ISSUED
        piece.save(update_fields=["status"])
    record("bulletin.issued", actor=actor, obj=issue, detail={"number": formatted})


# --- adoption and the writing team --------------------------------------------------------------


@transaction.atomic
def record_adoption(actor, pk, medium, level, adopted_on, evidence):
    """采用: the office records an outside medium's publication of a piece (局办公室负责采用稿件统计)."""
    require_editor(actor, "登记采用情况")
    piece = _lock_submission(pk)
    if piece.status in (Submission.Status.RETURNED, Submission.Status.NOT_USED):
        raise TransitionError(f"稿件当前“{piece.get_status_display()}”，不能登记采用。")
    if adopted_on > timezone.localdate():
        raise TransitionError("刊发日期不能晚于今天。")
    if not medium.strip() or not evidence.strip():
        raise TransitionError("请填写采用媒体和凭证（复印件或网络稿打印件、网址）。")
    if Adoption.objects.filter(submission=piece, medium=medium.strip(), adopted_on=adopted_on).exists():
        raise TransitionError(f"{medium.strip()}{adopted_on:%Y-%m-%d}的采用已登记。")
    adoption = Adoption.objects.create(
        submission=piece,
        medium=medium.strip(),
        level=level,
        adopted_on=adopted_on,
        evidence=evidence.strip()[:200],
        registered_by=actor,
    )
    record("bulletin.adoption", actor=actor, obj=adoption, detail={"submission": piece.pk, "level": level})
    return adoption


@transaction.atomic
def set_team(actor, year, people, decided_on):
    """写作专班名单 for `year` as the party group decided it (replaces the year's list)."""
    require_editor(actor, "登记写作专班")
    if not people:
        raise TransitionError("请选择专班成员。")
    keep = {p.pk for p in people}
    TeamMember.objects.filter(year=year).exclude(person_id__in=keep).delete()
    have = set(TeamMember.objects.filter(year=year).values_list("person_id", flat=True))
    TeamMember.objects.bulk_create(
        [
            TeamMember(year=year, person=p, decided_on=decided_on, registered_by=actor)
            for p in people
            if p.pk not in have
        ]
    )
    record("bulletin.team", actor=actor, detail={"year": year, "members": sorted(keep)})
