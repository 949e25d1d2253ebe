"""The lists that export to Excel, each with the page's own filters and visibility rule.

Every register's queryset starts from the visibility rule (`visible_to(user)`, or the audit
administrator check), so a background job rebuilt later for the same requester exports only
what that person may see at that time. Querysets use fixed select_related joins: the number
of SQL statements of an export does not depend on its number of rows (tested).
"""

import json

from .exports import Column, Register

SORT_LABELS = {"": "按送达时间", "due": "按期限（最紧先）", "acted": "按办理时间"}


def _section_name(pk):
    from apps.org.models import Section

    return Section.objects.filter(pk=pk).values_list("name", flat=True).first() or pk


def _process_label(code):
    from apps.workflow.processes import all_processes

    process = all_processes().get(code)
    return process.label if process else code


def _common_filters(params):
    described = []
    if params.get("q"):
        described.append(("关键词", params["q"]))
    if params.get("section"):
        described.append(("科室", _section_name(params["section"])))
    if params.get("process"):
        described.append(("类型", _process_label(params["process"])))
    if params.get("due_before"):
        described.append(("期限不晚于", params["due_before"]))
    if params.get("sort"):
        described.append(("排序", SORT_LABELS.get(params["sort"], params["sort"])))
    return described


class GeneralRequests(Register):
    """事项审批 list (/matters/)."""

    name = "general_requests"
    title = "事项审批台账"
    plain_filters = ("section", "due_before", "sort")

    def columns(self, params):
        return [
            Column("标题", 44),
            Column("科室", 18),
            Column("发起人", 10),
            Column("金额（元）", 14, "money"),
            Column("状态", 10),
            Column("当前环节", 16),
            Column("当前办理人", 16),
            Column("期限", 12, "date"),
            Column("创建时间", 17, "datetime"),
        ]

    def queryset(self, user, params):
        from apps.matters.views import visible_requests

        return visible_requests(user, params)

    def row(self, r, params):
        case = r.case
        return [
            case.title, case.section.name, case.initiator.full_name, r.amount, case.get_status_display(),
            case.current_step_label, case.current_assignees, case.due_date, case.created_at,
        ]

    def describe(self, params):
        return _common_filters(params)


class Inbox(Register):
    """工作台: each tab (待办, 超期, 待阅, 已办, 已阅, 我发起的, 科室队列) with its filters."""

    name = "inbox"
    title = "工作台"
    plain_filters = ("tab", "section", "process", "due_before", "sort")

    def _tab(self, params):
        from apps.workflow import inbox

        return inbox.TAB_BY_KEY[params.get("tab") or "todo"]

    def title_for(self, params):
        return f"工作台-{self._tab(params).label}"

    def columns(self, params):
        tab = self._tab(params)
        if tab.kind == "case":
            return [
                Column("事项", 44), Column("编号", 14), Column("类型", 12), Column("状态", 10),
                Column("当前环节", 16), Column("当前办理人", 16), Column("期限", 12, "date"),
                Column("创建时间", 17, "datetime"),
            ]
        acted = tab.key in ("done", "read")
        return [
            Column("事项", 44), Column("编号", 14), Column("类型", 12), Column("科室", 18), Column("环节", 16),
            Column("办理人", 10), Column("办理结果", 10),
            Column("办理时间" if acted else "送达时间", 17, "datetime"), Column("期限", 12, "date"),
            Column("说明", 30),
        ]

    def queryset(self, user, params):
        from apps.workflow import inbox
        from apps.workflow.models import Case

        tab = self._tab(params)
        if tab not in inbox.tabs_for(user):  # e.g. no longer a chief when the job runs
            return Case.objects.none() if tab.kind == "case" else inbox.Task.objects.none()
        qs = inbox.apply_filters(inbox.tab_queryset(user, tab.key), tab.kind, params)
        visible = Case.objects.visible_to(user).values("pk")
        return qs.filter(pk__in=visible) if tab.kind == "case" else qs.filter(case__in=visible)

    def row(self, obj, params):
        if self._tab(params).kind == "case":
            return [
                obj.title, obj.number, _process_label(obj.process),
                obj.get_status_display(), obj.current_step_label, obj.current_assignees, obj.due_date, obj.created_at,
            ]
        case = obj.case
        acted = self._tab(params).key in ("done", "read")
        return [
            case.title, case.number, _process_label(case.process), case.section.name,
            obj.step_label, obj.assignee.full_name, obj.get_decision_display() if obj.decision else "",
            obj.acted_at if acted else obj.created_at, obj.due_date if acted else obj.effective_due, obj.note,
        ]

    def describe(self, params):
        return [("页签", self._tab(params).label)] + _common_filters(params)


