from apps.hr.leave import services
from apps.hr.models import HalfDay, LeaveType
from apps.workflow import services as engine
from apps.workflow.models import Task


def leave_data(
    code="personal",
    start=None,
    end=None,
    *,
    start_part=HalfDay.AM,
    end_part=HalfDay.PM,
    stand_in=None,
    reason="家中有事",
    extends=None,
):
    data = {
        "leave_type": LeaveType.objects.get(code=code),
        "start_date": start,
        "start_part": start_part,
        "end_date": end or start,
        "end_part": end_part,
        "reason": reason,
        "destination": "",
        "stand_in": stand_in,
    }
    if extends is not None:
        data["extends"] = extends
    return data


def file_leave(user, code="personal", start=None, end=None, *, submit=True, uploads=(), **kwargs):
    """A leave request filed the way the page files it; returns the case (refreshed)."""
    case = services.save_leave(user, leave_data(code, start, end, **kwargs), uploads=uploads, submit=submit)
    case.refresh_from_db()
    return case


def approvers(case):
    """[(step label, approver names)] of the route as it is resolved now."""
    from apps.workflow.processes import resolve_role

    return [(step["label"], [u.username for u in resolve_role(step["role"], case)]) for step in case.route]


def approve_all(case):
    """Every pending approval, in order, by its assignee; returns who signed."""
    signed = []
    while True:
        tasks = list(case.tasks.filter(status=Task.Status.PENDING, kind=Task.Kind.APPROVE).select_related("assignee"))
        if not tasks:
            break
        for task in tasks:
            engine.approve(case.pk, task.pk, task.assignee, "同意")
            signed.append(task.assignee.username)
    case.refresh_from_db()
    return signed
