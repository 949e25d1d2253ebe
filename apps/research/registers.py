"""年度调研课题台账 (Excel)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


class Topics(Register):
    name = "research_topics"
    title = "调研课题台账"
    plain_filters = ("year", "source")

    def columns(self, params):
        return [
            Column("年度", 8, "integer"),
            Column("调研题目", 30),
            Column("任务来源", 12),
            Column("承办人", 10),
            Column("调研对象", 24),
            Column("完成时限", 12),
            Column("阶段", 12),
            Column("定稿标题", 30),
            Column("定稿日期", 12),
            Column("报送对象", 20),
            Column("成果运用", 40),
        ]

    def queryset(self, user, params):
        from .views import visible_topics

        return visible_topics(user, params)

    def row(self, t, params):
        uses = "；".join(f"{u.get_kind_display()}（{u.by_whom}，{u.on_date:%Y-%m-%d}）" for u in t.uses.all())
        return [
            t.year,
            t.title,
            t.get_source_display(),
            t.case.initiator.full_name,
            t.objects_text,
            f"{t.due_date:%Y-%m-%d}",
            t.get_stage_display(),
            t.report_title,
            f"{t.finished_on:%Y-%m-%d}" if t.finished_on else "",
            t.recipients,
            uses,
        ]


RESEARCH_REGISTERS = [Topics()]

register(*RESEARCH_REGISTERS)
