"""office.meeting: 征集汇总议题 (office) → 主持人审定议题 → 印发会议通知 (office) → 会议签到
(office) → 起草会议纪要 (recorder) → 主持人审定纪要; approval of the minutes issues them.

The office's handling steps finish only through the meeting's own forms (services.py), which
record what the step produced (the compiled agenda, the notice, the sign-in, the minutes)."""

from django.utils import timezone

from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register
from apps.workflow.rules import deadline_rule

PROCESS = "office.meeting"
COLLECT = "collect"
AGENDA = "agenda"
NOTICE = "notice"
SIGNIN = "signin"
MINUTES = "minutes"
MINUTES_APPROVE = "minutes_approve"
NOTICE_RULE = deadline_rule("meeting-notice")
MINUTES_RULE = deadline_rule("meeting-minutes")


@register
class MeetingProcess(Process):
    code = PROCESS
    label = "会议"
    steps = [
        Step(COLLECT, "征集汇总议题", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(AGENDA, "主持人审定议题", role="process:chair"),
        Step(NOTICE, "印发会议通知", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(SIGNIN, "会议签到", kind=Task.Kind.HANDLE, role="initiator", finished_by_own_form=True),
        Step(MINUTES, "起草会议纪要", kind=Task.Kind.HANDLE, role="process:recorder", finished_by_own_form=True),
        Step(MINUTES_APPROVE, "主持人审定纪要", role="process:chair"),
    ]
    detail_template = "meetings/includes/_meeting.html"
    domain_attr = "meeting"
    edit_url_name = "meetings:edit"

    def resolve(self, key, case):
        meeting = case.meeting
        people = {"chair": meeting.chair, "recorder": meeting.recorder}
        if key not in people:
            raise ValueError(f"unknown role spec process:{key!r} for {self.code}")
        return [people[key]]

    def print_fields(self, case):
        meeting = case.meeting
        return [
            ("会议类型", meeting.get_kind_display()),
            ("会议时间", f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"),
            ("会议地点", meeting.place),
            ("主持人", meeting.chair.full_name),
            ("记录人", meeting.recorder.full_name),
        ]

    def on_submit(self, case, actor):
        from .services import start_notice_clock

        start_notice_clock(case, actor)

    def on_close(self, case, actor):
        from .services import issue_minutes

        issue_minutes(case, actor)
