"""Demo inspections (seed_demo), made through the app's own services: plans of 律师工作科,
公共法律服务管理科 and 社区矫正工作科; checks of law firms (free-text units, the firm register
is not built yet), the notary office and judicial offices; rectifications in every state —
one overdue, one due soon, one reported awaiting verification, one closed."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import Section

from . import services
from .models import Mode, Plan, PlanKind, Severity


def _plan(section, author, chief, year, kind, title, scope, approve=True):
    plan = services.create_plan(author, section, {"year": year, "kind": kind, "title": title, "scope": scope})
    if approve:
        services.approve_plan(plan.pk, chief)
    return plan


def _check(plan, actor, inspectors, checked_on, *, target=None, unit="", mode=Mode.ONSITE, findings=(), summary=""):
    check = services.record_check(
        actor,
        plan.pk,
        {
            "target": target,
            "unit": unit,
            "mode": mode,
            "checked_on": checked_on,
            "inspectors": inspectors,
            "lead": actor,
            "summary": summary,
        },
    )
    for text, severity, requirement in findings:
        services.add_finding(actor, check.pk, {"text": text, "severity": severity, "requirement": requirement})
    return check


def create_demo_cases(users):
    if Plan.objects.exists():
        return 0
    today = timezone.localdate()
    year = today.year
    sections = {s.code: s for s in Section.objects.all()}
    n = 0

    # 律师工作科: law firms (free-text units until the firm register exists)
    chief, clerk = users["lawyer.chief"], users["lawyer.clerk"]
    plan = _plan(
        sections["lawyers"],
        clerk,
        chief,
        year,
        PlanKind.ANNUAL,
        f"{year}年度律师事务所执业情况检查",
        "全区律师事务所：执业和内部管理制度、业务档案、收费、党建工作、保持法定设立条件情况。现场检查与书面检查相结合。",
    )
    overdue = _check(
        plan,
        clerk,
        [clerk, chief],
        today - timedelta(days=45),
        unit="山东齐都律师事务所",
        summary="听取主任汇报，抽查业务卷宗 20 册，核查收费票据。",
        findings=[
            (
                "部分业务卷宗未按规定归档，结案后超过三个月未归档。",
                Severity.MINOR,
                "全面清理未归档卷宗，建立结案归档台账。",
            ),
            (
                "委托代理合同与收费票据不一致，存在未开具发票收费情况。",
                Severity.SERIOUS,
                "逐笔核对收费，补开发票，完善收费管理制度。",
            ),
        ],
    )
    services.issue_notice(clerk, overdue.pk, today - timedelta(days=10), issued_on=today - timedelta(days=44))
    ok = _check(
        plan,
        clerk,
        [clerk],
        today - timedelta(days=30),
        unit="山东稷下律师事务所",
        mode=Mode.PAPER,
        summary="审查报送的年度执业情况报告和管理制度。",
    )
    services.close_without_notice(clerk, ok.pk, "书面审查未发现需要整改的问题")
    n += 3

    # 公共法律服务管理科: the notary office and a judicial office
    chief, clerk = users["service.chief"], users["service.clerk"]
    plan = _plan(
        sections["public_legal"],
        clerk,
        chief,
        year,
        PlanKind.ROUTINE,
        f"{year}年公证处、司法所公共法律服务日常检查",
        "公证处执业规范、公证档案；司法所公共法律服务工作站运行、人民调解和基层法律服务工作。",
    )
    closed = _check(
        plan,
        clerk,
        [clerk, chief],
        today - timedelta(days=60),
        target=sections["notary"],
        summary="实地查看办证大厅，抽查公证卷宗 30 册。",
        findings=[
            ("个别公证卷宗缺少当事人身份核验记录。", Severity.MINOR, "补齐核验记录，落实身份核验制度。"),
        ],
    )
    rect = services.issue_notice(clerk, closed.pk, today - timedelta(days=30), issued_on=today - timedelta(days=59))
    services.receive_report(clerk, rect.pk, today - timedelta(days=35), "已补齐核验记录，组织全员学习身份核验规定。")
    services.verify_and_close(
        clerk, rect.pk, today - timedelta(days=20), "现场复查，抽查 10 册卷宗均已补齐，整改到位。"
    )
    soon = _check(
        plan,
        clerk,
        [clerk, chief],
        today - timedelta(days=20),
        target=sections["jo_qidu"],
        findings=[("公共法律服务工作站值班记录不全。", Severity.MINOR, "健全值班制度，每日如实记录。")],
    )
    services.issue_notice(clerk, soon.pk, today + timedelta(days=2), issued_on=today - timedelta(days=19))
    n += 3

    # 社区矫正工作科: judicial offices
    chief, clerk = users["correct.chief"], users["correct.clerk"]
    plan = _plan(
        sections["correction"],
        clerk,
        chief,
        year,
        PlanKind.ANNUAL,
        f"{year}年度社区矫正执法规范化检查",
        "各司法所：调查评估、衔接入矫、日常监管、奖惩实施、解除与终止、档案建立及管理，逐项检查。",
    )
    reported = _check(
        plan,
        clerk,
        [clerk, chief],
        today - timedelta(days=25),
        target=sections["jo_wenshao"],
        findings=[
            ("2 名社区矫正对象的走访记录缺失。", Severity.SERIOUS, "补做走访并如实记录，落实每月走访制度。"),
            ("矫正档案未按规定分类装订。", Severity.MINOR, "按规定整理、分类装订矫正档案。"),
        ],
    )
    rect = services.issue_notice(clerk, reported.pk, today + timedelta(days=5), issued_on=today - timedelta(days=24))
    services.receive_report(clerk, rect.pk, today - timedelta(days=1), "已补做走访 2 次并记录，档案已重新分类装订。")
    unannounced = _plan(
        sections["correction"],
        clerk,
        chief,
        year,
        PlanKind.UNANNOUNCED,
        f"{year}年重大节日前社区矫正“四不两直”抽查",
        "随机抽取司法所，检查信息化核查、电子定位监管和值班情况。",
    )
    _check(
        unannounced,
        clerk,
        [clerk, chief],
        today - timedelta(days=2),
        target=sections["jo_xindian"],
        findings=[("值班表未公示，值班人员不在岗。", Severity.SERIOUS, "立即公示值班表，落实在岗值班。")],
    )
    _plan(
        sections["correction"],
        clerk,
        chief,
        year + 1 if today.month == 12 else year,
        PlanKind.RESIDENT,
        "驻所检查（拟）",
        "选派 2 名工作人员驻所一周，全面检查社区矫正工作。",
        approve=False,
    )
    n += 5
    return n
