"""Web hardening (SECURITY.md A3, H1, issue 3 item 6): the headers every answer carries, the
project check that refuses a missing or weak Content-Security-Policy, and templates free of
what that policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.websecurity.checks import check_content_security_policy
from apps.workflow.attachments import save_attachment
from tests.matters.factories import new_request

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def test_every_answer_carries_the_policy_and_the_browser_headers(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    # the login redirect for an anonymous visitor is covered too
    redirect = client.get("/inbox/")
    assert redirect.status_code == 302 and redirect["Content-Security-Policy"] == STRICT


def test_pages_and_downloads_of_a_logged_in_user_are_not_stored(client, people):
    case = new_request(people.clerk, submit=True)
    attachment = save_attachment(
        case, SimpleUploadedFile("名单.txt", "名单".encode(), content_type="text/plain"), people.clerk
    )
    client.force_login(people.clerk)
    for url in (
        "/inbox/",
        f"/cases/{case.pk}/",
        "/matters/?export=xlsx",
        f"/attachments/{attachment.pk}/",
        f"/print/cases/{case.pk}/approval-form.pdf",
        "/no-such-page/",
    ):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert response["Content-Security-Policy"] == STRICT, url


def test_the_project_check_passes_with_the_settings_as_shipped():
    assert check_content_security_policy(None) == []
    assert not [m for m in run_checks(tags=["security"]) if m.id.startswith("websecurity.")]


@pytest.mark.parametrize(
    ("change", "error_id"),
    [
        ({"MIDDLEWARE": [m for m in settings.MIDDLEWARE if "websecurity" not in m]}, "websecurity.E001"),
        ({"CSP_DIRECTIVES": {}}, "websecurity.E002"),
        (
            {"CSP_DIRECTIVES": {**settings.CSP_DIRECTIVES, "script-src": ["'self'", "'unsafe-inline'"]}},
            "websecurity.E004",
        ),
        (
            {"CSP_DIRECTIVES": {**settings.CSP_DIRECTIVES, "script-src": ["'self'", "'unsafe-eval'"]}},
            "websecurity.E004",
        ),
        # without script-src, browsers fall back to default-src: that is checked too
        (
            {
                "CSP_DIRECTIVES": {
                    k: (["'self'", "'unsafe-inline'"] if k == "default-src" else v)
                    for k, v in settings.CSP_DIRECTIVES.items()
                    if k != "script-src"
                }
            },
            "websecurity.E004",
        ),
        ({"CSP_DIRECTIVES": {**settings.CSP_DIRECTIVES, "script-src-attr": ["'unsafe-inline'"]}}, "websecurity.E004"),
        (
            {
                "CSP_DIRECTIVES": {
                    k: v for k, v in settings.CSP_DIRECTIVES.items() if k not in ("script-src", "default-src")
                }
            },
            "websecurity.E003",
        ),
        (
            {"CSP_DIRECTIVES": {k: v for k, v in settings.CSP_DIRECTIVES.items() if k != "frame-ancestors"}},
            "websecurity.E005",
        ),
        ({"CSP_DIRECTIVES": {**settings.CSP_DIRECTIVES, "object-src": ["'self'"]}}, "websecurity.E005"),
        ({"X_FRAME_OPTIONS": "SAMEORIGIN"}, "websecurity.E007"),
        ({"SECURE_REFERRER_POLICY": "unsafe-url"}, "websecurity.E008"),
    ],
)
def test_the_project_check_fails_on_a_missing_or_weak_policy(settings, change, error_id):
    for name, value in change.items():
        setattr(settings, name, value)
    errors = check_content_security_policy(None)
    assert error_id in {e.id for e in errors}
    assert all(e.is_serious() for e in errors)  # errors, not warnings: `manage.py check` fails


# --- what the policy would block, found in the source ------------------------------------------

ROOT = Path(settings.BASE_DIR)
# WeasyPrint renders templates/print/ into PDFs on the server; no browser ever loads them.
BROWSER_TEMPLATES = [
    p for p in (ROOT / "templates").rglob("*.html") if "print" not in p.relative_to(ROOT / "templates").parts[:1]
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_no_template_has_inline_script_event_handlers_or_style_attributes():
    assert BROWSER_TEMPLATES, "templates/ not found"
    found = []
    for path in BROWSER_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("inline <script>", INLINE_SCRIPT), ("event handler", EVENT_HANDLER), ("style", STYLE)):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not found, "the Content-Security-Policy blocks these:\n" + "\n".join(found)


def test_no_python_code_writes_inline_styles_or_scripts_into_pages():
    found = []
    for path in (ROOT / "apps").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (
            re.compile(r"""style=\\?["']"""),
            INLINE_SCRIPT,
            re.compile(r"""\son(click|load|change|submit)=\\?["']"""),
        ):
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert not found, "\n".join(found)
