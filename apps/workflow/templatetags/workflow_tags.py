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


@register.simple_tag
def due_badge(due, provisional=False, today=None):
    """The 期限 cell (includes/_due.html is this tag too), as a tag: list pages render it once per
    row, and an {% include %} per row costs a template context push, a loader lookup and a
    node tree walk each time."""
    if not due:
        return mark_safe('<span class="muted">—</span>')
    today = today or timezone.localdate()
    left = (due - today).days
    css = "late" if left < 0 else "soon" if left <= 2 else ""
    if left < 0:
        text = f"超期{-left}天"
    elif left == 0:
        text = "今天到期"
    else:
        text = f"剩{left}天"
    mark = (
        '<span class="provisional-mark" title="所涉年度的节假日安排尚未确认，到期日可能调整">暂定</span>'
        if provisional
        else ""
    )
    return format_html(
        '<span class="due {}">{}<span class="left">{}</span>{}</span>',
        css,
        # the year only when it is not this year's: "04-07 剩489天" hid that it is next year's April
        due.strftime("%m-%d") if due.year == today.year else due.strftime("%Y-%m-%d"),
        text,
        mark_safe(mark),
    )
