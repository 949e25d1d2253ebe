"""The inspections app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

A plan, a paper check of a law firm and its rectification notice of the lawyers' section (the
persona `outsider` is its staff member): its staff and the director see them, the office's staff
and leader get 404 (default deny), administrators too."""

from datetime import timedelta
from urllib.parse import quote

from django.utils import timezone

from apps.inspections import services
from apps.inspections.models import Mode, PlanKind


def urls(world, expect, everyone):
    p = world.people
    lawyers = world.bureau["lawyers"]
    plan = services.create_plan(
        p.outsider, lawyers, {"year": 2026, "kind": PlanKind.ANNUAL, "title": "巡检：律所年度检查", "scope": "全区律所"}
    )
    services.approve_plan(plan.pk, p.other_chief)
    today = timezone.localdate()
    check = services.record_check(
        p.outsider,
        plan.pk,
        {"unit": "巡检律师事务所", "mode": Mode.PAPER, "checked_on": today, "inspectors": [p.outsider]},
    )
    services.add_finding(p.outsider, check.pk, {"text": "卷宗未归档", "requirement": "限期归档"})
    services.issue_notice(p.outsider, check.pk, today + timedelta(days=30))
    hidden = dict(business=404, admins=404)
    theirs = expect(**hidden, outsider=200, director=200)
    office = expect(**hidden, clerk=200, chief=200, leader=200, director=200)
    return {
        "inspections:home": [
            (
                "/inspections/",
                expect(
                    business=200,
                    admins=403,
                    clerk="→/inspections/s/office/",
                    chief="→/inspections/s/office/",
                    outsider="→/inspections/s/lawyers/",
                ),
            )
        ],
        "inspections:section": [
            ("/inspections/s/lawyers/", theirs),
            ("/inspections/s/office/", office),
            ("/inspections/s/no-such/", expect(**hidden)),
            (f"/inspections/s/lawyers/?unit={quote('巡检律师事务所')}", theirs),
        ],
        "inspections:plans": [
            ("/inspections/s/lawyers/plans/", theirs),
            ("/inspections/s/lawyers/plans/?export=xlsx", theirs),
        ],
        "inspections:checks": [
            ("/inspections/s/lawyers/checks/", theirs),
            ("/inspections/s/lawyers/checks/?export=xlsx", theirs),
        ],
        "inspections:rectifications": [
            ("/inspections/s/lawyers/rectifications/?open=on", theirs),
            ("/inspections/s/lawyers/rectifications/?export=xlsx", theirs),
        ],
        "inspections:plan_new": [("/inspections/s/lawyers/plans/new/", expect(**hidden, outsider=200, director=403))],
        "inspections:check_new": [("/inspections/s/lawyers/checks/new/", expect(**hidden, outsider=200, director=403))],
        "inspections:plan_detail": [(f"/inspections/plans/{plan.pk}/", theirs)],
        "inspections:plan_action": [(f"/inspections/plans/{plan.pk}/approve/", everyone(405))],
        "inspections:check_detail": [(f"/inspections/checks/{check.pk}/", theirs)],
        "inspections:notice_pdf": [(f"/inspections/checks/{check.pk}/notice.pdf", theirs)],
        "inspections:check_action": [(f"/inspections/checks/{check.pk}/do/report/", everyone(405))],
    }
