"""Archiving closed cases as DA/T 22 items, and lending them.

archive_case() renders the electronic copy first (outside any lock: a PDF takes a moment), then
in one transaction: locks the case, checks it is finished and the actor may archive it, calls the
engine's archive transition (unless the case page already did), takes the next 件号 of its class
(year, 保管期限, 机构) from the numbering service, which holds the class's counter row locked until
commit, and saves the item with its 档号 and the PDF's SHA-256. Two archivists archiving into
the same class at the same moment get consecutive numbers; a failure gives the number back.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OfficeRole, Rank
from apps.audit.log import record
from apps.numbering.models import NumberScheme
from apps.numbering.services import NumberingError, allocate
from apps.org.models import Section
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Sensitivity

from . import pdfinfo, sources
from .models import (
    ArchiveItem,
    ArchiveLoan,
    Fonds,
    OrgCode,
    Retention,
    RetentionRule,
    archive_number,
)
from .processes import LOAN_PROCESS

FINISHED = (Case.Status.CLOSED, Case.Status.REJECTED)


def is_archivist(user):
    return user.has_office_role(OfficeRole.ARCHIVIST)


def may_archive_any(user):
    """Archivists archive what they may see; a section chief archives their own section's cases."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.admin_role:
        return False
    return is_archivist(user) or user.rank == Rank.CHIEF


def _finished_uncatalogued(user, statuses):
    """Cases of `statuses` that `user` may see and archive and that have no catalogue entry."""
    if not may_archive_any(user):
        return Case.objects.none()
    qs = (
        Case.objects.visible_to(user)
        .filter(status__in=statuses, archive_item__isnull=True)
        .exclude(process__in=sources.excluded())
    )
    if not is_archivist(user):
        qs = qs.filter(section_id=user.section_id)
    return qs


def pending_cases(user):
    """待归档: finished cases `user` may see and archive that are not archived in any way yet.

    A case counts as archived once it is catalogued (an ArchiveItem) or marked 已归档 by the
    engine (the case page's 归档 before it led to the catalogue form): staff read 已归档 on the
    case and in every register, so the list of what still needs archiving must not offer it
    again. The marked-but-uncatalogued ones are uncatalogued_cases(), shown apart."""
    return _finished_uncatalogued(user, FINISHED)


def uncatalogued_cases(user):
    """已归档、未编目: cases marked 已归档 by the engine alone, without a 档号 in the 归档文件目录;
    the archivist (or the section chief) completes their catalogue entry through the same form."""
    return _finished_uncatalogued(user, (Case.Status.ARCHIVED,))


def catalogable_cases(user):
    """What the archive form takes: 待归档 and 已归档、未编目 cases."""
    return _finished_uncatalogued(user, (*FINISHED, Case.Status.ARCHIVED))


def archive_page(case):
    """Where the case page's 归档 leads: the archive form (excluded processes, e.g. loans, are
    archived by the engine alone)."""
    from django.urls import reverse

    return "" if case.process in sources.excluded() else reverse("archives:archive", args=[case.pk])


def get_pending_case(user, pk):
    case = catalogable_cases(user).select_related("section", "initiator").filter(pk=pk).first()
    if case is None:
        from django.http import Http404

        raise Http404
    return case


# --- what the catalogue says about a case ------------------------------------------------------


def facts(case):
    """The 归档文件目录 facts of a case: the source's metadata over the engine's defaults."""
    local_closed = timezone.localtime(case.closed_at).date() if case.closed_at else timezone.localdate()
    org = settings.ORG_NAME
    section_name = case.section.name
    defaults = {
        "doc_number": case.number,
        "responsible": org if case.section.code == "leadership" else f"{org}{section_name}",
        "title": case.title,
        "date": local_closed,
        "doc_type": "",
        "classification": "",
        "pages": None,
    }
    source = sources.source_for(case.process)
    if source.metadata:
        given = source.metadata(case) or {}
        defaults.update({key: value for key, value in given.items() if value not in (None, "")})
    return defaults


def suggest_retention(case, doc_type=""):
    """The 保管期限表's answer: the first active rule for (process, 文种), else (process, any 文种),
    else (*, any), in the table's order."""
    rules = list(RetentionRule.objects.filter(active=True, process__in=[case.process, "*"]).order_by("order", "pk"))
    tests = (
        lambda r: r.process == case.process and r.doc_type and r.doc_type == doc_type,
        lambda r: r.process == case.process and not r.doc_type,
        lambda r: r.process == "*" and not r.doc_type,
    )
    for test in tests:
        for rule in rules:
            if test(rule):
                return rule
    return None


def render_copy(case, user):
    """(filename, pdf bytes, pages, variant) of the electronic copy, or Nones when none is kept."""
    process = api.process_of(case)
    if process.files_refused:
        return None, None, None, ""
    source = sources.source_for(case.process)
    if source.render:
        filename, pdf = source.render(case)
    else:
        from apps.printing.approval import approval_form_pdf

        filename, pdf = f"{case.title[:80]}-审批单.pdf", approval_form_pdf(case, user, pdf_variant=sources.PDF_VARIANT)
    pages, variant = pdfinfo.inspect(pdf)
    return filename, pdf, pages, variant


def scheme_for(retention, org_code):
    """The numbering service's counter for one class (a scheme per 保管期限 × 机构, a series per year)."""
    code = f"archive-{retention}-{org_code}".lower()
    scheme, _ = NumberScheme.objects.get_or_create(
        code=code,
        defaults={
            "name": f"归档件号（{Retention(retention).label}·{org_code}）",
            "kind": NumberScheme.Kind.OTHER,
            "pattern": f"WS·{{year}}-{retention}-{org_code}-{{seq:04d}}",
            "owner": Section.objects.get(code="office"),
            "note": "归档文件件号（DA/T 22-2015），按年度、保管期限、机构分别从0001起连续编号；由归档时自动取号",
        },
    )
    return scheme


