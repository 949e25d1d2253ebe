"""Demo duty data moved by the real services (seed_demo calls create_demo_cases):

* this month's roster (24-hour shifts 08:30 → 次日08:30), approved and reported upward;
* the coming 元旦 roster, submitted and waiting for the office chief;
* yesterday's shift logged two calls, one still open, and handed over to today's 值班人员
  (钱晓燕, office.clerk), who has not acknowledged it yet.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from apps.org.models import Section

from . import services
from .models import ReportingBody, Shift, Source

DAY = (time(8, 30), time(8, 30))


def _shifts(start, end, leaders, officers, fixed=None):
    rows, day, n = [], start, 0
    while day <= end:
        officer = (fixed or {}).get(day) or officers[n % len(officers)]
        rows.append(
            {
                "date": day,
                "starts": DAY[0],
                "ends": DAY[1],
                "leader": leaders[n % len(leaders)],
                "officer": officer,
                "assistant": None,
                "phone": "",
            }
        )
        day += timedelta(days=1)
        n += 1
    return rows


def create_demo_cases(u):
    clerk, chief, leader = u["office.clerk"], u["office.chief"], u["leader.lu"]
    leaders = [u["director"], u["leader.lu"], u["leader.shi"], u["leader.zhang"], chief]
    officers = [u["office.receiver"], u["office.secret"], u["office.archive"], u["office.seal"], clerk]
    now = timezone.localtime()
    # The shift running now began at 08:30 today, or yesterday before 08:30.
    current = now.date() if now.time() >= DAY[0] else now.date() - timedelta(days=1)
    first = current.replace(day=1) if current.day > 1 else current - timedelta(days=1)
    first = first.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    last = max(last, current + timedelta(days=1))
    fixed = {
        current - timedelta(days=1): u["office.receiver"],
        current: clerk,
        current + timedelta(days=1): u["office.secret"],
    }
    month = services.save_roster(
        clerk,
        {
            "kind": "month",
            "title": f"{first.year}年{first.month}月值班表",
            "start_date": first,
            "end_date": last,
            "phone": "0533-7220377",
            "note": "值班人员坚守岗位，保持通讯畅通，做好值班记录和交接班。",
        },
        _shifts(first, last, leaders, officers, fixed),
        submit=True,
    )
    from apps.workflow import api
    from apps.workflow.models import Task

    api.approve(month.pk, month.tasks.get(status=Task.Status.PENDING).pk, chief, "排班合理，同意。")
    api.approve(month.pk, month.tasks.get(status=Task.Status.PENDING).pk, leader, "同意，报送区委办、区政府办。")
    roster = month.duty_roster
    services.report_roster(
        roster.pk,
        clerk,
        list(ReportingBody.objects.filter(name__in=["区委办公室", "区政府办公室", "市司法局"])),
        "通过政务内网报送",
    )

    # 元旦: every day round the clock, waiting for the office chief.
    year = current.year + 1 if current.month == 12 else current.year
    new_year = date(year, 1, 1)
    if new_year > current:
        services.save_roster(
            clerk,
            {
                "kind": "holiday",
                "title": f"{year}年元旦值班表",
                "start_date": new_year,
                "end_date": new_year + timedelta(days=2),
                "phone": "0533-7220377",
                "note": "节日期间实行24小时值班。",
            },
            _shifts(new_year, new_year + timedelta(days=2), leaders, officers),
            submit=True,
        )

    # Yesterday's shift: two entries, one open, handed over to today's officer (not acknowledged).
    yesterday = Shift.objects.get(roster=roster, date=current - timedelta(days=1))
    base = timezone.make_aware(datetime.combine(yesterday.date, time(10, 5)))
    s = {x.code: x for x in Section.objects.all()}
    services.add_entry(
        yesterday.pk,
        yesterday.officer,
        source=Source.CALL,
        at=base,
        counterpart="市司法局办公室",
        content="通知明日9时进行视频点名，请值班人员提前调试设备。",
        handling="已调试视频设备，报告带班领导。",
        close=True,
    )
    services.add_entry(
        yesterday.pk,
        yesterday.officer,
        source=Source.VISIT,
        at=base + timedelta(hours=5),
        counterpart="某社区居委会",
        content="反映辖区一起邻里纠纷需要人民调解介入。",
        forwarded_to=s["public_legal"],
    )
    services.hand_over(yesterday.pk, yesterday.officer, "带班领导吕志刚今日在局；邻里纠纷待公共法律服务管理科联系。")
    return 2
