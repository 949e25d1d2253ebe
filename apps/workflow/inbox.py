"""The one inbox: every section's 待办/已办/待阅 comes from the Task table.

Each tab is a queryset with a fixed set of joins, so a page costs the same number of SQL
queries whatever the number of rows.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from apps.accounts.models import Rank

from .models import Case, Notification, Task, actionable_q, delegator_ids


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    kind: str  # "task" rows or "case" rows


TABS = [
    Tab("todo", "待办", "task"),
    Tab("overdue", "超期", "task"),
    Tab("toread", "待阅", "task"),
    Tab("done", "已办", "task"),
    Tab("read", "已阅", "task"),
    Tab("mine", "我发起的", "case"),
    Tab("queue", "科室队列", "task"),
]
TAB_BY_KEY = {tab.key: tab for tab in TABS}


def has_queue(user):
    return user.rank in (Rank.CHIEF, Rank.DIVISION_LEADER, Rank.DIRECTOR)


def tabs_for(user):
    return [tab for tab in TABS if tab.key != "queue" or has_queue(user)]


# What a task row shows as its 期限: the earlier of the step's own limit and the case's due date,
# which carries the statutory clocks (deadlines.merge_clock_due). A petition's 受理与办理 step has
# no step limit of its own, but its 60-day clock is what the handler must watch. Coalesce on both
# sides because SQLite's MIN() is NULL when either side is.
EFFECTIVE_DUE = Least(Coalesce(F("due_date"), F("case__due_date")), Coalesce(F("case__due_date"), F("due_date")))


def overdue_q(today, prefix=""):
    """A pending task is overdue when its step or its case (any running clock) is past due."""
    return Q(**{f"{prefix}due_date__lt": today}) | Q(**{f"{prefix}case__due_date__lt": today})


def tab_queryset(user, key, today=None, delegators=None, for_page=False):
    """`delegators`: delegator_ids(user, today) if the caller has them (one query per request).

    The rows come with their case and its section; with the assignee too (the Excel register
    names every one), except for the page (`for_page`) where no row can name one: a task row
    names its assignee only when it is someone else's pending task, i.e. in the queue or a
    delegator's work. Not who acted: nothing shows it."""
    today = today or timezone.localdate()
    tasks = Task.objects.select_related("case", "case__section").annotate(effective_due=EFFECTIVE_DUE)
    if key in ("todo", "overdue", "toread"):
        if delegators is None:
            delegators = delegator_ids(user, today)
        if delegators or not for_page:
            tasks = tasks.select_related("assignee")
        actionable = tasks.actionable_by(user, today, delegators)
        if key == "todo":
            return actionable.exclude(kind=Task.Kind.READ)
        if key == "overdue":
            return actionable.exclude(kind=Task.Kind.READ).filter(overdue_q(today))
        return actionable.filter(kind=Task.Kind.READ)
    if not for_page or key == "queue":
        tasks = tasks.select_related("assignee")
    if key == "done":
        return tasks.filter(acted_by=user, status=Task.Status.DONE).exclude(kind=Task.Kind.READ)
    if key == "read":
        return tasks.filter(acted_by=user, status=Task.Status.DONE, kind=Task.Kind.READ)
    if key == "queue":
        if user.rank == Rank.DIRECTOR:
            scope = Q()
        elif user.rank == Rank.DIVISION_LEADER:
            scope = Q(case__section__division_leader=user) | Q(case__section_id=user.section_id)
        elif user.rank == Rank.CHIEF:
            scope = Q(case__section_id=user.section_id)
        else:
            return tasks.none()
        return (
            tasks.pending()
            .exclude(kind=Task.Kind.READ)
            .filter(scope)
            .filter(case__in=Case.objects.visible_to(user).values("pk"))
        )
    if key == "mine":
        return Case.objects.select_related("section").filter(initiator=user)
    raise KeyError(key)


def apply_filters(qs, kind, params):
    """Section, process type, due-by date, keyword; sort by due date or by arrival."""
    prefix = "case__" if kind == "task" else ""
    section = params.get("section")
    if section and section.isdigit():
        qs = qs.filter(**{f"{prefix}section_id": int(section)})
    process = params.get("process")
    if process:
        qs = qs.filter(**{f"{prefix}process": process})
    due_before = params.get("due_before")
    due = "effective_due" if kind == "task" else "due_date"
    if due_before:
        qs = qs.filter(**{f"{due}__lte": due_before})
    keyword = (params.get("q") or "").strip()
    if keyword:
        qs = qs.filter(Q(**{f"{prefix}title__icontains": keyword}) | Q(**{f"{prefix}number__icontains": keyword}))
    if params.get("sort") == "due":
        qs = qs.order_by(F(due).asc(nulls_last=True), "-id")
    elif kind == "task":
        qs = qs.order_by("-created_at", "-id") if params.get("sort") != "acted" else qs.order_by("-acted_at", "-id")
    else:
        qs = qs.order_by("-created_at", "-id")
    return qs


def counts_for(user, today=None, delegators=None):
    """Badge counts for the navigation: one aggregate query over the same rows as the todo,
    toread and overdue tabs (so a tab's pager can reuse its count)."""
    today = today or timezone.localdate()
    if delegators is None:
        delegators = delegator_ids(user, today)
    not_read = ~Q(kind=Task.Kind.READ)
    return (
        Task.objects.filter(status=Task.Status.PENDING)
        .filter(actionable_q(user, delegators))
        .aggregate(
            todo=Count("id", filter=not_read),
            toread=Count("id", filter=Q(kind=Task.Kind.READ)),
            overdue=Count("id", filter=not_read & overdue_q(today)),
        )
    )


# A tab whose rows are exactly what counts_for counts (no filter applied): its pager takes the
# badge's number instead of running its own COUNT(*).
COUNTED_TABS = {"todo": "todo", "overdue": "overdue", "toread": "toread"}


def request_delegators(request):
    """delegator_ids for the signed-in user, read once per request (page and badges share it)."""
    if not hasattr(request, "_inbox_delegators"):
        request._inbox_delegators = delegator_ids(request.user)
    return request._inbox_delegators


def request_counts(request):
    """counts_for the signed-in user, computed once per request (the view and the context
    processor both need it)."""
    if not hasattr(request, "_inbox_counts"):
        request._inbox_counts = counts_for(request.user, delegators=request_delegators(request))
    return request._inbox_counts


def request_unread_notices(request, latest=5):
    """(number of unread notices, the `latest` newest of them) for the signed-in user in one
    query: the bell counts them on every page, the inbox lists the newest."""
    if not hasattr(request, "_unread_notices"):
        rows = list(
            Notification.objects.filter(user=request.user, read_at__isnull=True)
            .annotate(unread_total=Window(Count("id")))
            .order_by("-created_at", "-id")[:latest]
        )
        request._unread_notices = (rows[0].unread_total if rows else 0, rows)
    return request._unread_notices
