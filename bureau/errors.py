"""The portal's own error pages (handler400/403/404/500 in bureau/urls.py, CSRF_FAILURE_VIEW).

Django's stock pages are English, unstyled and (the CSRF page) carry an inline <style> the
Content-Security-Policy blocks. These render the portal's frame, with its navigation for a
signed-in user, and say in Chinese what happened and whom to ask.

The 500 page is rendered from a standalone template without the request's context processors:
the error may be the database itself, and the navigation's badge counts query it. It shows the
request id (apps/audit/middleware.py) that the log line of the error carries too
(bureau/request_log.py), so the administrator can find the traceback from what a user reports.
"""

import logging
import re
import sys
import uuid

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

# A refusal's message is shown only when it is the portal's own Chinese sentence; an English
# message from a library (or an empty one) gives way to the general explanation.
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Served if even the 500 template cannot be rendered (a broken template, a missing static manifest).
FALLBACK_500 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统出错</title></head>'
    "<body><h1>系统出错</h1><p>服务器处理请求时出错。请稍后再试；如反复出现，请把参考编号 {reference} "
    "告知系统管理员。</p></body></html>"
)


FALLBACK_503 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统暂时无法使用</title></head>'
    "<body><h1>系统暂时无法使用</h1><p>数据库暂时无法连接，请稍后再试。</p></body></html>"
)


def _gated(request):
    """A signed-in user who has not passed the two-factor step or must change the password sees
    the frame without the navigation, as on the gate's own pages (templates/base.html)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "is_verified"):
        return True  # the error came before the two-factor middleware: the step is unknown
    from apps.accounts import otp  # not at import time: this module is loaded with the URLconf

    return otp.step_required(request) or user.password_change_due()


def _render(request, template, status, context=None):
    return render(request, template, {"gated": _gated(request), **(context or {})}, status=status)


def bad_request(request, exception):
    return _render(request, "400.html", 400)


def permission_denied(request, exception):
    message = str(exception or "")
    return _render(request, "403.html", 403, {"reason": message if CHINESE.search(message) else ""})


def page_not_found(request, exception):
    # Nothing from the exception or the path: the page reads the same whether the record does
    # not exist or the user may not see it (apps/workflow/api.access_case answers 404 for both).
    return _render(request, "404.html", 404)


def database_down():
    """True while handling an error that means "the database cannot be reached" (not a bug):
    handler500 runs inside Django's except block, so the exception is the current one."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    # psycopg's own errors when a connection drops mid-request arrive wrapped or bare
    return isinstance(error, DatabaseError) and "connection" in str(error).lower()


def server_error(request):
    if database_down():
        # An outage, not a bug: 503 (retry later) with its own page; still logged with the id.
        try:
            body = loader.get_template("503.html").render({})
        except Exception:
            body = FALLBACK_503
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "60"
        return response
    reference = getattr(request, "request_id", None)
    if not reference:
        # The error came before the audit middleware set the id: make one, and put it on the
        # request, where the log line of the error finds it (bureau/request_log.py).
        reference = uuid.uuid4().hex
        request.request_id = reference
    try:
        body = loader.get_template("500.html").render({"reference": reference})
    except Exception:
        logger.exception("500 页面无法渲染 [%s]", reference)
        body = FALLBACK_500.format(reference=reference)
    return HttpResponseServerError(body)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW. Django logs the reason (django.security.csrf); the user is
    told what usually causes it and what to do, without the technical reason."""
    return _render(request, "csrf_failure.html", 403)
