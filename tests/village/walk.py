"""The village app's lines of the URL walk: the office clerk is a team member; his record is his
and the leaders'; the personnel section's forms are refused to every walk persona."""

from datetime import date

from apps.accounts.models import Rank
from apps.village import services
from tests.conftest import make_user


def urls(world, expect, everyone):
    p = world.people
    keeper = make_user("walk_village", world.bureau["personnel"], Rank.STAFF, full_name="政工科巡检")
    member = services.appoint(
        keeper,
        {"person": p.clerk, "village": "巡检村", "town": "巡检镇", "role": "member", "term_start": date(2025, 3, 1)},
    )
    services.file_return(keeper, member.pk, date(2025, 4, 1), 21, 0)
    return {
        "village:home": [("/village/", expect(business=200, admins=403))],
        "village:member_new": [("/village/members/new/", expect(business=403, admins=403))],
        "village:member": [
            (f"/village/members/{member.pk}/", expect(business=404, admins=403, clerk=200, leader=200, director=200))
        ],
        "village:return_file": [(f"/village/members/{member.pk}/return", everyone(405))],
        "village:appraise": [(f"/village/members/{member.pk}/appraise", everyone(405))],
        "village:end": [(f"/village/members/{member.pk}/end", everyone(405))],
    }