class AuditLog(Register):
    """审计日志 (/audit/): the audit administrator only."""

    name = "audit"
    title = "审计日志"
    plain_filters = ("event", "object_type", "outcome", "start", "end")

    def allowed(self, user):
        return user.is_active and user.is_audit_admin

    def columns(self, params):
        return [
            Column("序号", 10, "integer"), Column("时间", 20, "seconds"), Column("操作人", 12), Column("事件", 26),
            Column("结果", 8), Column("对象类型", 18), Column("对象编号", 10), Column("对象", 30),
            Column("来源地址", 16), Column("请求编号", 14), Column("详情", 50),
        ]

    def queryset(self, user, params):
        from apps.audit.models import AuditEvent
        from apps.audit.views import AuditFilterForm, filter_events

        if not self.allowed(user):
            return AuditEvent.objects.none()
        return filter_events(AuditFilterForm(params))

    def row(self, e, params):
        return [
            e.pk, e.created_at, e.actor_name, e.event, e.get_outcome_display(), e.object_type, e.object_id,
            e.object_repr, e.ip, e.request_id, json.dumps(e.detail, ensure_ascii=False) if e.detail else "",
        ]

    def describe(self, params):
        from django.contrib.auth import get_user_model

        from apps.audit.models import AuditEvent

        labels = {
            "event": "事件", "object_type": "对象类型", "object_id": "对象编号", "ip": "来源地址",
            "start": "起始日期", "end": "截止日期",
        }
        described = []
        if params.get("outcome"):
            outcomes = dict(AuditEvent.Outcome.choices)
            described.append(("结果", outcomes.get(params["outcome"], params["outcome"])))
        if params.get("actor"):
            user = get_user_model().objects.filter(pk=params["actor"]).first()
            described.append(("操作人", user.full_name or user.username if user else params["actor"]))
        described += [(label, params[key]) for key, label in labels.items() if params.get(key)]
        return described


from apps.seals.registers import SEAL_REGISTERS  # noqa: E402  (a section app's registers)

from apps.finance.registers import FINANCE_REGISTERS  # noqa: E402

REGISTERS = {
    register.name: register
    for register in (GeneralRequests(), Inbox(), AuditLog(), *SEAL_REGISTERS, *FINANCE_REGISTERS)
}

from apps.documents.registers import DOCUMENT_REGISTERS  # noqa: E402  (收文登记簿, 发文登记簿)

REGISTERS.update({register.name: register for register in DOCUMENT_REGISTERS})

from apps.confidential.registers import CLASSIFIED_REGISTERS  # noqa: E402  (密件登记簿, 借阅, 处置)

REGISTERS.update({register.name: register for register in CLASSIFIED_REGISTERS})

from apps.hr.registers import HR_REGISTERS  # noqa: E402  (请假台账, 考勤台账)

REGISTERS.update({register.name: register for register in HR_REGISTERS})

from apps.archives.registers import ARCHIVE_REGISTERS  # noqa: E402  (归档文件目录)

REGISTERS.update({register.name: register for register in ARCHIVE_REGISTERS})

from apps.petitions.registers import PETITION_REGISTERS  # noqa: E402  (信访登记簿)

REGISTERS.update({register.name: register for register in PETITION_REGISTERS})

from apps.reception.registers import RECEPTION_REGISTERS  # noqa: E402  (来访来电接待登记簿)

REGISTERS.update({register.name: register for register in RECEPTION_REGISTERS})

from apps.supervision.registers import SUPERVISION_REGISTERS  # noqa: E402  (督办事项登记簿)

REGISTERS.update({register.name: register for register in SUPERVISION_REGISTERS})

from apps.disclosure.registers import DISCLOSURE_REGISTERS  # noqa: E402  (依申请公开办理情况登记表)

REGISTERS.update({register.name: register for register in DISCLOSURE_REGISTERS})

from apps.meetings.registers import MEETING_REGISTERS  # noqa: E402  (会议登记簿)

REGISTERS.update({register.name: register for register in MEETING_REGISTERS})

from apps.duty.registers import DUTY_REGISTERS  # noqa: E402  (值班日志)

REGISTERS.update({register.name: register for register in DUTY_REGISTERS})

from apps.proposals.registers import PROPOSAL_REGISTERS  # noqa: E402  (建议提案办理台账, 上报区人大、区政协、督查室)

REGISTERS.update({register.name: register for register in PROPOSAL_REGISTERS})
