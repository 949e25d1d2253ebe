"""The leaders' overview: what is open, due, overdue and closed, and whether statutory answers
went out on time, for the sections a leader or chief is responsible for.

Built on the engine alone (Case, Task, CaseClock, the process registry and the working-day
calendar): a section app added later appears here without new code, and no section app is
imported. Every figure starts from `Case.objects.visible_to(user)`, so a leader never counts a
matter they could not open (限定知悉范围, a 社区矫正 subject outside their remit), and every figure
is defined by one filter (`case_filter` / `clock_filter`) that both the count and the list
behind it use: the list shows exactly the counted matters.

Statutory on-time rate: the share of a month's decided statutory clocks (CaseClock whose rule is
a 案件期限, rule.scope == "case", set by law rather than by the bureau's own rules,
rule.statutory) that were met. A clock is decided when it is stopped on time
(met, in the month it was stopped) or when its due date passes without it being met (missed, in
the month of its due date: stopped late, or still running past the due date). A paused clock is
not decided; a cancelled one never counts. So every clock counts once, in one month, and a
month's figure no longer changes once the month is over (save for an extension granted after
the fact), which is what lets month-end snapshots (models.OverviewMonth) stand for it.

Queries: a constant number whatever the number of cases (the counts, the ten most overdue, the
workload and each live month figure are one grouped query each, the snapshots two summed in the
database, the thirty busiest handlers' names one more).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateField, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.accounts.models import Rank
from apps.org.models import Section
from apps.workflow.calendar import add_working_days
from apps.workflow.models import Case, CaseClock, DeadlineRule, Task
from apps.workflow.processes import all_processes

# "Due soon": due today or within the next five working days (the engine's calendar).
SOON_WORKING_DAYS = 5
TREND_MONTHS = 12
TOP_OVERDUE = 10
WORKLOAD_ROWS = 30

OPEN = (Case.Status.ACTIVE, Case.Status.RETURNED)  # submitted and not finished; drafts are nobody's business yet
ENDED = (Case.Status.CLOSED, Case.Status.REJECTED, Case.Status.ARCHIVED)

CASE_KINDS = {
    "open": "在办",
    "due_soon": "5个工作日内到期",
    "overdue": "已超期",
    "closed": "本月办结",
}
CLOCK_KINDS = {"met": "按期办结的法定期限", "missed": "未按期的法定期限"}
HANDLER_KINDS = {"handler": "承办中", "handler_overdue": "承办中已超期"}

REFUSAL = (
    "领导总览供局长、分管领导和科室负责人查看全局、分管科室或本科室的办理情况。"
    "您经办的事项请在工作台的“待办”“已办”“我发起的”中查看。"
)


# --- scope -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose matters a viewer's overview covers: `section_ids` None means the whole bureau."""

    kind: str  # bureau | division | section
    label: str
    section_ids: tuple[int, ...] | None

    @property
    def key(self) -> str:
        """Stored with a snapshot: a snapshot taken for another scope is not this one's."""
        return "all" if self.section_ids is None else ",".join(str(pk) for pk in self.section_ids)


def scope_for(user) -> Scope:
    """The director: the bureau; a division leader: the sections they lead (org.Section.
    division_leader); a chief: their section. Anyone else: PermissionDenied with the reason.

    Staff get no overview of their own: what they handle is their inbox, and a section-wide
    picture is the chief's to look at (the 科室队列 is theirs for the same reason)."""
    if not getattr(user, "is_authenticated", False) or user.admin_role or not user.is_active:
        raise PermissionDenied(REFUSAL)
    if user.rank == Rank.DIRECTOR:
        return Scope("bureau", "全局", None)
    if user.rank == Rank.DIVISION_LEADER:
        sections = list(Section.objects.filter(division_leader=user).order_by("kind", "order", "id"))
        if not sections:
            raise PermissionDenied(
                "您目前没有分管的科室，领导总览没有可显示的内容。如分工有变化，请系统管理员在后台更新。"
            )
        names = "、".join(s.name for s in sections)
        return Scope("division", f"分管科室：{names}", tuple(s.pk for s in sections))
    if user.rank == Rank.CHIEF and user.section_id:
        return Scope("section", f"本科室：{user.section.name}", (user.section_id,))
    raise PermissionDenied(REFUSAL)


def base_cases(user, scope: Scope):
    """Submitted cases of the scope's sections that `user` may open: the root of every figure."""
    cases = Case.objects.visible_to(user).exclude(status=Case.Status.DRAFT)
    if scope.section_ids is not None:
        cases = cases.filter(section_id__in=scope.section_ids)
    return cases


