"""Demo records of 规范性文件 work (seed_demo), through the app's own services: a file returned for
materials, one under review with an expert consultation paused, one with the leaders, a major
decision with an adviser's opinion, published files with their filings (one deferred), and a
clean-up campaign with departments' proposals partly verified."""

from datetime import date

from django.utils import timezone

from apps.org.models import ExternalUnit
from apps.workflow import api, calendar
from apps.workflow.models import Task

from . import services
from .models import DECISION_MATERIALS, NORMATIVE_MATERIALS, CleanupAction, FilingOutcome, Kind, PauseKind

ALL = [k for k, _l, _r in NORMATIVE_MATERIALS]
OK = {
    k: {"verdict": "ok", "note": ""}
    for k in ("subject", "competence", "content", "powers", "rights", "procedure", "other")
}


def _approve(case, user):
    task = Task.objects.get(case=case, assignee=user, status=Task.Status.PENDING)
    api.approve(case.pk, task.pk, user, "同意审核意见。")


def _review(clerk, title, unit, received, materials=ALL, kind=Kind.NORMATIVE, major=False):
    return services.register_review(
        clerk,
        {
            "kind": kind,
            "title": title,
            "drafter": ExternalUnit.objects.get(code=unit),
            "issuing_body": "临淄区人民政府",
            "received_on": received,
            "planned_on": None,
            "major": major,
            "materials": materials,
        },
    )


def create_demo_cases(u):
    clerk, chief, leader = u["enforce.clerk"], u["enforce.chief"], u["leader.shi"]
    today = timezone.localdate()
    wd = lambda n: calendar.add_working_days(today, -n)  # noqa: E731  (n working days ago)
    n = 0

    _review(clerk, "临淄区城市道路挖掘占用管理办法", "dept_urban", wd(1), materials=ALL[:5])
    n += 1

    paused = _review(clerk, "临淄区农村集体资产管理暂行办法", "dept_agriculture", wd(4))
    services.pause(paused.pk, clerk, PauseKind.EXPERT, "组织政府法律顾问论证集体资产处置条款", wd(2))
    n += 1

    at_leader = _review(clerk, "临淄区养老服务补贴发放办法", "dept_civil", wd(3), major=True)
    services.record_points(at_leader.pk, clerk, OK, wd(2))
    services.submit_opinion(
        at_leader.pk, clerk, "amend", "第八条补贴对象条件应与省办法一致，修改后可以印发。", True, wd(2)
    )
    _approve(at_leader, chief)
    n += 1

    decision = _review(
        clerk,
        "临淄区老旧小区改造三年行动方案",
        "dept_housing",
        wd(3),
        materials=[k for k, _l, _r in DECISION_MATERIALS],
        kind=Kind.DECISION,
    )
    services.add_adviser_opinion(
        decision.pk, clerk, "adviser", "山东某律师事务所 李律师", wd(1), "建议补充社会稳定风险评估报告。"
    )
    n += 1

    filings = []
    for title, unit, ago in (
        ("临淄区促进民营经济发展若干措施", "dept_development", 30),
        ("临淄区公共租赁住房管理办法", "dept_housing", 20),
    ):
        case = _review(clerk, title, unit, wd(ago))
        services.record_points(case.pk, clerk, OK, wd(ago - 1))
        services.submit_opinion(case.pk, clerk, "lawful", "经审核，符合法律、法规、规章规定。", False, wd(ago - 1))
        _approve(case, chief)
        _approve(case, leader)
        services.issue_opinion(case.pk, clerk, wd(ago - 2))
        services.register_file(case.pk, clerk, wd(ago - 3), f"临政发〔{today.year}〕{ago}号", wd(ago - 3))
        services.publish(case.pk, clerk, wd(ago - 4), "临淄区人民政府门户网站")
        filings.append(case.legality_review.catalogue_entry.filings.get())
        n += 2
    first, second = filings
    services.submit_filing(first.case_id, clerk, wd(24), wd(24))
    services.record_outcome(first.case_id, clerk, FilingOutcome.DEFERRED, wd(20), "起草说明未附制定依据")
    services.submit_filing(second.case_id, clerk, wd(14), None)

    cleanup = services.open_cleanup(
        clerk,
        f"{today.year}年度行政规范性文件集中清理",
        "按照上级要求，对全区现行有效的区政府及部门规范性文件进行集中清理。",
        calendar.add_working_days(today, 10),
    )
    _approve(cleanup, chief)
    _approve(cleanup, leader)
    services.send_notice(cleanup.pk, clerk, today)
    services.record_self_review(cleanup.pk, clerk, first.file, CleanupAction.KEEP, "符合上位法，仍需执行。", today)
    services.record_self_review(
        cleanup.pk, clerk, second.file, CleanupAction.AMEND, "第十二条租金标准需与市办法衔接，拟修改。", today
    )
    item = cleanup.normative_cleanup.items.order_by("id").first()
    services.verify_item(cleanup.pk, clerk, item.pk, CleanupAction.KEEP, "", today)
    # last year's catalogue reported to the congress for the record by 31 January (§7 ¶3)
    reported = date(today.year, 1, 26)
    if today >= reported:
        services.record_yearly_list(clerk, today.year - 1, reported)
    return n + 1
