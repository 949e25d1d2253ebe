"""Where an archived case's electronic copy and catalogue facts come from.

A section app whose cases produce a document of their own registers its renderer here, once,
from its own `archive_sources.py`, which apps/archives/apps.py imports for every app:

    from apps.archives import sources

    def render_outgoing(case):
        document = case.outgoing_document
        pdf = render_pdf("print/documents/official.html", {...}, pdf_variant=sources.PDF_VARIANT)
        return f"{document.number}.pdf", pdf

    sources.register("documents.outgoing", render_outgoing, metadata=outgoing_metadata)

* `fn(case) -> (filename, pdf_bytes)`: the document as the bureau issued it (for an outgoing
  document: the signed, numbered GB/T 9704 official document). Render it with
  apps.printing.render.render_pdf(..., pdf_variant=PDF_VARIANT) so the archive keeps PDF/A-2b;
  the archive stores the bytes as they come, with their SHA-256, and records whether they
  declare PDF/A-2b (ArchiveItem.pdf_variant).
* `metadata(case) -> dict` (optional), the 归档文件目录 facts the case record knows better than
  the engine: "doc_number" (文号, e.g. 临司发〔2026〕12号), "responsible" (责任者: the issuing
  organ, full or standard name), "title" (题名), "date" (成文日期, a date: it also fixes the
  classification year, DA/T 22 §5.2), "doc_type" (文种 as the 保管期限表 writes it, e.g. 通知),
  "classification" (密级), "pages". Missing keys fall back to the engine's: the case number,
  the bureau and section, the case title, the day the case closed.

A process without a source is archived with its approval form (审批单: every step, opinion,
actor and time; 8号令 第十条 wants the processing sheet archived with the document), rendered
as PDF/A-2b by apps.printing.approval.approval_form_pdf. A process with `files_refused` (the
classified register) is catalogued without any electronic copy. `exclude()` keeps a process's
cases out of the 待归档 list altogether (loans of documents are not documents).
"""

from dataclasses import dataclass

PDF_VARIANT = "pdf/a-2b"

_sources = {}
_excluded = set()


@dataclass(frozen=True)
class Source:
    render: object = None  # case -> (filename, pdf bytes), or None: no electronic copy
    metadata: object = None  # case -> dict


def register(process_code, fn=None, *, metadata=None):
    if process_code in _sources:
        raise ValueError(f"archive source for {process_code} registered twice")
    _sources[process_code] = Source(fn, metadata)


def exclude(process_code):
    _excluded.add(process_code)


def excluded():
    return frozenset(_excluded)


def source_for(process_code):
    return _sources.get(process_code, Source())
