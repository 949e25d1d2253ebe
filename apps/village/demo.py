"""Demo records of 驻村帮扶 through the services: a team leader in the second year of the term
with a short month (flagged), a member whose last return is missing, and a member whose term
has ended with its appraisal recorded."""

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Member


def create_demo_cases(u):
    keeper = u["personnel.clerk"]
    today = timezone.localdate()
    this = services.month_start(today)
    last = services.month_start(this - timedelta(days=1))
    before = services.month_start(last - timedelta(days=1))
    lead = services.appoint(
        keeper,
        {
            "person": u["service.chief"],
            "village": "东庄村",
            "town": "皇城镇",
            "role": Member.Role.LEADER,
            "term_start": (this - timedelta(days=400)).replace(day=1),
        },
    )
    services.file_return(u["service.chief"], lead.pk, before, 21, 2, "走访脱贫监测户 12 户；开展法治讲座 1 场。")
    services.file_return(u["service.chief"], lead.pk, last, 16, 1, "协调土地流转纠纷 2 起；参加区驻村办培训 1 天。")
    member = services.appoint(
        keeper,
        {
            "person": u["correct.clerk"],
            "village": "东庄村",
            "town": "皇城镇",
            "role": Member.Role.MEMBER,
            "term_start": (this - timedelta(days=200)).replace(day=1),
        },
    )
    services.file_return(keeper, member.pk, before, 22, 0, "整理村法律顾问台账。")
    ended = services.appoint(
        keeper,
        {
            "person": u["enforce.clerk"],
            "village": "西河村",
            "town": "辛店街道",
            "role": Member.Role.LEADER,
            "term_start": (this - timedelta(days=760)).replace(day=1),
        },
    )
    ended_member = Member.objects.get(pk=ended.pk)
    services.appraise(
        keeper,
        ended.pk,
        "excellent",
        "任期内驻村时间足额，协调化解矛盾纠纷 18 起。经局党组研究，评定为优秀。",
        min(today, ended_member.term_end),
    )
    services.end_term(keeper, ended.pk, min(today, ended_member.term_end), "任期届满，统一轮换")
    return 0
