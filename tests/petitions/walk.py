"""The petitions app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from datetime import date

from apps.petitions import services
from tests.petitions.factories import new_petition, read_through


def petition_urls(world, expect, everyone):
    p = world.people
    case = read_through(new_petition(p.clerk, received_on=date(2026, 9, 20)), p)
    services.decide(case.pk, p.clerk, True, date(2026, 9, 28))
    # the office (clerk registers), the office chief and the division leader who read it, the director
    office = dict(clerk=200, chief=200, leader=200, director=200)
    post_only = [(f"/petitions/{case.pk}/{tail}", everyone(405)) for tail in ("decide",)]
    return {
        "petitions:list": [("/petitions/", everyone(200)), ("/petitions/?export=xlsx", everyone(200))],
        "petitions:new": [("/petitions/new/", expect(business=200, admins=403))],
        "petitions:decide": post_only,
        "petitions:objection": [(f"/petitions/{case.pk}/objection", everyone(405))],
        "petitions:extend": [(f"/petitions/{case.pk}/extend", everyone(405))],
        "petitions:answer": [(f"/petitions/{case.pk}/answer", everyone(405))],
        "petitions:review_request": [(f"/petitions/{case.pk}/review", everyone(405))],
        "petitions:review_accept": [(f"/petitions/{case.pk}/review/accept", everyone(405))],
        "petitions:review_opinion": [(f"/petitions/{case.pk}/review/opinion", everyone(405))],
        "petitions:upper_refer": [(f"/petitions/{case.pk}/review/upper", everyone(405))],
        "petitions:upper_result": [(f"/petitions/{case.pk}/review/upper/result", everyone(405))],
        "petitions:print": [(f"/petitions/{case.pk}/print/accept.pdf", expect(business=404, admins=404, **office))],
    }
