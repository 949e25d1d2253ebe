"""The annual report's figures (条例 §49, §50), counted from the register.

Table 三 of the national format (国办公开办函〔2021〕30号) "收到和处理政府信息公开申请情况",
by applicant kind, for a calendar year:
- 一、本年新收: received in the year;
- 二、上年结转: received before the year and not concluded before it;
- 三、本年度办理结果: concluded (replied or 视为放弃) in the year, by outcome;
- 四、结转下年度继续办理: received by 31 December and not concluded by then.
So 一 + 二 = 三(七)总计 + 四 in every column (the template's 勾稽关系), checked on the page.
Plus the proactive items published in the year by category. Three queries whatever the size.

The sweep pass at the end reminds the office chief in January when last year's report has not
been registered yet (once the report case exists, its own clock reminds, overdue and escalates).
"""

from datetime import date
from io import BytesIO

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse

from apps.accounts.models import Rank
from apps.audit.log import record
from apps.printing.exports import Column, filename_for, write_xlsx, xlsx_response
from apps.workflow import calendar, deadlines
from apps.workflow.models import CaseClock, DeadlineRule, Notification
from apps.workflow.rules import deadline_rule

from .models import AnnualReport, ApplicantKind, DisclosureRequest, Outcome, ProactiveItem

O = Outcome  # noqa: E741  (a one-letter alias keeps the table of rows below readable)
COLUMNS = list(ApplicantKind)
# (group label or "", row label, outcomes): the rows of "三、本年度办理结果".
RESULT_ROWS = [
    ("", "（一）予以公开", [O.PUBLIC, O.ALREADY_PUBLIC]),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [O.PARTIAL]),
    ("（三）不予公开", "1.属于国家秘密", [O.WITHHELD_SECRET]),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", [O.WITHHELD_LAW]),
    ("（三）不予公开", "3.危及“三安全一稳定”", [O.WITHHELD_SAFETY]),
    ("（三）不予公开", "4.保护第三方合法权益", [O.WITHHELD_THIRD_PARTY]),
    ("（三）不予公开", "5.属于三类内部事务信息", [O.WITHHELD_INTERNAL]),
    ("（三）不予公开", "6.属于四类过程性信息", [O.WITHHELD_PROCESS]),
    ("（三）不予公开", "7.属于行政执法案卷", [O.WITHHELD_ENFORCEMENT]),
    ("（三）不予公开", "8.属于行政查询事项", [O.WITHHELD_QUERY]),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", [O.NOT_HELD]),
    ("（四）无法提供", "2.没有现成信息需要另行制作", [O.NOT_EXIST]),
    ("（四）无法提供", "3.补正后申请内容仍不明确", [O.STILL_UNCLEAR]),
    ("（五）不予处理", "1.信访举报投诉类申请", [O.PETITION]),
    ("（五）不予处理", "2.重复申请", [O.REPEATED]),
    ("（五）不予处理", "3.要求提供公开出版物", [O.PUBLICATION]),
    ("（五）不予处理", "4.无正当理由大量反复申请", [O.EXCESSIVE]),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", [O.CONFIRMATION]),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [O.ABANDONED]),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [O.FEE_UNPAID]),
    ("（六）其他处理", "3.其他", [O.OTHER_ROUTE]),
]


def _counts(by_kind):
    """[n per applicant kind..., total]"""
    cells = [by_kind.get(kind.value, 0) for kind in COLUMNS]
    return cells + [sum(cells)]


def figures(user, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    base = DisclosureRequest.objects.visible_to(user)
    open_at_start = Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
    open_at_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    flows = {
        row["applicant_kind"]: row
        for row in base.filter(received_on__lte=end)
        .values("applicant_kind")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start)),
            carried=Count("pk", filter=Q(received_on__lt=start) & open_at_start),
            onward=Count("pk", filter=open_at_end),
        )
    }
    concluded = {}
    for row in (
        base.filter(concluded_on__range=(start, end)).values("applicant_kind", "outcome").annotate(n=Count("pk"))
    ):
        concluded.setdefault(row["outcome"], {})[row["applicant_kind"]] = row["n"]

    def flow(name):
        return _counts({kind: row[name] for kind, row in flows.items()})

    results = []
    for group, label, outcomes in RESULT_ROWS:
        by_kind = {}
        for outcome in outcomes:
            for kind, n in concluded.get(outcome.value, {}).items():
                by_kind[kind] = by_kind.get(kind, 0) + n
        results.append({"group": group, "label": label, "cells": _counts(by_kind)})
    total = [sum(r["cells"][i] for r in results) for i in range(len(COLUMNS) + 1)]
    new, carried, onward = flow("new"), flow("carried"), flow("onward")
    for i, row in enumerate(results):  # rowspan of each group's label, on its first row
        row["span"] = (
            0
            if (not row["group"] or (i and results[i - 1]["group"] == row["group"]))
            else sum(1 for r in results if r["group"] == row["group"])
        )
    proactive = list(
        ProactiveItem.objects.visible_to(user)
        .filter(published_on__range=(start, end))
        .values("category__name")
        .annotate(
            n=Count("pk", distinct=True),
            late=Count("pk", distinct=True, filter=Q(case__clocks__status=CaseClock.Status.LATE)),
        )
        .order_by("category__order", "category__name")
    )
    return {
        "year": year,
        "columns": [k.label for k in COLUMNS],
        "new": new,
        "carried": carried,
        "results": results,
        "total": total,
        "onward": onward,
        "balanced": all(new[i] + carried[i] == total[i] + onward[i] for i in range(len(total))),
        "proactive": proactive,
        "proactive_total": sum(p["n"] for p in proactive),
        "proactive_late": sum(p["late"] for p in proactive),
    }


