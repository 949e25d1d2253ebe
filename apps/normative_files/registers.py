"""The section's registers as Excel (the same querysets as the pages)."""

from apps.printing.exports import Column, Register
from apps.printing.registers import register


def _clock(record, code):
    return next((c for c in record.case.clocks.all() if c.rule.code == code), None)


class NormativeReviews(Register):
    name = "normative_reviews"
    title = "规范性文件合法性审核登记簿"
    plain_filters = ("stage", "year")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("文件名称", 40),
            Column("起草单位", 20),
            Column("收件日期", 12, "date"),
            Column("退回补充次数", 8),
            Column("材料齐全日期", 12, "date"),
            Column("审核期限（本局5个工作日）", 14, "date"),
            Column("最长期限（15个工作日）", 14, "date"),
            Column("中止次数", 8),
            Column("重大", 6),
            Column("阶段", 20),
            Column("审核结论", 30),
            Column("出具意见书日期", 12, "date"),
            Column("登记号", 20),
            Column("发文字号", 20),
            Column("公布日期", 12, "date"),
        ]

    def queryset(self, user, params):
        from .views import visible_reviews

        return visible_reviews(user, params)

    def row(self, r, params):
        from .services import MAX_RULE, REVIEW_RULE

        review, outer = _clock(r, REVIEW_RULE), _clock(r, MAX_RULE)
        return [
            r.case_id,
            r.title,
            r.drafter.name,
            r.received_on,
            r.return_count,
            r.complete_on,
            review.due_date if review else None,
            outer.due_date if outer else None,
            r.pause_count,
            "是" if r.major else "",
            r.get_stage_display(),
            r.get_conclusion_display(),
            r.issued_on,
            r.reg_number,
            r.doc_number,
            r.published_on,
        ]


class DecisionReviews(Register):
    name = "normative_decisions"
    title = "重大行政决策合法性审查及法律顾问意见登记簿"
    plain_filters = ("stage", "year")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("决策事项", 40),
            Column("承办单位", 20),
            Column("收件日期", 12, "date"),
            Column("材料齐全日期", 12, "date"),
            Column("审查期限", 12, "date"),
            Column("阶段", 20),
            Column("审查结论", 30),
            Column("出具意见书日期", 12, "date"),
            Column("法律顾问、公职律师、专家意见", 60),
        ]

    def queryset(self, user, params):
        from .views import visible_decisions

        return visible_decisions(user, params)

    def row(self, r, params):
        from .services import DECISION_RULE

        clock = _clock(r, DECISION_RULE)
        advisers = "；".join(
            f"{o.get_role_display()}{o.name}（{o.given_on:%Y-%m-%d}）：{o.opinion}" for o in r.adviser_opinions.all()
        )
        return [
            r.case_id,
            r.title,
            r.drafter.name,
            r.received_on,
            r.complete_on,
            clock.due_date if clock else None,
            r.get_stage_display(),
            r.get_conclusion_display(),
            r.issued_on,
            advisers,
        ]


class Filings(Register):
    name = "normative_filings"
    title = "规范性文件报送备案登记簿"
    plain_filters = ("outcome", "year")

    def columns(self, params):
        return [
            Column("编号", 8),
            Column("文件名称", 40),
            Column("登记号", 20),
            Column("发文字号", 20),
            Column("公布日期", 12, "date"),
            Column("本局期限（15日）", 12, "date"),
            Column("报人大常委会期限（30日）", 14, "date"),
            Column("报市司法局日期", 12, "date"),
            Column("报区人大常委会日期", 12, "date"),
            Column("备案结果", 24),
            Column("暂缓登记日期", 12, "date"),
            Column("补充报送日期", 12, "date"),
            Column("结果日期", 12, "date"),
            Column("说明", 30),
        ]

    def queryset(self, user, params):
        from .views import visible_filings

        return visible_filings(user, params)

    def row(self, f, params):
        from .services import CONGRESS_RULE, INTERNAL_RULE

        internal, congress = _clock(f, INTERNAL_RULE), _clock(f, CONGRESS_RULE)
        return [
            f.case_id,
            f.file.title,
            f.file.reg_number,
            f.file.doc_number,
            f.file.published_on,
            internal.due_date if internal else None,
            congress.due_date if congress else None,
            f.to_city_on,
            f.to_congress_on,
            f.get_outcome_display(),
            f.deferred_on,
            f.resubmitted_on,
            f.outcome_on,
            f.outcome_note or f.deferred_reason,
        ]


class Catalogue(Register):
    name = "normative_catalogue"
    title = "临淄区现行有效行政规范性文件目录"
    plain_filters = ("scope", "year")

    def title_for(self, params):
        year = str(params.get("year") or "").strip()
        if year.isdigit():  # the yearly catalogue reported for the record (§7 ¶3)
            return f"临淄区{year}年度制定的行政规范性文件目录"
        return self.title

    def columns(self, params):
        return [
            Column("序号", 6),
            Column("文件名称", 50),
            Column("发文字号", 22),
            Column("登记号", 20),
            Column("制定机关", 18),
            Column("起草单位", 20),
            Column("公布日期", 12, "date"),
            Column("效力状态", 16),
            Column("说明", 30),
        ]

    def queryset(self, user, params):
        from .views import catalogue_rows

        return catalogue_rows(user, params)

    def row(self, f, params):
        return [
            f.pk,
            f.title,
            f.doc_number,
            f.reg_number,
            f.issuing_body,
            f.drafter.name,
            f.published_on,
            f.get_status_display(),
            f.status_note,
        ]


NORMATIVE_REGISTERS = [NormativeReviews(), DecisionReviews(), Filings(), Catalogue()]

register(*NORMATIVE_REGISTERS)
