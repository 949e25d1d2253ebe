"""Sweep passes of 公共法律服务管理科 (found by apps/workflow/apps.py): register dates that are not
case clocks. Each notice has a unique key, so it is written exactly once.

- 人民陪审员/监督员 terms (人民陪审员法 §13: 5 years): a reminder to the section's chief and staff
  90 days before the term ends (time to organise the next selection), and once when it has ended.
- Tasks of the section's plans and measures (6.1–6.3, 6.12, 6.14): a reminder to the owner 3
  working days before the due date; once overdue, a notice to the owner and the section chief.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.accounts.models import Rank
from apps.workflow import calendar
from apps.workflow.models import Notification
from apps.workflow.sweep import register_pass

from .models import SECTION_CODE, Assessor, PlanTask

TERM_REMIND_DAYS = 90
TASK_REMIND_WORKING_DAYS = 3


def _write(sweep, rows):
    keys = [n.key for n in rows]
    if not keys:
        return
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


def _notice(sweep, user, kind, key, message, url):
    return Notification(
        user=user,
        kind=kind,
        key=key[:120],
        message=message[:300],
        url=url,
        created_at=sweep.now,
        sweep_run=sweep.run,
        email_wanted=bool(user.notify_by_email and user.email),
    )


def _section_people():
    return list(
        get_user_model().objects.filter(is_active=True, admin_role="", section__code=SECTION_CODE).order_by("pk")
    )


def remind_term_expiry(sweep):
    today = sweep.today
    horizon = today + datetime.timedelta(days=TERM_REMIND_DAYS)
    expiring = list(Assessor.objects.filter(status="serving", term_ends_on__lte=horizon).order_by("term_ends_on", "pk"))
    if not expiring:
        return
    people = _section_people()
    url = reverse("legal_services:assessors")
    rows = []
    for a in expiring:
        if a.term_ends_on < today:
            stage, kind = "ended", Notification.Kind.OVERDUE
            text = f"{a.get_kind_display()}{a.name}的任期已于 {a.term_ends_on:%Y-%m-%d} 届满（人民陪审员法第十三条），请更新名册状态。"
        else:
            stage, kind = "remind", Notification.Kind.REMIND
            text = f"{a.get_kind_display()}{a.name}的任期将于 {a.term_ends_on:%Y-%m-%d} 届满，请及早组织选任或办理相关手续。"
        for u in people:
            rows.append(_notice(sweep, u, kind, f"ls-term:{a.pk}:{a.term_ends_on:%Y%m%d}:{stage}:{u.pk}", text, url))
    _write(sweep, rows)


def chase_plan_tasks(sweep):
    today = sweep.today
    horizon = calendar.add_working_days(today, TASK_REMIND_WORKING_DAYS)
    tasks = list(
        PlanTask.objects.filter(done_on__isnull=True, due_on__lte=horizon)
        .select_related("owner", "plan")
        .order_by("due_on", "pk")
    )
    if not tasks:
        return
    chiefs = [u for u in _section_people() if u.rank == Rank.CHIEF]
    rows = []
    for t in tasks:
        url = t.plan.get_absolute_url()
        if t.due_on < today:
            text = f"“{t.plan.title}”的任务“{t.text}”已超过完成时限（{t.due_on:%Y-%m-%d}），请督办。"
            for u in {t.owner, *chiefs}:
                if u.is_active:
                    key = f"ls-task:{t.pk}:{t.due_on:%Y%m%d}:overdue:{u.pk}"
                    rows.append(_notice(sweep, u, Notification.Kind.OVERDUE, key, text, url))
        else:
            text = f"“{t.plan.title}”的任务“{t.text}”须于 {t.due_on:%Y-%m-%d} 前完成。"
            key = f"ls-task:{t.pk}:{t.due_on:%Y%m%d}:remind:{t.owner_id}"
            if t.owner.is_active:
                rows.append(_notice(sweep, t.owner, Notification.Kind.REMIND, key, text, url))
    _write(sweep, rows)


register_pass(remind_term_expiry)
register_pass(chase_plan_tasks)
