"""The reception app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from apps.reception import services
from apps.reception.models import Kind, Outcome


def reception_urls(world, expect, everyone):
    p = world.people
    # logged by a lawyers' section member on phone duty: theirs, and the office's register
    contact = services.log_contact(
        p.outsider,
        {
            "kind": Kind.CALL,
            "name": "巡检来电人",
            "phone": "13800138000",
            "headcount": 1,
            "summary": "巡检：咨询律师执业证查询方式",
            "outcome": Outcome.ANSWERED,
            "answer": "已告知查询网址。",
        },
    )
    return {
        "reception:list": [("/reception/", everyone(200)), ("/reception/?kind=call&export=xlsx", everyone(200))],
        "reception:new": [("/reception/new/", expect(business=200, admins=403))],
        "reception:detail": [
            (f"/reception/{contact.pk}/", expect(business=404, admins=404, clerk=200, chief=200, outsider=200))
        ],
    }
