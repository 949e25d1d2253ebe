"""The section's people and its records, registered the way the forms do it."""

from datetime import date

from apps.accounts.models import Rank
from apps.org.models import ExternalUnit
from apps.reconsideration import services
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.conftest import make_user

ID_NUMBER = "370305196203154229"
PHONE = "13905336688"
ADDRESS = "淄博市临淄区桓公路88号1单元502"


class ReconPeople:
    """行政复议应诉科: two handlers and the chief; its division leader is the walk's `leader`."""

    def __init__(self, people, bureau):
        section = bureau["reconsideration"]
        self.clerk = make_user("recon_clerk", section, Rank.STAFF, full_name="复议科员")
        self.colleague = make_user("recon_colleague", section, Rank.STAFF, full_name="复议同事")
        self.chief = make_user("recon_chief", section, Rank.CHIEF, full_name="复议科科长")
        self.leader = people.leader
        self.director = people.director
        self.outsider = people.outsider
        self.office_clerk = people.clerk
        self.office_chief = people.chief
        section.division_leader = people.leader
        section.save()
        self.section = section


def unit(code):
    return ExternalUnit.objects.get(code=code)


def department():
    return ExternalUnit.objects.filter(kind="department").order_by("order").first()


def court():
    return ExternalUnit.objects.filter(kind="court").order_by("order").first()


def government():
    return ExternalUnit.objects.filter(kind="government").order_by("order").first()


def new_case(p, received_on=date(2026, 9, 23), **extra):
    data = {
        "applicant": "王某",
        "applicant_kind": "natural",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "address": ADDRESS,
        "agent": "",
        "respondent": department(),
        "act": "2026年8月20日作出的罚款2000元的行政处罚决定",
        "act_type": "penalty",
        "act_on": date(2026, 8, 20),
        "known_on": date(2026, 8, 21),
        "remedy_told": True,
        "realty": False,
        "request": "请求撤销该处罚决定。理由：事实不清。",
        "channel": "oral",
        "oral_record": "申请人口述：……（笔录已交申请人核对）",
        "oral_signed": True,
        "received_on": received_on,
        "handler2": p.colleague,
        **extra,
    }
    return services.register_case(p.clerk, data)


def pending(case, user):
    return Task.objects.pending().get(case=case, assignee=user)


def approve_decision(case, p):
    engine.approve(case.pk, pending(case, p.chief).pk, p.chief, "初审同意。")
    engine.approve(case.pk, pending(case, p.director).pk, p.director, "同意，报区政府审签。")


def new_answer(p, received_on=date(2026, 9, 23), simplified=False):
    return services.register_answer(
        p.clerk,
        {
            "body": government(),
            "body_case_no": "临政复〔2026〕9号",
            "applicant": "李某",
            "phone": PHONE,
            "act": "本局2026年9月1日作出的不予许可决定",
            "act_type": "license",
            "acting_section": p.office_clerk.section,
            "simplified": simplified,
            "copy_received_on": received_on,
        },
    )


def new_lawsuit(p, served_on=date(2026, 9, 23)):
    return services.register_lawsuit(
        p.clerk,
        {
            "court": court(),
            "court_case_no": "（2026）鲁0305行初88号",
            "plaintiff": "赵某",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "address": ADDRESS,
            "defendant": "bureau",
            "act": "本局作出的投诉处理答复",
            "act_type": "complaint",
            "claims": "撤销投诉处理答复并责令重新作出",
            "served_on": served_on,
        },
    )


def chain(case, *users):
    for user in users:
        engine.approve(case.pk, pending(case, user).pk, user, "同意。")
