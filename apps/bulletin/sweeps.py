"""The quarterly progress notice of the writing team's quota (每季度督查通报一次, seed 002 rule 10
三（三）2), found by apps/workflow/apps.py (autodiscover_modules("sweeps")).

The first sweep after a quarter ends writes one ProgressNotice for that quarter and one notice to
each member of the year's team and to the office chief; the quarter's row and the notices' unique
keys make sure it happens once, however often the sweep runs."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.models import Rank
from apps.workflow.models import Notification
from apps.workflow.sweep import register_pass

from .models import OFFICE_SECTION, BulletinPolicy, ProgressNotice
from .stats import team_progress


def last_quarter(today):
    """(year, quarter) of the quarter that ended most recently before `today`."""
    quarter = (today.month - 1) // 3
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)


def progress_notice(sweep):
    year, quarter = last_quarter(sweep.today)
    if ProgressNotice.objects.filter(year=year, quarter=quarter).exists():
        return
    policy = BulletinPolicy.objects.current()
    rows = team_progress(year, policy)
    if not rows:
        return
    lines = [
        f"{r.person.full_name}：已上稿 {r.adopted} 篇" + ("，已完成" if r.done else f"，尚差 {r.remaining} 篇")
        for r in rows
    ]
    head = f"{year}年第{quarter}季度写作专班上稿通报（年度任务每人 {policy.quota} 篇）"
    url = f"{reverse('bulletin:figures')}?year={year}"
    chiefs = get_user_model().objects.filter(
        is_active=True, admin_role="", section__code=OFFICE_SECTION, rank=Rank.CHIEF
    )
    try:
        with transaction.atomic():
            ProgressNotice.objects.create(
                year=year, quarter=quarter, sent_at=sweep.now, summary="\n".join([head, *lines])
            )
            notices = [
                Notification(
                    user=r.person,
                    kind=Notification.Kind.INFO,
                    key=f"bulletin:progress:{year}-{quarter}:{r.person.pk}",
                    message=f"{head}：您已上稿 {r.adopted} 篇"
                    + ("，已完成年度任务。" if r.done else f"，尚差 {r.remaining} 篇。"),
                    url=url,
                    created_at=sweep.now,
                    sweep_run=sweep.run,
                    email_wanted=bool(r.person.notify_by_email and r.person.email),
                )
                for r in rows
            ]
            notices += [
                Notification(
                    user=chief,
                    kind=Notification.Kind.INFO,
                    key=f"bulletin:progress:{year}-{quarter}:{chief.pk}",
                    message=f"{head}：{'；'.join(lines)}"[:300],
                    url=url,
                    created_at=sweep.now,
                    sweep_run=sweep.run,
                    email_wanted=bool(chief.notify_by_email and chief.email),
                )
                for chief in chiefs
                if chief.pk not in {r.person.pk for r in rows}
            ]
            Notification.objects.bulk_create(notices, ignore_conflicts=True)
    except IntegrityError:  # a racing sweep wrote the quarter first
        return
    sweep.created += len(notices)


register_pass(progress_notice)
