"""Issue 13 item 11: in the production shape (gunicorn, DJANGO_DEBUG=0) nothing served /static/, so
every page and the admin came without CSS and scripts. WhiteNoise now serves the collected files:
hashed names cached for a year, gzip and Brotli copies, the pages' CSP unchanged."""

import gzip
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template

from apps.websecurity.middleware import build_policy
from tests.websecurity.production_server import BASE_DIR, needs_gunicorn, production_env, production_server

ONE_YEAR = 365 * 24 * 3600
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')
HASHED = r"\.[0-9a-f]{12}\."


# The gunicorn tests use the test database (pytest-django creates it only for marked tests); they
# read and write nothing in it themselves.
needs_test_database = pytest.mark.django_db


@pytest.fixture(scope="module")
def server(django_db_setup):
    needs_gunicorn()
    with production_server() as running:
        yield running


def max_age(answer):
    match = re.search(r"max-age=(\d+)", answer.headers.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


@needs_test_database
def test_login_page_links_a_hashed_stylesheet_that_gunicorn_serves_for_a_year(server):
    page = server.get("/accounts/login/")
    assert page.status == 200, server.log.read_text()
    assert page.headers["Content-Type"].startswith("text/html")
    # the page's policy is the one the settings define, untouched by the static-file layer
    assert page.headers["Content-Security-Policy"] == build_policy(settings.CSP_DIRECTIVES)
    assert "style-src 'self'" in page.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" in page.headers  # the proxy's X-Forwarded-Proto is honoured
    html = page.body.decode()
    stylesheet = STYLESHEET.search(html).group(1)
    assert re.fullmatch(rf"/static/css/portal{HASHED}css", stylesheet), stylesheet

    css = server.get(stylesheet)
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert max_age(css) >= ONE_YEAR and "immutable" in css.headers["Cache-Control"]
    assert css.headers["X-Content-Type-Options"] == "nosniff"
    assert b".topbar" in css.body
    # the same bytes as the file collected under that name
    assert css.body == (server.static_root / stylesheet.removeprefix("/static/")).read_bytes()

    script = SCRIPT.search(html).group(1)
    assert re.fullmatch(rf"/static/js/portal{HASHED}js", script), script
    js = server.get(script)
    assert js.status == 200 and "javascript" in js.headers["Content-Type"]
    assert max_age(js) >= ONE_YEAR


@needs_test_database
def test_stylesheets_are_sent_compressed_to_browsers_that_accept_it(server):
    stylesheet = STYLESHEET.search(server.get("/accounts/login/").body.decode()).group(1)
    plain = server.get(stylesheet).body
    zipped = server.get(stylesheet, {"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.body) == plain and len(zipped.body) < len(plain)
    brotli = pytest.importorskip("brotli")
    squeezed = server.get(stylesheet, {"Accept-Encoding": "gzip, deflate, br"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.body) == plain


@needs_test_database
def test_admin_styles_and_scripts_are_served_from_the_manifest(server):
    manifest = json.loads((server.static_root / "staticfiles.json").read_text())["paths"]
    for name, kind in (
        ("admin/css/base.css", "text/css"),
        ("admin/css/login.css", "text/css"),
        ("css/admin.css", "text/css"),
        ("admin/js/core.js", "javascript"),
    ):
        hashed = manifest[name]
        assert re.search(HASHED, hashed), hashed
        answer = server.get(f"/static/{hashed}")
        assert answer.status == 200, name
        assert kind in answer.headers["Content-Type"], name
        assert max_age(answer) >= ONE_YEAR, name


@needs_test_database
def test_unhashed_names_are_cached_briefly_and_missing_files_are_not_sent_to_the_login(server):
    unhashed = server.get("/static/css/portal.css")
    assert unhashed.status == 200
    assert max_age(unhashed) <= 60 and "immutable" not in unhashed.headers["Cache-Control"]
    missing = server.get("/static/css/no-such-file.css")
    assert missing.status == 404


@needs_test_database
def test_plain_http_without_the_proxy_is_sent_to_https(server):
    answer = server.get("/accounts/login/", {"X-Forwarded-Proto": "http"})
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://127.0.0.1:{server.port}/accounts/login/"


@pytest.mark.postgres
@needs_test_database
def test_the_compose_healthcheck_passes_against_the_production_server(django_db_setup):
    """docker-compose.yml's healthcheck asks gunicorn directly, not through the proxy: it has to
    name an allowed host and say the request came over TLS, or it gets 400 / a redirect."""
    needs_gunicorn()
    compose = (BASE_DIR / "docker-compose.yml").read_text()
    code = re.search(r'"python", "-c", "([^"]+)"', compose).group(1)
    hosts = {"ALLOWED_HOSTS": "portal.justice.local,127.0.0.1"}
    with production_server(extra_env=hosts) as running:
        # the healthcheck as shipped, pointed at this server's port
        check = code.replace("127.0.0.1:8000", f"127.0.0.1:{running.port}")
        env = {**production_env(running.static_root), **hosts}
        result = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr.decode() + running.log.read_text()


def test_every_static_file_a_template_names_exists():
    """Manifest storage answers 500 for a `{% static %}` naming a missing file when DEBUG is off,
    including templates no test renders."""
    roots = [BASE_DIR / "templates", *(Path(p) for p in (BASE_DIR / "apps").glob("*/templates"))]
    tag = re.compile(r"""{%\s*static\s+(['"])(.+?)\1""")
    named, missing = 0, []
    for root in roots:
        for template in root.rglob("*.html"):
            for _, name in tag.findall(template.read_text(encoding="utf-8")):
                named += 1
                if finders.find(name) is None:
                    missing.append(f"{template.relative_to(BASE_DIR)}: {name}")
    assert named >= 4
    assert not missing, missing


def test_the_suite_fails_a_page_naming_a_missing_static_file_as_production_does():
    assert Template("{% load static %}{% static 'css/portal.css' %}").render(Context()) == "/static/css/portal.css"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Template("{% load static %}{% static 'css/no-such-file.css' %}").render(Context())


def test_production_settings_serve_static_files_with_whitenoise():
    shipped = importlib.import_module("bureau.settings")
    # static files before sessions and the login; only the health check (which reads no session
    # either) comes before them
    assert shipped.MIDDLEWARE[:3] == [
        "django.middleware.security.SecurityMiddleware",
        "apps.websecurity.middleware.HealthCheckMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert shipped.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile
