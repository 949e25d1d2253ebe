"""{{ value|masked:"id_number" }} and {% personal obj "id_number" %} (masked, with a 查看 link
for the record's handlers)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..access import can_reveal
from ..kinds import mask
from ..values import PersonalValue

register = template.Library()


@register.filter
def masked(value, kind=None):
    """A PersonalValue knows its kind; a plain string needs it named."""
    if isinstance(value, PersonalValue):
        return value.masked
    if not kind:
        raise template.TemplateSyntaxError("masked 过滤器需要写明类型，如 value|masked:\"id_number\"")
    return mask(value, kind)


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
