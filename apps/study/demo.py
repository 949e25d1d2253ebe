"""Demo records of 学习制度 through the services: the party group's central study in most past
months of this year (one month missed), a staff session with attendance (one leave, one
absence) and notes, one reviewed by the personnel leader and one waiting."""

from datetime import date, timedelta

from django.utils import timezone

from . import services
from .models import Attendance, Session


def create_demo_cases(u):
    keeper = u["personnel.clerk"]
    today = timezone.localdate()
    leaders = [u["director"], u["leader.lu"], u["leader.shi"], u["leader.zhang"]]
    for month in range(1, today.month):
        if month == 4:
            continue  # a month without the central study: the grid and the sweep show it
        session = services.add_session(
            keeper,
            {
                "kind": Session.Kind.CENTRAL,
                "held_on": date(today.year, month, 10),
                "topic": f"{month}月党组中心组学习",
                "content": "学习习近平法治思想及上级有关文件精神",
                "notes_required": True,
            },
        )
        services.record_attendance(keeper, session.pk, {p: ("present", "") for p in leaders})
    staff = services.add_session(
        keeper,
        {
            "kind": Session.Kind.STAFF,
            "held_on": today - timedelta(days=3),
            "topic": "“周五”集中学习：新修订行政复议法",
            "content": "逐条学习行政复议法第三十条至第四十条",
            "notes_required": True,
        },
    )
    marks = {u[k]: ("present", "") for k in ("office.clerk", "law.clerk", "recon.clerk", "personnel.clerk")}
    marks[u["lawyer.clerk"]] = (Attendance.Status.LEAVE, "参加市局律师行业培训，经分管领导张德明同意")
    marks[u["enforce.clerk"]] = (Attendance.Status.ABSENT, "")
    services.record_attendance(keeper, staff.pk, marks)
    note = services.submit_note(u["recon.clerk"], staff.pk, "复议申请期限、受理审查五个工作日；体会：程序意识。")
    services.review_note(u["leader.lu"], note.pk, "体会深入，继续保持。")
    services.submit_note(u["law.clerk"], staff.pk, "学习了受理条件和审理程序，结合秘书科工作做了笔记。")
    return 0
