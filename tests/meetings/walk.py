"""The meetings app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from datetime import timedelta

from django.utils import timezone

from apps.meetings import services
from apps.meetings.demo import _held_earlier_today, _to_notice
from apps.meetings.models import Kind, MeetingRoom


def _plan(p, submit=True, title=""):
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "kind": Kind.DIRECTOR_OFFICE,
        "title": title,
        "starts_at": start,
        "ends_at": None,
        "place": "三楼党组会议室",
        "chair": p.director,
        "recorder": p.chief,
        "attendees": [p.director, p.leader, p.chief],
        "observers": [],
        "agenda_cutoff": timezone.now() + timedelta(hours=1),
        "notes": "",
        "observers_note": "",
    }
    return services.save_meeting(p.clerk, data, submit=submit)


def meeting_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every meetings URL."""
    p = world.people
    draft = _plan(p, submit=False, title="巡检：会议草稿")
    collecting = _plan(p, title="巡检：征集议题的会议")
    held = _plan(p, title="巡检：已召开的会议")
    _to_notice(held, p.clerk, p.director, [("巡检议题", world.bureau["office"], p.chief)])
    _held_earlier_today(held, p.clerk)
    services.save_minutes(
        held.pk, p.chief, "一、会议研究了巡检议题。", [("办公室牵头落实。", world.bureau["office"])], submit=True
    )
    # an office case: its members, its division leader and the director
    office_case = dict(business=404, admins=404, clerk=200, chief=200, leader=200, director=200)
    decision = held.meeting.decisions.first()
    return {
        "meetings:list": [("/meetings/", everyone(200)), ("/meetings/?state=collect&export=xlsx", everyone(200))],
        "meetings:dashboard": [
            ("/meetings/dashboard/", expect(business=403, admins=403, clerk=200, chief=200, leader=200, director=200))
        ],
        "meetings:new": [("/meetings/new/", expect(business=403, admins=403, clerk=200, chief=200))],
        "meetings:agenda": [("/meetings/agenda/", expect(business=200, admins=403, outsider=403))],
        "meetings:edit": [
            (f"/meetings/{draft.pk}/edit/", expect(business=404, admins=404, clerk=200)),
            (
                f"/meetings/{collecting.pk}/edit/",
                expect(business=403, admins=404, outsider=404, clerk="→" + f"/cases/{collecting.pk}/"),
            ),
        ],
        "meetings:compile": [(f"/meetings/{collecting.pk}/compile", everyone(405))],
        "meetings:notice": [(f"/meetings/{collecting.pk}/notice", everyone(405))],
        "meetings:sign_in": [(f"/meetings/{held.pk}/sign-in", everyone(405))],
        "meetings:attendance": [(f"/meetings/{held.pk}/attendance", everyone(405))],
        "meetings:minutes": [(f"/meetings/{held.pk}/minutes", everyone(405))],
        "meetings:supervise": [(f"/meetings/{held.pk}/decisions/{decision.pk}/supervise", everyone(405))],
        "meetings:notice_pdf": [
            (f"/meetings/{collecting.pk}/notice.pdf", expect(**office_case)),
            (f"/meetings/{draft.pk}/notice.pdf", expect(business=404, admins=404)),
        ],
        "meetings:signin_pdf": [(f"/meetings/{held.pk}/signin.pdf", expect(**office_case))],
        "meetings:minutes_pdf": [
            (f"/meetings/{held.pk}/minutes.pdf", expect(**office_case)),
            (f"/meetings/{collecting.pk}/minutes.pdf", expect(business=404, admins=404)),  # no minutes yet
        ],
    }


def admin_meetings(label):
    room = MeetingRoom.objects.create(name="巡检会议室", capacity=10)
    room.save()  # a history row
    return room
