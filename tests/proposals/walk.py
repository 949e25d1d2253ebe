"""The proposals app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from django.utils import timezone

from apps.proposals import services
from apps.proposals.models import Kind, Session
from apps.workflow import services as engine
from apps.workflow.models import Task


def proposal_urls(world, expect, everyone):
    p = world.people
    today = timezone.localdate()
    session = Session.objects.get_or_create(
        kind=Kind.SUGGESTION, name="巡检：区人大会议", defaults={"year": today.year}
    )[0]
    case = services.receive(
        p.clerk,
        {
            "kind": Kind.SUGGESTION,
            "session": session,
            "number": "第1号",
            "title": "巡检建议",
            "proposers": "巡检代表",
            "contact_phone": "13905331234",
            "content": "巡检内容",
            "received_on": today,
            "assigned_on": today,
        },
    )
    for user in (p.chief, p.leader):
        engine.approve(case.pk, Task.objects.get(case=case, assignee=user, status=Task.Status.PENDING).pk, user)
    services.assign(case.pk, p.clerk, world.bureau["lawyers"], [])
    # the office (registers it), its chief and division leader who reviewed it, the director, and
    # the lead section (律师科: its members are let in at assignment)
    seen = expect(business=200, admins=404)
    post_only = everyone(405)
    return {
        "proposals:list": [
            ("/proposals/", everyone(200)),
            ("/proposals/?export=xlsx", everyone(200)),
            ("/proposals/?export=xlsx&report=npc", everyone(200)),
        ],
        "proposals:new": [("/proposals/new/", expect(business=403, admins=403, clerk=200, chief=200))],
        "proposals:assign": [(f"/proposals/{case.pk}/assign", post_only)],
        "proposals:co_opinion": [(f"/proposals/{case.pk}/co-opinion", post_only)],
        "proposals:contact": [(f"/proposals/{case.pk}/contact", post_only)],
        "proposals:draft": [(f"/proposals/{case.pk}/reply", post_only)],
        "proposals:send": [(f"/proposals/{case.pk}/send", post_only)],
        "proposals:feedback": [(f"/proposals/{case.pk}/feedback", post_only)],
        "proposals:print": [
            (f"/proposals/{case.pk}/print/assignment.pdf", seen),
            (f"/proposals/{case.pk}/print/nothing.pdf", expect(business=404, admins=404)),
        ],
    }


def admin_proposals(label):
    assert label == "proposals.session", label
    row, _ = Session.objects.get_or_create(kind=Kind.PROPOSAL, name="巡检：政协会议", defaults={"year": 2026})
    row.save()  # a history row
    return row
