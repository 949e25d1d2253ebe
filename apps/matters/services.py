"""事项审批 (general requests): creating, editing and submitting one, through the engine's API."""

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from apps.workflow import api
from apps.workflow.api import save_attachment
from apps.workflow.models import Case

from .models import GeneralRequest
from .processes import PROCESS_CODE


@transaction.atomic
def save_request(
    actor,
    data: dict[str, Any],
    attachments: Iterable[UploadedFile] = (),
    *,
    case: Case | None = None,
    submit: bool = False,
) -> Case:
    """Create a general request (case=None) or update the actor's own draft or returned one,
    with its attachments, in one transaction; submit it when asked. TransitionError (Chinese)
    when the case was submitted meanwhile or is someone else's."""
    if case is None:
        case = api.create_case(
            PROCESS_CODE, initiator=actor, section=actor.section, title=data["title"], sensitivity=data["sensitivity"]
        )
        general = GeneralRequest(case=case)
    else:
        case = api.lock_draft(case.pk, actor, process=PROCESS_CODE)
        api.save_draft(case, actor, title=data["title"], sensitivity=data["sensitivity"])
        general = case.general_request
    general.body = data["body"]
    general.amount = data["amount"]
    general.save()
    general.countersign_sections.set(data["countersign_sections"])
    for upload in attachments:
        save_attachment(case, upload, actor)
    if submit:
        api.submit(case.pk, actor)
    return case
