"""The research app's lines of the URL walk (office handles, its division leader and the director read)."""

from datetime import timedelta

from django.utils import timezone

from apps.research import services


def urls(world, expect, everyone):
    p = world.people
    topic = services.propose(
        p.clerk,
        {
            "title": "巡检课题",
            "purpose": "巡检",
            "objects_text": "司法所",
            "due_date": timezone.localdate() + timedelta(days=9),
        },
    )
    read = expect(business=403, admins=403, clerk=200, chief=200, leader=200, director=200)
    keep = expect(business=403, admins=403, clerk=200, chief=200)
    return {
        "research:home": [("/research/", read), ("/research/?export=xlsx", read)],
        "research:new": [("/research/new/", keep)],
        "research:act": [(f"/research/{topic.case_id}/draft/", everyone(405))],
    }
