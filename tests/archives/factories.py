from apps.archives.models import Fonds
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.matters.factories import new_request

TINY_PDF_HEAD = b"%PDF-1.7\n"


def fonds(code="J109"):
    return Fonds.objects.get_or_create(code=code, defaults={"name": "测试区司法局", "active": True})[0]


def closed_request(user, title, chief, leader=None):
    """A general request submitted by `user`, approved by the chain and finished (已办结)."""
    case = new_request(user, title, submit=True)
    for _ in range(6):
        case.refresh_from_db()
        if not case.is_open:
            return case
        for task in (
            case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ).select_related("assignee")
        ):
            if task.kind == Task.Kind.HANDLE:
                engine.complete(case.pk, task.pk, task.assignee, "已办结。")
            else:
                engine.approve(case.pk, task.pk, task.assignee, "同意。")
    raise AssertionError("not closed")
