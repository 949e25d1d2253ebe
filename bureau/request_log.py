"""Puts the request id (apps/audit/middleware.py) on every log record, so the reference a user
reads on the 500 page (bureau/errors.py) finds the error's traceback in the log.

Django logs an unhandled exception on `django.request` with the request attached to the record;
other records written while a request is handled take the id from the audit context.
"""

import logging

from apps.audit.middleware import current_request_context


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", None):
            request = getattr(record, "request", None)
            record.request_id = (
                getattr(request, "request_id", None) or current_request_context().get("request_id") or "-"
            )
        return True
