from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_security_alerts(context):
    """The signed-in administrator's unread security notices (file integrity), newest first:
    shown on the admin home page, where the security administrator works."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.SECURITY, read_at__isnull=True).order_by(
            "-created_at"
        )[:20]
    )
