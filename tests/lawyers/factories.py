"""Register rows and complaints made the way the app's forms and services make them."""

from datetime import date

from apps.lawyers import services
from apps.lawyers.models import LawFirm, Lawyer

ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
ADDRESS = "淄博市临淄区桓公路18号2单元301"


def make_firm(name="山东齐都律师事务所", licence_no="23703200110234567", **extra):
    return LawFirm.objects.create(
        name=name,
        licence_no=licence_no,
        licensed_on=date(2001, 3, 15),
        head="田志远",
        address="临淄区桓公路120号",
        **extra,
    )


def make_lawyer(firm, name="李明远", licence_no="13703202010123456", **extra):
    return Lawyer.objects.create(
        name=name, firm=firm, licence_no=licence_no, licensed_on=date(2010, 7, 1), phone="13912345678", **extra
    )


def new_complaint(actor, received_on=date(2026, 9, 28), lawyer=None, kind="lawyer", name="", unit="", **extra):
    if lawyer is None and not name:
        name, unit = "王律师", "山东稷下律师事务所"
    data = {
        "subject_kind": kind,
        "lawyer": lawyer,
        "firm": None,
        "subject_name": name,
        "subject_unit": unit,
        "complainant": "张三",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "address": ADDRESS,
        "channel": "letter",
        "received_on": received_on,
        "content": "代理律师收取费用后未提供法律服务。",
        **extra,
    }
    return services.register_complaint(actor, data)


def note(case, actor, on_date):
    return services.add_note(
        case.pk,
        actor,
        {"on_date": on_date, "method": "inquiry", "officers": "甲、乙", "content": "询问被投诉律师，承认未提供服务。"},
    )


def recommend(case, actor):
    return services.start_recommendation(
        case.pk,
        actor,
        {
            "facts": "收取代理费后未提供法律服务。",
            "evidence": "委托合同、收费票据、询问笔录。",
            "legal_basis": "《律师法》第四十七条、第五十二条",
            "proposal": "建议给予警告。",
            "recipient": None,
            "bar_referral": False,
        },
    )
