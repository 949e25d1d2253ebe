"""Carries the request's source address and id to audit writes made deep in services."""

import contextvars
import uuid

_request_context = contextvars.ContextVar("audit_request_context", default=None)


def current_request_context():
    return _request_context.get() or {}


def client_ip(request):
    # Behind the bureau's reverse proxy the client address arrives in X-Forwarded-For; only the
    # proxy's own entry is trusted (the last one), which is what REMOTE_ADDR gives without it.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = _request_context.set({"ip": client_ip(request), "request_id": request.request_id})
        try:
            return self.get_response(request)
        finally:
            _request_context.reset(token)