# --- dates -------------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return datetime.date(year, index + 1, 1)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclass(frozen=True)
class Dates:
    today: datetime.date
    soon_until: datetime.date
    month: datetime.date

    @classmethod
    def on(cls, today: datetime.date | None = None) -> Dates:
        today = today or timezone.localdate()
        return cls(today, add_working_days(today, SOON_WORKING_DAYS), month_start(today))

    def months(self) -> list[datetime.date]:
        """The trend's months, oldest first, ending with the current one."""
        return [add_months(self.month, -n) for n in range(TREND_MONTHS - 1, -1, -1)]


# --- the one definition of each figure --------------------------------------------------------


def case_filter(kind: str, dates: Dates, month: datetime.date | None = None) -> Q:
    """Q over Case for a case figure. `month` (closed only): that month instead of this one."""
    is_open = Q(status__in=OPEN)
    if kind == "open":
        return is_open
    if kind == "due_soon":
        return is_open & Q(due_date__gte=dates.today, due_date__lte=dates.soon_until)
    if kind == "overdue":
        return is_open & Q(due_date__lt=dates.today)
    if kind == "closed":
        start = month or dates.month
        return Q(
            status__in=ENDED, closed_at__gte=local_midnight(start), closed_at__lt=local_midnight(add_months(start, 1))
        )
    raise KeyError(kind)


def statutory_clocks():
    return CaseClock.objects.filter(rule__scope=DeadlineRule.Scope.CASE, rule__statutory=True)


