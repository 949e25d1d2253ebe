"""The sweep pass of 监督检查与整改 (found by apps/workflow/apps.py, autodiscover_modules("sweeps")).

A rectification waiting for the unit's report (整改中) has a due date to watch; it is a register
entry, not a workflow case, so this pass chases it:
- ahead of the due date, at the rule row's reminder leads (working days), the lead inspector is
  reminded;
- once the due date has passed without a report, the lead inspector and the section chief are
  told it is overdue.
Each notice exactly once: its key names the rectification, the stage, the due date and the
person (`inspections:remind:<id>:<lead>:<due>:<user>`, `inspections:overdue:<id>:<due>:<user>`),
so a re-run writes nothing and an extended or re-noticed due date is chased afresh.
"""

from django.urls import reverse

from apps.workflow import calendar
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import nearest_lead, register_pass

from .models import Rectification
from .services import RECTIFY_RULE, section_chiefs

DEFAULT_LEADS = [3, 1]


def _left(today, due):
    return "今天到期" if today == due else f"还剩 {calendar.working_days_between(today, due)} 个工作日"


def chase_rectifications(sweep):
    today = sweep.today
    rule = DeadlineRule.objects.filter(code=RECTIFY_RULE).first()
    if rule is not None and not rule.active:
        return
    leads = rule.remind_leads if rule is not None else DEFAULT_LEADS
    horizon = calendar.add_working_days(today, max(leads, default=0))
    due = list(
        Rectification.objects.filter(status=Rectification.Status.ISSUED, due_date__lte=horizon)
        .select_related("check_record__lead", "check_record__plan__section")
        .order_by("due_date", "pk")
    )
    if not due:
        return
    chiefs = section_chiefs({r.check_record.plan.section_id for r in due})
    rows = []
    for rect in due:
        check = rect.check_record
        section = check.plan.section
        url = reverse("inspections:check_detail", args=[check.pk])
        what = f"{check.target_label}的整改（整改通知书 {rect.number}）"
        if today > rect.due_date:
            text = (
                f"{what}已超过整改期限（{rect.due_date:%Y-%m-%d}），尚未收到整改报告，"
                f"请督促整改，或办理重新通知、延期。"
            )
            people = [check.lead] + [u for u in chiefs.get(section.pk, []) if u.pk != check.lead_id]
            kind, stage = Notification.Kind.OVERDUE, "overdue"
        else:
            lead = nearest_lead(today, rect.due_date, leads)
            if lead is None:
                continue
            text = f"{what}将于 {rect.due_date:%Y-%m-%d} 到期（{_left(today, rect.due_date)}），请跟进整改报告。"
            people = [check.lead]
            kind, stage = Notification.Kind.REMIND, f"remind:{rect.pk}:{lead}"
        for user in people:
            if not user.is_active:
                continue
            key = (
                f"inspections:overdue:{rect.pk}:{rect.due_date:%Y-%m-%d}:{user.pk}"
                if stage == "overdue"
                else f"inspections:{stage}:{rect.due_date:%Y-%m-%d}:{user.pk}"
            )
            rows.append(
                Notification(
                    user=user,
                    kind=kind,
                    key=key,
                    message=text[:300],
                    url=url,
                    created_at=sweep.now,
                    sweep_run=sweep.run,
                    email_wanted=bool(user.notify_by_email and user.email),
                )
            )
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


register_pass(chase_rectifications)  # rectifications due soon or overdue
