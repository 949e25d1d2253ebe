from django import template
from django.utils import timezone

from ..leave.balances import days_text, leave_year

register = template.Library()


@register.filter
def days(value):
    """1.0 -> "1", 0.5 -> "0.5" (days of leave, attendance)."""
    if value is None or value == "":
        return ""
    return days_text(value)


@register.simple_tag
def leave_panel(leave, user):
    """What the case page shows beside a leave: the year's rules applied, 销假 and 续假."""
    from ..leave.forms import ReturnForm
    from ..leave.services import may_register_return, return_problem

    today = timezone.localdate()
    approved = leave.is_approved
    year = leave_year(leave.person, leave.start_date.year, extra=None if approved else leave)
    extensions = list(leave.extensions.select_related("case").order_by("start_date"))
    may_return = may_register_return(leave, user) and approved and not return_problem(leave)
    can_extend = (
        approved
        and user.pk == leave.person_id
        and leave.returned_on is None
        and today <= leave.end_date
        and not any(e.case.status not in ("rejected",) for e in extensions)
    )
    return {
        "year": year,
        "extensions": extensions,
        "may_return": may_return,
        "return_form": ReturnForm() if may_return else None,
        "can_extend": can_extend,
        "counted_with_this": not approved,
    }
