"""Demo cases for 事项审批, in every state, moved by the real services (seed_demo calls this),
and the demo's deadline clocks (create_demo_clocks), carried by 事项审批 cases."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.org.models import Section
from apps.workflow import calendar, deadlines, services
from apps.workflow.models import Delegation, Task

from .models import GeneralRequest
from .processes import PROCESS_CODE


def _new(user, title, body, amount=None, countersign=()):
    with transaction.atomic():
        case = services.create_case(PROCESS_CODE, initiator=user, section=user.section, title=title)
        request = GeneralRequest.objects.create(case=case, body=body, amount=amount)
        if countersign:
            request.countersign_sections.set(Section.objects.filter(code__in=countersign))
    return case


def _pending(case):
    return list(case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ).select_related("assignee"))


def _approve_current(case, opinion="同意。"):
    for task in _pending(case):
        services.approve(case.pk, task.pk, task.assignee, opinion)


def create_demo_cases(u):
    clocks = create_demo_clocks(u)
    made = []

    # Draft, not yet submitted.
    made.append(
        _new(
            u["office.clerk"], "关于更换办公室打印机硒鼓的申请", "办公室两台打印机硒鼓耗尽，申请更换。", Decimal("860")
        )
    )

    # Waiting for the section chief.
    case = _new(
        u["personnel.clerk"],
        "关于组织2026年新入职人员岗前培训的请示",
        "拟于12月上旬组织新入职人员岗前培训两天，请审批。",
    )
    services.submit(case.pk, u["personnel.clerk"])
    made.append(case)

    # Countersign in progress: one section agreed, one still to sign.
    case = _new(
        u["office.clerk"],
        "关于调整局机关值班安排的请示",
        "元旦、春节期间拟调整带班和值班安排，涉及律师科、矫正科人员。",
        countersign=("lawyers", "correction"),
    )
    services.submit(case.pk, u["office.clerk"])
    _approve_current(case, "同意，请各科室配合。")
    lawyer_task = case.tasks.get(status=Task.Status.PENDING, assignee=u["lawyer.chief"])
    services.approve(case.pk, lawyer_task.pk, u["lawyer.chief"], "律师科无意见。")
    made.append(case)

    # Amount above the threshold: at the director after chief and division leader.
    case = _new(
        u["recon.clerk"],
        "关于采购行政复议听证室录音录像设备的请示",
        "听证室现有设备老化，拟采购录音录像设备一套，预算12000元，已询价三家。",
        Decimal("12000"),
    )
    services.submit(case.pk, u["recon.clerk"])
    _approve_current(case, "情况属实，同意采购。")
    _approve_current(case, "同意，按政府采购程序办理。")
    made.append(case)

    # Returned to the drafter for changes.
    case = _new(u["enforce.clerk"], "关于开展行政执法案卷评查的请示", "拟抽查区直部门行政执法案卷。")
    services.submit(case.pk, u["enforce.clerk"])
    task = _pending(case)[0]
    services.return_case(case.pk, task.pk, u["enforce.chief"], -1, "请补充评查范围、抽查比例和时间安排后再报。")
    made.append(case)

    # Rejected by the division leader.
    case = _new(u["service.clerk"], "关于购置法律服务宣传礼品的请示", "拟购置宣传礼品500份。", Decimal("3000"))
    services.submit(case.pk, u["service.clerk"])
    _approve_current(case)
    task = _pending(case)[0]
    services.reject(case.pk, task.pk, u["leader.shi"], "不符合厉行节约规定，宣传品改用资料册。")
    made.append(case)

    # Fully approved and done.
    case = _new(u["lawyer.clerk"], "关于召开全区律师行业年度座谈会的请示", "拟于11月底召开律师行业座谈会。")
    services.submit(case.pk, u["lawyer.clerk"])
    _approve_current(case)
    _approve_current(case)
    task = _pending(case)[0]
    services.complete(case.pk, task.pk, u["lawyer.clerk"], "座谈会已于11月20日召开，形成会议纪要。")
    made.append(case)

    # Closed and archived.
    case = _new(
        u["correct.clerk"], "关于社区矫正中心更换门禁系统的请示", "门禁系统故障频发，申请维修更换。", Decimal("4200")
    )
    services.submit(case.pk, u["correct.clerk"])
    _approve_current(case)
    _approve_current(case)
    task = _pending(case)[0]
    services.complete(case.pk, task.pk, u["correct.clerk"], "已完成更换并验收。")
    services.archive(case.pk, u["office.archive"])
    made.append(case)

    # Transferred by the chief to a colleague.
    case = _new(u["law.clerk"], "关于编印普法宣传资料的请示", "拟编印《民法典》普法宣传册2000册。", Decimal("6800"))
    services.submit(case.pk, u["law.clerk"])
    task = _pending(case)[0]
    services.approve(case.pk, task.pk, u["law.chief"], "同意，报分管领导。")
    task = _pending(case)[0]
    services.transfer(case.pk, task.pk, u["leader.lu"], u["leader.shi"], "本人外出学习一周，请施局长代为审核。")
    made.append(case)

    # A leader on leave: his items appear in the delegate's inbox.
    today = timezone.localdate()
    Delegation.objects.get_or_create(
        principal=u["leader.zhang"],
        delegate=u["leader.shi"],
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=4),
        defaults={"reason": "年休假"},
    )
    case = _new(u["correct.chief"], "关于社区矫正工作人员参加省级业务培训的请示", "拟派2人参加省厅组织的业务培训。")
    services.submit(case.pk, u["correct.chief"])
    made.append(case)

    # Overdue: the chief has let it sit past its time limit (dates moved back for the demo).
    case = _new(u["office.receiver"], "关于收发室增设文件柜的申请", "收文量增加，申请增设文件柜两组。", Decimal("1500"))
    services.submit(case.pk, u["office.receiver"])
    past = today - timedelta(days=4)
    Task.objects.filter(case=case, status=Task.Status.PENDING).update(due_date=past)
    case.due_date = past
    case.save(update_fields=["due_date"])
    made.append(case)

    # A closed notice circulated to every member of staff for reading.
    case = _new(
        u["office.chief"],
        "关于开展2026年度保密自查自评工作的通知",
        "请各科室对照自查清单开展保密自查，12月10日前报办公室。",
    )
    services.submit(case.pk, u["office.chief"])
    _approve_current(case, "同意，全局传阅。")
    task = _pending(case)[0]
    services.complete(case.pk, task.pk, u["office.chief"], "通知已印发。")
    readers = [user for user in u.values() if not user.admin_role and user.pk != u["office.chief"].pk]
    services.circulate(case.pk, u["office.chief"], readers, "请认真阅知并按要求开展自查。")
    services.mark_read(
        case.pk,
        case.tasks.get(kind=Task.Kind.READ, assignee=u["director"]).pk,
        u["director"],
        "已阅，请办公室督促落实。",
    )
    made.append(case)

    # Every chief and leader gets at least one item waiting at their step.
    for code, chief_name in (("public_legal", "service.clerk"), ("reconsideration", "recon.clerk")):
        case = _new(
            u[chief_name],
            f"关于{Section.objects.get(code=code).name}年终工作总结报送的请示",
            "年终总结初稿已完成，请审核。",
        )
        services.submit(case.pk, u[chief_name])
        made.append(case)
    return clocks + len(made)


# The demo's deadline clocks (seed_demo runs them before the cases above): deadlines close
# enough that the Celery sweep, which runs as soon as the demo's worker starts, puts a
# reminder in the bell of the chiefs.


def _submitted(user, title, body):
    with transaction.atomic():
        case = services.create_case(PROCESS_CODE, initiator=user, section=user.section, title=title)
        GeneralRequest.objects.create(case=case, body=body)
    services.submit(case.pk, user)
    return case


def create_demo_clocks(u):
    """Running clocks due soon, so the first sweep of the demo's worker has reminders to send."""
    today = timezone.localdate()

    # 督查: a director's instruction without a deadline (7 working days), due on the next working
    # day: the office chief, who holds the case, is reminded by the first sweep.
    case = _submitted(
        u["office.clerk"],
        "关于落实局长批示开展“法治进社区”宣传活动的督办件",
        "局长批示：请办公室牵头，于近期组织“法治进社区”宣传活动，并报告落实情况。",
    )
    deadlines.start_clock(
        case, "supervision-leader-no-deadline", calendar.add_working_days(today, -6), u["office.clerk"]
    )

    # 依申请公开: 20 working days from receipt, the third party's consultation (3 working days)
    # not counted, due in 3 working days: the reconsideration chief gets the 3-day reminder.
    case = _submitted(
        u["recon.clerk"],
        "关于答复王某政府信息公开申请的请示",
        "王某申请公开本局2025年度行政复议案件统计数据，涉及第三方信息，已征求第三方意见。",
    )
    received = calendar.add_working_days(today, -20)
    clock = deadlines.start_clock(case, "disclosure-reply", received, u["recon.clerk"])
    chief = u["recon.chief"]
    deadlines.pause_clock(clock.pk, chief, calendar.add_working_days(received, 5), "征求第三方意见")
    deadlines.resume_clock(clock.pk, chief, calendar.add_working_days(received, 8), "收到第三方书面意见")

    # 行政复议 (普通程序): 60 days from acceptance, ending in a year whose holiday arrangements may
    # not be announced yet (the due date then shows 暂定).
    case = _submitted(
        u["recon.clerk"],
        "关于李某不服区市场监管局行政处罚决定申请行政复议一案的审理报告",
        "申请人李某不服区市场监管局作出的行政处罚决定，本机关已依法受理，拟组织听证。",
    )
    deadlines.start_clock(case, "recon-decision", calendar.add_working_days(today, -10), u["recon.clerk"])
    return 3
