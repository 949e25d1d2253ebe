"""Petitions registered the way the register form does it."""

from datetime import date

from apps.petitions import services
from apps.petitions.models import Channel
from apps.workflow import services as engine
from apps.workflow.models import Task

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
ADDRESS = "北京市朝阳区幸福路8号3单元201"


def new_petition(clerk, received_on=date(2026, 9, 20), channel=Channel.LETTER, **extra):
    data = {
        "channel": channel,
        "received_on": received_on,
        "petitioner": "张三",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "address": ADDRESS,
        "is_group": False,
        "headcount": 1,
        "demands": "要求调解邻里纠纷",
        **extra,
    }
    return services.register_petition(clerk, data)


def read_through(case, people):
    """呈阅: the office chief, then the division leader."""
    for user in (people.chief, people.leader):
        task = Task.objects.pending().get(case=case, assignee=user)
        engine.approve(case.pk, task.pk, user, "已阅，请办公室办理。")
    case.refresh_from_db()
    return case


def office_clerk_of(bureau, people, code="jo_wenshao"):
    """A judicial office's clerk (the office's 呈阅 goes to the bureau's office chief and to
    the office's division leader): a petition it answers is reviewed by the bureau."""
    from apps.accounts.models import Rank
    from tests.conftest import make_user

    section = bureau[code]
    section.division_leader = people.leader
    section.save()
    return make_user(f"{code}_clerk", section, Rank.STAFF, full_name="司法所工作人员")


def answered_by_judicial_office(
    bureau, people, received_on=date(2026, 9, 20), decided_on=date(2026, 9, 28), answered_on=date(2026, 11, 20)
):
    clerk = office_clerk_of(bureau, people)
    case = read_through(new_petition(clerk, received_on=received_on), people)
    services.decide(case.pk, clerk, True, decided_on)
    services.answer(case.pk, clerk, "经调解，双方达成协议。", answered_on)
    case.refresh_from_db()
    return case
