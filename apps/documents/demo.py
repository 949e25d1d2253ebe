"""Demo documents (seed_demo calls create_demo_cases): incoming documents at every step from
签收登记 to 归档, one overdue transfer, a 阅件 with read receipts, a reply linked both ways, and
outgoing documents from draft to distributed and archived, all moved by the real services."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api as engine
from apps.workflow.models import CaseClock, Task

from . import services
from .models import Channel, IncomingDocument, OutgoingRecipient, Urgency
from .processes import ASSIGN, HANDLE, NUMBER, PLAN, PRINT, READING, SEAL, SEAL_REQUEST


def _task(case, step=None, user=None):
    tasks = case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ)
    if step:
        tasks = tasks.filter(step=step)
    if user:
        tasks = tasks.filter(assignee=user)
    return tasks.select_related("assignee").first()


def _incoming(u, title, source, number="", urgency=Urgency.NORMAL, summary="", days_ago=0, **extra):
    received = timezone.now() - timedelta(days=days_ago)
    data = {
        "title": title,
        "source_org": source,
        "source_number": number,
        "urgency": urgency,
        "summary": summary,
        "channel": Channel.ELECTRONIC,
        "copies": 1,
        "received_at": received,
        **extra,
    }
    return services.register_incoming(u["office.receiver"], data)


def _plan(u, case, handling, leaders, opinion):
    task = _task(case, PLAN)
    services.plan(case.pk, task.pk, task.assignee, handling, [u[name] for name in leaders], opinion)


def _instruct_all(case, opinions):
    for opinion in opinions:
        task = _task(case)
        engine.approve(case.pk, task.pk, task.assignee, opinion)


def _assign(u, case, lead, co=(), handler=None):
    task = _task(case, ASSIGN)
    services.assign(
        case.pk,
        task.pk,
        u["office.receiver"],
        Section.objects.get(code=lead),
        list(Section.objects.filter(code__in=co)),
        u[handler] if handler else None,
    )


def _outgoing(
    user, title, doc_type, main, body, copy="", countersign=(), scheme="outgoing-bureau", submit=True, reply_to=None
):
    from apps.numbering.models import NumberScheme

    data = {
        "title": title,
        "doc_type": doc_type,
        "main_recipients": main,
        "copy_recipients": copy,
        "body": body,
        "attachment_list": "",
        "note": "",
        "urgency": Urgency.NORMAL,
        "upward": doc_type in ("request", "report"),
        "scheme": NumberScheme.objects.get(code=scheme),
        "countersign_sections": list(Section.objects.filter(code__in=countersign)),
    }
    return services.save_outgoing(user, data, submit=submit, in_reply_to=reply_to)


def _approve_until(case, step_prefix):
    while True:
        task = _task(case)
        if task is None or task.step.startswith(step_prefix):
            return task
        engine.approve(case.pk, task.pk, task.assignee, "同意。")


def create_demo_cases(u):
    made = []
    today = timezone.localdate()

    # 1. 特急, received this morning, waiting for the office chief's 拟办.
    made.append(
        _incoming(
            u,
            "关于做好2027年元旦春节期间安全稳定工作的紧急通知",
            "区委政法委",
            "临政法发〔2026〕31号",
            Urgency.EXTRA_URGENT,
            "要求各单位加强节日期间矛盾纠纷排查化解，12月28日前报送工作方案。",
            requested_due=today + timedelta(days=5),
        )
    )
    # 2. Registered today, 拟办 done: at the division leader's 批办.
    case = _incoming(
        u,
        "关于开展2026年度法治政府建设考核的通知",
        "区委依法治区办",
        "临法办发〔2026〕12号",
        Urgency.URGENT,
        "对区直部门法治政府建设情况进行年度考核，附考核细则。",
    )
    _plan(
        u,
        case,
        IncomingDocument.Handling.ACTION,
        ["leader.lu", "director"],
        "建议由秘书科牵头办理，报吕局长、王局长批示。",
    )
    made.append(case)
    # 3. Both leaders have instructed: waiting for the receiver's 转办.
    case = _incoming(
        u,
        "关于报送2026年度行政复议案件统计数据的通知",
        "市司法局",
        "淄司函〔2026〕88号",
        days_ago=1,
        summary="请于12月20日前通过系统报送全年行政复议案件统计表。",
    )
    _plan(u, case, IncomingDocument.Handling.ACTION, ["leader.shi"], "建议转复议科办理。")
    _instruct_all(case, ["同意，请复议科按时报送，数据要准确。"])
    made.append(case)
    # 4. Transferred: the lawyers' section leads, correction co-handles; due in the future.
    case = _incoming(
        u,
        "关于做好律师行业党建工作年度检查的通知",
        "市司法局",
        "淄司发〔2026〕102号",
        days_ago=2,
        summary="对律师事务所党组织建设情况开展年度检查。",
    )
    _plan(u, case, IncomingDocument.Handling.ACTION, ["leader.zhang"], "建议律师科牵头，矫正科配合。")
    _instruct_all(case, ["同意拟办意见。"])
    _assign(u, case, "lawyers", co=("correction",))
    made.append(case)
    # 5. Overdue: transferred a fortnight ago to the public legal service section (dates moved back).
    case = _incoming(
        u,
        "关于报送人民调解员培训情况的通知",
        "区委政法委",
        "临政法函〔2026〕9号",
        days_ago=16,
        summary="请报送本年度人民调解员培训开展情况及下年度计划。",
    )
    _plan(u, case, IncomingDocument.Handling.ACTION, ["leader.shi"], "建议转公共法律服务科办理。")
    _instruct_all(case, ["请公共法律服务科抓紧办理。"])
    _assign(u, case, "public_legal", handler="service.clerk")
    past = today - timedelta(days=3)
    CaseClock.objects.filter(case=case).update(due_date=past, started_on=today - timedelta(days=15))
    IncomingDocument.objects.filter(case=case).update(due_date=past)
    type(case).objects.filter(pk=case.pk).update(due_date=past)
    made.append(case)
    # 6. A 阅件: instructed, circulated, two read receipts back; closed.
    case = _incoming(
        u, "关于印发《全市司法行政系统2027年工作要点》的通知", "市司法局", "淄司发〔2026〕110号", days_ago=3
    )
    _plan(u, case, IncomingDocument.Handling.READING, ["director"], "阅件，建议呈王局长阅示后局机关各科室负责人传阅。")
    _instruct_all(case, ["请各科室认真学习，结合实际抓好落实。"])
    task = _task(case, READING)
    readers = [u[name] for name in ("office.chief", "law.chief", "recon.chief", "lawyer.chief", "correct.chief")]
    services.send_for_reading(case.pk, task.pk, u["office.receiver"], readers, "请各科室负责人阅知。")
    for name in ("law.chief", "recon.chief"):
        read = case.tasks.get(kind=Task.Kind.READ, assignee=u[name])
        engine.mark_read(case.pk, read.pk, u[name], "已阅，按要点抓好落实。")
    made.append(case)
    # 7. Handled, closed and archived; the handler answered it with a reply (linked both ways).
    case = _incoming(
        u,
        "关于征求《临淄区优化法治化营商环境若干措施（征求意见稿）》意见的函",
        "区发展改革局",
        "临发改函〔2026〕45号",
        days_ago=9,
        summary="请于12月15日前反馈书面意见。",
    )
    _plan(u, case, IncomingDocument.Handling.ACTION, ["leader.lu"], "建议秘书科研提意见，以局名义复函。")
    _instruct_all(case, ["同意，请秘书科认真研究后复函。"])
    _assign(u, case, "rule_of_law", handler="law.clerk")
    reply = _outgoing(
        u["law.clerk"],
        "关于对《临淄区优化法治化营商环境若干措施（征求意见稿）》的复函",
        "letter",
        "区发展改革局",
        "你局《关于征求〈临淄区优化法治化营商环境若干措施（征求意见稿）〉意见的函》收悉。经研究，提出以下意见：\n"
        "一、建议在第三条中增加公共法律服务相关内容。\n二、建议明确涉企行政执法检查的备案程序。\n特此函复。",
        reply_to=case.incoming_document,
        submit=False,
    )
    made.append(reply)
    task = _task(case, HANDLE)
    engine.complete(case.pk, task.pk, task.assignee, "已研提意见，以局名义复函区发展改革局（见复文）。")
    engine.archive(case.pk, u["office.archive"])
    made.append(case)

    # --- 发文 -----------------------------------------------------------------------------------
    made.append(
        _outgoing(
            u["office.clerk"],
            "关于调整局机关公务用车管理有关事项的通知",
            "notice",
            "局机关各科室、各司法所",
            "为进一步规范公务用车管理，现将有关事项通知如下：\n一、严格执行派车制度。\n二、加强车辆维修管理。",
            submit=False,
        )
    )
    # At the chief's 核稿.
    made.append(
        _outgoing(
            u["law.clerk"],
            "关于开展“宪法宣传周”系列活动的通知",
            "notice",
            "各司法所、局属各单位",
            "为深入学习宣传宪法，定于12月1日至7日开展“宪法宣传周”系列活动。\n一、活动内容。\n二、工作要求。",
            copy="区委依法治区办",
        )
    )
    # At the director's 签发, countersigned by the office.
    case = _outgoing(
        u["recon.clerk"],
        "关于2026年度行政复议工作情况的报告",
        "report",
        "区人民政府",
        "现将我局2026年度行政复议工作情况报告如下：\n一、基本情况。全年共收到行政复议申请86件。\n二、主要做法。\n三、下一步工作打算。\n特此报告。",
        countersign=("office",),
    )
    _approve_until(case, "sign-report-2")
    made.append(case)
    # Numbered and printed: at the drafter's 提交用印申请 (the 用印 of the printed copies).
    case = _outgoing(
        u["service.clerk"],
        "关于印发《临淄区公共法律服务实体平台管理办法》的通知",
        "notice",
        "各司法所、局属各单位",
        "现将《临淄区公共法律服务实体平台管理办法》印发给你们，请认真贯彻执行。",
        copy="市司法局",
    )
    _approve_until(case, NUMBER)
    services.number(case.pk, u["office.receiver"])
    case.refresh_from_db()
    if case.current_step == PRINT:
        task = _task(case, PRINT)
        services.record_print(case.pk, task.pk, task.assignee, 30, timezone.localdate(), "局文印室")
    made.append(case)
    # Distributed, closed and archived (a plain confirmation at 用印 through the keeper's record).
    case = _outgoing(
        u["office.clerk"],
        "关于做好2026年度档案整理归档工作的通知",
        "notice",
        "局机关各科室、各司法所",
        "根据档案管理有关规定，现就做好2026年度文书档案整理归档工作通知如下：\n"
        "一、归档范围。本年度形成的具有保存价值的文件材料。\n二、时间要求。请于2027年1月31日前完成。",
        copy="区档案馆",
    )
    _approve_until(case, NUMBER)
    services.number(case.pk, u["office.receiver"])
    if _finish_office_steps(u, case):
        engine.archive(case.pk, u["office.archive"])
    made.append(case)
    return len(made)


def _finish_office_steps(u, case):
    """印制, 提交用印申请, 用印 in the order the case's route has them, then 分发."""
    from apps.documents.models import OutgoingDocument

    doc = OutgoingDocument.objects.get(case=case)
    case.refresh_from_db()
    while case.current_step in (PRINT, SEAL_REQUEST, SEAL):
        if case.current_step == PRINT:
            task = _task(case, PRINT)
            services.record_print(case.pk, task.pk, task.assignee, 30, timezone.localdate(), "局文印室")
        elif case.current_step == SEAL_REQUEST:
            seal = services.default_seal(doc)
            if seal is None:
                return False  # no seal in the register yet: the document waits at 用印
            task = _task(case, SEAL_REQUEST)
            services.request_seal(case.pk, task.pk, case.initiator, seal, 30)
        else:
            requests = services.seal_requests(case)
            if requests is not None and not requests.filter(stamped_copies__gt=0).exists():
                _stamp_through_seals(u, case, doc)
                if not requests.filter(stamped_copies__gt=0).exists():
                    return False
            task = _task(case, SEAL)
            services.confirm_seal(case.pk, task.pk, task.assignee)
        case.refresh_from_db()
    rows = list(OutgoingRecipient.objects.filter(document=doc).values_list("pk", flat=True))
    services.mark_recipients(case.pk, u["office.receiver"], rows, OutgoingRecipient.Status.RECEIVED)
    task = _task(case)
    services.finish_distribution(case.pk, task.pk, task.assignee)
    return True


def _stamp_through_seals(u, case, doc):
    """The drafter's seal-use request for the document (filed at 提交用印申请), approved along its
    chain and stamped (apps.seals)."""
    from apps.seals import services as seals

    request = services.seal_requests(case).filter(case__status="active").first()
    if request is None:
        return
    use = request.case
    while True:
        task = _task(use)
        if task is None or task.kind != Task.Kind.APPROVE:
            break
        engine.approve(use.pk, task.pk, task.assignee, "同意。")
    task = _task(use)
    if task is not None:
        seals.record_stamping(use.pk, task.assignee, copies=request.copies)
