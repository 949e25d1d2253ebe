"""Register entries built through the real services, for the tests and the URL walk."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from apps.accounts.models import OfficeRole, OfficeRoleGrant, Rank, User
from apps.confidential import services
from apps.confidential.models import Channel, Classification, Disposal, Kind
from apps.workflow import services as engine
from apps.workflow.models import Delegation, Task
from tests.conftest import make_user


def secret_clerk(bureau, username="secret"):
    """The confidential clerk (机要员) of the office."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = make_user(
            username, bureau["office"], Rank.STAFF, office_role=OfficeRole.CONFIDENTIAL_CLERK, full_name="机要员"
        )
    OfficeRoleGrant.objects.get_or_create(user=user, role=OfficeRole.CONFIDENTIAL_CLERK)
    return user


def item_data(
    title,
    *,
    kind=Kind.DOCUMENT,
    copies=2,
    first=1,
    readers=(),
    handler=None,
    handle_days=None,
    received_on=None,
    **extra,
):
    data = {
        "kind": kind,
        "received_on": received_on or timezone.localdate(),
        "channel": Channel.COLLECTED,
        "source": "区委办公室",
        "source_number": "区委密〔2026〕1号",
        "title": title,
        "classification": Classification.SECRET,
        "secrecy_period": "",
        "urgency": "",
        "copies": copies,
        "copy_numbers": "、".join(f"{first + i:06d}" for i in range(copies)),
        "pages": 3,
        "cabinet": "机要室1号柜",
        "readers": list(readers),
        "handler": handler,
        "handle_days": handle_days,
    }
    data.update(extra)
    return data


def pending(case):
    return list(case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ).select_related("assignee"))


def act_all(case, opinion="阅。"):
    """Move the entry along its route until it is closed (each holder acts)."""
    for _ in range(10):
        case.refresh_from_db()
        if not case.is_open:
            return case
        for task in pending(case):
            if task.kind == Task.Kind.HANDLE:
                engine.complete(case.pk, task.pk, task.assignee, opinion)
            else:
                engine.approve(case.pk, task.pk, task.assignee, opinion)
    raise AssertionError("route did not finish")


TITLES = {
    "draft": "密件标题甲：尚未送拟办的通知",
    "at_leader": "密件标题乙：呈分管领导阅示的意见",
    "handled": "密件标题丙：局长阅示后转律师科办理的通知",
    "granted": "密件标题丁：单独授权办公室同事查阅的通报",
    "lent": "密件标题戊：借给律师科科长的方案",
    "destroyed": "密件标题己：已销毁的电报",
}


def classified_world(people, bureau, clerk=None):
    """One entry in each state, and who may see it (besides the keepers: the clerk and the chief).

    The division leader has delegated his inbox to the other division leader, who must still see
    nothing of the entry waiting for the leader's 呈阅."""
    p = people
    clerk = clerk or secret_clerk(bureau)
    today = timezone.localdate()
    Delegation.objects.get_or_create(
        principal=p.leader,
        delegate=p.other_leader,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=5),
        defaults={"reason": "外出学习"},
    )
    items = {}
    items["draft"] = services.register_item(clerk, item_data(TITLES["draft"], first=11, readers=[p.leader]))
    items["at_leader"] = services.register_item(
        clerk, item_data(TITLES["at_leader"], first=21, readers=[p.leader]), submit=True
    )
    engine.approve(items["at_leader"].case_id, pending(items["at_leader"].case)[0].pk, p.chief, "拟请吕局长阅示。")
    items["handled"] = services.register_item(
        clerk,
        item_data(TITLES["handled"], first=31, readers=[p.director], handler=p.outsider, handle_days=3),
        submit=True,
    )
    act_all(items["handled"].case)
    items["granted"] = services.register_item(clerk, item_data(TITLES["granted"], first=41), submit=True)
    act_all(items["granted"].case)
    services.grant(items["granted"].case, clerk, p.colleague)
    items["lent"] = services.register_item(clerk, item_data(TITLES["lent"], first=51), submit=True)
    act_all(items["lent"].case)
    loan = services.lend(items["lent"].case, clerk, p.other_chief, "000051", "研究落实", 3)
    items["destroyed"] = services.register_item(
        clerk, item_data(TITLES["destroyed"], kind=Kind.TELEGRAM, copies=1, first=61), submit=True
    )
    act_all(items["destroyed"].case)
    services.dispose(
        items["destroyed"].case,
        clerk,
        Disposal.Kind.DESTROY,
        {
            "on_date": today,
            "approved_by": p.chief,
            "witness": p.colleague,
            "method": "送销毁中心",
        },
    )
    for item in items.values():
        item.refresh_from_db()
        item.case.refresh_from_db()
    keepers = {"secret", "chief"}
    visible = {
        "draft": keepers,
        "at_leader": keepers | {"leader"},
        "handled": keepers | {"director", "outsider"},
        "granted": keepers | {"colleague"},
        "lent": keepers | {"other_chief"},
        "destroyed": keepers,
    }
    return SimpleNamespace(clerk=clerk, items=items, loan=loan, visible=visible, titles=TITLES)
