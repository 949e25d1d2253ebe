"""The sweep passes of 律师工作科 (found by apps/workflow/apps.py, autodiscover_modules("sweeps")).

Register dates the engine's clocks do not watch, each notice exactly once (keyed):
- a plan task (7.2, 7.6) due in TASK_REMIND working days: its owner is reminded; once overdue,
  the owner and the section chief are told;
- a legal adviser's term (7.4) ending within ADVISER_DAYS days: the section's staff are told,
  so the unit is asked to renew or the register is updated.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.accounts.models import Rank
from apps.workflow import calendar
from apps.workflow.models import Notification
from apps.workflow.sweep import register_pass

from .models import SECTION, LegalAdviser, PlanTask

TASK_REMIND = 3  # working days before the due date
ADVISER_DAYS = 30


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


def _chiefs():
    return list(
        get_user_model()
        .objects.filter(is_active=True, admin_role="", rank=Rank.CHIEF, section__code=SECTION)
        .order_by("id")[:1]
    )


def chase_plan_tasks(sweep):
    today = sweep.today
    horizon = calendar.add_working_days(today, TASK_REMIND)
    tasks = PlanTask.objects.filter(done_on__isnull=True, due_on__lte=horizon).select_related("owner", "plan")
    chiefs = _chiefs()
    rows = []
    for task in tasks:
        url = reverse("lawyers:plan_detail", args=[task.plan_id])
        if task.due_on < today:
            text = f"计划任务已超期：{task.content}（{task.plan.title}，时限 {task.due_on:%Y-%m-%d}）"
            people = [task.owner, *[c for c in chiefs if c.pk != task.owner_id]]
            for user in people:
                if user.is_active:
                    rows.append(
                        _notice(
                            sweep,
                            user,
                            Notification.Kind.OVERDUE,
                            f"lawyers-task:{task.pk}:overdue:{task.due_on}:{user.pk}",
                            text,
                            url,
                        )
                    )
        else:
            left = (
                "今天到期"
                if task.due_on == today
                else f"还剩 {calendar.working_days_between(today, task.due_on)} 个工作日"
            )
            text = f"计划任务将到期（{left}）：{task.content}（{task.plan.title}，时限 {task.due_on:%Y-%m-%d}）"
            if task.owner.is_active:
                rows.append(
                    _notice(
                        sweep,
                        task.owner,
                        Notification.Kind.REMIND,
                        f"lawyers-task:{task.pk}:remind:{task.due_on}:{task.owner_id}",
                        text,
                        url,
                    )
                )
    _write(sweep, rows)


def remind_adviser_terms(sweep):
    today = sweep.today
    advisers = LegalAdviser.objects.filter(status="active", ends_on__lte=today + timedelta(days=ADVISER_DAYS))
    staff = list(get_user_model().objects.filter(is_active=True, admin_role="", section__code=SECTION).order_by("id"))
    url = reverse("lawyers:advisers")
    rows = []
    for a in advisers:
        ended = a.ends_on < today
        text = (
            f"法律顾问聘期已于 {a.ends_on:%Y-%m-%d} 届满：{a.unit} {a.adviser}，请核实续聘情况并更新名册。"
            if ended
            else f"法律顾问聘期将于 {a.ends_on:%Y-%m-%d} 届满：{a.unit} {a.adviser}，请提示聘请单位续聘或解聘。"
        )
        stage = "ended" if ended else "soon"
        kind = Notification.Kind.OVERDUE if ended else Notification.Kind.REMIND
        rows += [
            _notice(sweep, u, kind, f"lawyers-adviser:{a.pk}:{stage}:{a.ends_on}:{u.pk}", text, url) for u in staff
        ]
    _write(sweep, rows)


register_pass(chase_plan_tasks)
register_pass(remind_adviser_terms)
