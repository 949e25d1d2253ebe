"""office.meeting: 征集汇总议题 (office) → 主持人审定议题 → 印发会议通知 (office) → 会议签到
(office) → 起草会议纪要 (recorder) → 主持人审定纪要; approval of the minutes issues them.

The office's handling steps finish only through the meeting's own forms (services.py), which
record what the step produced (the compiled agenda, the notice, the sign-in, the minutes)."""

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

PROCESS = "office.meeting"
COLLECT = "collect"
AGENDA = "agenda"
NOTICE = "notice"
SIGNIN = "signin"
MINUTES = "minutes"
MINUTES_APPROVE = "minutes_approve"
NOTICE_RULE = "meeting-notice"
MINUTES_RULE = "meeting-minutes"

# The record each own step must have before it can finish (services.py sets it).
STEP_DONE = {
    COLLECT: ("agenda_compiled_at", "请在“议题汇总”中确定列入议程的议题，再报主持人审定。"),
    NOTICE: ("notice_issued_at", "请通过“印发会议通知”发出通知。"),
    SIGNIN: ("held_at", "请登记全部参会人员的签到情况后再确认会议已召开。"),
    MINUTES: ("minutes_submitted_at", "请先填写会议纪要并报主持人审定。"),
}


def _chair(case):
    return [case.meeting.chair]


def _recorder(case):
    return [case.meeting.recorder]


def _fields(case):
    from django.utils import timezone

    meeting = case.meeting
    return [
        ("会议类型", meeting.get_kind_display()),
        ("会议时间", f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"),
        ("会议地点", meeting.place),
        ("主持人", meeting.chair.full_name),
        ("记录人", meeting.recorder.full_name),
    ]


def _before_complete(case, task, actor):
    from apps.workflow.services import TransitionError

    from .models import Meeting

    done = STEP_DONE.get(task.step)
    if done and not Meeting.objects.filter(case=case, **{f"{done[0]}__isnull": False}).exists():
        raise TransitionError(done[1])


def _on_submit(case, actor):
    from .services import start_notice_clock

    start_notice_clock(case, actor)


def _on_close(case, actor):
    from .services import issue_minutes

    issue_minutes(case, actor)


MEETING = register(
    Process(
        code=PROCESS,
        label="会议",
        steps=[
            Step(COLLECT, "征集汇总议题", kind=Task.Kind.HANDLE, role="initiator"),
            Step(AGENDA, "主持人审定议题", role="process:chair"),
            Step(NOTICE, "印发会议通知", kind=Task.Kind.HANDLE, role="initiator"),
            Step(SIGNIN, "会议签到", kind=Task.Kind.HANDLE, role="initiator"),
            Step(MINUTES, "起草会议纪要", kind=Task.Kind.HANDLE, role="process:recorder"),
            Step(MINUTES_APPROVE, "主持人审定纪要", role="process:chair"),
        ],
        detail_template="meetings/includes/_meeting.html",
        domain_attr="meeting",
        edit_url_name="meetings:edit",
        resolvers={"chair": _chair, "recorder": _recorder},
        print_fields=_fields,
        on_submit=_on_submit,
        before_complete=_before_complete,
        own_steps=(COLLECT, NOTICE, SIGNIN, MINUTES),
        on_close=_on_close,
    )
)
