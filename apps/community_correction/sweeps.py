"""The sweep pass of 社区矫正 (found by apps/workflow/apps.py, autodiscover_modules("sweeps")).

The procedures' limits — report-in (§21), 调查评估, the travel return date, the electronic
monitoring's 3 months (§29), the end of the term (§44), the outside bodies' limits on proposals,
变更执行地 — are clocks on their workflow cases (processes.py): the engine's sweep reminds the
holders of the cases' steps, marks them overdue in 待办/超期 and escalates to the section's
chief and division leader. What is left here are the section's registers, which are not cases,
each notice exactly once (its key names the row, the stage and the due date):
- 隐患 rectification due dates, committee decisions' follow-up, and the 零报告 of each 司法所
  during a major event (a missing day is flagged).
Notices go only to people who may see the row: the section's staff and the office's staff.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from apps.org.models import Section
from apps.workflow import calendar
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import register_pass

from .access import SECTION_CODE
from .models import DailyReport, Hazard, MajorEvent, WorkRecord

Kind = Notification.Kind
DAILY_LOOKBACK = 3  # days of a major event checked for missing reports


def _leads(code, default):
    row = DeadlineRule.objects.filter(code=code).values_list("remind_before", flat=True).first()
    text = row if row is not None else default
    return sorted({int(x) for x in text.split(",") if x.strip().isdigit()}, reverse=True)


def stage(today, due, leads):
    """('overdue'|'remind<n>'|'due', kind) or None: which notice is due today for `due`."""
    if today > due:
        return "overdue", Kind.OVERDUE
    if today == due:
        return "due", Kind.REMIND
    reached = [lead for lead in leads if today >= calendar.add_working_days(due, -lead)]
    if reached:
        return f"remind{min(reached)}", Kind.REMIND
    return None


class Recipients:
    """The section's active staff, and each office's active staff (one query)."""

    def __init__(self):
        users = list(
            get_user_model()
            .objects.filter(is_active=True, admin_role="")
            .filter(Q(section__code=SECTION_CODE) | Q(section__kind=Section.Kind.JUDICIAL_OFFICE))
            .select_related("section")
        )
        self.section = [u for u in users if u.section.code == SECTION_CODE]
        self.offices = {}
        for u in users:
            if u.section.code != SECTION_CODE:
                self.offices.setdefault(u.section_id, []).append(u)

    def of(self, office_id):
        return self.section + self.offices.get(office_id, [])


def correction_pass(sweep):
    today, rows = sweep.today, []
    people = Recipients()

    def notify(users, kind, key, message, url):
        for u in users:
            rows.append(
                Notification(
                    user=u,
                    kind=kind,
                    key=f"{key}:{u.pk}"[:120],
                    message=message[:300],
                    url=url,
                    created_at=sweep.now,
                    sweep_run=sweep.run,
                    email_wanted=bool(u.notify_by_email and u.email),
                )
            )

    def watch(users, key, due, leads, what, url, overdue_text):
        hit = stage(today, due, leads)
        if hit is None:
            return
        name, kind = hit
        if name == "overdue":
            text = overdue_text
        elif name == "due":
            text = f"{what}今天到期（{due:%Y-%m-%d}）。"
        else:
            text = f"{what}将于 {due:%Y-%m-%d} 到期。"
        notify(users, kind, f"cc:{key}:{name}:{due:%Y%m%d}", text, url)

    # hazards
    for h in Hazard.objects.filter(resolved_on__isnull=True, due_on__lte=calendar.add_working_days(today, 3)):
        watch(
            people.of(h.office_id),
            f"hazard:{h.pk}",
            h.due_on,
            [3, 1],
            f"隐患 #{h.pk} 整改期限",
            reverse("community_correction:hazards"),
            f"隐患 #{h.pk} 整改期限 {h.due_on:%Y-%m-%d} 已过，尚未整改完成。",
        )

    # committee decisions and other follow-ups
    for w in WorkRecord.objects.filter(
        follow_up_due__isnull=False, follow_up_done__isnull=True, follow_up_due__lte=calendar.add_working_days(today, 3)
    ):
        watch(
            people.section,
            f"follow:{w.pk}",
            w.follow_up_due,
            [3, 1],
            f"督办事项“{w.follow_up[:40]}”",
            reverse("community_correction:records", args=[w.kind]),
            f"督办事项“{w.follow_up[:40]}”已超过期限 {w.follow_up_due:%Y-%m-%d}。",
        )

    # daily reports of a major event: a day gone by without an office's report
    offices = list(Section.objects.filter(kind=Section.Kind.JUDICIAL_OFFICE).values_list("pk", "name"))
    first = today - timedelta(days=DAILY_LOOKBACK)
    for event in MajorEvent.objects.filter(start_on__lt=today, end_on__gte=first):
        days = [d for d in event.days() if first <= d < today]
        have = set(DailyReport.objects.filter(event=event, day__in=days).values_list("office_id", "day"))
        for day in days:
            for office_id, office_name in offices:
                if (office_id, day) in have:
                    continue
                notify(
                    people.of(office_id),
                    Kind.OVERDUE,
                    f"cc:daily:{event.pk}:{office_id}:{day:%Y%m%d}",
                    f"{office_name} {day:%Y-%m-%d} 未报送“{event.name}”每日报告（零报告）。",
                    reverse("community_correction:event", args=[event.pk]),
                )

    keys = [n.key for n in rows]
    known = set()
    for start in range(0, len(keys), 500):
        known.update(Notification.objects.filter(key__in=keys[start : start + 500]).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__startswith="cc:").count()


register_pass(correction_pass)