def archive_case(case_id, user, retention, *, pages=None, note="", title=None):
    """Archive one finished case as one item (件). Returns the ArchiveItem."""
    if retention not in Retention.values:
        raise TransitionError("请选择保管期限（永久、定期30年、定期10年）。")
    case = catalogable_cases(user).select_related("section").filter(pk=case_id).first()
    if case is None:
        raise TransitionError("该事项不在您的待归档范围内（须已办结，且您是档案员或承办科室负责人）。")
    filename, pdf, pdf_pages, variant = render_copy(case, user)
    with transaction.atomic():
        locked = api.lock_case(case.pk)
        if ArchiveItem.objects.filter(case=locked).exists():
            raise TransitionError("该事项已经归档编目。")
        if locked.status in FINISHED:
            api.archive(locked.pk, user)
        elif locked.status != Case.Status.ARCHIVED:
            raise TransitionError("只有已办结的事项才能归档。")
        elif not (is_archivist(user) or (user.rank == Rank.CHIEF and user.section_id == locked.section_id)):
            raise TransitionError("只有档案员或承办科室负责人可以归档。")
        fonds = Fonds.objects.filter(active=True).first()
        if fonds is None:
            raise TransitionError("尚未设置全宗号，请系统管理员在后台“全宗”中设置后再归档。")
        org = OrgCode.objects.filter(section_id=locked.section_id).first()
        if org is None:
            raise TransitionError(f"“{locked.section.name}”尚无机构（问题）代码，请系统管理员在后台设置后再归档。")
        info = facts(locked)
        page_count = pages or info.get("pages") or pdf_pages
        if not page_count:
            raise TransitionError("请填写页数。")
        year = info["date"].year
        try:
            number = allocate(
                scheme_for(retention, org.code).code, year, actor=user, target=f"workflow.case:{locked.pk}"
            )
        except NumberingError as exc:
            raise TransitionError(str(exc)) from None
        if number.seq > 9999:
            raise TransitionError("本类件号已超过9999，请联系系统管理员调整分类。")
        item = ArchiveItem(
            case=locked,
            section=locked.section,
            fonds_code=fonds.code,
            year=year,
            retention=retention,
            org_code=org.code,
            item_no=number.seq,
            archive_no=archive_number(fonds.code, year, retention, org.code, number.seq),
            doc_number=(info["doc_number"] or "")[:80],
            responsible=info["responsible"][:100],
            title=(title or info["title"])[:300],
            doc_date=info["date"],
            classification=info["classification"][:20],
            pages=page_count,
            note=note.strip()[:200],
            archived_by=user,
        )
        if pdf is not None:
            item.pdf_name = filename[:200]
            item.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            item.pdf_variant = variant
            item.pdf.save("copy.pdf", ContentFile(pdf), save=False)
        item.full_clean(exclude=["case", "section", "archived_by", "pdf"])
        try:
            item.save()
        except Exception:
            if item.pdf:
                item.pdf.delete(save=False)
            raise
        record(
            "archives.archive",
            actor=user,
            obj=locked,
            detail={"archive_no": item.archive_no, "retention": retention, "sha256": item.pdf_sha256},
        )
    return item


def file_sha256(item):
    digest = hashlib.sha256()
    with item.pdf.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- lending -----------------------------------------------------------------------------------------


def lendable(user):
    """Items `user` may ask to borrow: those they may see, not classified (密件 go through the
    confidential clerk), not out on another loan."""
    return (
        ArchiveItem.objects.visible_to(user).filter(classification="").exclude(loans__case__status=Case.Status.ACTIVE)
    )


def _loan_title(items):
    first = items[0].archive_no
    return f"借阅档案 {first}" + (f" 等{len(items)}件" if len(items) > 1 else "")


@transaction.atomic
def save_loan(user, data, case=None, submit=False):
    """Create (case=None) or change the user's draft loan request; optionally submit it."""
    if user.admin_role or user.section_id is None:
        raise TransitionError("管理员账号不能借阅档案。")
    items = list(data["items"])
    if not items:
        raise TransitionError("请选择要借阅的档案。")
    allowed = set(lendable(user).filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True))
    if case is not None:  # the request's own items stay lendable to it
        allowed |= set(ArchiveLoan.objects.get(case=case).items.values_list("pk", flat=True))
    refused = [i.archive_no for i in items if i.pk not in allowed]
    if refused:
        raise TransitionError(f"{'、'.join(refused)}不可借阅（无权查看、属于密件或已借出）。")
    title = _loan_title(items)
    if case is None:
        case = api.create_case(
            LOAN_PROCESS,
            initiator=user,
            section=Section.objects.get(code="office"),
            title=title,
            sensitivity=Sensitivity.INTERNAL,
            step_label="申请",
        )
        loan = ArchiveLoan(case=case)
    else:
        case = api.lock_draft(case.pk, user, process=LOAN_PROCESS)
        api.save_draft(case, user, title=title)
        loan = ArchiveLoan.objects.select_for_update().get(case=case)
    loan.purpose = data["purpose"].strip()[:200]
    loan.mode = data["mode"]
    loan.days = data["days"]
    loan.save()
    loan.items.set(items)
    if submit:
        api.submit(case.pk, user)
    return loan
