"""People and records of 公共法律服务管理科 for tests."""

from datetime import date

from apps.accounts.models import Rank
from apps.legal_services import services
from apps.legal_services.models import UnitKind
from tests.conftest import make_user

ID_NUMBER = "370305198507156617"
PHONE = "13905331234"


class Section:
    def __init__(self, bureau, leader=None):
        section = bureau["public_legal"]
        self.clerk = make_user("svc_clerk", section, Rank.STAFF, full_name="公共法律服务科员")
        self.chief = make_user("svc_chief", section, Rank.CHIEF, full_name="公共法律服务科长")
        self.leader = leader or make_user(
            "svc_leader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="分管副局长施"
        )
        section.division_leader = self.leader
        section.save()


def committee(clerk, name="闻韶街道人民调解委员会", kind=UnitKind.MEDIATION_COMMITTEE):
    return services.save_unit(clerk, {"kind": kind, "name": name})


def objection(clerk, received_on=date(2026, 9, 28), **extra):
    data = {
        "objector": "王五",
        "objected_decision": "refusal",
        "received_on": received_on,
        "grounds": "本人符合经济困难标准。",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        **extra,
    }
    return services.register_objection(clerk, data)


def mediation(clerk, unit, received_on=date(2026, 9, 21)):
    return services.register_mediation(
        clerk,
        {
            "committee": unit,
            "mediation_type": "",
            "source": "application",
            "category": "邻里",
            "received_on": received_on,
            "summary": "通行纠纷",
            "mediator": "李红",
        },
        [{"name": "甲某", "phone": PHONE}, {"name": "乙某", "phone": ""}],
    )
