"""The emergency app's lines of the URL walk: the office handles, its division leader and the
director read (and see the incident's case page); anyone else and the administrators get 403
(the app's pages) or 404 (the case)."""

from datetime import date

from django.utils import timezone

from apps.emergency import services


def urls(world, expect, everyone):
    p = world.people
    plan = services.save_plan(
        p.clerk,
        {
            "title": "巡检预案",
            "kind": "special",
            "scope": "巡检",
            "report_interval_hours": 2,
            "revised_on": date(2025, 1, 1),
        },
    )
    incident = services.activate(
        p.clerk,
        {
            "plan": plan,
            "level": "4",
            "occurred_at": timezone.now(),
            "unit": "巡检所",
            "place": "巡检镇",
            "summary": "巡检事件",
        },
    )
    read = expect(business=403, admins=403, clerk=200, chief=200, leader=200, director=200)
    keep = expect(business=403, admins=403, clerk=200, chief=200)
    return {
        "emergency:home": [("/emergency/", read)],
        "emergency:plan_new": [("/emergency/plans/new/", keep)],
        "emergency:plan": [(f"/emergency/plans/{plan.pk}/", read)],
        "emergency:drill_new": [("/emergency/drills/new/", keep)],
        "emergency:incidents": [("/emergency/incidents/", read), ("/emergency/incidents/?export=xlsx", read)],
        "emergency:incident_new": [("/emergency/incidents/new/", keep)],
        "emergency:act": [(f"/emergency/incidents/{incident.case_id}/report/", everyone(405))],
    }
