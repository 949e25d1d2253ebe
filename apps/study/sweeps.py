"""The monthly pass of 学习制度: when last month had no 党组中心组集中学习, the personnel section
and the director (党组书记 organises it) are told once (the notice key carries the month)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from apps.accounts.models import Rank
from apps.hr.models import PERSONNEL_SECTION
from apps.workflow.models import Notification
from apps.workflow.sweep import register_pass

from .models import Session


def remind_central_study(sweep):
    last = (sweep.today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if Session.objects.filter(kind=Session.Kind.CENTRAL, held_on__year=last.year, held_on__month=last.month).exists():
        return
    if not Session.objects.exists():
        return  # the register has not been started: nothing to compare with
    people = (
        get_user_model()
        .objects.filter(is_active=True, admin_role="")
        .filter(Q(section__code=PERSONNEL_SECTION) | Q(rank=Rank.DIRECTOR))
    )
    text = f"{last:%Y年%m月}未登记局党组中心组集中学习（学习制度：每月集中学习一次）。"
    rows = [
        Notification(
            user=u,
            kind=Notification.Kind.REMIND,
            key=f"study-central:{last:%Y%m}:{u.pk}",
            message=text,
            url=f"{reverse('study:home')}?year={last.year}",
            created_at=sweep.now,
            sweep_run=sweep.run,
            email_wanted=bool(u.notify_by_email and u.email),
        )
        for u in people
    ]
    keys = [n.key for n in rows]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    Notification.objects.bulk_create([n for n in rows if n.key not in known], ignore_conflicts=True)
    sweep.created += Notification.objects.filter(sweep_run=sweep.run, key__in=keys).count()


register_pass(remind_central_study)
