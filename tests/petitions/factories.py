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
