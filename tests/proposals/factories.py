"""建议/提案 received and moved the way the pages do it, with time under control."""

from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

from django.conf import settings

from apps.accounts.models import Rank
from apps.proposals import services
from apps.proposals.models import Category, ContactForm, Kind, Session
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.conftest import make_user

PHONE = "13905331234"


@contextmanager
def on(day):
    moment = datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class Co:
    """The co-handling section (公共法律服务管理科) with its chief and a clerk."""

    def __init__(self, bureau):
        self.section = bureau["public_legal"]
        self.chief = make_user("pubchief", self.section, Rank.CHIEF, full_name="公共法律服务科科长")
        self.clerk = make_user("pubclerk", self.section, Rank.STAFF, full_name="公共法律服务科科员")


def session(kind=Kind.SUGGESTION):
    name = "区第十九届人民代表大会第三次会议" if kind == Kind.SUGGESTION else "政协区第十二届委员会第三次会议"
    return Session.objects.get_or_create(kind=kind, name=name, defaults={"year": 2026})[0]


def receive(
    people, number=12, kind=Kind.SUGGESTION, assigned_on=date(2026, 3, 10), received_on=date(2026, 3, 11), **extra
):
    data = {
        "kind": kind,
        "session": session(kind),
        "number": f"第{number}号",
        "title": "关于推进公共法律服务站点建设的建议",
        "proposers": "王秀英",
        "delegation": "凤凰镇代表团",
        "contact_phone": PHONE,
        "content": "建议在各社区建设公共法律服务工作站。",
        "received_on": received_on,
        "assigned_on": assigned_on,
        **extra,
    }
    with on(max(received_on, assigned_on)):
        return services.receive(people.clerk, data)


def pending(case, user=None):
    tasks = Task.objects.filter(case=case, status=Task.Status.PENDING)
    return tasks.get(assignee=user) if user else tasks.get()


def review(case, people, day=date(2026, 3, 12)):
    with on(day):
        for user in (people.chief, people.leader):
            engine.approve(case.pk, pending(case, user).pk, user, "请办公室交相关科室办理。")


def assign(case, people, bureau, co=None, day=date(2026, 3, 12)):
    review(case, people, day)
    with on(day):
        services.assign(case.pk, people.clerk, bureau["lawyers"], [co.section] if co else [])
    case.refresh_from_db()
    return case


def contact(case, people, day):
    with on(day):
        return services.record_contact(
            case.pk, people.other_chief, day, ContactForm.MEETING, "律师科科长、王秀英代表", "同意办理思路。"
        )


def draft(case, people, day, category=Category.A):
    with on(day):
        services.draft_reply(case.pk, people.other_chief, "经研究，已列入年度计划。", category)


def approve_reply(case, people, day):
    """答复审签: the lead section's chief, its division leader, the main leader."""
    with on(day):
        for user in (people.other_chief, people.other_leader, people.director):
            engine.approve(case.pk, pending(case, user).pk, user, "同意")
