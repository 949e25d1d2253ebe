"""Demo meetings moved by the real services (seed_demo calls create_demo_cases):

* 局长办公会议: held, minutes approved and issued, its two decisions turned into 督办事项;
* 案审会: held today, the minutes waiting for the recorder (clock meeting-minutes running);
* 党组会议: planned, collecting agenda items (one in from a section chief), so the office and
  the leaders also see whether this month's party-group meeting has been held.

A meeting cannot be planned in the past, so the held ones are planned for tomorrow, taken
through agenda and notice, and then moved to earlier today (a demo shortcut, not a service).
"""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Task

from . import services
from .models import AgendaItem, Attendance, Kind, Meeting


def _plan(clerk, kind, title, starts_at, chair, recorder, attendees, place, observers=()):
    data = {
        "kind": kind,
        "title": title,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "place": place,
        "chair": chair,
        "recorder": recorder,
        "attendees": attendees,
        "observers": list(observers),
        "observers_note": "",
        "agenda_cutoff": timezone.now() + timedelta(minutes=30),
        "notes": "请提前熟悉会议材料。",
    }
    return services.save_meeting(clerk, data, submit=True)


def _to_notice(case, clerk, chair, items):
    for title, section, presenter in items:
        services.submit_agenda_item(
            case.pk, presenter, title=title, section=section, presenter=presenter, summary="材料已征求相关科室意见。"
        )
    meeting = Meeting.objects.get(case=case)
    services.compile_agenda(
        case.pk, clerk, {i.pk: (AgendaItem.Status.ACCEPTED, n) for n, i in enumerate(meeting.agenda_items.all(), 1)}
    )
    api.approve(case.pk, case.tasks.get(status=Task.Status.PENDING, step="agenda").pk, chair, "同意上述议题。")
    services.issue_notice(case.pk, clerk)


def _held_earlier_today(case, clerk, absent=None):
    now = timezone.localtime()
    start = max(now - timedelta(hours=2), now.replace(hour=0, minute=1, second=0, microsecond=0))
    Meeting.objects.filter(case=case).update(
        starts_at=start, ends_at=start + timedelta(hours=1), agenda_cutoff=start - timedelta(hours=1)
    )
    meeting = Meeting.objects.get(case=case)
    rows = {}
    for person in [*meeting.attendees.all(), *meeting.observers.all()]:
        if absent and person.pk == absent.pk:
            rows[person.pk] = (Attendance.Status.LEAVE, "外出参加市司法局培训")
        else:
            rows[person.pk] = (Attendance.Status.PRESENT, "")
    services.record_attendance(case.pk, clerk, rows)
    services.confirm_held(case.pk, clerk)


def create_demo_cases(u):
    s = {x.code: x for x in Section.objects.all()}
    clerk, chief, director = u["office.clerk"], u["office.chief"], u["director"]
    leaders = [director, u["leader.lu"], u["leader.shi"], u["leader.zhang"]]
    tomorrow = timezone.localtime() + timedelta(days=1)
    at_nine = tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)

    # 1. 局长办公会议: held, minutes issued, decisions supervised.
    today = timezone.localdate()
    office_meeting = _plan(
        clerk,
        Kind.DIRECTOR_OFFICE,
        f"{today.year}年第{today.month * 2 - 1}次局长办公会议",
        at_nine,
        director,
        chief,
        leaders + [chief],
        "三楼党组会议室",
        observers=[u["enforce.chief"], u["service.chief"]],
    )
    _to_notice(
        office_meeting,
        clerk,
        director,
        [
            ("关于开展全区行政执法案卷评查的请示", s["enforcement"], u["enforce.chief"]),
            ("关于调整法律援助值班律师安排的请示", s["public_legal"], u["service.chief"]),
        ],
    )
    _held_earlier_today(office_meeting, clerk, absent=u["leader.zhang"])
    services.save_minutes(
        office_meeting.pk,
        chief,
        "一、会议听取了执法监督科关于全区行政执法案卷评查工作的汇报。会议同意评查方案。\n"
        "二、会议研究了法律援助值班律师安排。会议要求公共法律服务管理科会同律师工作科优化排班。",
        [
            ("执法监督科牵头，于本月底前完成全区行政执法案卷评查并形成通报。", s["enforcement"]),
            ("公共法律服务管理科牵头，两周内拿出法律援助值班律师排班优化方案。", s["public_legal"]),
        ],
        submit=True,
    )
    api.approve(office_meeting.pk, office_meeting.tasks.get(status=Task.Status.PENDING).pk, director, "同意印发。")
    for decision in Meeting.objects.get(case=office_meeting).decisions.all():
        services.decision_to_supervision(decision.pk, clerk)

    # 2. 案审会: held today, minutes pending with the recorder (the office chief).
    review = _plan(
        clerk,
        Kind.CASE_REVIEW,
        f"{today.month}月{today.day}日案审会（行政复议案件）",
        at_nine + timedelta(hours=5),
        director,
        chief,
        [director, u["leader.shi"], chief, u["recon.chief"]],
        "二楼案审会议室",
    )
    _to_notice(
        review,
        clerk,
        director,
        [("张某不服某街道办事处政府信息公开答复行政复议案", s["reconsideration"], u["recon.chief"])],
    )
    _held_earlier_today(review, clerk)

    # 3. 党组会议: planned for later (next week), collecting agenda items.
    next_week = at_nine + timedelta(days=6)
    party = _plan(clerk, Kind.PARTY_GROUP, "", next_week, director, chief, leaders, "三楼党组会议室")
    Meeting.objects.filter(case=party).update(agenda_cutoff=next_week - timedelta(days=2))
    services.submit_agenda_item(
        party.pk,
        u["personnel.chief"],
        title="关于2026年度干部职工年度考核工作安排的请示",
        section=s["personnel"],
        presenter=u["personnel.chief"],
        summary="拟于12月下旬组织年度考核。",
    )
    return 3
