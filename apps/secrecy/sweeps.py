"""The secrecy pass of the deadline sweep (found by autodiscover_modules("sweeps")).

- a new staff member (hr staff record, serving) without an appointment pledge once the rule's
  working days from entry have passed, and one who has left without a departure pledge: the
  机要员 and the office chief are told, once per person and kind;
- no training yet this year: reminded at the yearly rule row's leads before 31 December;
- the periodic check of the classified carriers: reminded at the rule row's leads before the
  due date, and once when overdue.
Each notice exactly once: its key names the person (or the due date) and the stage.
"""

from django.urls import reverse

from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import nearest_lead, register_pass

from . import services


def _notify(sweep, people, key, kind, text, url):
    rows = [
        Notification(
            user=user,
            kind=kind,
            key=f"{key}:{user.pk}"[:120],
            message=text[:300],
            url=url,
            created_at=sweep.now,
            sweep_run=sweep.run,
            email_wanted=bool(user.notify_by_email and user.email),
        )
        for user in people
    ]
    return rows


def chase_secrecy(sweep):
    today = sweep.today
    officers = services.secrecy_officers()
    if not officers:
        return
    rows = []
    pledge_rule = DeadlineRule.objects.filter(code=services.PLEDGE_RULE).first()
    if pledge_rule is None or pledge_rule.active:
        url = reverse("secrecy:pledges")
        for flag in services.missing_pledges(today):
            if not flag["overdue"]:
                continue
            person = flag["person"]
            if flag["due"]:
                text = f"{person.full_name}于 {flag['since']:%Y-%m-%d} 到岗，至 {flag['due']:%Y-%m-%d} 仍未登记上岗保密承诺书，请组织签订。"
            else:
                text = f"{person.full_name}已离岗，尚未登记离岗保密承诺书（脱密期管理），请组织签订。"
            rows += _notify(
                sweep, officers, f"secrecy:pledge:{flag['kind']}:{person.pk}", Notification.Kind.OVERDUE, text, url
            )
    check_rule = DeadlineRule.objects.filter(code=services.CHECK_RULE).first()
    due = services.next_check_due(today)
    if due is not None and (check_rule is None or check_rule.active):
        url = reverse("secrecy:carriers")
        if today > due:
            text = f"涉密载体定期检查已于 {due:%Y-%m-%d} 到期，尚未检查，请组织逐件清点。"
            rows += _notify(
                sweep, officers, f"secrecy:check:overdue:{due:%Y%m%d}", Notification.Kind.OVERDUE, text, url
            )
        else:
            lead = nearest_lead(today, due, check_rule.remind_leads if check_rule else [5, 1])
            if lead is not None:
                text = f"涉密载体定期检查将于 {due:%Y-%m-%d} 到期，请安排逐件清点。"
                rows += _notify(
                    sweep, officers, f"secrecy:check:{lead}:{due:%Y%m%d}", Notification.Kind.REMIND, text, url
                )
    rows += _training_reminders(sweep, officers)
    if not rows:
        return
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


def _training_reminders(sweep, officers):
    """No training yet this year: reminded at the rule row's leads before 31 December."""
    from .models import Training

    rule = DeadlineRule.objects.filter(code=services.TRAINING_RULE).first()
    if rule is not None and not rule.active:
        return []
    today = sweep.today
    due = services.training_due(today.year)
    lead = nearest_lead(today, due, rule.remind_leads if rule else [20, 5])
    if lead is None or Training.objects.filter(held_on__year=today.year).exists():
        return []
    text = f"{today.year}年尚未组织保密工作培训（每年组织一次），请在 {due:%Y-%m-%d} 前安排。"
    url = reverse("secrecy:trainings")
    return _notify(sweep, officers, f"secrecy:training:{today.year}:{lead}", Notification.Kind.REMIND, text, url)


register_pass(chase_secrecy)
