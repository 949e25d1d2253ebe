from apps.printing.exports import Column, Register
from apps.privacy.fields import pii_lookup
from apps.privacy.kinds import KINDS


def visitors_for(user, params):
    """The visitor list's rows: visible cases only; a full ID number or phone finds its row."""
    from .models import Visitor

    rows = Visitor.objects.visible_to(user).select_related("case", "case__section").order_by("-case__created_at", "-pk")
    q = (params.get("q") or "").strip()
    if q:
        for field in ("id_number", "phone"):
            kind = KINDS[field]
            try:
                kind.validate(kind.normalise(q))
            except Exception:
                continue
            return rows.filter(**pii_lookup(Visitor, field, q))
        rows = rows.filter(name__contains=q)
    return rows


class VisitorRegister(Register):
    name = "test_visitors"
    title = "来访登记台账"
    personal_data = True

    def columns(self, params):
        return [
            Column("来访人", 10),
            Column("身份证号码", 22),
            Column("联系电话", 16),
            Column("住址", 40),
            Column("事项", 40),
            Column("科室", 16),
        ]

    def queryset(self, user, params):
        return visitors_for(user, params)

    def row(self, v, params):
        return [v.name, v.id_number, v.phone, v.address, v.case.title, v.case.section.name]

    def describe(self, params):
        return [("关键词", "（已检索）")] if params.get("q") else []
