"""Taking month-end snapshots (models.OverviewMonth): the periodic task and the backfill
command both call `take_snapshots`, which is idempotent: a month already stored for a viewer's
current scope is left alone (or, with `refresh`, replaced in one transaction), so running it
twice, or from the task and the command at once, leaves one row per month and viewer."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.accounts.models import Rank

from . import figures
from .models import OverviewFigure, OverviewMonth


def viewers():
    """Everyone with an overview: the director, division leaders, chiefs (active accounts)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="", rank__in=[Rank.DIRECTOR, Rank.DIVISION_LEADER, Rank.CHIEF])
        .select_related("section")
        .order_by("id")
    )


def closed_months(count, today=None):
    """The `count` months before the current one, oldest first."""
    current = figures.month_start(today or datetime.date.today())
    return [figures.add_months(current, -n) for n in range(count, 0, -1)]


def take_snapshots(months=1, today=None, refresh=False, users=None):
    """Snapshot the `months` closed months before today's for every viewer. Returns the number
    of (viewer, month) snapshots written."""
    from django.utils import timezone

    today = today or timezone.localdate()
    dates = figures.Dates.on(today)
    written = 0
    for user in users if users is not None else viewers():
        try:
            scope = figures.scope_for(user)
        except PermissionDenied:
            continue  # a division leader with no section to lead: nothing to snapshot
        for month in closed_months(months, today):
            written += _snapshot(user, scope, dates, month, refresh)
    return written


@transaction.atomic
def _snapshot(user, scope, dates, month, refresh):
    snapshot, created = OverviewMonth.objects.select_for_update().get_or_create(
        month=month, viewer=user, defaults={"scope_key": scope.key, "scope_label": scope.label}
    )
    if not created and snapshot.scope_key == scope.key and not refresh:
        return 0
    rows = figures.live_month_figures(user, scope, dates, month, figures.add_months(month, 1))
    snapshot.figures.all().delete()
    OverviewFigure.objects.bulk_create(
        [
            OverviewFigure(
                snapshot=snapshot, section_id=section_id, process=process, closed=c, clocks_met=m, clocks_missed=x
            )
            for (m_, section_id, process), (c, m, x) in rows.items()
            if m_ == month and (c or m or x)
        ]
    )
    if not created:
        from django.utils import timezone

        snapshot.scope_key, snapshot.scope_label, snapshot.computed_at = scope.key, scope.label, timezone.now()
        snapshot.save(update_fields=["scope_key", "scope_label", "computed_at"])
    return 1
