"""Closed documents become DA/T 22 archive items (apps.archives) with their own electronic copy:
the signed GB/T 9704 document for an outgoing one, the 收文处理笺 for an incoming one, PDF/A-2b."""

import shutil
import subprocess
import tempfile

import pytest
from django.conf import settings

from apps.documents import services
from apps.documents.models import OutgoingRecipient
from apps.documents.processes import DISTRIBUTE, HANDLE
from apps.workflow import services as engine
from tests.documents.factories import draft, pending, print_run, seal_through_request, sign_all, to_handling

archives = pytest.importorskip("apps.archives.services")
pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")]


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout


def closed_outgoing(office, people):
    case = sign_all(draft(people.clerk, title="关于做好年度档案整理工作的通知"))
    services.number(case.pk, office.receiver)
    print_run(case, office, 10)
    seal_through_request(case, office)
    ids = list(OutgoingRecipient.objects.filter(document__case=case).values_list("pk", flat=True))
    services.mark_recipients(case.pk, office.receiver, ids, OutgoingRecipient.Status.SENT)
    services.finish_distribution(case.pk, pending(case, DISTRIBUTE)[0].pk, office.receiver)
    return case


def test_an_outgoing_document_is_archived_with_its_official_document(office, people):
    from tests.archives.factories import fonds

    fonds()
    case = closed_outgoing(office, people)
    number = case.outgoing_document.number
    item = archives.archive_case(case.pk, people.archivist, "D30")
    assert item.doc_number == number and item.responsible == settings.ORG_NAME
    assert item.pdf_variant == "PDF/A-2b" and item.pdf_name == f"{number}.pdf"
    with item.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert number in text and "淄博市临淄区司法局文件" in text and "印发" in text


def test_an_incoming_document_is_archived_with_its_processing_slip(office, people):
    from tests.archives.factories import fonds

    fonds()
    case = to_handling(office, people, people.outsider.section)
    task = pending(case, HANDLE)[0]
    engine.complete(case.pk, task.pk, task.assignee, "已按要求报送。")
    item = archives.archive_case(case.pk, people.archivist, "D10")
    doc = case.incoming_document
    assert item.doc_number == doc.source_number and item.responsible == doc.source_org
    assert item.pdf_variant == "PDF/A-2b"
    with item.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "收文处理笺" in text and doc.receipt_number in text and "已按要求报送。" in text
