"""Atomic state changes of supervised items (督查督办). Other apps call register_item()."""

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, CaseClock
from apps.workflow.rules import deadline_rule

from .models import ProgressReport, Source, SupervisedItem
from .processes import HANDLE_STEP, PROCESS

# Seed 002 rules (fixtures/deadline_rules.json, process office.supervision).
RULE_BY_SOURCE = {
    Source.MAIN_LEADER: deadline_rule("supervision-leader-no-deadline"),  # with a stated deadline: leader-deadline
    Source.DISTRICT_HANDOFF: deadline_rule("supervision-district-handoff"),
    Source.DISTRICT_INSTRUCTION: deadline_rule("supervision-district-instruction"),
    Source.MEETING: deadline_rule("supervision-decision-report"),
    Source.WORK_REPORT: deadline_rule("supervision-decision-report"),
    # Proposals and hotline items have no rule of their own: 7 working days, as the seed's
    # "otherwise" case.
    Source.PROPOSAL: deadline_rule("supervision-leader-no-deadline"),
    Source.HOTLINE: deadline_rule("supervision-leader-no-deadline"),
}


def rule_for(source, stated_deadline):
    if source == Source.MAIN_LEADER and stated_deadline:
        return deadline_rule("supervision-leader-deadline")
    return RULE_BY_SOURCE[Source(source)]


def office_section():
    section = Section.objects.filter(code="office").first()
    if section is None:
        raise TransitionError("未找到办公室，督办事项无法登记，请系统管理员检查组织机构。")
    return section


@transaction.atomic
def register_item(
    actor,
    *,
    title,
    source,
    instruction="",
    lead_section,
    co_sections=(),
    stated_deadline=None,
    origin_case=None,
    submit=True,
):
    """Register a supervised item kept by the office, handled by `lead_section`'s chief; with
    submit=True it goes to the lead section at once and its clock starts per its source."""
    title = (title or "").strip()
    if not title:
        raise TransitionError("请填写督办事项名称。")
    if source not in Source.values:
        raise TransitionError("督办事项来源不正确。")
    if source != Source.MAIN_LEADER and stated_deadline:
        raise TransitionError("只有主要领导批示可以确定时限；其他来源的办理期限按规定计算。")
    today = timezone.localdate()
    case = api.create_case(PROCESS, initiator=actor, section=office_section(), title=title[:200], step_label="登记")
    item = SupervisedItem.objects.create(
        case=case,
        source=source,
        instruction=instruction,
        lead_section=lead_section,
        stated_deadline=stated_deadline,
        origin_case=origin_case,
        started_on=stated_deadline or today,
    )
    co = [s for s in co_sections if s.pk != lead_section.pk]
    item.co_sections.set(co)
    if submit:
        submit_item(case, actor)
    case.refresh_from_db()
    return case


@transaction.atomic
def submit_item(case, actor):
    """交办: send to the lead section, open it to the co-handling chiefs, start the clock."""
    case = api.submit(case.pk, actor)
    item = SupervisedItem.objects.get(case=case)
    for section in item.co_sections.all():
        chief = section.members.filter(is_active=True, rank=Rank.CHIEF).order_by("id").first()
        if chief is not None:
            api.grant_view(case, chief, actor, reason="督办事项协办科室")
    deadlines.start_clock(case, rule_for(item.source, item.stated_deadline), item.started_on, actor)
    return case


def _handling_task(case, actor):
    return api.pending_task(case, actor, step=HANDLE_STEP, refusal="只有承办人可以办理该督办事项。")


@transaction.atomic
def report_progress(case_id, actor, text):
    case = api.lock_case(case_id, process=PROCESS)
    text = (text or "").strip()
    if not text:
        raise TransitionError("请填写进展情况。")
    _handling_task(case, actor)
    report = ProgressReport.objects.create(item=case.supervision, author=actor, text=text[:4000])
    # The report row is the record (shown on the page and counted by the sweep's 通报 check);
    # no CaseEvent: the engine has no action for it and 催办 rows must stay the sweep's own.
    return report


def running_clock(case):
    return case.clocks.filter(status=CaseClock.Status.RUNNING).select_related("rule").first()


@transaction.atomic
def extend_item(case_id, actor, days, reason, approved_by):
    """延期, approved by a chief or a leader. Only before the due date: the supervision rules
    carry extend_before_due_only, which deadlines.extend_clock enforces for this form and for the
    generic 期限 card alike."""
    case = api.lock_case(case_id, process=PROCESS)
    clock = running_clock(case)
    if clock is None:
        raise TransitionError("该督办事项没有正在计算的期限。")
    return deadlines.extend_clock(clock.pk, actor, days, reason, approved_by)


@transaction.atomic
def submit_completion(case_id, actor, report):
    """办结报告: the handler writes it and sends it to the office chief for approval."""
    case = api.lock_case(case_id, process=PROCESS)
    report = (report or "").strip()
    if not report:
        raise TransitionError("请填写办结报告。")
    task = _handling_task(case, actor)
    item = case.supervision
    item.completion_report = report[:8000]
    item.save(update_fields=["completion_report"])
    return api.finish_own_step(case.pk, task.pk, actor, "已报送办结报告")


def close_item(case, actor):
    """on_close: the office chief approved the report; the clock stops on that day."""
    item = SupervisedItem.objects.get(case=case)
    item.completed_on = timezone.localdate()
    item.save(update_fields=["completed_on"])
    clock = running_clock(case)
    if clock is not None:
        deadlines.stop_clock(clock.pk, actor, item.completed_on)


def is_open(case):
    return case.status in Case.OPEN_STATUSES


def dashboard(today=None):
    """Office chief's figures per lead section, in one query: open, due this week (through
    Sunday), overdue, done, done on time and its percentage."""
    from datetime import timedelta

    from django.db.models import Count, Q

    today = today or timezone.localdate()
    DONE = (Case.Status.CLOSED, Case.Status.ARCHIVED)
    week_end = today + timedelta(days=6 - today.weekday())
    open_q = Q(case__status__in=Case.OPEN_STATUSES)
    rows = (
        SupervisedItem.objects.values("lead_section_id", "lead_section__name")
        .annotate(
            open=Count("pk", distinct=True, filter=open_q),
            due_week=Count(
                "pk", distinct=True, filter=open_q & Q(case__due_date__gte=today, case__due_date__lte=week_end)
            ),
            overdue=Count("pk", distinct=True, filter=open_q & Q(case__due_date__lt=today)),
            done=Count("pk", distinct=True, filter=Q(case__status__in=DONE)),
            on_time=Count(
                "pk", distinct=True, filter=Q(case__status__in=DONE, case__clocks__status=CaseClock.Status.MET)
            ),
        )
        .order_by("lead_section__name")
    )
    result = []
    for row in rows:
        row["on_time_pct"] = round(100 * row["on_time"] / row["done"]) if row["done"] else None
        result.append(row)
    return result
