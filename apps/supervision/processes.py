"""office.supervision: the lead section's chief handles the item (承办落实, with 进展反馈), then the
office chief approves the completion report (办结报告审核)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.accounts.models import Rank
from apps.workflow.models import Task
from apps.workflow.processes import Process, Step, register

PROCESS = "office.supervision"
HANDLE_STEP = "handle"
REPORT_STEP = "report"


def lead_chief(case):
    item = case.supervision
    return list(
        get_user_model()
        .objects.filter(is_active=True, section_id=item.lead_section_id, rank=Rank.CHIEF)
        .order_by("id")[:1]
    )


@register
class SupervisionProcess(Process):
    code = PROCESS
    label = "督查督办"
    steps = [
        # Finished by the 办结报告 form (services.submit_completion).
        Step(HANDLE_STEP, "承办落实", kind=Task.Kind.HANDLE, role="process:lead", finished_by_own_form=True),
        Step(REPORT_STEP, "办结报告审核", role="office_chief"),
    ]
    domain_attr = "supervision"
    detail_template = "supervision/includes/_item.html"
    resolvers = {"lead": lead_chief}

    def print_fields(self, case):
        item = case.supervision
        return [
            ("事项来源", item.get_source_display()),
            ("牵头科室", item.lead_section.name),
            ("协办科室", "、".join(s.name for s in item.co_sections.all()) or "—"),
            ("批示/决定内容", item.instruction or "—"),
        ]

    def page_forms(self, case, user):
        from .forms import ExtendForm
        from .services import running_clock

        clock = running_clock(case)
        if (
            clock is None
            or not clock.rule.extendable
            or (clock.rule.extend_before_due_only and timezone.localdate() > clock.due_date)
        ):
            return {}  # nothing to extend, or too late to ask (the card says so)
        return {"supervision_extend": ExtendForm(unit_label=clock.rule.get_unit_display())}

    def on_close(self, case, actor):
        from .services import close_item

        close_item(case, actor)


# --- the sweep's 通报 proposal --------------------------------------------------------------


def propose_notices(sweep):
    """Two 催办 (督查督办设置 in the admin) on an open item without any 进展反馈: propose a
    bureau-wide 通报 to the main leader, once per item (the notification key is unique)."""
    from django.db.models import Count, Exists, OuterRef, Q

    from apps.workflow.models import Case, CaseEvent, Notification
    from apps.workflow.sweep import Notice, Stage

    from .models import ProgressReport, SupervisionPolicy

    if sweep.director is None:
        return
    after = max(SupervisionPolicy.current().notice_after_urges, 1)
    cases = list(
        Case.objects.filter(process=PROCESS, status__in=Case.OPEN_STATUSES)
        .annotate(urges=Count("events", filter=Q(events__action=CaseEvent.Action.URGE)))
        .filter(urges__gte=after)
        .exclude(Exists(ProgressReport.objects.filter(item__case=OuterRef("pk"))))
        .order_by("id")
    )
    visible = sweep.visible_pairs([(case.pk, sweep.director) for case in cases])
    stages = []
    for case in cases:
        if (case.pk, sweep.director.pk) not in visible:
            continue
        text = f"建议通报：督办事项“{case.title}”已催办 {case.urges} 次，承办科室仍未反馈进展，请审定是否全局通报。"
        stages.append(
            Stage(
                case,
                [Notice(sweep.director, Notification.Kind.ESCALATE, f"supervision:notice:{case.pk}", text[:300])],
                urge_step="建议通报",
                urge_text=f"催办 {case.urges} 次仍无进展反馈，已提请{sweep.director.full_name}通报。",
            )
        )
    sweep.write(stages)
