from .inbox import counts_for, has_queue


def inbox_counts(request):
    """Badge counts in the navigation (one query per page, only for signed-in staff)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.admin_role:
        return {}
    return {"inbox_counts": counts_for(user), "has_queue": has_queue(user)}
