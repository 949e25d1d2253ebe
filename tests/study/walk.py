"""The study app's lines of the URL walk: sessions are the bureau's; the attendance form is the
personnel section's; POST-only moves answer 405 to a GET."""

from datetime import date

from apps.accounts.models import AdminRole, Rank
from apps.study import services
from apps.study.models import StudyPolicy
from tests.conftest import make_user

# 学习考核设置: one row, the system administrator's; never added a second time nor deleted.
ADMIN_MODELS = {"study.studypolicy": (AdminRole.SYSTEM, True)}
HISTORIED = {"study.studypolicy"}


def admin_object(world, label):
    return StudyPolicy.objects.order_by("pk").first() or StudyPolicy.objects.create()


def urls(world, expect, everyone):
    p = world.people
    keeper = make_user("walk_study", world.bureau["personnel"], Rank.STAFF, full_name="政工科巡检")
    session = services.add_session(
        keeper,
        {"kind": "staff", "held_on": date(2026, 5, 8), "topic": "巡检学习", "content": "", "notes_required": True},
    )
    services.record_attendance(keeper, session.pk, {p.clerk: ("present", "")})
    note = services.submit_note(p.clerk, session.pk, "笔记")
    page = expect(business=200, admins=403)
    return {
        "study:home": [("/study/", page), ("/study/?year=2026", page)],
        "study:session_new": [("/study/sessions/new/", expect(business=403, admins=403))],
        "study:session": [(f"/study/sessions/{session.pk}/", page)],
        "study:attendance": [(f"/study/sessions/{session.pk}/attendance", everyone(405))],
        "study:note": [(f"/study/sessions/{session.pk}/note", everyone(405))],
        "study:review": [(f"/study/notes/{note.pk}/review", everyone(405))],
    }
