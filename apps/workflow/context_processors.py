from .inbox import counts_for, has_queue
from .models import Notification


def inbox_counts(request):
    """Badge counts in the navigation and the bell (two constant queries, signed-in staff only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.admin_role:
        return {}
    return {
        "inbox_counts": counts_for(user),
        "has_queue": has_queue(user),
        # served by the (user, read_at) index
        "unread_notices": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
