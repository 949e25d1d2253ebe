from django import template

from apps.rule_of_law.figures import report_figures
from apps.rule_of_law.models import may_oversee

register = template.Library()


@register.simple_tag(takes_context=True)
def rol_overseer(context):
    """Whether the viewer sees the section's registers (the tabs show them only then)."""
    request = context.get("request")
    return bool(request and may_oversee(request.user))


@register.simple_tag(takes_context=True)
def rol_report_figures(context, report):
    """The annual report's figures as the viewer may see them (rule_of_law.figures)."""
    request = context.get("request")
    return report_figures(report.year, request.user) if request else []
