"""The sweep passes of 行政执法监督 (found by apps/workflow/apps.py, autodiscover_modules("sweeps")).

Certificates are register entries with dates to watch, not cases: their annual review
(review_due) and their expiry (expires_on). For each issued certificate the section's staff get
a 到期提醒 at the rule's reminder leads (working days before the date, rule rows
enforcement-cert-annual-review / enforcement-cert-expiry) and one 已超期 notice once the date
has passed. Every notice has a unique key (certificate, what, date, stage, user): each is
written once, whatever the number of sweeps; a moved date (a passed review) is reminded again.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from apps.workflow import calendar
from apps.workflow.models import DeadlineRule, Notification
from apps.workflow.sweep import nearest_lead, register_pass

from .access import SECTION_CODE
from .models import Certificate, CertStatus
from .services import ANNUAL_REVIEW_RULE, EXPIRY_RULE

WATCHED = (
    # (rule, date field, what the notice says)
    (ANNUAL_REVIEW_RULE, "review_due", "年审"),
    (EXPIRY_RULE, "expires_on", "有效期届满（请及时申请换证）"),
)


def _message(cert, what, due, today):
    name = f"{cert.get_kind_display()}（{cert.holder}，{cert.unit.name}，证号 {cert.number}）"
    if today > due:
        return f"{name}{what}截止日 {due:%Y-%m-%d} 已过，尚未办理。"
    left = "今天到期" if today == due else f"还剩 {calendar.working_days_between(today, due)} 个工作日"
    return f"{name}{what}截止日 {due:%Y-%m-%d}（{left}）。"


def remind_certificates(sweep):
    today = sweep.today
    staff = list(
        get_user_model().objects.filter(is_active=True, admin_role="", section__code=SECTION_CODE).order_by("id")
    )
    if not staff:
        return
    rows = []
    for code, field, what in WATCHED:
        rule = DeadlineRule.objects.filter(code=code, active=True).first()
        if rule is None:
            continue
        leads = rule.remind_leads
        horizon = calendar.add_working_days(today, max(leads, default=0))
        certs = Certificate.objects.filter(status=CertStatus.ISSUED).filter(
            Q(**{f"{field}__lte": horizon}) & Q(**{f"{field}__isnull": False})
        )
        for cert in certs.select_related("unit").order_by("id"):
            due = getattr(cert, field)
            if today > due:
                stage, kind = "overdue", Notification.Kind.OVERDUE
            else:
                lead = nearest_lead(today, due, leads)
                if lead is None:
                    continue
                stage, kind = f"remind{lead}", Notification.Kind.REMIND
            message = _message(cert, what, due, today)
            url = reverse("enforcement:certificate", args=[cert.pk])
            for user in staff:
                rows.append(
                    Notification(
                        user=user,
                        kind=kind,
                        key=f"enforcement-cert:{cert.pk}:{field}:{due:%Y%m%d}:{stage}:{user.pk}",
                        message=message[:300],
                        url=url,
                        created_at=sweep.now,
                        sweep_run=sweep.run,
                        email_wanted=bool(user.notify_by_email and user.email),
                    )
                )
    if not rows:
        return
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


register_pass(remind_certificates)
