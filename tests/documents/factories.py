"""Documents made the way the pages make them, and the office roles the procedures need."""

from types import SimpleNamespace

from django.utils import timezone

from apps.accounts.models import OfficeRole, Rank
from apps.documents import services
from apps.documents.models import IncomingDocument, Urgency
from apps.documents.processes import ASSIGN, NUMBER, PLAN, PRINT, SEAL, SEAL_REQUEST
from apps.numbering.models import NumberScheme
from apps.workflow import services as engine
from apps.workflow.models import Task
from tests.conftest import make_user


def make_office(bureau, people):
    """The receiver (收发员), the seal keeper, and a chief for a co-handling section."""
    correction = bureau["correction"]
    correction.division_leader = people.other_leader
    correction.save()
    return SimpleNamespace(
        receiver=make_user(
            "receiver", bureau["office"], Rank.STAFF, office_role=OfficeRole.RECEIVER, full_name="收发员"
        ),
        keeper=make_user(
            "sealkeeper", bureau["office"], Rank.STAFF, office_role=OfficeRole.SEAL_KEEPER, full_name="印章管理员"
        ),
        co_chief=make_user("corrchief", correction, Rank.CHIEF, full_name="矫正科科长"),
        correction=correction,
    )


def incoming_data(**overrides):
    data = {
        "title": "关于报送2026年度普法工作总结的通知",
        "source_org": "市司法局",
        "source_number": "淄司函〔2026〕8号",
        "urgency": Urgency.NORMAL,
        "summary": "请于12月20日前报送。",
        "copies": 1,
    }
    data.update(overrides)
    return data


def register(office, **overrides):
    case = services.register_incoming(office.receiver, incoming_data(**overrides))
    case.refresh_from_db()
    return case


def pending(case, step=None):
    tasks = case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ)
    if step:
        tasks = tasks.filter(step=step)
    return list(tasks.select_related("assignee").order_by("id"))


def plan(case, people, handling=IncomingDocument.Handling.ACTION, leaders=None):
    task = pending(case, PLAN)[0]
    services.plan(case.pk, task.pk, people.chief, handling, leaders or [people.leader], "建议办理。")
    case.refresh_from_db()
    return case


def instruct_all(case, opinion="同意。"):
    case.refresh_from_db()
    while case.current_step.startswith("instruct-"):
        task = pending(case)[0]
        engine.approve(case.pk, task.pk, task.assignee, opinion)
        case.refresh_from_db()
    return case


def assign(case, office, lead, co=(), handler=None):
    task = pending(case, ASSIGN)[0]
    services.assign(case.pk, task.pk, office.receiver, lead, list(co), handler)
    case.refresh_from_db()
    return case


def to_handling(office, people, lead, co=(), handler=None, **overrides):
    case = register(office, **overrides)
    plan(case, people)
    instruct_all(case)
    return assign(case, office, lead, co, handler)


def draft(
    user, title="关于开展2026年度普法宣传月活动的通知", submit=True, doc_type="notice", countersign=(), **overrides
):
    data = {
        "title": title,
        "doc_type": doc_type,
        "upward": doc_type in ("request", "report"),
        "urgency": Urgency.NORMAL,
        "main_recipients": "各司法所、局属各单位",
        "copy_recipients": "区委依法治区办",
        "attachment_list": "活动安排表",
        "body": "为深入开展普法宣传，现将有关事项通知如下。\n一、活动内容。开展普法宣传。\n二、工作要求。请认真组织。",
        "note": "",
        "scheme": NumberScheme.objects.get(code="outgoing-bureau"),
        "countersign_sections": list(countersign),
    }
    data.update(overrides)
    case = services.save_outgoing(user, data, submit=submit)
    case.refresh_from_db()
    return case


def sign_all(case):
    """Every reviewer, countersigner and signer agrees, in route order, up to 复核编号."""
    case.refresh_from_db()
    while case.current_step != NUMBER:
        tasks = pending(case)
        assert tasks and tasks[0].kind in (Task.Kind.APPROVE, Task.Kind.COUNTERSIGN), case.current_step
        for task in tasks:
            engine.approve(case.pk, task.pk, task.assignee, f"{task.step_label}：同意。")
        case.refresh_from_db()
    return case


def today():
    return timezone.localdate()


def bureau_seal(office, name="测试区司法局"):
    """The bureau's 公章 in the register, kept by the office's seal keeper."""
    from apps.seals.models import Seal, SealKind

    return Seal.objects.get_or_create(
        name=name, kind=SealKind.OFFICIAL, defaults={"owner_unit": office.keeper.section, "keeper": office.keeper}
    )[0]


def print_run(case, office, copies=20):
    """印制 by the receiver."""
    task = pending(case, PRINT)[0]
    services.record_print(case.pk, task.pk, office.receiver, copies, today(), "局文印室")
    case.refresh_from_db()
    return case


def seal_through_request(case, office):
    """提交用印申请 by the drafter (the defaults the form offers), the request approved along its
    chain, the keeper stamping every copy, then confirming 用印 on the document."""
    seal = bureau_seal(office)
    doc = case.outgoing_document
    doc.refresh_from_db()
    task = pending(case, SEAL_REQUEST)[0]
    services.request_seal(case.pk, task.pk, case.initiator, seal, services.default_seal_copies(doc))
    use = stamp_request(case, office)
    services.confirm_seal(case.pk, pending(case, SEAL)[0].pk, office.keeper)
    case.refresh_from_db()
    return use


def stamp_request(case, office):
    """The document's seal-use request approved along its chain and every copy stamped."""
    from apps.seals import services as seals
    from apps.seals.models import SealUseRequest

    use = SealUseRequest.objects.get(document_case=case).case
    while True:
        tasks = pending(use)
        if not tasks or tasks[0].kind != Task.Kind.APPROVE:
            break
        for task in tasks:
            engine.approve(use.pk, task.pk, task.assignee, "同意。")
    seals.record_stamping(use.pk, office.keeper, copies=use.seal_use.copies)
    return use
