"""The integrity app's lines of the URL walk: risk points are public within the bureau; the
evaluation is the section's and the leaders'; a reminder to the office clerk is his, the
section's and the director's only (not the division leader's)."""

from datetime import date

from apps.accounts.models import Rank
from apps.integrity import services
from tests.conftest import make_user


def urls(world, expect, everyone):
    p = world.people
    keeper = make_user("walk_integrity", world.bureau["personnel"], Rank.STAFF, full_name="政工科巡检")
    point = services.save_risk_point(
        keeper,
        {
            "section": world.bureau["office"],
            "post": "巡检岗",
            "description": "d",
            "level": "low",
            "measures": "m",
            "owner": None,
            "year": 2026,
        },
    )
    rnd = services.record_evaluation(keeper, 2026, 1, date(2026, 6, 20), {p.clerk: "poor"})
    reminder = services.give_reminder(
        keeper,
        {
            "person": p.clerk,
            "kind": "talk",
            "cause": "evaluation",
            "follows": None,
            "facts": "f",
            "given_on": date(2026, 6, 25),
        },
    )
    section_only = expect(business=403, admins=403)
    return {
        "integrity:home": [("/integrity/", expect(business=200, admins=403))],
        "integrity:risk_new": [("/integrity/risks/new/", section_only)],
        "integrity:risk_edit": [(f"/integrity/risks/{point.pk}/edit/", section_only)],
        "integrity:evaluation_new": [("/integrity/evaluations/new/", section_only)],
        "integrity:evaluation": [
            (f"/integrity/evaluations/{rnd.pk}/", expect(business=404, admins=404, leader=200, director=200))
        ],
        "integrity:reminder_new": [("/integrity/reminders/new/", section_only)],
        "integrity:reminder": [
            (f"/integrity/reminders/{reminder.pk}/", expect(business=404, admins=403, clerk=200, director=200))
        ],
        "integrity:assessment_new": [("/integrity/assessments/new/", section_only)],
    }
