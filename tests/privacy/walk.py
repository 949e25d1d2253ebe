"""The privacy app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from tests.privacy.factories import new_visit
from tests.privacy_app.models import Visitor


def privacy_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every apps/privacy URL."""
    p = world.people
    # registered by the office clerk, at the office chief's review: both handle it; the division
    # leader and the director see it but do not handle it; the lawyers' clerk does not see it
    visit = new_visit(p.clerk, title="巡检：来访登记", submit=True)
    visitor = Visitor.objects.get(case=visit)
    return {
        "privacy:reveal": [
            (
                f"/privacy/reveal/privacy_app.visitor/{visitor.pk}/id_number/",
                expect(business=404, admins=404, clerk=200, chief=200, leader=403, director=403),
            ),
            (f"/privacy/reveal/privacy_app.visitor/{visitor.pk}/name/", everyone(404)),
        ],
        "privacy:export": [
            # the form (how many of the rows the user handles); administrators handle nothing
            ("/privacy/export/test_visitors/", expect(business=200, admins=403)),
            ("/privacy/export/inbox/", everyone(404)),  # a register without personal data
        ],
    }
