"""Demo secrecy records, through the services: pledges for most staff (two left unsigned, so
the flag shows), this year's training with its attendance, the self-inspection with a finding
and its rectification notice on the inspections platform, the carrier ledger and a check."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Attendance, Carrier, Pledge


def create_demo_cases(u):
    from apps.hr.models import StaffRecord

    today = timezone.localdate()
    keeper = u["office.secret"]
    records = list(StaffRecord.objects.select_related("person").order_by("pk"))
    for i, rec in enumerate(records):
        if i % 7 == 3:
            continue  # left unsigned: flagged on the home page
        services.record_pledge(
            keeper,
            {
                "person": rec.person,
                "kind": Pledge.Kind.APPOINTMENT,
                "signed_on": min(rec.entry_date + timedelta(days=2), today),
            },
        )
    staff = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
    training = services.record_training(
        keeper,
        {
            "held_on": today - timedelta(days=40),
            "title": "新修订《保守国家秘密法》专题培训",
            "trainer": "区保密局 刘科长",
            "hours": 2,
            "place": "局三楼会议室",
            "content": "新修订保密法要点；涉密载体管理；计算机和移动存储介质“一机两用”风险；典型泄密案例。",
            "people": staff,
        },
    )
    rows = list(training.attendance.order_by("pk"))
    services.set_attendance(
        keeper,
        training.pk,
        {rows[1].pk: Attendance.Status.LEAVE, rows[4].pk: Attendance.Status.ABSENT} if len(rows) > 4 else {},
    )
    inspection = services.record_self_inspection(
        keeper,
        {
            "conducted_on": today - timedelta(days=20),
            "scope": "涉密文件和电报管理；计算机和移动存储介质保密管理；涉密载体台账；保密宣传教育和培训；保密承诺书签订。",
            "summary": "共检查科室 6 个、计算机 32 台、移动存储介质 11 件；发现 1 台内网计算机曾接入普通 U 盘。",
        },
    )
    _rectification(u, inspection, today)
    carriers = [
        ("BM-U-001", Carrier.Kind.MEDIA, "涉密专用U盘（机要室）", Carrier.Level.SECRET, keeper, "机要室保密柜"),
        (
            "BM-U-002",
            Carrier.Kind.MEDIA,
            "涉密专用U盘（办公室）",
            Carrier.Level.SECRET,
            u["office.chief"],
            "办公室保密柜",
        ),
        ("BM-PC-01", Carrier.Kind.COMPUTER, "涉密计算机（机要室）", Carrier.Level.CONFIDENTIAL, keeper, "机要室"),
        ("BM-CD-07", Carrier.Kind.DISC, "上级来文光盘", Carrier.Level.SECRET, keeper, "机要室保密柜"),
    ]
    made = []
    for number, kind, name, level, person, place in carriers:
        made.append(
            services.register_carrier(
                keeper,
                {
                    "number": number,
                    "kind": kind,
                    "name": name,
                    "level": level,
                    "keeper": person,
                    "location": place,
                    "registered_on": today - timedelta(days=200),
                },
            )
        )
    services.record_check(
        keeper,
        {"checked_on": today - timedelta(days=95), "checkers": "尤志强、赵文静", "note": "逐件清点，在位完好。"},
        {c.pk: ("ok", "") for c in made},
    )
    services.close_carrier(
        keeper, made[3].pk, Carrier.Status.RETURNED, today - timedelta(days=30), "清退区委机要局，接收人王某"
    )
    return 0


def _rectification(u, inspection, today):
    """The finding and its rectification notice, through the inspections platform's services."""
    from apps.inspections import services as inspections
    from apps.inspections.models import Mode, PlanKind
    from apps.org.models import Section

    office = Section.objects.get(code="office")
    clerk, chief = u["office.secret"], u["office.chief"]
    plan = inspections.create_plan(
        clerk,
        office,
        {"year": today.year, "kind": PlanKind.ANNUAL, "title": f"{today.year}年度保密自查", "scope": "全局保密工作"},
    )
    inspections.approve_plan(plan.pk, chief)
    check = inspections.record_check(
        clerk,
        plan.pk,
        {
            "target": inspection,
            "mode": Mode.ONSITE,
            "checked_on": inspection.conducted_on,
            "inspectors": [clerk, chief],
        },
    )
    inspections.add_finding(
        clerk,
        check.pk,
        {
            "text": "律师工作科 1 台内网计算机曾接入普通 U 盘",
            "requirement": "立即清查该计算机，补办登记，对相关人员开展保密提醒谈话",
        },
    )
    inspections.issue_notice(clerk, check.pk, today + timedelta(days=10))
