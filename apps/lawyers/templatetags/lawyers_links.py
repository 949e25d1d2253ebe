"""Links to the shared inspections app (apps/inspections, 7.1), guarded while its pages are
built: no link rather than a broken page when its public function or URL name is not there yet."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

register = template.Library()


def _call(name, *args):
    try:
        from apps.inspections import services

        return getattr(services, name)(*args)
    except (ImportError, AttributeError, NoReverseMatch, TypeError, ValueError):
        return ""


@register.simple_tag
def inspection_link(section_code, target=None, label="监督检查"):
    """The section's inspections (or one target's), as a link; "" until the app offers it."""
    url = _call("inspection_url", section_code, target)
    if not url and target is None:
        try:
            url = reverse("inspections:section", args=[section_code])
        except NoReverseMatch:
            url = ""
    return format_html('<a class="btn small" href="{}">{}</a>', url, label) if url else ""


@register.simple_tag
def inspection_start_link(section_code, target, label="发起检查"):
    url = _call("start_url", section_code, target)
    return format_html('<a class="btn small" href="{}">{}</a>', url, label) if url else ""
