"""Uploads: size and type limits, a SHA-256 taken while streaming, random storage names."""

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File

from .models import Attachment

# Leading bytes of the formats the bureau exchanges. Office files (docx/xlsx/ofd) are zip
# containers; legacy doc/xls are OLE2 compound files.
_SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "zip": [b"PK\x03\x04", b"PK\x05\x06"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "ofd": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}


def validate_upload(uploaded):
    """Raise ValidationError (Chinese message) unless the file is an allowed type and size."""
    name = PurePath(uploaded.name).name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [e.lower() for e in settings.UPLOAD_ALLOWED_EXTENSIONS]
    if extension not in allowed:
        raise ValidationError(f"“{name}”的文件类型不允许上传（允许：{'、'.join(allowed)}）。")
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            f"“{name}”超过大小限制（{uploaded.size / 1048576:.1f} MB，上限 {settings.UPLOAD_MAX_BYTES // 1048576} MB）。"
        )
    if uploaded.size == 0:
        raise ValidationError(f"“{name}”是空文件。")
    signatures = _SIGNATURES.get(extension)
    if signatures:
        uploaded.seek(0)
        head = uploaded.read(16)
        uploaded.seek(0)
        if not any(head.startswith(sig) for sig in signatures):
            raise ValidationError(f"“{name}”的内容与扩展名不符，可能已损坏或被改名。")
    if extension == "txt":
        uploaded.seek(0)
        try:
            uploaded.read(65536).decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(f"“{name}”不是 UTF-8 文本文件。") from None
        uploaded.seek(0)
    return name


def save_attachment(case, uploaded, user):
    """Store one validated upload against a case. Call inside the caller's transaction."""
    name = validate_upload(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    attachment = Attachment(
        case=case,
        original_name=name[:200],
        size=uploaded.size,
        sha256=digest.hexdigest(),
        content_type=getattr(uploaded, "content_type", "")[:100],
        uploaded_by=user,
    )
    attachment.file.save(name, File(uploaded), save=False)
    attachment.save()
    return attachment


def file_sha256(attachment):
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()
