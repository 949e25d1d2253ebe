"""Response headers the browser enforces (等保 2.0 web hardening; SECURITY.md A3, H1).

* Content-Security-Policy from settings.CSP_DIRECTIVES: scripts and styles only from the
  portal's own files, no inline script, no inline event handler, no inline style attribute,
  no framing, forms post only to the portal. Django's own SecurityMiddleware and
  XFrameOptionsMiddleware add nosniff, Referrer-Policy, COOP and X-Frame-Options.
* Permissions-Policy: the portal uses no camera, microphone, location, payment or USB device.
* Cache-Control: no-store on everything answered to a logged-in user (pages, PDFs, Excel files,
  attachments) and on any download, so a shared workstation's browser cache and a proxy keep
  no copy of personal data after logout.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def build_policy(directives):
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy(settings.CSP_DIRECTIVES)
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        downloaded = "attachment" in response.headers.get("Content-Disposition", "")
        if downloaded or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class HealthCheckMiddleware:
    """Answer /healthz before any middleware that may read the database (sessions, the user, the
    audit context): with a session cookie and PostgreSQL down, the check must still say 503, not
    fail with a 500 inside the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            from apps.workflow.views import healthz  # not at import: settings load this module

            return healthz(request)
        return self.get_response(request)
