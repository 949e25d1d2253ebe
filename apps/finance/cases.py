"""What the finance app's services share: opening and editing a draft, and the checks every
step form makes. Built on the engine's public API (apps/workflow/api.py)."""

from django.utils import timezone

from apps.audit.log import record
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Task

NOT_HERE = "该事项当前不在此环节，不能办理。"


def first_line(text, size=40):
    return (text.strip().splitlines() or [""])[0][:size]


def not_future(day, what):
    if day > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")


def set_fields(obj, data, fields):
    for name in fields:
        setattr(obj, name, data[name])


def new_case(process, user, title, confidential=False):
    """A new draft of `process` in the user's section. Personal money matters (claims, advances)
    are confidential: only the people on the route see them (限定知悉范围), not the whole section."""
    if user.admin_role or user.section_id is None:
        raise TransitionError("您的账号未隶属科室，不能发起。")
    return api.create_case(process, initiator=user, section=user.section, title=title, is_confidential=confidential)


def open_draft(user, process, model, title, case=None, confidential=False):
    """(case, domain row) of a new draft of `user`, or of their existing draft `case` (both
    locked, the title updated and the version moved on)."""
    if case is None:
        case = new_case(process, user, title, confidential)
        return case, model(case=case)
    case = api.lock_draft(case.pk, user, process=process)
    api.save_draft(case, user, title=title)
    return case, model.objects.select_for_update(of=("self",)).get(case=case)


def finish_draft(case, user, event, submit, detail=None):
    """Audit the saved draft and submit it when asked."""
    record(event, actor=user, obj=case, detail=detail or {})
    if submit:
        api.submit(case.pk, user)
    return case


def step_task(case, actor, step, refusal):
    """The actor's pending handling task of `step` on the locked `case` (their own or as a
    delegate), or TransitionError: NOT_HERE when the case is at another step, else `refusal`."""
    if case.current_step != step:
        raise TransitionError(NOT_HERE)
    return api.pending_task(case, actor, step=step, kinds=[Task.Kind.HANDLE], refusal=refusal)
