from django.db import transaction

from apps.privacy.kinds import id_check_digit
from apps.workflow import services
from tests.privacy_app.models import Visitor
from tests.privacy_app.processes import PROCESS_CODE


def id_number(first17="37030519800101123"):
    """A valid 18-digit resident ID number (the check digit computed)."""
    return first17 + id_check_digit(first17)


ZHANG = id_number("37030519800101123")
LI = id_number("11010519491231002")
PHONE = "13953312345"
ADDRESS = "山东省淄博市临淄区闻韶街道桓公路100号3单元201室"


def new_visit(
    user, title="来访登记：反映邻里纠纷", number=ZHANG, phone=PHONE, address=ADDRESS, name="张三", submit=False
):
    """A 来访登记 case with its visitor record, created the way a section page would."""
    with transaction.atomic():
        case = services.create_case(PROCESS_CODE, initiator=user, section=user.section, title=title)
        Visitor.objects.create(case=case, name=name, id_number=number, phone=phone, address=address)
    if submit:
        services.submit(case.pk, user)
    case.refresh_from_db()
    return case
