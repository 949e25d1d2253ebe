"""Loaded by pytest before Django (pytest.ini: -p tests.environment).

Chooses the real services when they are there: PostgreSQL at 127.0.0.1:5432 and Redis at
127.0.0.1:6379 (as on CI). Without PostgreSQL the suite runs on SQLite and skips the tests that
need row locks; the header says which database was used.
"""

import os
import socket
import tempfile


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
# The live server's thread must not keep a connection open past the test database's teardown.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
if "DATABASE_URL" not in os.environ:
    if _reachable("127.0.0.1", 5432):
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/bureau"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BUREAU_VAR_DIR']}/test.sqlite3"
if "CELERY_BROKER_URL" not in os.environ and _reachable("127.0.0.1", 6379):
    os.environ["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/15"


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
