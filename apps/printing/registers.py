"""The lists that export to Excel, each with the page's own filters and visibility rule: the
registry (REGISTERS, register()) and the platform's own lists. A section app declares its lists
in its own `registers.py` and calls `register(...)` there; apps/printing/apps.py imports every
app's `registers.py`, so this module never names a section.

Every register's queryset starts from the visibility rule (`visible_to(user)`, or the audit
administrator check), so a background job rebuilt later for the same requester exports only
what that person may see at that time. Querysets use fixed select_related joins: the number
of SQL statements of an export does not depend on its number of rows (tested).
"""

import json
from collections.abc import Mapping
from typing import Any

from .exports import Column, Register

SORT_LABELS = {"": "按送达时间", "due": "按期限（最紧先）", "acted": "按办理时间"}


def _section_name(pk):
    from apps.org.models import Section

    return Section.objects.filter(pk=pk).values_list("name", flat=True).first() or pk


def _process_label(code):
    from apps.workflow.processes import all_processes

    process = all_processes().get(code)
    return process.label if process else code


def common_filters(params: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """[(label, value)] of the filters the case lists share (keyword, section, type, due, sort)."""
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
                Column("事项", 44),
                Column("编号", 14),
                Column("类型", 12),
                Column("状态", 10),
                Column("当前环节", 16),
                Column("当前办理人", 16),
                Column("期限", 12, "date"),
                Column("创建时间", 17, "datetime"),
            ]
        acted = tab.key in ("done", "read")
        return [
            Column("事项", 44),
            Column("编号", 14),
            Column("类型", 12),
            Column("科室", 18),
            Column("环节", 16),
            Column("办理人", 10),
            Column("办理结果", 10),
            Column("办理时间" if acted else "送达时间", 17, "datetime"),
            Column("期限", 12, "date"),
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
                obj.title,
                obj.number,
                _process_label(obj.process),
                obj.get_status_display(),
                obj.current_step_label,
                obj.current_assignees,
                obj.due_date,
                obj.created_at,
            ]
        case = obj.case
        acted = self._tab(params).key in ("done", "read")
        return [
            case.title,
            case.number,
            _process_label(case.process),
            case.section.name,
            obj.step_label,
            obj.assignee.full_name,
            obj.get_decision_display() if obj.decision else "",
            obj.acted_at if acted else obj.created_at,
            obj.due_date if acted else obj.effective_due,
            obj.note,
        ]

    def describe(self, params):
        return [("页签", self._tab(params).label)] + common_filters(params)


class AuditLog(Register):
    """审计日志 (/audit/): the audit administrator only."""

    name = "audit"
    title = "审计日志"
    plain_filters = ("event", "object_type", "outcome", "start", "end")

    def allowed(self, user):
        return user.is_active and user.is_audit_admin

    def columns(self, params):
        return [
            Column("序号", 10, "integer"),
            Column("时间", 20, "seconds"),
            Column("操作人", 12),
            Column("事件", 26),
            Column("结果", 8),
            Column("对象类型", 18),
            Column("对象编号", 10),
            Column("对象", 30),
            Column("来源地址", 16),
            Column("请求编号", 14),
            Column("详情", 50),
        ]

    def queryset(self, user, params):
        from apps.audit.models import AuditEvent
        from apps.audit.views import AuditFilterForm, filter_events

        if not self.allowed(user):
            return AuditEvent.objects.none()
        return filter_events(AuditFilterForm(params))

    def row(self, e, params):
        return [
            e.pk,
            e.created_at,
            e.actor_name,
            e.event,
            e.get_outcome_display(),
            e.object_type,
            e.object_id,
            e.object_repr,
            e.ip,
            e.request_id,
            json.dumps(e.detail, ensure_ascii=False) if e.detail else "",
        ]

    def describe(self, params):
        from django.contrib.auth import get_user_model

        from apps.audit.models import AuditEvent

        labels = {
            "event": "事件",
            "object_type": "对象类型",
            "object_id": "对象编号",
            "ip": "来源地址",
            "start": "起始日期",
            "end": "截止日期",
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


# Filled at start-up: this app's own lists here, each section app's from its registers.py
# (discovered by apps/printing/apps.py, as the admin discovers admin.py), so the printer
# never names a section.
REGISTERS: dict[str, Register] = {}


def register(*registers: Register) -> None:
    """Make `registers` exportable by name (export_or_queue, the background job, 我的导出)."""
    for reg in registers:
        if reg.name in REGISTERS:
            raise ValueError(f"register {reg.name!r} registered twice")
        REGISTERS[reg.name] = reg


register(Inbox(), AuditLog())
