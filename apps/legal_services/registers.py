"""Excel 台账 of 公共法律服务管理科: the same rows as the pages, personal data masked."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .models import PlatformStat, oversees


def _masked(value):
    return value.masked if value else ""


class _Rows(list):
    """Computed rows (a statistics table) where the export expects a QuerySet."""

    def count(self):
        return len(self)

    def iterator(self, chunk_size=None):
        return iter(self)


class SectionRegister(Register):
    def allowed(self, user):
        return user.is_active and oversees(user)


class Units(SectionRegister):
    name = "legal_services_units"
    title = "法律服务机构/组织名册"
    plain_filters = ("kind", "status")

    def columns(self, params):
        return [
            Column("类别", 18),
            Column("名称", 30),
            Column("许可证号/登记证号", 22),
            Column("发证日期", 12, "date"),
            Column("成立日期", 12, "date"),
            Column("负责人", 10),
            Column("所属司法所", 14),
            Column("地址", 30),
            Column("状态", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_units

        return visible_units(user, params)

    def row(self, u, params):
        return [
            u.get_kind_display(),
            u.name,
            u.licence_no,
            u.licence_issued_on,
            u.established_on,
            u.head,
            u.judicial_office.name if u.judicial_office else "",
            u.address,
            u.get_status_display(),
        ]


class People(SectionRegister):
    name = "legal_services_people"
    title = "法律服务人员名册"
    plain_filters = ("kind", "status")
    personal_data = True

    def columns(self, params):
        return [
            Column("类别", 16),
            Column("姓名", 10),
            Column("所在机构", 28),
            Column("身份证号码", 22),
            Column("联系电话", 16),
            Column("执业证号/登记号", 22),
            Column("发证日期", 12, "date"),
            Column("登记/聘任日期", 12, "date"),
            Column("状态", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_people

        return visible_people(user, params)

    def row(self, p, params):
        return [
            p.get_kind_display(),
            p.name,
            p.unit.name if p.unit else "",
            _masked(p.id_number),
            _masked(p.phone),
            p.licence_no,
            p.licence_issued_on,
            p.registered_on,
            p.get_status_display(),
        ]


class AidCases(SectionRegister):
    name = "legal_services_aid"
    title = "法律援助案件监督台账"
    plain_filters = ("decision", "overdue")
    personal_data = True

    def columns(self, params):
        return [
            Column("中心编号", 14),
            Column("申请人", 10),
            Column("身份证号码", 22),
            Column("申请事项", 30),
            Column("收到申请", 12, "date"),
            Column("审查期限", 12, "date"),
            Column("审查决定", 14),
            Column("决定日期", 12, "date"),
            Column("指派期限", 12, "date"),
            Column("指派日期", 12, "date"),
            Column("承办人员", 14),
            Column("结案日期", 12, "date"),
            Column("超期", 16),
        ]

    def queryset(self, user, params):
        from .views import visible_aid

        return visible_aid(user, params)

    def row(self, a, params):
        from django.utils import timezone

        flags = "、".join(label for label, _ in a.overdue_flags(timezone.localdate()))
        return [
            a.centre_ref,
            a.applicant,
            _masked(a.id_number),
            a.matter,
            a.received_on,
            a.review_due,
            a.get_decision_display(),
            a.decided_on,
            a.assign_due,
            a.assigned_on,
            a.aid_provider,
            a.closed_on,
            flags,
        ]


class Mediations(SectionRegister):
    name = "legal_services_mediations"
    title = "调解案件登记簿"
    plain_filters = ("mediation_type", "stage")

    def columns(self, params):
        return [
            Column("编号", 10),
            Column("调解组织", 24),
            Column("类型", 16),
            Column("纠纷类别", 14),
            Column("受理日期", 12, "date"),
            Column("调解员", 10),
            Column("阶段", 18),
            Column("协议日期", 12, "date"),
            Column("协议份数", 8, "integer"),
            Column("回访日期", 12, "date"),
        ]

    def queryset(self, user, params):
        from .views import visible_mediations

        return visible_mediations(user, params)

    def row(self, m, params):
        return [
            m.case_id,
            m.committee.name,
            m.get_mediation_type_display(),
            m.category,
            m.received_on,
            m.mediator,
            m.get_stage_display(),
            m.agreement_on,
            m.copies or None,
            m.visited_on,
        ]


class MediationStats(SectionRegister):
    name = "legal_services_mediation_stats"
    title = "调解工作月度统计"
    plain_filters = ("month",)

    def title_for(self, params):
        return f"调解工作月度统计（{params.get('month', '')}）"

    def columns(self, params):
        return [
            Column("调解组织", 28),
            Column("类型", 16),
            Column("本月受理", 10, "integer"),
            Column("本月达成协议", 12, "integer"),
            Column("本月调解不成", 12, "integer"),
            Column("月末在办", 10, "integer"),
        ]

    def queryset(self, user, params):
        from .views import mediation_statistics, month_of

        return _Rows(mediation_statistics(user, month_of(params.get("month")))[0])

    def row(self, r, params):
        return [r["committee__name"], r["type_label"], r["received"], r["agreed"], r["failed"], r["pending"]]


class Assessors(SectionRegister):
    name = "legal_services_assessors"
    title = "人民陪审员/人民监督员名册"
    plain_filters = ("kind", "status")
    personal_data = True

    def columns(self, params):
        return [
            Column("类别", 12),
            Column("姓名", 10),
            Column("身份证号码", 22),
            Column("联系电话", 16),
            Column("产生方式", 10),
            Column("任命日期", 12, "date"),
            Column("任命文号", 20),
            Column("宣誓日期", 12, "date"),
            Column("任期届满", 12, "date"),
            Column("状态", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_assessors

        return visible_assessors(user, params)

    def row(self, a, params):
        return [
            a.get_kind_display(),
            a.name,
            _masked(a.id_number),
            _masked(a.phone),
            a.get_source_display(),
            a.appointed_on,
            a.appointment_ref,
            a.oath_on,
            a.term_ends_on,
            a.get_status_display(),
        ]


class PlatformStats(SectionRegister):
    name = "legal_services_platform_stats"
    title = "公共法律服务平台月度统计"

    def columns(self, params):
        return [
            Column("月份", 10),
            Column("实体平台接待", 12, "integer"),
            Column("12348热线", 12, "integer"),
            Column("网络平台", 12, "integer"),
            Column("转法律援助", 12, "integer"),
            Column("转公证", 10, "integer"),
            Column("转调解", 10, "integer"),
            Column("满意率%", 10),
        ]

    def queryset(self, user, params):
        return PlatformStat.objects.visible_to(user).order_by("-month")

    def row(self, s, params):
        return [
            f"{s.month:%Y-%m}",
            s.centre_visits,
            s.hotline_calls,
            s.online_consults,
            s.aid_referrals,
            s.notary_referrals,
            s.mediation_referrals,
            str(s.satisfaction) if s.satisfaction is not None else "",
        ]


LEGAL_SERVICES_REGISTERS = [Units(), People(), AidCases(), Mediations(), MediationStats(), Assessors(), PlatformStats()]

register(*LEGAL_SERVICES_REGISTERS)
