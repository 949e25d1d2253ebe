from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def remaining_days(due):
    """Calendar days from today to `due` (negative when overdue)."""
    return (due - timezone.localdate()).days


@register.filter
def abs_int(value):
    return abs(int(value))
