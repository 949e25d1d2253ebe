"""Seals, keepers and requests made the way the pages make them."""

from io import BytesIO
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import OfficeRole, Rank
from apps.seals import services
from apps.seals.models import Seal, SealChain, SealKind
from apps.seals.processes import STAMP_STEP
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.conftest import make_user

PDF = b"%PDF-1.4\n% the document to be stamped\n%%EOF\n"


def pdf_upload(name="待盖章文件.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_upload(name="印模.png"):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 40), (200, 16, 32)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_seals(bureau, username="keeper"):
    keeper = make_user(
        username, bureau["office"], Rank.STAFF, office_role=OfficeRole.SEAL_KEEPER, full_name="印章管理员"
    )
    office = bureau["office"]
    official = Seal.objects.create(name="测试区司法局", kind=SealKind.OFFICIAL, owner_unit=office, keeper=keeper)
    signature = Seal.objects.create(
        name="局长签名章", kind=SealKind.SIGNATURE, owner_unit=office, keeper=keeper, approval_chain=SealChain.DIRECTOR
    )
    return SimpleNamespace(keeper=keeper, official=official, signature=signature)


def new_use(
    user,
    seal,
    *,
    copies=3,
    document=True,
    document_case=None,
    exception_reason="",
    submit=False,
    document_title="关于印发2026年普法工作要点的通知",
    reason="普法工作要点印发各镇街，需加盖公章。",
):
    data = {
        "seal": seal,
        "reason": reason,
        "document_title": document_title,
        "document_case": document_case,
        "copies": copies,
        "exception": bool(exception_reason),
        "exception_reason": exception_reason,
    }
    case = services.save_use_request(user, data, [pdf_upload()] if document else [], submit=submit)
    case.refresh_from_db()
    return case


def pending(case):
    return list(case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ).select_related("assignee"))


def approve_until_stamping(case):
    """Every approver agrees, in route order, until the request waits for the keeper."""
    case.refresh_from_db()
    while case.current_step != STAMP_STEP:
        tasks = pending(case)
        assert tasks, f"stuck at {case.current_step}"
        for task in tasks:
            engine.approve(case.pk, task.pk, task.assignee, "同意。")
        case.refresh_from_db()
    return case
