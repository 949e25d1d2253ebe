"""The supervision app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from apps.supervision import services
from apps.supervision.models import Source, SupervisionPolicy
from apps.workflow import services as engine
from apps.workflow.models import Task


def supervision_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every supervision URL."""
    p = world.people
    lawyers = world.bureau["lawyers"]
    item = services.register_item(p.clerk, title="巡检：督办事项", source=Source.MEETING, lead_section=lawyers)
    done = services.register_item(p.clerk, title="巡检：已办结督办事项", source=Source.HOTLINE, lead_section=lawyers)
    services.submit_completion(done.pk, p.other_chief, "巡检：已落实。")
    engine.approve(done.pk, done.tasks.get(status=Task.Status.PENDING).pk, p.chief)
    # kept by the office (its members, division leader, director), handled by the lawyers' chief
    office_case = dict(business=404, admins=404, clerk=200, chief=200, leader=200, director=200)
    return {
        "supervision:list": [
            ("/supervision/", everyone(200)),
            ("/supervision/?state=overdue&export=xlsx", everyone(200)),
        ],
        "supervision:dashboard": [
            ("/supervision/dashboard/", expect(business=403, admins=403, chief=200, leader=200, director=200))
        ],
        # the office registers (its members), the others are refused
        "supervision:new": [("/supervision/new/", expect(business=403, admins=403, clerk=200, chief=200))],
        "supervision:progress": [(f"/supervision/{item.pk}/progress", everyone(405))],
        "supervision:extend": [(f"/supervision/{item.pk}/extend", everyone(405))],
        "supervision:completion": [(f"/supervision/{item.pk}/completion", everyone(405))],
        "supervision:notice": [(f"/supervision/{item.pk}/notice.pdf", expect(**office_case))],
        "supervision:report": [
            (f"/supervision/{done.pk}/report.pdf", expect(**office_case)),
            (f"/supervision/{item.pk}/report.pdf", expect(business=404, admins=404)),  # no report yet
        ],
    }


def admin_supervision(label):
    """The admin walk's row of each supervision model (the one settings row, with a history row)."""
    assert label == "supervision.supervisionpolicy", label
    row = SupervisionPolicy.objects.get(code="default")
    row.save()  # a history row (the migration's row has none)
    return row
