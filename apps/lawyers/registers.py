"""律师工作科 registers (Excel 台账): the same rows as the pages, personal data masked."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


def _d(day):
    return f"{day:%Y-%m-%d}" if day else ""


class Firms(Register):
    name = "lawyers_firms"
    title = "律师事务所名册"
    plain_filters = ("status",)

    def columns(self, params):
        return [
            Column("名称", 30),
            Column("组织形式", 16),
            Column("总所", 24),
            Column("执业许可证号", 22),
            Column("发证日期", 12),
            Column("负责人", 10),
            Column("住所", 30),
            Column("律师人数", 8, "integer"),
            Column("状态", 14),
        ]

    def queryset(self, user, params):
        from .views import visible_firms

        return visible_firms(user, params)

    def row(self, f, params):
        return [
            f.name,
            f.get_kind_display(),
            f.parent.name if f.parent_id else "",
            f.licence_no,
            _d(f.licensed_on),
            f.head,
            f.address,
            f.n_lawyers,
            f.get_status_display(),
        ]


class Lawyers(Register):
    name = "lawyers_lawyers"
    title = "律师名册（含公职律师、公司律师）"
    plain_filters = ("kind", "status")
    personal_data = True

    def columns(self, params):
        return [
            Column("姓名", 10),
            Column("类别", 12),
            Column("执业机构/所在单位", 28),
            Column("执业证号", 22),
            Column("首次执业日期", 12),
            Column("身份证号码", 20),
            Column("联系电话", 16),
            Column("状态", 14),
        ]

    def queryset(self, user, params):
        from .views import visible_lawyers

        return visible_lawyers(user, params)

    def handled_rows(self, user, qs):
        from .models import is_section_staff

        return qs if is_section_staff(user) else qs.none()

    def row(self, lawyer, params):
        return [
            lawyer.name,
            lawyer.get_kind_display(),
            lawyer.practice_place,
            lawyer.licence_no,
            _d(lawyer.licensed_on),
            lawyer.id_number,
            lawyer.phone,
            lawyer.get_status_display(),
        ]


class Advisers(Register):
    name = "lawyers_advisers"
    title = "党政机关、企事业单位法律顾问名册"
    plain_filters = ("kind", "status")

    def columns(self, params):
        return [
            Column("聘请单位", 28),
            Column("单位类别", 10),
            Column("法律顾问", 14),
            Column("顾问类别", 10),
            Column("所在律师事务所", 24),
            Column("聘期开始", 12),
            Column("聘期届满", 12),
            Column("状态", 10),
        ]

    def queryset(self, user, params):
        from .views import visible_advisers

        return visible_advisers(user, params)

    def row(self, a, params):
        return [
            a.unit,
            a.get_unit_kind_display(),
            a.adviser,
            a.get_kind_display(),
            a.firm.name if a.firm_id else "",
            _d(a.starts_on),
            _d(a.ends_on),
            a.get_status_display(),
        ]


class Complaints(Register):
    name = "lawyers_complaints"
    title = "律师及法律服务投诉登记簿"
    plain_filters = ("subject_kind", "stage")
    personal_data = True

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("收到日期", 12),
            Column("被投诉人", 24),
            Column("执业机构", 24),
            Column("投诉人", 10),
            Column("联系电话", 16),
            Column("投诉事项", 40),
            Column("承办科室", 16),
            Column("承办人", 10),
            Column("阶段", 14),
            Column("调查结论", 24),
            Column("答复日期", 12),
        ]

    def queryset(self, user, params):
        from .views import visible_complaints

        return visible_complaints(user, params)

    def row(self, c, params):
        return [
            c.case_id,
            _d(c.received_on),
            f"{c.get_subject_kind_display()} {c.subject_name}",
            c.subject_unit,
            c.complainant,
            c.phone,
            c.content,
            c.case.section.name,
            c.handler.full_name if c.handler_id else "",
            c.get_stage_display(),
            c.get_finding_display() if c.finding else "",
            _d(c.replied_on),
        ]


class Licences(Register):
    name = "lawyers_licences"
    title = "律师执业许可材料转报登记簿"
    plain_filters = ("kind", "stage")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("申请事项", 18),
            Column("申请人", 20),
            Column("接收日期", 12),
            Column("补正告知", 12),
            Column("转报市局", 12),
            Column("市局报省", 12),
            Column("省厅决定", 12),
            Column("阶段", 20),
            Column("证号", 20),
        ]

    def queryset(self, user, params):
        from .views import visible_licences

        return visible_licences(user, params)

    def row(self, f, params):
        return [
            f.case_id,
            f.get_kind_display(),
            f.applicant,
            _d(f.received_on),
            _d(f.notice_on),
            _d(f.forwarded_on),
            _d(f.city_on),
            _d(f.province_on),
            f.get_stage_display(),
            f.licence_no,
        ]


LAWYERS_REGISTERS = [Firms(), Lawyers(), Advisers(), Complaints(), Licences()]

register(*LAWYERS_REGISTERS)
