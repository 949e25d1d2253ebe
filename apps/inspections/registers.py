"""The Excel registers of 监督检查与整改 (检查计划台账, 检查台账, 整改台账): the same rows as the
section's list pages (one row function each, visibility included)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from apps.printing.exports import Column, Register
from apps.printing.registers import register


def _d(day):
    return day.isoformat() if day else ""


class _SectionRegister(Register):
    plain_filters = ("section", "year", "kind", "status", "mode", "open", "overdue", "start", "end", "ct", "oid")

    def allowed(self, user):
        return user.is_active and not user.admin_role

    def describe(self, params):
        from apps.org.models import Section

        rows = []
        if params.get("section"):
            name = Section.objects.filter(code=params["section"]).values_list("name", flat=True).first()
            rows.append(("科室", name or params["section"]))
        for key, label in (("year", "年度"), ("unit", "单位"), ("start", "起"), ("end", "止")):
            if params.get(key):
                rows.append((label, params[key]))
        return rows


class Plans(_SectionRegister):
    name = "inspection_plans"
    title = "监督检查计划台账"

    def columns(self, params):
        return [
            Column("编号", 8, "integer"),
            Column("科室", 16),
            Column("年度", 8, "integer"),
            Column("类别", 14),
            Column("计划名称", 30),
            Column("检查范围和内容", 40),
            Column("计划开始", 12, "date"),
            Column("计划结束", 12, "date"),
            Column("状态", 14),
            Column("拟定人", 10),
            Column("批准人", 10),
            Column("检查次数", 10, "integer"),
            Column("未办结", 10, "integer"),
        ]

    def queryset(self, user, params):
        from .views import plan_rows

        return plan_rows(user, params)

    def row(self, p, params):
        return [
            p.pk,
            p.section.name,
            p.year,
            p.get_kind_display(),
            p.title,
            p.scope,
            p.starts_on,
            p.ends_on,
            p.get_status_display(),
            p.created_by.full_name,
            p.approved_by.full_name if p.approved_by_id else "",
            p.n_checks,
            p.n_open,
        ]


class Checks(_SectionRegister):
    name = "inspection_checks"
    title = "监督检查台账"

    def columns(self, params):
        return [
            Column("编号", 8, "integer"),
            Column("检查日期", 12, "date"),
            Column("被检查单位", 24),
            Column("检查方式", 14),
            Column("检查计划", 26),
            Column("检查人员", 20),
            Column("主办检查人", 10),
            Column("发现问题数", 10, "integer"),
            Column("状态", 16),
            Column("整改期限", 12, "date"),
            Column("整改状态", 14),
        ]

    def queryset(self, user, params):
        from .views import check_rows

        return check_rows(user, params)

    def row(self, c, params):
        try:
            rect = c.rectification
        except ObjectDoesNotExist:  # no notice issued
            rect = None
        return [
            c.pk,
            c.checked_on,
            c.target_label,
            c.get_mode_display(),
            c.plan.title,
            "、".join(u.full_name for u in c.inspectors.all()),
            c.lead.full_name,
            c.n_findings,
            c.get_status_display(),
            rect.due_date if rect else None,
            rect.get_status_display() if rect else "",
        ]


class Rectifications(_SectionRegister):
    name = "inspection_rectifications"
    title = "整改台账"

    def columns(self, params):
        return [
            Column("通知书编号", 24),
            Column("被检查单位", 24),
            Column("检查日期", 12, "date"),
            Column("通知日期", 12, "date"),
            Column("整改期限", 12, "date"),
            Column("原定期限", 12, "date"),
            Column("通知次数", 8, "integer"),
            Column("延期次数", 8, "integer"),
            Column("状态", 16),
            Column("是否逾期", 8),
            Column("收到整改报告", 12, "date"),
            Column("核查日期", 12, "date"),
            Column("主办检查人", 10),
        ]

    def queryset(self, user, params):
        from .views import rectification_rows

        return rectification_rows(user, params)

    def row(self, r, params):
        today = timezone.localdate()
        return [
            r.number,
            r.check_record.target_label,
            r.check_record.checked_on,
            r.issued_on,
            r.due_date,
            r.first_due_date,
            r.round,
            r.extensions,
            r.get_status_display(),
            "逾期" if r.is_overdue(today) else "",
            r.report_received_on,
            r.verified_on,
            r.check_record.lead.full_name,
        ]


INSPECTION_REGISTERS = [Plans(), Checks(), Rectifications()]

register(*INSPECTION_REGISTERS)
