"""Default deny for anonymous visitors: every URL needs a login unless explicitly exempt."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name in settings.LOGIN_EXEMPT_URL_NAMES:
            return None
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
