"""Demo clocks (seed_demo calls create_demo_cases): deadlines close enough that the Celery sweep,
which runs as soon as the demo's worker starts, puts a reminder in the bell of the chiefs."""

from django.db import transaction
from django.utils import timezone

from apps.matters.models import GeneralRequest
from apps.matters.processes import PROCESS_CODE

from . import calendar, deadlines, services


def _submitted(user, title, body):
    with transaction.atomic():
        case = services.create_case(PROCESS_CODE, initiator=user, section=user.section, title=title)
        GeneralRequest.objects.create(case=case, body=body)
    services.submit(case.pk, user)
    return case


def create_demo_cases(u):
    today = timezone.localdate()

    # 督查: a director's instruction without a deadline (7 working days), due on the next working
    # day: the office chief, who holds the case, is reminded by the first sweep.
    case = _submitted(
        u["office.clerk"],
        "关于落实局长批示开展“法治进社区”宣传活动的督办件",
        "局长批示：请办公室牵头，于近期组织“法治进社区”宣传活动，并报告落实情况。",
    )
    deadlines.start_clock(case, "supervision-leader-no-deadline", calendar.add_working_days(today, -6), u["office.clerk"])

    # 依申请公开: 20 working days from receipt, the third party's consultation (3 working days)
    # not counted, due in 3 working days: the reconsideration chief gets the 3-day reminder.
    case = _submitted(
        u["recon.clerk"],
        "关于答复王某政府信息公开申请的请示",
        "王某申请公开本局2025年度行政复议案件统计数据，涉及第三方信息，已征求第三方意见。",
    )
    received = calendar.add_working_days(today, -20)
    clock = deadlines.start_clock(case, "disclosure-reply", received, u["recon.clerk"])
    chief = u["recon.chief"]
    deadlines.pause_clock(clock.pk, chief, calendar.add_working_days(received, 5), "征求第三方意见")
    deadlines.resume_clock(clock.pk, chief, calendar.add_working_days(received, 8), "收到第三方书面意见")

    # 行政复议 (普通程序): 60 days from acceptance, ending in a year whose holiday arrangements may
    # not be announced yet (the due date then shows 暂定).
    case = _submitted(
        u["recon.clerk"],
        "关于李某不服区市场监管局行政处罚决定申请行政复议一案的审理报告",
        "申请人李某不服区市场监管局作出的行政处罚决定，本机关已依法受理，拟组织听证。",
    )
    deadlines.start_clock(case, "recon-decision", calendar.add_working_days(today, -10), u["recon.clerk"])
    return 3
