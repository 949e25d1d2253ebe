from .inbox import has_queue, request_counts, request_unread_notices


def inbox_counts(request):
    """Badge counts in the navigation and the bell (signed-in staff only). Computed once per
    request and shared with the inbox view (its pager and its unread-notice list)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.admin_role:
        return {}
    return {
        "inbox_counts": request_counts(request),
        "has_queue": has_queue(user),
        "unread_notices": request_unread_notices(request)[0],
    }