def clock_filter(kind: str, dates: Dates, first: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Q over CaseClock (or over Case with prefix "clocks__"): statutory clocks met / missed in
    the months [first, end)."""
    p = prefix
    if kind == "met":
        return Q(
            **{
                f"{p}status": CaseClock.Status.MET,
                f"{p}stopped_at__gte": local_midnight(first),
                f"{p}stopped_at__lt": local_midnight(end),
            }
        )
    if kind == "missed":
        past_due = Q(**{f"{p}status": CaseClock.Status.LATE}) | Q(
            **{f"{p}status": CaseClock.Status.RUNNING, f"{p}due_date__lt": dates.today}
        )
        return past_due & Q(**{f"{p}due_date__gte": first, f"{p}due_date__lt": end})
    raise KeyError(kind)


def handler_filter(kind: str, dates: Dates, handler_id: int) -> Q:
    """Q over Case: open cases on which `handler_id` holds a pending work item (reading aside);
    handler_overdue: those whose work item or case is past due."""
    tasks = Task.objects.filter(case=OuterRef("pk"), assignee_id=handler_id, status=Task.Status.PENDING).exclude(
        kind=Task.Kind.READ
    )
    if kind == "handler_overdue":
        tasks = tasks.filter(Q(due_date__lt=dates.today) | Q(case__due_date__lt=dates.today))
    return Q(status__in=OPEN) & Q(Exists(tasks))


# --- the figures -------------------------------------------------------------------------------


def rate(met: int, missed: int) -> float | None:
    return round(100.0 * met / (met + missed), 1) if met + missed else None


@dataclass
class Row:
    section_id: int
    section: str
    process: str
    label: str
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    closed: int = 0
    met: int = 0  # statutory clocks over the trend's twelve months
    missed: int = 0

    @property
    def rate(self):
        return rate(self.met, self.missed)


@dataclass
class Overview:
    scope: Scope
    dates: Dates
    sections: list[Row] = field(default_factory=list)  # one per section (process "")
    rows: list[Row] = field(default_factory=list)  # one per section and process
    total: Row | None = None
    trend: list[dict] = field(default_factory=list)
    top_overdue: list[Case] = field(default_factory=list)
    workload: list[dict] = field(default_factory=list)


def process_label(code: str, processes=None) -> str:
    processes = all_processes() if processes is None else processes
    process = processes.get(code)
    return process.label if process is not None else code


def stored_figures(user, scope: Scope, months: list[datetime.date]):
    """The viewer's month-end snapshots for `months` taken for this very scope, summed in the
    database (two grouped queries, a few hundred rows, rather than every stored row):
    (stored months, {month: [closed, met, missed]}, {(section_id, process): [met, missed]})."""
    from .models import OverviewFigure, OverviewMonth

    by_month = {
        m["month"]: [m["closed"] or 0, m["met"] or 0, m["missed"] or 0]  # None: a month stored with no rows
        for m in OverviewMonth.objects.filter(viewer=user, scope_key=scope.key, month__in=months)
        .values("month")
        .annotate(closed=Sum("figures__closed"), met=Sum("figures__clocks_met"), missed=Sum("figures__clocks_missed"))
        .order_by()
    }
    by_row: dict[tuple[int, str], list[int]] = {}
    if by_month:
        for f in (
            OverviewFigure.objects.filter(
                snapshot__viewer=user, snapshot__scope_key=scope.key, snapshot__month__in=list(by_month)
            )
            .values("section_id", "process")
            .annotate(met=Sum("clocks_met"), missed=Sum("clocks_missed"))
            .order_by()
        ):
            by_row[(f["section_id"], f["process"])] = [f["met"], f["missed"]]
    return set(by_month), by_month, by_row


def _as_month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def live_month_figures(user, scope: Scope, dates: Dates, first: datetime.date, end: datetime.date):
    """{(month, section_id, process): [closed, met, missed]} for the months [first, end),
    computed from the cases and clocks (three grouped queries)."""
    cases = base_cases(user, scope)
    figures: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    closed = (
        cases.filter(status__in=ENDED, closed_at__gte=local_midnight(first), closed_at__lt=local_midnight(end))
        .annotate(m=TruncMonth("closed_at", output_field=DateField()))
        .values("m", "section_id", "process")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in closed:
        figures[(_as_month(r["m"]), r["section_id"], r["process"])][0] += r["n"]
    # From the cases side joined to their clocks (one filter() call: one join, which the month
    # and the count then use): the visibility test runs on the joined cases only, instead of
    # hashing every visible case of the bureau for an IN (...).
    for index, kind, moment in ((1, "met", "clocks__stopped_at"), (2, "missed", "clocks__due_date")):
        rows = (
            cases.filter(
                clock_filter(kind, dates, first, end, prefix="clocks__"),
                clocks__rule__scope=DeadlineRule.Scope.CASE,
                clocks__rule__statutory=True,
            )
            .annotate(m=TruncMonth(moment, output_field=DateField()))
            .values("m", "section_id", "process")
            .annotate(n=Count("clocks"))
            .order_by()
        )
        for r in rows:
            figures[(_as_month(r["m"]), r["section_id"], r["process"])][index] += r["n"]
    return figures


def build(user, today: datetime.date | None = None, scope: Scope | None = None) -> Overview:
    """The whole overview for `user` (PermissionDenied for staff who lead nothing)."""
    scope = scope or scope_for(user)
    dates = Dates.on(today)
    processes = all_processes()
    cases = base_cases(user, scope)
    # Open matters only (the (status, due_date) index); the month's closed ones come with the
    # trend's live month below, which counts them anyway.
    counts = (
        cases.filter(case_filter("open", dates))
        .values("section_id", "process")
        .annotate(**{kind: Count("pk", filter=case_filter(kind, dates)) for kind in ("open", "due_soon", "overdue")})
        .order_by()
    )
    table: dict[tuple[int, str], Row] = {}
    section_names = dict(
        Section.objects.filter(**({} if scope.section_ids is None else {"pk__in": scope.section_ids})).values_list(
            "pk", "name"
        )
    )
    section_order = list(section_names)

    def row(section_id, code):
        if (section_id, code) not in table:
            table[(section_id, code)] = Row(
                section_id, section_names.get(section_id, ""), code, process_label(code, processes)
            )
        return table[(section_id, code)]

    for c in counts:
        r = row(c["section_id"], c["process"])
        for kind in ("open", "due_soon", "overdue"):
            setattr(r, kind, c[kind])
    # The trend: the closed months from the viewer's snapshots where they exist for this very
    # scope, the current month and any month without a snapshot computed live.
    months = dates.months()
    stored, stored_months, stored_rows = stored_figures(user, scope, months[:-1])
    by_month = {m: stored_months.get(m, [0, 0, 0]) for m in months}
    for (section_id, code), (met, missed) in stored_rows.items():
        if met or missed:
            r = row(section_id, code)
            r.met += met
            r.missed += missed
    live = [m for m in months if m not in stored]
    for (month, section_id, code), (closed, met, missed) in live_month_figures(
        user, scope, dates, live[0], add_months(months[-1], 1)
    ).items():
        if month not in live:
            continue
        by_month[month][0] += closed
        by_month[month][1] += met
        by_month[month][2] += missed
        if month == dates.month and closed:
            row(section_id, code).closed = closed
        if met or missed:
            r = row(section_id, code)
            r.met += met
            r.missed += missed
    overview = Overview(scope=scope, dates=dates)
    order = {pk: i for i, pk in enumerate(section_order)}
    overview.rows = sorted(table.values(), key=lambda r: (order.get(r.section_id, 1 << 30), r.label))
    per_section: dict[int, Row] = {}
    total = Row(0, scope.label, "", "合计")
    for r in overview.rows:
        s = per_section.setdefault(r.section_id, Row(r.section_id, r.section, "", "全部类型"))
        for name in ("open", "due_soon", "overdue", "closed", "met", "missed"):
            setattr(s, name, getattr(s, name) + getattr(r, name))
            setattr(total, name, getattr(total, name) + getattr(r, name))
    overview.sections = list(per_section.values())
    overview.total = total
    overview.trend = [
        {
            "month": m,
            "label": f"{m.year}年{m.month}月",
            "closed": v[0],
            "met": v[1],
            "missed": v[2],
            "rate": rate(v[1], v[2]),
            "live": m == months[-1],
        }
        for m, v in by_month.items()
    ]
    overview.top_overdue = list(
        cases.filter(case_filter("overdue", dates))
        .select_related("section")
        .only(
            "pk", "title", "number", "process", "due_date", "current_step_label", "current_assignees", "section__name"
        )
        .order_by("due_date", "pk")[:TOP_OVERDUE]
    )
    for case in overview.top_overdue:
        case.process_label = process_label(case.process, processes)
        case.days_overdue = (dates.today - case.due_date).days
    # From the cases side, so that the visibility test runs once over the open cases (hashed),
    # not once per pending task; one filter() call, so the values below use the same task join.
    # Grouped by the handler's id alone (sorting ~20,000 joined rows by names and section costs
    # more than the count); the thirty names come with one more small query.
    pending = [k for k in Task.Kind.values if k != Task.Kind.READ]
    overdue = Q(tasks__due_date__lt=dates.today) | Q(due_date__lt=dates.today)
    busiest = list(
        cases.filter(status__in=OPEN, tasks__status=Task.Status.PENDING, tasks__kind__in=pending)
        .values("tasks__assignee_id")
        .annotate(cases=Count("pk", distinct=True), overdue=Count("pk", distinct=True, filter=overdue))
        .order_by("-cases", "-overdue", "tasks__assignee_id")[:WORKLOAD_ROWS]
    )
    names = {
        u["pk"]: u
        for u in get_user_model()
        .objects.filter(pk__in=[p["tasks__assignee_id"] for p in busiest])
        .values("pk", "full_name", "username", "section__name")
    }
    overview.workload = []
    for p in busiest:
        person = names.get(p["tasks__assignee_id"], {})
        overview.workload.append(
            {
                "assignee_id": p["tasks__assignee_id"],
                "assignee__full_name": person.get("full_name", ""),
                "assignee__username": person.get("username", ""),
                "assignee__section__name": person.get("section__name"),
                "cases": p["cases"],
                "overdue": p["overdue"],
            }
        )
    return overview


# --- the lists behind the figures -------------------------------------------------------------


def parse_month(text: str | None) -> datetime.date | None:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return None


@dataclass
class Listing:
    title: str
    clocks: bool  # rows are CaseClock (met/missed), else Case
    rows: object  # a queryset


def listing(user, params, today: datetime.date | None = None, scope: Scope | None = None) -> Listing:
    """The rows behind one figure: section, process, kind (open, due_soon, overdue, closed,
    met, missed, handler, handler_overdue), month (closed, met, missed) and handler."""
    scope = scope or scope_for(user)
    dates = Dates.on(today)
    cases = base_cases(user, scope)
    words = [scope.label]
    section = params.get("section") or ""
    if section.isdigit():
        cases = cases.filter(section_id=int(section))
        words.append(Section.objects.filter(pk=int(section)).values_list("name", flat=True).first() or "")
    process = params.get("process") or ""
    if process:
        cases = cases.filter(process=process)
        words.append(process_label(process))
    kind = params.get("kind") or "open"
    month = parse_month(params.get("month"))
    if kind in CLOCK_KINDS:
        first = month or dates.months()[0]
        end = add_months(month, 1) if month else add_months(dates.month, 1)
        rows = (
            statutory_clocks()
            .filter(case__in=cases.values("pk"))
            .filter(clock_filter(kind, dates, first, end))
            .select_related("case", "case__section", "rule")
            .order_by("due_date", "pk")
        )
        span = f"{month.year}年{month.month}月" if month else f"近{TREND_MONTHS}个月"
        return Listing("·".join([*words, span, CLOCK_KINDS[kind]]), True, rows)
    if kind in HANDLER_KINDS:
        handler = params.get("handler") or ""
        if not handler.isdigit():
            raise KeyError(kind)
        cases = cases.filter(handler_filter(kind, dates, int(handler)))
        label = HANDLER_KINDS[kind]
    elif kind in CASE_KINDS:
        if kind == "closed" and month:
            cases = cases.filter(case_filter("closed", dates, month))
            label = f"{month.year}年{month.month}月办结"
        else:
            cases = cases.filter(case_filter(kind, dates))
            label = CASE_KINDS[kind]
    else:
        raise KeyError(kind)
    order = ("-closed_at", "-pk") if kind == "closed" else ("due_date", "pk")
    rows = cases.select_related("section").order_by(*order)
    return Listing("·".join([*[w for w in words if w], label]), False, rows)
