"""{{ value|masked:"id_number" }} and {% personal obj "id_number" %} (masked, with a 查看 link
for the record's handlers)."""

import logging

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..access import can_reveal
from ..kinds import generic_mask, mask
from ..values import PersonalValue

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def masked(value, kind=None):
    """A PersonalValue knows its kind; a plain string is masked by the named kind, or by the
    generic rule when none is named.

    A filter must never raise on a page: one record with an empty or unexpected value would
    otherwise take the whole register down for everyone (an anonymous caller logged without a
    number did exactly that to 接待登记簿). Whatever arrives, the answer is masked or empty.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, PersonalValue):
        return value.masked
    if kind:
        try:
            return mask(value, kind)
        except ValueError:
            logger.warning("masked 过滤器：未知的个人信息类型 %r，按通用规则遮蔽", kind)
    return generic_mask(str(value))


@register.simple_tag(takes_context=True)
def personal(context, obj, field_name):
    """The masked value, and for a handler of the record a link to see it in full (a reason is
    asked for there). The handler check runs once per record per page."""
    value = getattr(obj, field_name)
    if not value:
        return ""
    request = context.get("request")
    cache = context.render_context.setdefault("privacy_can_reveal", {})
    key = (obj._meta.label_lower, obj.pk)
    if key not in cache:
        cache[key] = bool(request and request.user.is_authenticated and can_reveal(obj, request.user))
    if not cache[key]:
        return format_html('<span class="pii">{}</span>', value.masked)
    url = reverse("privacy:reveal", args=[obj._meta.label_lower, obj.pk, field_name])
    return format_html('<span class="pii">{}</span> <a class="pii-reveal" href="{}">查看</a>', value.masked, url)
