"""The documents' printed forms, through the one printer (apps.printing.render_pdf):

* the signed outgoing document laid out per GB/T 9704-2012 (print/documents/official.html);
* the 发文稿纸 (routing sheet): every signature and opinion from 拟稿 to 分发, then the text;
* the 收文处理笺: registration, 拟办, each leader's 批示, 承办 and the read receipts.
"""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.audit.log import record
from apps.printing.render import render_pdf
from apps.printing.views import pdf_response
from apps.workflow.models import CaseEvent, Task
from apps.workflow.views import get_case_for_user

from .processes import ASSIGN, HANDLE, INCOMING, INSTRUCT_PREFIX, OFFICE_STEPS, OUTGOING, PLAN, READING, SIGN_PREFIX

HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")


def chinese_date(day):
    """成文日期 as GB/T 9704 writes it: Arabic numerals, full year, no padding (2026年3月1日)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def paragraphs(body):
    """[(level, lead, rest)]: level 1 headings (一、) in 黑体, level 2 (（一）) in 楷体, where the
    heading's own sentence (up to its first 。) takes the heading face and the rest stays 仿宋."""
    result = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        level = 1 if HEADING_1.match(line) else 2 if HEADING_2.match(line) else 0
        if level:
            lead, stop, rest = line.partition("。")
            result.append((level, lead + stop, rest))
        else:
            result.append((0, "", line))
    return result


def _case(request, pk, process):
    case = get_case_for_user(request.user, pk)
    if case.process != process:
        raise Http404
    return case


def _events(case):
    return list(
        case.events.exclude(
            action__in=[
                CaseEvent.Action.GRANT,
                CaseEvent.Action.ATTACH,
                CaseEvent.Action.RECORD,
                CaseEvent.Action.CLOCK,
            ]
        )
        .select_related("actor__section", "on_behalf_of", "task")
        .order_by("created_at", "id")
    )


def official_context(case):
    doc = case.outgoing_document
    org = settings.ORG_NAME
    issued = doc.printed_on or doc.signed_on or timezone.localdate()
    return {
        "case": case,
        "doc": doc,
        "org_name": org,
        "mark": f"{org}文件",
        "paragraphs": paragraphs(doc.body),
        "attachments": doc.attachment_names,
        "main_recipients": doc.main_recipients.strip().rstrip("：:。"),
        "copy_recipients": doc.copy_recipients.strip().rstrip("。，,、"),
        "date": chinese_date(doc.signed_on or timezone.localdate()),
        "issuer": f"{org}办公室",
        "issued": chinese_date(issued),
        "signer": doc.signer.full_name if doc.signer_id else "",
    }


@login_required
@require_GET
def official_document(request, pk):
    """The outgoing document as GB/T 9704 lays it out (a draft before numbering says so)."""
    case = _case(request, pk, OUTGOING)
    pdf = render_pdf("print/documents/official.html", official_context(case), request)
    record("print.official_document", actor=request.user, obj=case)
    return pdf_response(pdf, f"{case.outgoing_document.number or case.title}.pdf")


def sheet_context(case, user=None):
    doc = case.outgoing_document
    events = _events(case)

    def at(prefix):
        return [e for e in events if e.task_id and e.task.step.startswith(prefix) and e.action != CaseEvent.Action.READ]

    return {
        "case": case,
        "doc": doc,
        "org_name": settings.ORG_NAME,
        "signs": at(SIGN_PREFIX),
        "countersigns": at("countersign"),
        "reviews": at("review-"),
        "office": [e for e in events if e.task_id and e.task.step in OFFICE_STEPS],
        "returns": [
            e
            for e in events
            if e.action in (CaseEvent.Action.RETURN, CaseEvent.Action.REJECT, CaseEvent.Action.WITHDRAW)
        ],
        "submitted": next((e for e in events if e.action == CaseEvent.Action.SUBMIT), None),
        "paragraphs": paragraphs(doc.body),
        "printed_by": user,
        "printed_at": timezone.localtime(),
    }


@login_required
@require_GET
def draft_sheet(request, pk):
    """发文稿纸: who drafted, reviewed, countersigned and signed, with every opinion, then the text."""
    case = _case(request, pk, OUTGOING)
    pdf = render_pdf("print/documents/draft_sheet.html", sheet_context(case, request.user), request)
    record("print.draft_sheet", actor=request.user, obj=case)
    return pdf_response(pdf, f"{case.outgoing_document.number or case.title}-发文稿纸.pdf")


def slip_context(case, user=None):
    doc = case.incoming_document
    events = _events(case)
    return {
        "case": case,
        "doc": doc,
        "org_name": settings.ORG_NAME,
        "plan": [e for e in events if e.task_id and e.task.step == PLAN and e.action == CaseEvent.Action.DONE],
        "instructions": [e for e in events if e.task_id and e.task.step.startswith(INSTRUCT_PREFIX)],
        "handling": [e for e in events if e.task_id and e.task.step in (ASSIGN, HANDLE, READING)],
        "reads": list(case.tasks.filter(kind=Task.Kind.READ).select_related("assignee").order_by("created_at", "id")),
        "co_sections": "、".join(s.name for s in doc.co_sections.all()),
        "printed_by": user,
        "printed_at": timezone.localtime(),
    }


@login_required
@require_GET
def incoming_slip(request, pk):
    """收文处理笺: registration, 拟办, each leader's 批示, 承办 and the read receipts."""
    case = _case(request, pk, INCOMING)
    pdf = render_pdf("print/documents/incoming_slip.html", slip_context(case, request.user), request)
    record("print.incoming_slip", actor=request.user, obj=case)
    return pdf_response(pdf, f"{case.incoming_document.receipt_number}-收文处理笺.pdf")


# --- the archive's electronic copies (apps.archives.sources, DA/T 22) ---------------------------


def archive_outgoing(case, pdf_variant):
    """The document as issued: the signed, numbered GB/T 9704 official document."""
    doc = case.outgoing_document
    pdf = render_pdf("print/documents/official.html", official_context(case), pdf_variant=pdf_variant)
    return f"{doc.number or case.title}.pdf", pdf


def outgoing_metadata(case):
    doc = case.outgoing_document
    return {
        "doc_number": doc.number,
        "responsible": settings.ORG_NAME,
        "title": case.title,
        "date": doc.signed_on,
        "doc_type": doc.get_doc_type_display().removesuffix("（令）"),
    }


def archive_incoming(case, pdf_variant):
    """An incoming document's own record: the 收文处理笺 (8号令 第十条: archived with the document)."""
    pdf = render_pdf("print/documents/incoming_slip.html", slip_context(case), pdf_variant=pdf_variant)
    return f"{case.incoming_document.receipt_number}-收文处理笺.pdf", pdf


def incoming_metadata(case):
    doc = case.incoming_document
    return {
        "doc_number": doc.source_number,
        "responsible": doc.source_org,
        "title": case.title,
        "date": doc.document_date or timezone.localdate(doc.received_at),
        "doc_type": doc.get_doc_type_display().removesuffix("（令）") if doc.doc_type else "",
        "pages": doc.pages,
    }
