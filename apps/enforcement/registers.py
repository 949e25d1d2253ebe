"""The 行政执法监督科's registers (台账) as Excel: the same rows as their pages, personal data masked."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register

from .access import is_section_viewer


def _d(day):
    return f"{day:%Y-%m-%d}" if day else ""


class SectionRegister(Register):
    def allowed(self, user):
        return is_section_viewer(user)


class Bodies(Register):
    """The public list: every staff member may export it."""

    name = "enforcement_bodies"
    title = "行政执法主体名录"
    plain_filters = ("kind", "state")

    def columns(self, params):
        return [
            Column("序号", 6, "integer"),
            Column("执法主体", 24),
            Column("主体类别", 14),
            Column("委托机关", 16),
            Column("执法职权类别", 30),
            Column("设定依据", 60),
            Column("审核确认日期", 12),
            Column("区政府批准日期", 12),
            Column("公告日期", 12),
            Column("状态", 8),
        ]

    def queryset(self, user, params):
        from .views import visible_bodies

        return visible_bodies(user, params)

    def row(self, b, params):
        return [
            b.pk,
            b.unit.name,
            b.get_kind_display(),
            b.entrusted_by,
            b.functions,
            b.legal_basis,
            _d(b.confirmed_on),
            _d(b.approved_on),
            _d(b.announced_on),
            "现行有效" if b.is_active else "已撤销",
        ]


class Complaints(SectionRegister):
    name = "enforcement_complaints"
    title = "行政执法投诉举报登记簿"
    plain_filters = ("stage", "finding", "act_kind", "unit", "year")
    personal_data = True

    def columns(self, params):
        return [
            Column("编号", 8, "integer"),
            Column("收到日期", 12),
            Column("投诉人", 12),
            Column("联系电话", 16),
            Column("被投诉机关", 20),
            Column("行为类别", 14),
            Column("投诉事项", 40),
            Column("阶段", 18),
            Column("立案日期", 12),
            Column("处理意见", 30),
            Column("文书编号", 20),
            Column("送达日期", 12),
            Column("纠正/执行情况", 20),
            Column("办结日期", 12),
        ]

    def queryset(self, user, params):
        from .views import visible_complaints

        return visible_complaints(user, params)

    def row(self, c, params):
        return [
            c.case_id,
            _d(c.received_on),
            c.complainant,
            c.phone.masked if c.phone else "",
            c.unit.name,
            c.get_act_kind_display(),
            c.content,
            c.stage_text,
            _d(c.accepted_on),
            c.get_finding_display() if c.finding else (c.decline_reason and f"不予立案：{c.decline_reason}"),
            c.document_number,
            _d(c.served_on),
            c.get_compliance_display() if c.compliance else "",
            _d(c.concluded_on),
        ]


class Certificates(SectionRegister):
    name = "enforcement_certificates"
    title = "行政执法类证件登记簿"
    plain_filters = ("kind", "status", "unit", "due")
    personal_data = True

    def columns(self, params):
        return [
            Column("证件类别", 18),
            Column("姓名", 10),
            Column("身份证号码", 20),
            Column("所在单位", 20),
            Column("职务/岗位", 14),
            Column("执法领域", 20),
            Column("状态", 16),
            Column("证件编号", 16),
            # real dates with the year (yyyy-mm-dd): certificates run for years, and sort as dates
            Column("申请日期", 12, "date"),
            Column("发证日期", 12, "date"),
            Column("有效期至", 12, "date"),
            Column("下次年审截止日", 14, "date"),
            Column("考试成绩", 8),
            Column("挂失日期", 12, "date"),
            Column("注销/吊销日期", 14, "date"),
        ]

    def queryset(self, user, params):
        from .views import visible_certificates

        return visible_certificates(user, params)

    def handled_rows(self, user, qs):
        from .access import is_section_handler

        return qs if is_section_handler(user) else qs.none()

    def row(self, c, params):
        return [
            c.get_kind_display(),
            c.holder,
            c.id_number.masked if c.id_number else "",
            c.unit.name,
            c.post,
            c.areas,
            c.get_status_display(),
            c.number,
            c.applied_on,
            c.issued_on,
            c.expires_on,
            c.review_due,
            str(c.exam_score) if c.exam_score is not None else "",
            c.lost_on,
            c.revoked_on,
        ]


class Disputes(SectionRegister):
    name = "enforcement_disputes"
    title = "行政执法争议协调登记簿"
    plain_filters = ("status", "year")

    def columns(self, params):
        return [
            Column("受理日期", 12),
            Column("争议事项", 30),
            Column("提请单位", 18),
            Column("相对单位", 24),
            Column("协调会日期", 12),
            Column("状态", 18),
            Column("协调结果/裁决", 40),
            Column("办结日期", 12),
        ]

    def queryset(self, user, params):
        from .views import visible_disputes

        return visible_disputes(user, params)

    def row(self, d, params):
        return [
            _d(d.received_on),
            d.title,
            d.applicant.name,
            "、".join(p.name for p in d.parties.all()),
            _d(d.meeting_on),
            d.get_status_display(),
            d.outcome,
            _d(d.concluded_on),
        ]


class ListReviews(SectionRegister):
    name = "enforcement_list_reviews"
    title = "权责清单、行政许可事项合法性审查登记簿"
    plain_filters = ("kind", "year")

    def columns(self, params):
        return [
            Column("编号", 8, "integer"),
            Column("收到日期", 12),
            Column("审查类别", 24),
            Column("提报单位", 18),
            Column("涉及部门", 24),
            Column("审查结论", 20),
            Column("审查意见日期", 12),
            Column("反馈日期", 12),
        ]

    def queryset(self, user, params):
        from .views import visible_list_reviews

        return visible_list_reviews(user, params)

    def row(self, r, params):
        return [
            r.case_id,
            _d(r.received_on),
            r.get_kind_display(),
            r.submitter.name,
            r.departments,
            r.get_conclusion_display() if r.conclusion else "",
            _d(r.reviewed_on),
            _d(r.fed_back_on),
        ]


class Files(SectionRegister):
    name = "enforcement_files"
    title = "行政执法案卷评查评分表"
    plain_filters = ("evaluation", "unit")

    def columns(self, params):
        from .models import SCORE_ITEMS

        return [
            Column("评查活动", 24),
            Column("被评查单位", 20),
            Column("案卷编号", 18),
            Column("案件名称", 30),
            *[Column(f"{label}（{full}）", 12) for _, label, full in SCORE_ITEMS],
            Column("总分", 8),
            Column("等次", 8),
            Column("存在问题", 40),
            Column("评查人", 10),
            Column("评查日期", 12),
        ]

    def queryset(self, user, params):
        from .views import visible_files

        return visible_files(user, params)

    def row(self, f, params):
        from .models import SCORE_ITEMS

        return [
            f.evaluation.title,
            f.unit.name,
            f.file_number,
            f.file_title,
            *[str(getattr(f, name)) for name, _, _ in SCORE_ITEMS],
            str(f.total),
            f.grade,
            f.problems,
            f.evaluated_by.full_name,
            _d(f.evaluated_on),
        ]


class Checks(SectionRegister):
    name = "enforcement_checks"
    title = "“三项制度”落实情况检查登记簿"
    plain_filters = ("year", "unit", "open")

    def columns(self, params):
        return [
            Column("年度", 8, "integer"),
            Column("被检查单位", 20),
            Column("检查日期", 12),
            Column("执法公示", 10),
            Column("全过程记录", 10),
            Column("法制审核", 10),
            Column("发现的问题", 40),
            Column("整改期限", 12),
            Column("整改完成", 12),
        ]

    def queryset(self, user, params):
        from .views import visible_checks

        return visible_checks(user, params)

    def row(self, c, params):
        ok = {True: "落实", False: "未落实"}
        return [
            c.year,
            c.unit.name,
            _d(c.checked_on),
            ok[c.publicity_ok],
            ok[c.recording_ok],
            ok[c.legal_review_ok],
            c.findings,
            _d(c.rectify_by),
            _d(c.rectified_on),
        ]


ENFORCEMENT_REGISTERS = [
    Bodies(),
    Complaints(),
    Certificates(),
    Disputes(),
    ListReviews(),
    Files(),
    Checks(),
]

register(*ENFORCEMENT_REGISTERS)
