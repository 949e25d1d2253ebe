"""The emergency pass of the deadline sweep (found by autodiscover_modules("sweeps")).

Each open report of a responding incident is the clock of that report (hours, set by the plan):
- within the last hour before it is due: the handler is reminded;
- once due and not made: the handler and the office chief are told it is overdue;
- one more interval later: escalated to the office's division leader and the director
  (the 局应急指挥领导小组).
A plan whose revision (评估修订) falls due within the rule row's leads is reminded to the office,
and once overdue. Every notice once: its key names the report (or plan), the stage and the
due time, so a re-run writes nothing and a new due time is chased afresh.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Rank
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import nearest_lead, register_pass

from .models import Incident, Plan, Report
from .services import FOLLOW_REPORT_RULE, REVISION_RULE, leaders

REMIND_BEFORE = timedelta(hours=1)


def _rows(sweep, people, key, kind, text, url, case=None):
    return [
        Notification(
            user=user,
            case=case,
            kind=kind,
            key=f"{key}:{user.pk}"[:120],
            message=text[:300],
            url=url,
            created_at=sweep.now,
            sweep_run=sweep.run,
            email_wanted=bool(user.notify_by_email and user.email),
        )
        for user in people
        if user.is_active
    ]


def _office_chiefs():
    return list(get_user_model().objects.filter(is_active=True, section__code="office", rank=Rank.CHIEF))


def chase_reports(sweep):
    now = sweep.now
    rule = DeadlineRule.objects.filter(code=FOLLOW_REPORT_RULE).first()
    if rule is not None and not rule.active:
        return []
    due = list(
        Report.objects.filter(
            reported_at__isnull=True,
            incident__stage=Incident.Stage.RESPONDING,
            due_at__lte=now + REMIND_BEFORE,
        ).select_related("incident__case__initiator")
    )
    rows = []
    chiefs = _office_chiefs() if due else []
    group = list(leaders()) if due else []
    for report in due:
        incident = report.incident
        case = incident.case
        url = case.get_absolute_url()
        at = timezone.localtime(report.due_at)
        stamp = f"{at:%Y%m%d%H%M}"
        what = f"{case.title}的{report.get_kind_display()}（第 {report.seq} 次）"
        if now < report.due_at:
            rows += _rows(
                sweep,
                [case.initiator],
                f"emergency:remind:{report.pk}:{stamp}",
                Notification.Kind.REMIND,
                f"{what}应于 {at:%H:%M} 前报送，请及时报告事态发展。",
                url,
                case,
            )
            continue
        rows += _rows(
            sweep,
            [case.initiator] + chiefs,
            f"emergency:overdue:{report.pk}:{stamp}",
            Notification.Kind.OVERDUE,
            f"{what}应于 {at:%m-%d %H:%M} 报送，已超时未报，请立即报告。",
            url,
            case,
        )
        if now >= report.due_at + timedelta(hours=incident.report_interval_hours):
            rows += _rows(
                sweep,
                group,
                f"emergency:escalate:{report.pk}:{stamp}",
                Notification.Kind.ESCALATE,
                f"督办：{what}应于 {at:%m-%d %H:%M} 报送，超过一个续报间隔仍未报告。",
                url,
                case,
            )
    return rows


def chase_revisions(sweep):
    today = sweep.today
    rule = DeadlineRule.objects.filter(code=REVISION_RULE).first()
    if rule is not None and not rule.active:
        return []
    leads = rule.remind_leads if rule is not None else [20, 5]
    plans = [p for p in Plan.objects.filter(is_active=True) if p.revision_due <= today + timedelta(days=90)]
    if not plans:
        return []
    office = list(get_user_model().objects.filter(is_active=True, admin_role="", section__code="office"))
    rows = []
    for plan in plans:
        due = plan.revision_due
        url = reverse("emergency:plan", args=[plan.pk])
        if today > due:
            rows += _rows(
                sweep,
                office,
                f"emergency:revision:overdue:{plan.pk}:{due:%Y%m%d}",
                Notification.Kind.OVERDUE,
                f"应急预案《{plan.title}》应于 {due:%Y-%m-%d} 前评估修订，已超期。",
                url,
            )
            continue
        lead = nearest_lead(today, due, leads)
        if lead is not None:
            rows += _rows(
                sweep,
                office,
                f"emergency:revision:{lead}:{plan.pk}:{due:%Y%m%d}",
                Notification.Kind.REMIND,
                f"应急预案《{plan.title}》将于 {due:%Y-%m-%d} 到修订期，请组织评估修订。",
                url,
            )
    return rows


def chase_emergency(sweep):
    rows = chase_reports(sweep) + chase_revisions(sweep)
    if not rows:
        return
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


register_pass(chase_emergency)
