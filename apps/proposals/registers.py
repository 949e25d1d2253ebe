"""建议提案办理台账 and the three reports of replies and status (seed 000 1.10: 分别上报区人大、
区政协和区政府督查室), from the page's own queryset through the one exporter."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .models import Kind, Session, Stage


def _names(sections):
    return "、".join(s.name for s in sections)


class Proposals(Register):
    name = "proposals"
    title = "建议提案办理台账"
    plain_filters = ("kind", "session", "section", "stage", "overdue")
    kind = None  # a report fixed to one body's items

    def columns(self, params):
        return [
            Column("类别", 14),
            Column("届次会议", 28),
            Column("编号", 10),
            Column("标题", 40),
            Column("领衔代表/委员", 16),
            Column("代表团/界别", 14),
            Column("交办日期", 12, "date"),
            Column("主办科室", 16),
            Column("会办科室", 22),
            Column("答复期限", 12, "date"),
            Column("办理阶段", 14),
            Column("面商次数", 8, "integer"),
            Column("最近面商", 12, "date"),
            Column("答复日期", 12, "date"),
            Column("答复类别", 30),
            Column("满意度", 10),
            Column("重新办理", 8),
        ]

    def queryset(self, user, params):
        from .views import visible_proposals

        if self.kind:
            params = {**params, "kind": self.kind}
        return visible_proposals(user, params)

    def row(self, p, params):
        case = p.case
        return [
            p.get_kind_display(),
            p.session.name,
            p.number,
            p.title,
            p.proposers,
            p.delegation,
            p.assigned_on,
            p.lead_section.name if p.lead_section else "",
            _names(p.co_sections.all()),
            case.due_date,
            p.get_stage_display(),
            p.contact_count,
            p.last_contact,
            p.sent_on,
            p.get_category_display(),
            p.get_satisfaction_display(),
            "是" if p.round > 1 else "",
        ]

    def describe(self, params):
        described = []
        if params.get("q"):
            described.append(("关键词", params["q"]))
        if params.get("kind") and not self.kind:
            described.append(("类别", Kind(params["kind"]).label))
        if params.get("session"):
            described.append(
                ("届次会议", Session.objects.filter(pk=params["session"]).values_list("name", flat=True).first())
            )
        if params.get("stage"):
            described.append(("阶段", Stage(params["stage"]).label))
        if params.get("overdue"):
            described.append(("仅超期", "是"))
        return described


class NpcReport(Proposals):
    name = "proposals_npc"
    title = "人大代表建议办理情况（报区人大常委会）"
    kind = Kind.SUGGESTION


class CppccReport(Proposals):
    name = "proposals_cppcc"
    title = "政协委员提案办理情况（报区政协）"
    kind = Kind.PROPOSAL


class GovReport(Proposals):
    name = "proposals_gov"
    title = "人大建议和政协提案办理情况（报区政府督查室）"


PROPOSAL_REGISTERS = (Proposals(), NpcReport(), CppccReport(), GovReport())
# ?report=<key> on the list page
REPORTS = {"npc": NpcReport.name, "cppcc": CppccReport.name, "gov": GovReport.name}

register(*PROPOSAL_REGISTERS)
