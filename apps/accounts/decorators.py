"""require_recent_auth: type the password again before a security-relevant action.

    from apps.accounts.decorators import require_recent_auth

    @require_recent_auth                 # within REAUTH_MINUTES of the last password entry
    @require_recent_auth(minutes=5)      # a stricter limit for this view

Without a recent enough password entry the user is sent to the re-authentication page and
then back to the same URL (a POST comes back as a GET of the same page, so the form is shown
again rather than replayed).
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from . import sessions


def require_recent_auth(view_func=None, *, minutes=None):
    def decorator(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            limit = settings.REAUTH_MINUTES if minutes is None else minutes
            age = sessions.seconds_since_auth(request.session)
            if age is not None and age <= limit * 60:
                return func(request, *args, **kwargs)
            return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': request.get_full_path()})}")

        return wrapped

    return decorator(view_func) if view_func is not None else decorator
