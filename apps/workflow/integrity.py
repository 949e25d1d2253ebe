"""Stored files stay what was uploaded: the SHA-256 recorded at upload is checked before every
download and by a periodic re-hash of every file (Celery beat, every FILE_VERIFY_HOURS; the
same run by hand: `manage.py verify_files`).

A mismatch or a missing file is refused to the user with a Chinese message, flagged on the
attachment, audited ("file.integrity_failed") and, the first time it is found, reported to the
security administrators as a notice (shown on their admin home page; e-mailed to those who
asked for e-mail). A file that verifies again (restored from backup) is marked sound.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record
from apps.audit.models import AuditEvent

from .models import Attachment, Notification

CHUNK = 1024 * 1024

REFUSED_MESSAGE = (
    "该附件与上传时记录的校验值不一致（可能已损坏或被篡改），系统已停止下载并通知安全管理员。"
    "请联系安全管理员从备份中恢复。"
)
MISSING_MESSAGE = "该附件的文件已不在存储中，系统已通知安全管理员。请联系安全管理员从备份中恢复。"


class FileIntegrityError(Exception):
    def __init__(self, problem):
        self.problem = problem
        super().__init__(MISSING_MESSAGE if problem == Attachment.Integrity.MISSING else REFUSED_MESSAGE)


def stored_sha256(fieldfile):
    digest = hashlib.sha256()
    with fieldfile.storage.open(fieldfile.name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check(attachment):
    """'ok', 'mismatch' or 'missing' for the file as stored now."""
    try:
        actual = stored_sha256(attachment.file)
    except FileNotFoundError:
        return Attachment.Integrity.MISSING
    return Attachment.Integrity.OK if actual == attachment.sha256 else Attachment.Integrity.MISMATCH


def open_verified(attachment, actor):
    """The stored file, open for reading, once it has matched its recorded SHA-256; otherwise
    the failure is recorded and FileIntegrityError raised (nothing is served)."""
    problem = check(attachment)
    if problem != Attachment.Integrity.OK:
        report_failure(attachment, problem, actor=actor, source="download")
        raise FileIntegrityError(problem)
    if attachment.integrity != Attachment.Integrity.OK:
        Attachment.objects.filter(pk=attachment.pk).update(
            integrity=Attachment.Integrity.OK, integrity_checked_at=timezone.now()
        )
    return attachment.file.storage.open(attachment.file.name, "rb")


def _describe(attachment):
    # Ids only: an original file name can itself be personal data (张三身份证.jpg).
    return f"事项 #{attachment.case_id} 的附件 #{attachment.pk}"


def report_failure(attachment, problem, actor=None, source="download", now=None):
    """Flag, audit, and tell the security administrators the first time this problem is seen.
    Returns True when this call found it first."""
    from django.contrib.auth import get_user_model

    from apps.accounts.models import AdminRole

    now = now or timezone.now()
    with transaction.atomic():
        newly = (
            Attachment.objects.filter(pk=attachment.pk)
            .exclude(integrity=problem)
            .update(integrity=problem, integrity_checked_at=now)
        )
        record(
            "file.integrity_failed",
            actor=actor,
            obj=attachment,
            object_repr=_describe(attachment),
            outcome=AuditEvent.Outcome.FAILURE,
            detail={"attachment": attachment.pk, "case": attachment.case_id, "problem": problem, "source": source},
        )
        if newly:
            what = "与上传时记录的 SHA-256 不一致" if problem == Attachment.Integrity.MISMATCH else "的文件已丢失"
            found = "用户下载时发现" if source == "download" else "定期复核时发现"
            message = (
                f"文件完整性告警：{_describe(attachment)}{what}（{found}），下载已停止。请从备份恢复该文件并查明原因。"
            )
            admins = get_user_model().objects.filter(admin_role=AdminRole.SECURITY, is_active=True)
            for admin in admins:
                Notification.objects.update_or_create(
                    key=f"file-integrity:{attachment.pk}:{admin.pk}",
                    defaults={
                        "user": admin,
                        "kind": Notification.Kind.SECURITY,
                        "message": message[:300],
                        "url": "",
                        "created_at": now,
                        "read_at": None,
                        "emailed_at": None,
                        "email_wanted": bool(admin.notify_by_email and admin.email),
                    },
                )
    return bool(newly)


def verify_all(now=None, batch_size=200):
    """Re-hash every stored attachment. Returns {"checked", "ok", "mismatch", "missing", "bytes"}
    and records the run in the audit log ("file.verify")."""
    now = now or timezone.now()
    summary = {"checked": 0, "ok": 0, "mismatch": 0, "missing": 0, "bytes": 0}
    sound = []
    for attachment in Attachment.objects.order_by("pk").iterator(chunk_size=batch_size):
        problem = check(attachment)
        summary["checked"] += 1
        summary[problem] += 1
        if problem == Attachment.Integrity.OK:
            summary["bytes"] += attachment.size
            sound.append(attachment.pk)
            if len(sound) >= batch_size:
                _mark_sound(sound, now)
                sound = []
        else:
            report_failure(attachment, problem, source="verify_files", now=now)
    _mark_sound(sound, now)
    record("file.verify", detail={k: v for k, v in summary.items() if k != "bytes"})
    return summary


def _mark_sound(pks, now):
    if pks:
        Attachment.objects.filter(pk__in=pks).update(integrity=Attachment.Integrity.OK, integrity_checked_at=now)
