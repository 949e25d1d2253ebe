"""Links into other apps' public services: the shared inspections (6.4, 6.9, 6.12) and the
lawyers app's complaint procedure (complaints about notaries and grassroots legal workers are
handled there for every provider). Either may not be installed yet: then no link is shown."""

from django.urls import NoReverseMatch

from .models import SECTION_CODE


def inspection_links(target=None):
    """{"list": url, "start": url or ""} of the section's inspections (of `target`), or None."""
    try:
        from apps.inspections.services import inspection_url, start_url
    except ImportError:
        return None
    try:
        return {
            "list": inspection_url(SECTION_CODE, target),
            "start": start_url(SECTION_CODE, target) if target is not None else "",
        }
    except NoReverseMatch:
        return None


def complaint_url(kind):
    """The lawyers app's "登记投诉" form for a complaint about `kind` ("notary", "grassroots"), or ""."""
    try:
        from apps.lawyers.services import complaint_start_url
    except ImportError:
        return ""
    try:
        return complaint_start_url(kind) or ""
    except (NoReverseMatch, KeyError, ValueError):
        return ""