def export(request, f):
    """The page's table as an Excel sheet (the same figures, audited like every export)."""
    columns = (
        [Column("项目", 16), Column("分项", 60)]
        + [Column(label, 12, "integer") for label in f["columns"]]
        + [Column("总计", 10, "integer")]
    )
    rows = [
        ["一、本年新收政府信息公开申请数量", "", *f["new"]],
        ["二、上年结转政府信息公开申请数量", "", *f["carried"]],
    ]
    rows += [["三、本年度办理结果", f"{r['group']}{r['label']}", *r["cells"]] for r in f["results"]]
    rows += [["三、本年度办理结果", "（七）总计", *f["total"]], ["四、结转下年度继续办理", "", *f["onward"]]]
    rows += [["", ""], ["主动公开政府信息", "类别", "本年公开条数"]]
    rows += [["主动公开政府信息", p["category__name"], p["n"]] for p in f["proactive"]]
    rows += [["主动公开政府信息", "合计", f["proactive_total"]]]
    title = f"{f['year']}年度政府信息公开申请办理情况"
    buffer = BytesIO()
    write_xlsx(buffer, title, columns, rows, described=[("报告年度", str(f["year"]))], requested_by=request.user)
    record("export.disclosure_annual_report", actor=request.user, detail={"year": f["year"], "rows": len(rows)})
    return xlsx_response(buffer.getvalue(), filename_for(title))


# --- the sweep: last year's report not registered yet ----------------------------------------------

REPORT_RULE = deadline_rule("disclosure-annual-report")


def report_due(rule, year):
    """31 January of the next year (1 month from 31 December, 民法典 §202), rolled past a rest day."""
    return deadlines.end_of_period(rule, date(year, 12, 31), rule.length)[1]


def remind_unregistered_report(sweep):
    """In January (and February, once overdue), tell the office chief when last year's report
    has no case yet: at the rule's reminder leads and once when overdue, each notice once."""
    today = sweep.today
    if today.month > 2:
        return
    year = today.year - 1
    rule = DeadlineRule.objects.filter(code=REPORT_RULE, active=True).first()
    if rule is None or AnnualReport.objects.filter(year=year).exists():
        return
    due = report_due(rule, year)
    if today > due:
        stage, text = (
            "overdue",
            f"{year}年度政府信息公开工作年度报告应于 {due:%Y-%m-%d} 前公布，尚未在平台登记编制（条例第四十九条）。",
        )
        kind = Notification.Kind.OVERDUE
    else:
        reached = [lead for lead in rule.remind_leads if today >= calendar.add_working_days(due, -lead)]
        if not reached:
            return
        left = "今天到期" if today == due else f"还剩 {calendar.working_days_between(today, due)} 个工作日"
        stage, text = (
            f"remind{min(reached)}",
            f"{year}年度政府信息公开工作年度报告须于 {due:%Y-%m-%d} 前公布（{left}），请登记编制。",
        )
        kind = Notification.Kind.REMIND
    chiefs = get_user_model().objects.filter(is_active=True, admin_role="", rank=Rank.CHIEF, section__code="office")
    rows = [
        Notification(
            user=u,
            kind=kind,
            key=f"disclosure-report:{year}:{stage}:{u.pk}",
            message=text[:300],
            url=f"{reverse('disclosure:report')}?year={year}",
            created_at=sweep.now,
            sweep_run=sweep.run,
            email_wanted=bool(u.notify_by_email and u.email),
        )
        for u in chiefs
    ]
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()
