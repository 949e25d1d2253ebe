from decimal import Decimal

from django.db import transaction

from apps.matters.models import GeneralRequest
from apps.matters.processes import PROCESS_CODE
from apps.org.models import Section
from apps.workflow import services


def new_request(user, title="关于采购办公用品的请示", amount=None, countersign=(), submit=False):
    """A general request created the way the page creates it (optionally submitted)."""
    with transaction.atomic():
        case = services.create_case(PROCESS_CODE, initiator=user, section=user.section, title=title)
        request = GeneralRequest.objects.create(
            case=case, body="事项内容", amount=Decimal(amount) if amount is not None else None
        )
        if countersign:
            request.countersign_sections.set(Section.objects.filter(code__in=countersign))
    if submit:
        services.submit(case.pk, user)
    case.refresh_from_db()
    return case
