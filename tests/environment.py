"""Loaded by pytest before Django (pytest.ini: -p tests.environment).

Chooses the real services when they are there: PostgreSQL at 127.0.0.1:5432 and Redis at
127.0.0.1:6379 (as on CI). Without PostgreSQL the suite runs on SQLite and skips the tests that
need row locks; the header says which database was used.
"""

import os
import socket
import tempfile

import pytest


def _reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("BUREAU_VAR_DIR", tempfile.mkdtemp(prefix="bureau-test-"))
# Under pytest-xdist every worker is a process of its own with its own test database (pytest-django
# suffixes the name with the worker id, test_bureau_gw0 ...). It inherits the controller's
# BUREAU_VAR_DIR, so it moves one folder down: uploads, Excel exports and the embedded broker of
# one worker are never seen, counted or cleaned up by another.
if os.environ.get("PYTEST_XDIST_WORKER"):
    _worker_dir = os.path.join(os.environ["BUREAU_VAR_DIR"], os.environ["PYTEST_XDIST_WORKER"])
    os.makedirs(_worker_dir, exist_ok=True)
    os.environ["BUREAU_VAR_DIR"] = _worker_dir
# An empty STATIC_ROOT: WhiteNoise scans it on every test client's first request; the pages link
# the source files through a test-only storage (tests/static_storage.py, set below).
os.environ.setdefault("STATIC_ROOT", os.path.join(os.environ["BUREAU_VAR_DIR"], "static"))
os.makedirs(os.environ["STATIC_ROOT"], exist_ok=True)
# Personal-data keys of the test run (apps/privacy): test-only values, used nowhere else.
os.environ.setdefault("PII_KEYS", "1:nJf9+2P7jQRmJJYTuxkQlg==,2:kOGm3x/6VEKfHIHYUW1ueQ==")
os.environ.setdefault("PII_ACTIVE_KEY", "2")
os.environ.setdefault("PII_INDEX_KEY", "GCGqcJBQSgrl+Sd3oB8LW4kY09oJ9JvwA6gJOUwIHlg=")
os.environ.setdefault("AUDIT_CHAIN_KEY", "3q0Xb3Zf1m0m7l8Hk2nJd9hQ1VwX4zYp6cR5tU8eA0s=")
# The live server's thread must not keep a connection open past the test database's teardown.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
if "DATABASE_URL" not in os.environ:
    if _reachable("127.0.0.1", 5432):
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/bureau"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BUREAU_VAR_DIR']}/test.sqlite3"
if "CELERY_BROKER_URL" not in os.environ and _reachable("127.0.0.1", 6379):
    os.environ["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/15"


# Apps that exist only in the test run: tests/privacy_app is a section-like app storing personal
# data (no section app does yet), with its own migrations, to prove apps/privacy end to end.
TEST_APPS = ["tests.privacy_app"]
# Production's manifest storage needs collectstatic first; see tests/static_storage.py for why the
# suite does without it and how a missing static file still fails a page.
TEST_STATIC_STORAGE = "tests.static_storage.SourceCheckedStaticFilesStorage"


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Before pytest-django calls django.setup(): the app registry is filled once.
    try:
        module = early_config.getini("DJANGO_SETTINGS_MODULE")
    except ValueError:
        module = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", module or "bureau.settings")
    from django.conf import settings

    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, *(a for a in TEST_APPS if a not in settings.INSTALLED_APPS)]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": TEST_STATIC_STORAGE}}


def pytest_terminal_summary(terminalreporter):
    from django.conf import settings

    db = settings.DATABASES["default"]
    terminalreporter.write_line(
        f"bureau: tests ran on {db['ENGINE'].rsplit('.', 1)[-1]}; celery broker {settings.CELERY_BROKER_URL.split('://')[0]}"
    )


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return [
        f"bureau: database = {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})",
        f"bureau: celery broker = {settings.CELERY_BROKER_URL.split('://')[0]}",
    ]
