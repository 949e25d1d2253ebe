from django import template

from apps.rule_of_law.models import may_oversee

register = template.Library()


@register.simple_tag(takes_context=True)
def rol_overseer(context):
    """Whether the viewer sees the section's registers (the tabs show them only then)."""
    request = context.get("request")
    return bool(request and may_oversee(request.user))
