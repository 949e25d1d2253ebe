"""The reconsideration app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

The walk's personas work in the office, the lawyers' section and the leadership; the section's
own handlers are made here. Only the director (and the section with its division leader, not a
walk persona) sees the section's matters: everyone else gets 404 on them, and empty lists."""

from django.utils import timezone

from apps.accounts.models import Rank
from apps.reconsideration import services
from tests.conftest import make_user
from tests.reconsideration.factories import department


def urls(world, expect, everyone):
    section = world.bureau["reconsideration"]
    clerk = make_user("walk_recon_clerk", section, Rank.STAFF, full_name="复议承办人")
    colleague = make_user("walk_recon_colleague", section, Rank.STAFF, full_name="复议协办人")
    today = timezone.localdate()
    case = services.register_case(
        clerk,
        {
            "applicant": "巡检申请人",
            "applicant_kind": "natural",
            "id_number": "370305196203154229",
            "phone": "13905336688",
            "address": "临淄区桓公路1号",
            "agent": "",
            "respondent": department(),
            "act": "罚款决定",
            "act_type": "penalty",
            "act_on": today,
            "known_on": today,
            "remedy_told": True,
            "realty": False,
            "request": "撤销",
            "channel": "written",
            "oral_record": "",
            "oral_signed": False,
            "received_on": today,
            "handler2": colleague,
        },
    )
    services.notify_supplement(case.pk, clerk, today, "补充处罚决定书")
    director_only = expect(business=404, admins=404, director=200)
    section_pages = expect(business=403, admins=403, director=200)
    return {
        "reconsideration:home": [
            ("/reconsideration/", everyone(200)),
            ("/reconsideration/?export=xlsx&stage=supplement", everyone(200)),
        ],
        "reconsideration:new": [("/reconsideration/new/", everyone(403))],
        "reconsideration:answers": [
            ("/reconsideration/answers/", everyone(200)),
            ("/reconsideration/answers/?export=xlsx", everyone(200)),
        ],
        "reconsideration:answer_new": [("/reconsideration/answers/new/", everyone(403))],
        "reconsideration:lawsuits": [
            ("/reconsideration/lawsuits/", everyone(200)),
            ("/reconsideration/lawsuits/?export=xlsx", everyone(200)),
        ],
        "reconsideration:lawsuit_new": [("/reconsideration/lawsuits/new/", everyone(403))],
        "reconsideration:committee": [("/reconsideration/committee/", section_pages)],
        "reconsideration:member_new": [("/reconsideration/committee/members/new/", everyone(403))],
        "reconsideration:meeting_new": [("/reconsideration/committee/meetings/new/", everyone(403))],
        "reconsideration:staff": [("/reconsideration/staff/", section_pages)],
        "reconsideration:staff_new": [("/reconsideration/staff/new/", everyone(403))],
        "reconsideration:stats": [
            ("/reconsideration/stats/", section_pages),
            ("/reconsideration/stats/?year=2026&month=3&export=xlsx", section_pages),
        ],
        "reconsideration:act": [(f"/reconsideration/{case.pk}/accept", everyone(405))],
        "reconsideration:print": [
            (f"/reconsideration/{case.pk}/print/supplement.pdf", director_only),
            (f"/reconsideration/{case.pk}/print/nothing.pdf", everyone(404)),
        ],
    }
