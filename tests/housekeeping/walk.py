"""The housekeeping app's lines of the URL walk: every business user opens the pages (a section
sees its own inspections and its own purchases); the office records; administrators get 403."""

from django.utils import timezone

from apps.housekeeping import services


def urls(world, expect, everyone):
    p = world.people
    check = services.record_check(
        p.clerk,
        {
            "checked_on": timezone.localdate(),
            "kind": "hygiene",
            "section": world.bureau["lawyers"],
            "inspectors": "甲",
            "score": 70,
            "findings": "杂乱",
            "rectify_by": timezone.localdate(),
        },
    )
    everybody = expect(business=200, admins=403)
    keep = expect(business=403, admins=403, clerk=200, chief=200)
    return {
        "housekeeping:home": [("/housekeeping/", everybody)],
        "housekeeping:checks": [("/housekeeping/checks/", everybody), ("/housekeeping/checks/?export=xlsx", everybody)],
        "housekeeping:check_new": [("/housekeeping/checks/new/", keep)],
        "housekeeping:check_rectified": [(f"/housekeeping/checks/{check.pk}/rectified/", everyone(405))],
        "housekeeping:purchases": [
            ("/housekeeping/canteen/", everybody),
            ("/housekeeping/canteen/?export=xlsx", everybody),
        ],
        "housekeeping:purchase_new": [("/housekeeping/canteen/new/", keep)],
        "housekeeping:purchase_accept": [("/housekeeping/canteen/1/accept/", everyone(405))],
    }
