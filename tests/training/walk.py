"""The training app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

A personnel-section clerk (not a walk persona) drafts a plan, holds a course the office clerk
attended and imports platform hours: the section's own pages are refused to every walk persona
(403), the leaders read everything, the clerk sees the course he attended, administrators get
no business page."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.accounts.models import Rank
from apps.training import services
from tests.conftest import make_user


def urls(world, expect, everyone):
    p = world.people
    keeper = make_user("walk_training", world.bureau["personnel"], Rank.STAFF, full_name="政工科巡检")
    plan = services.save_plan(keeper, {"year": 2026, "body": "巡检计划", "required_hours": Decimal("40")})
    course = services.add_course(
        keeper,
        {
            "plan": None,
            "title": "巡检课程",
            "kind": "central",
            "held_on": date(2026, 3, 6),
            "hours": Decimal("3"),
            "organiser": "政工科",
            "place": "",
        },
    )
    services.record_attendance(keeper, course.pk, {p.clerk: "present"})
    book = Workbook()
    book.active.append(["姓名", "学时"])
    book.active.append([p.clerk.full_name, 5])
    out = BytesIO()
    book.save(out)
    batch = services.import_platform_hours(keeper, 2026, "巡检平台", SimpleUploadedFile("h.xlsx", out.getvalue()))
    page = expect(business=200, admins=403)
    section_only = expect(business=403, admins=403)
    leaders = dict(leader=200, director=200)
    return {
        "training:home": [("/training/", page), ("/training/?year=2025", page)],
        "training:plan_new": [("/training/plans/new/", section_only)],
        "training:plan_edit": [(f"/training/plans/{plan.pk}/edit/", expect(business=404, admins=404))],
        "training:course_new": [("/training/courses/new/", section_only)],
        "training:course_detail": [
            (f"/training/courses/{course.pk}/", expect(business=404, admins=403, clerk=200, **leaders))
        ],
        "training:hours": [("/training/hours/?year=2026", page), ("/training/hours/?year=2026&export=xlsx", page)],
        "training:import_new": [("/training/imports/new/", section_only)],
        "training:import_detail": [(f"/training/imports/{batch.pk}/", expect(business=404, admins=404, **leaders))],
    }
