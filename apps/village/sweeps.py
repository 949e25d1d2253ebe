"""The monthly pass of 驻村帮扶: for last month, each serving member whose return is missing or
under 20 days is reminded, and the personnel section is told; each notice once (its key)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.hr.models import PERSONNEL_SECTION
from apps.workflow.models import Notification
from apps.workflow.sweep import register_pass

from .models import MIN_DAYS, Member, MonthlyReturn
from .services import month_start


def remind_village_days(sweep):
    this_month = month_start(sweep.today)
    last_month = month_start(this_month - timedelta(days=1))
    # A term that began after the 1st of last month had no full month to count.
    members = list(
        Member.objects.filter(status=Member.Status.SERVING, term_start__lte=last_month).select_related("person")
    )
    if not members:
        return
    returns = {
        r.member_id: r for r in MonthlyReturn.objects.filter(month=last_month, member__in=[m.pk for m in members])
    }
    officers = list(get_user_model().objects.filter(is_active=True, admin_role="", section__code=PERSONNEL_SECTION))
    rows = []
    for member in members:
        row = returns.get(member.pk)
        if row is None:
            stage, text = (
                "missing",
                f"{member.person.full_name}（{member.village}）{last_month:%Y年%m月}驻村情况月报尚未填报。",
            )
        elif row.counted_days < MIN_DAYS:
            stage = "short"
            text = (
                f"{member.person.full_name}（{member.village}）{last_month:%Y年%m月}驻村 {row.counted_days} 天，"
                f"少于每月 {MIN_DAYS} 天（驻村帮扶工作制度）。"
            )
        else:
            continue
        for user in {member.person, *officers}:
            rows.append(
                Notification(
                    user=user,
                    kind=Notification.Kind.REMIND,
                    key=f"village:{member.pk}:{last_month:%Y%m}:{stage}:{user.pk}",
                    message=text[:300],
                    url=reverse("village:member", args=[member.pk]),
                    created_at=sweep.now,
                    sweep_run=sweep.run,
                    email_wanted=bool(user.notify_by_email and user.email),
                )
            )
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


register_pass(remind_village_days)
