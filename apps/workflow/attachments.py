"""Uploads: size limits, type checked by content (filetypes.py), a SHA-256 taken while
streaming, random storage names under MEDIA_ROOT (never served by URL: checks.py). The hash is
verified again on every download and by the periodic re-hash (integrity.py)."""

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File

from .filetypes import CONTENT_TYPES, content_matches
from .models import Attachment


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


NAME_LIMIT = 200  # Attachment.original_name


def shortened_name(name, limit=NAME_LIMIT):
    """The name cut to `limit` characters by shortening the stem, never the extension: a
    246-character "….pdf" stays a PDF when it is downloaded ("…（略）.pdf")."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return name[:limit]
    marker = "…"
    return stem[: limit - len(extension) - 1 - len(marker)] + marker + "." + extension


def validate_upload(uploaded):
    """Raise ValidationError (Chinese message) unless the file is an allowed type and size."""
    name = PurePath(uploaded.name).name
    extension = extension_of(name)
    allowed = [e.lower() for e in settings.UPLOAD_ALLOWED_EXTENSIONS]
    if extension not in allowed:
        raise ValidationError(f"“{name}”的文件类型不允许上传（允许：{'、'.join(allowed)}）。")
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            f"“{name}”超过大小限制（{uploaded.size / 1048576:.1f} MB，上限 {settings.UPLOAD_MAX_BYTES // 1048576} MB）。"
        )
    if uploaded.size == 0:
        raise ValidationError(f"“{name}”是空文件。")
    if not content_matches(extension, uploaded):
        if extension == "txt":
            raise ValidationError(f"“{name}”不是 UTF-8 或 GBK 编码的纯文本文件。")
        raise ValidationError(f"“{name}”的内容与扩展名不符，可能已损坏或被改名。")
    return name


class FilesRefused(ValidationError):
    """The case's process keeps no files (a register of state secrets): nothing is stored."""


def refuse_files(case):
    """Raise FilesRefused (with the process's reason, in Chinese) if `case` may hold no files."""
    reason = case.process_def.files_refused
    if reason:
        raise FilesRefused(reason)


def save_attachment(case, uploaded, user):
    """Store one validated upload against a case. Call inside the caller's transaction.

    Cases of a process with `files_refused` (classified registers) never get a file: the
    refusal comes before the upload is even read, whichever page sent it."""
    refuse_files(case)
    name = validate_upload(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    attachment = Attachment(
        case=case,
        original_name=shortened_name(name),
        size=uploaded.size,
        sha256=digest.hexdigest(),
        content_type=CONTENT_TYPES[extension_of(name)],
        uploaded_by=user,
    )
    attachment.file.save(name, File(uploaded), save=False)
    attachment.save()
    return attachment


def file_sha256(attachment):
    """SHA-256 (hex) of the stored file, read in chunks (FileNotFoundError if it is gone)."""
    from .integrity import stored_sha256

    return stored_sha256(attachment.file)
