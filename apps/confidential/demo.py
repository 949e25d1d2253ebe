"""Demo entries of the classified register, moved by the real services (seed_demo calls this):
one at each stage of 拟办/呈阅/转办, one kept, one lent (on time), one lent and overdue, one
destroyed, last year's entries handed to the archivist. Titles are invented, non-secret."""

from datetime import timedelta

from django.utils import timezone

from apps.workflow import api as engine
from apps.workflow.models import Task

from . import services
from .models import Channel, Classification, Disposal, Kind


def _data(kind, received_on, source, source_number, title, classification, copies, first, **extra):
    numbers = [f"{first + i:06d}" for i in range(copies)]
    return {
        "kind": kind,
        "received_on": received_on,
        "channel": extra.pop("channel", Channel.COLLECTED),
        "source": source,
        "source_number": source_number,
        "title": title,
        "classification": classification,
        "secrecy_period": extra.pop("secrecy_period", ""),
        "urgency": extra.pop("urgency", ""),
        "copies": copies,
        "copy_numbers": "、".join(numbers),
        "pages": extra.pop("pages", None),
        "cabinet": extra.pop("cabinet", ""),
        "handler": extra.pop("handler", None),
        "handle_days": extra.pop("handle_days", None),
        "readers": extra.pop("readers", []),
    }


def _act(case, opinion="阅。"):
    for task in case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ).select_related("assignee"):
        if task.kind == Task.Kind.HANDLE:
            engine.complete(case.pk, task.pk, task.assignee, opinion)
        else:
            engine.approve(case.pk, task.pk, task.assignee, opinion)


def _finish(item):
    case = item.case
    for _ in range(10):  # 拟办, each 呈阅, 转办
        case.refresh_from_db()
        if not case.is_open:
            break
        _act(case, "已阅，按要求落实。")


def create_demo_cases(u):
    clerk, chief = u["office.secret"], u["office.chief"]
    leaders = [u["leader.lu"], u["director"]]
    today = timezone.localdate()
    made = 0

    # Draft: registered, not yet sent to the office chief.
    services.register_item(
        clerk,
        _data(
            Kind.DOCUMENT,
            today,
            "市司法局",
            "市司密〔2026〕21号",
            "关于做好年度保密检查迎检准备的通知",
            Classification.SECRET,
            2,
            301,
            readers=leaders[:1],
            cabinet="机要室1号柜",
        ),
    )
    made += 1

    # At 呈阅: the office chief proposed, the division leader reads next.
    item = services.register_item(
        clerk,
        _data(
            Kind.TELEGRAM,
            today,
            "区委办公室",
            "区委机电〔2026〕7号",
            "关于节日期间值班备勤工作的电报",
            Classification.CONFIDENTIAL,
            1,
            88,
            urgency="flash",
            readers=leaders,
            handler=u["office.clerk"],
            handle_days=3,
            channel=Channel.CIPHER,
            secrecy_period="10年",
            cabinet="机要室1号柜",
        ),
        submit=True,
    )
    _act(item.case, "拟请吕局长、王局长阅示，办公室落实值班安排。")
    made += 1

    # Done and kept; one copy lent to a section chief, due in a few days.
    kept = services.register_item(
        clerk,
        _data(
            Kind.DOCUMENT,
            today - timedelta(days=20),
            "区委政法委",
            "区政法密〔2026〕5号",
            "关于加强重点人员稳控工作的意见（摘要）",
            Classification.SECRET,
            3,
            1201,
            readers=leaders[:1],
            handler=u["correct.chief"],
            handle_days=5,
            secrecy_period="5年",
            cabinet="机要室2号柜第1层",
        ),
        submit=True,
    )
    _finish(kept)
    services.lend(kept.case, clerk, u["correct.chief"], "001201", "研究落实稳控措施", 5)
    made += 1

    # Lent and overdue: the due date moved back for the demo, so the sweep chases it.
    late = services.register_item(
        clerk,
        _data(
            Kind.DOCUMENT,
            today - timedelta(days=40),
            "市委保密委员会",
            "市保委〔2026〕3号",
            "关于开展涉密载体专项清查的通知",
            Classification.SECRET,
            2,
            517,
            readers=leaders[:1],
            cabinet="机要室2号柜第2层",
        ),
        submit=True,
    )
    _finish(late)
    loan = services.lend(late.case, clerk, u["personnel.chief"], "000517", "组织本科室涉密载体自查", 2)
    past = today - timedelta(days=3)
    Task.objects.filter(case=loan.case, status=Task.Status.PENDING).update(due_date=past)
    type(loan.case).objects.filter(pk=loan.case_id).update(due_date=past)
    made += 1

    # Destroyed after approval, with a witness.
    gone = services.register_item(
        clerk,
        _data(
            Kind.TELEGRAM,
            today - timedelta(days=60),
            "区委办公室",
            "区委机电〔2026〕2号",
            "关于春节期间安全工作的电报",
            Classification.SECRET,
            1,
            12,
            channel=Channel.CIPHER,
            cabinet="机要室1号柜",
        ),
        submit=True,
    )
    _finish(gone)
    services.dispose(
        gone.case,
        clerk,
        Disposal.Kind.DESTROY,
        {
            "on_date": today - timedelta(days=1),
            "approved_by": chief,
            "witness": u["office.clerk"],
            "method": "送区保密局销毁中心",
            "note": "月度集中销毁",
        },
    )
    made += 1

    # Last year's entries, finished and handed to the archivist at year end.
    last_year = today.replace(year=today.year - 1, month=11, day=12)
    for offset, (title, number) in enumerate(
        (
            ("关于做好年度保密自查工作的通知", "市司密〔%d〕33号"),
            ("关于进一步规范涉密文件管理的通知", "区委保密〔%d〕9号"),
        )
    ):
        old = services.register_item(
            clerk,
            _data(
                Kind.DOCUMENT,
                last_year + timedelta(days=offset * 5),
                "市司法局",
                number % last_year.year,
                title,
                Classification.SECRET,
                1,
                2001 + offset,
                pages=4,
                readers=leaders[:1],
                cabinet="机要室3号柜",
            ),
            submit=True,
        )
        _finish(old)
        made += 1
    handed_over = today.replace(month=1, day=10) if today.month > 1 else today
    services.transfer_year(clerk, last_year.year, u["office.archive"], handed_over, "年底移交")
    return made
