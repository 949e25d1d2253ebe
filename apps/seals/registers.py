"""用印登记簿 and 印章台账: the seals pages' Excel registers, through the one exporter.

Each starts from the page's own visibility rule, so the file holds exactly the rows the page
lists (and a background job, rebuilt later, what the requester may see then).
"""

from django.db.models import Prefetch

from apps.printing.exports import Column, Register
from apps.printing.registers import register
from apps.workflow.models import Task


class SealUses(Register):
    """用印登记簿 (/seals/): one row per visible seal-use request."""

    name = "seal_uses"
    title = "用印登记簿"
    plain_filters = ("seal", "status")

    def columns(self, params):
        return [
            Column("登记编号", 16),
            Column("申请时间", 17, "datetime"),
            Column("申请人", 10),
            Column("科室", 16),
            Column("印章", 24),
            Column("用印文件", 36),
            Column("用印事由", 36),
            Column("申请份数", 10, "integer"),
            Column("已用印份数", 10, "integer"),
            Column("最近用印日期", 12, "date"),
            Column("特殊用印", 8),
            Column("批准人", 20),
            Column("状态", 10),
            Column("当前环节", 14),
            Column("标题", 40),
        ]

    def queryset(self, user, params):
        from .views import visible_use_requests

        approvals = (
            Task.objects.filter(decision=Task.Decision.APPROVE).select_related("acted_by").order_by("acted_at", "id")
        )
        return visible_use_requests(user, params).prefetch_related(
            Prefetch("case__tasks", queryset=approvals, to_attr="approvals")
        )

    def row(self, r, params):
        case = r.case
        approvers = "、".join(t.acted_by.full_name for t in case.approvals if t.acted_by)
        return [
            case.number,
            case.submitted_at or case.created_at,
            case.initiator.full_name,
            case.section.name,
            r.seal.name,
            r.document_title,
            r.reason,
            r.copies,
            r.stamped_copies,
            r.last_stamped_on,
            "是" if r.exception else "",
            approvers,
            case.get_status_display(),
            case.current_step_label,
            case.title,
        ]

    def describe(self, params):
        from .filters import USE_STATES
        from .models import Seal

        described = []
        if params.get("q"):
            described.append(("关键词", params["q"]))
        if params.get("seal"):
            described.append(("印章", Seal.objects.filter(pk=params["seal"]).values_list("name", flat=True).first()))
        if params.get("status"):
            described.append(("状态", dict(USE_STATES).get(params["status"])))
        return described


class Seals(Register):
    """印章台账 (/seals/register/): the seals the user may see."""

    name = "seals"
    title = "印章台账"
    plain_filters = ("status", "kind")

    def columns(self, params):
        return [
            Column("印章名称", 34),
            Column("类别", 18),
            Column("所属单位", 18),
            Column("保管人", 10),
            Column("用印审批", 30),
            Column("状态", 12),
            Column("刻制日期", 12, "date"),
            Column("启用日期", 12, "date"),
            Column("停用/销毁日期", 14, "date"),
            Column("状态变更原因", 30),
            Column("备注", 30),
        ]

    def queryset(self, user, params):
        from .views import visible_seals

        return visible_seals(user, params)

    def row(self, s, params):
        return [
            s.name,
            s.get_kind_display(),
            s.owner_unit.name,
            s.keeper.full_name if s.keeper else "",
            s.get_approval_chain_display(),
            s.get_status_display(),
            s.carved_on,
            s.enabled_on,
            s.retired_on,
            s.status_reason,
            s.note,
        ]

    def describe(self, params):
        from .models import Seal, SealKind

        described = []
        if params.get("status"):
            described.append(("状态", Seal.Status(params["status"]).label))
        if params.get("kind"):
            described.append(("类别", SealKind(params["kind"]).label))
        return described


SEAL_REGISTERS = (SealUses(), Seals())

register(*SEAL_REGISTERS)
