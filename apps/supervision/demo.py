"""Demo supervised items in several states, moved by the real services (seed_demo calls
create_demo_cases): one overdue and twice urged without progress (proposed for 通报), one due
this week with a progress report, one meeting decision, one completed."""

from datetime import timedelta

from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api, calendar
from apps.workflow.models import Task
from apps.workflow.sweep import run_sweep

from . import services
from .models import Source, SupervisedItem


def _item(actor, title, source, lead, started_on, **kw):
    case = services.register_item(actor, title=title, source=source, lead_section=lead, submit=False, **kw)
    SupervisedItem.objects.filter(case=case).update(started_on=started_on)
    return services.submit_item(case, actor)


def create_demo_cases(u):
    s = {x.code: x for x in Section.objects.all()}
    clerk, today = u["office.clerk"], timezone.localdate()
    overdue = _item(
        clerk,
        "关于排查化解辖区重点矛盾纠纷的批示",
        Source.DISTRICT_HANDOFF,
        s["public_legal"],
        calendar.add_working_days(today, -8),
        instruction="请司法局牵头，三日内拿出化解方案。",
    )
    week = _item(
        clerk,
        "关于规范律师事务所执业行为的批示",
        Source.DISTRICT_INSTRUCTION,
        s["lawyers"],
        calendar.add_working_days(today, -6),
        co_sections=[s["enforcement"]],
    )
    services.report_progress(week.pk, u["lawyer.chief"], "已完成全区律所摸排，正在汇总问题清单。")
    _item(clerk, "局务会议决定：开展行政执法案卷评查", Source.MEETING, s["enforcement"], today - timedelta(days=3))
    done = _item(
        clerk,
        "12345热线：咨询法律援助申请条件",
        Source.HOTLINE,
        s["public_legal"],
        calendar.add_working_days(today, -2),
    )
    services.submit_completion(
        done.pk, u["service.chief"], "已电话答复来电人，告知申请条件和所需材料，来电人表示满意。"
    )
    api.approve(done.pk, done.tasks.get(status=Task.Status.PENDING).pk, u["office.chief"], "同意办结")
    # The overdue item's 催办 and 通报 proposal come from the real sweep, as every night.
    run_sweep(today=today)
    assert overdue.events.filter(action="urge").count() >= 2
    return 4
