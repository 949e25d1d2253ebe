from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def remaining_days(due):
    """Calendar days from today to `due` (negative when overdue)."""
    return (due - timezone.localdate()).days


@register.filter
def abs_int(value):
    return abs(int(value))


# The unit is always said in words: a bare "剩9天" beside a clock's "剩 6 个工作日" left the reader
# to guess which kind of day each counted (issue 13, item 5).
CALENDAR_WORD = "个自然日"
WORKING_WORD = "个工作日"


def _day_text(due, today, working=False):
    """("剩 N 个自然日" / "今天到期" / "超期 N 个自然日", css) counted in calendar or working days."""
    from apps.workflow.calendar import working_days_between

    if due == today:
        return "今天到期", "soon"
    word = WORKING_WORD if working else CALENDAR_WORD
    if due > today:
        n = working_days_between(today, due) if working else (due - today).days
        return f"剩{n}{word}", "soon" if (due - today).days <= 2 else ""
    n = working_days_between(due, today) if working else (today - due).days
    return f"超期{n}{word}", "late"


def _short_date(due, today):
    # the year only when it is not this year's: "04-07 剩489天" hid that it is next year's April
    return due.strftime("%m-%d") if due.year == today.year else due.strftime("%Y-%m-%d")


PROVISIONAL_MARK = '<span class="provisional-mark" title="所涉年度的节假日安排尚未确认，到期日可能调整">暂定</span>'


def _badge(due, today, provisional=False, working=False, label="", full_date=False):
    text, css = _day_text(due, today, working)
    return format_html(
        '<span class="due {}">{}{}<span class="left">{}</span>{}</span>',
        css,
        format_html('<span class="due-label">{}</span>', label) if label else "",
        due.strftime("%Y-%m-%d") if full_date else _short_date(due, today),
        text,
        mark_safe(PROVISIONAL_MARK) if provisional else "",
    )


@register.simple_tag
def due_badge(due, provisional=False, today=None):
    """The 期限 cell (includes/_due.html is this tag too), as a tag: list pages render it once per
    row, and an {% include %} per row costs a template context push, a loader lookup and a
    node tree walk each time. Counted in calendar days, and it says so (自然日)."""
    if not due:
        return mark_safe('<span class="muted">—</span>')
    return _badge(due, today or timezone.localdate(), provisional)


def _clock_working(clock):
    from apps.workflow.models import DeadlineRule

    return clock.rule.unit == DeadlineRule.Unit.WORKING


@register.simple_tag
def clock_badge(clock, today=None, label=""):
    """A case's own deadline (a CaseClock: the statutory or rule limit of the whole matter), its
    full date first and the time left in the rule's own kind of day, in words."""
    if clock is None:
        return mark_safe('<span class="muted">—</span>')
    today = today or timezone.localdate()
    if clock.status == "paused":
        return format_html(
            '<span class="due">{}<span class="muted">中止计时（{} 起）</span></span>',
            format_html('<span class="due-label">{}</span>', label) if label else "",
            clock.paused_since.strftime("%Y-%m-%d") if clock.paused_since else "",
        )
    return _badge(clock.due_date, today, clock.provisional, _clock_working(clock), label, full_date=True)


@register.simple_tag
def step_badge(due, today=None, provisional=False):
    """The current step's internal limit, labelled as such (环节时限): the engine gives a step its
    time limit in working days, so what is left is counted in working days too."""
    if not due:
        return mark_safe('<span class="muted">—</span>')
    return _badge(due, today or timezone.localdate(), provisional, working=True, label="环节时限")


def _open_clocks(case_ids):
    from apps.workflow.models import CaseClock

    earliest = {}
    clocks = (
        CaseClock.objects.filter(case_id__in=case_ids, status__in=CaseClock.OPEN_STATUSES)
        .select_related("rule")
        .order_by("due_date", "id")
    )
    for clock in clocks:
        earliest.setdefault(clock.case_id, clock)
    return earliest


def _step_dues(case_ids):
    from django.db.models import Min

    from apps.workflow.models import Task

    rows = (
        Task.objects.filter(case_id__in=case_ids, status=Task.Status.PENDING, due_date__isnull=False)
        .exclude(kind=Task.Kind.READ)
        .values("case_id")
        .annotate(due=Min("due_date"))
    )
    return {row["case_id"]: row["due"] for row in rows}


@register.simple_tag
def case_dues(rows, attr="case_id"):
    """{"clocks": {case id: earliest open clock}, "steps": {case id: current step's due date}} for
    every row of a register page, in two queries whatever the row count (rows are domain records
    with a `case_id`, or cases with attr="pk")."""
    ids = {getattr(row, attr) for row in rows}
    if not ids:
        return {"clocks": {}, "steps": {}}
    return {"clocks": _open_clocks(ids), "steps": _step_dues(ids)}


@register.simple_tag
def case_due_cell(case, dues, today=None):
    """A register's 期限 cell: the case's own (statutory) deadline when it has one; otherwise the
    current step's limit, labelled 环节时限 — never the two mixed unlabelled in one column."""
    today = today or timezone.localdate()
    clock = dues["clocks"].get(case.pk)
    if clock is not None:
        return clock_badge(clock, today)
    return step_due_cell(case, dues, today)


@register.simple_tag
def step_due_cell(case, dues, today=None):
    """A register's 环节时限 cell: the current step's own limit (not the case's deadline)."""
    due = dues["steps"].get(case.pk) if case.is_open else None
    if not due:
        return mark_safe('<span class="muted">—</span>')
    return step_badge(due, today or timezone.localdate())


def case_page_dues(case, clocks, tasks):
    """case_dues for the case page, from the clocks (with their rule) and tasks it has already
    read: the header box then costs no query of its own."""
    from apps.workflow.models import CaseClock, Task

    open_clocks = sorted((c for c in clocks if c.status in CaseClock.OPEN_STATUSES), key=lambda c: (c.due_date, c.pk))
    step_dues = [
        t.due_date
        for t in tasks
        if t.status == Task.Status.PENDING and t.due_date is not None and t.kind != Task.Kind.READ
    ]
    return {
        "clocks": {case.pk: open_clocks[0]} if open_clocks else {},
        "steps": {case.pk: min(step_dues)} if step_dues else {},
    }


@register.simple_tag
def case_due_box(case, dues=None, today=None):
    """The case page's header box: the case's own deadline first (办理期限, from its earliest open
    clock, with the rule's name), then the current step's internal limit labelled 环节时限.
    `dues` (case_page_dues) saves the two queries when the page has read the clocks and tasks."""
    if not case.is_open:
        return ""
    today = today or timezone.localdate()
    if dues is None:
        dues = case_dues([case], attr="pk")
    clock = dues["clocks"].get(case.pk)
    step_due = dues["steps"].get(case.pk)
    parts = []
    if clock is not None:
        parts.append(
            format_html(
                '<div class="due-case"><span class="due-title">办理期限</span>{}<div class="muted small">{}</div></div>',
                clock_badge(clock, today),
                clock.rule.name,
            )
        )
    if step_due:
        provisional = case.due_provisional and clock is None
        parts.append(format_html('<div class="due-step">{}</div>', step_badge(step_due, today, provisional)))
    if not parts:
        return ""
    return format_html('<div class="due-box">{}</div>', mark_safe("".join(parts)))


@register.simple_tag
def clock_left(clock, today=None):
    """What is left of a running clock, in words and in the rule's kind of day."""
    text, _ = _day_text(clock.due_date, today or timezone.localdate(), _clock_working(clock))
    return text
