"""What the database benches share: a PostgreSQL database of their own (never the portal's) and
the environment that makes Django run its production configuration with bench-only keys.

Call `configure(...)` before Django is imported; `create_database()` and `drop_database()` then
act on the database it named. BENCH_PGHOST/PORT/USER/PASSWORD point at another server,
BENCH_PGOPTIONS passes libpq options to the portal's connections (e.g. "-c jit=off").
"""

import os
import tempfile
from urllib.parse import quote

PG_HOST = os.environ.get("BENCH_PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PGPORT", "5432"))
PG_USER = os.environ.get("BENCH_PGUSER", "postgres")
PG_PASSWORD = os.environ.get("BENCH_PGPASSWORD", "")
PG_OPTIONS = os.environ.get("BENCH_PGOPTIONS", "")

# bench-only keys (the test defaults of scripts/test.sh), for settings that require them in production
BENCH_KEYS = {
    "PII_KEYS": "1:nJf9+2P7jQRmJJYTuxkQlg==,2:kOGm3x/6VEKfHIHYUW1ueQ==",
    "PII_ACTIVE_KEY": "2",
    "PII_INDEX_KEY": "GCGqcJBQSgrl+Sd3oB8LW4kY09oJ9JvwA6gJOUwIHlg=",
    "AUDIT_CHAIN_KEY": "3q0Xb3Zf1m0m7l8Hk2nJd9hQ1VwX4zYp6cR5tU8eA0s=",
}

DB_NAME = ""


def configure(default_name, *, env_var="BENCH_DB", var_prefix="bureau-bench-"):
    """Point Django at the bench database and the production settings; returns its name."""
    global DB_NAME
    DB_NAME = os.environ.get(env_var, default_name)
    password = ":" + quote(PG_PASSWORD) if PG_PASSWORD else ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bureau.settings"
    os.environ["DATABASE_URL"] = f"postgres://{quote(PG_USER)}{password}@{PG_HOST}:{PG_PORT}/{DB_NAME}" + (
        f"?options={quote(PG_OPTIONS)}" if PG_OPTIONS else ""
    )
    os.environ["SECRET_KEY"] = "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-not-for-production"
    os.environ["DJANGO_DEBUG"] = "0"  # measure the production configuration
    os.environ["DJANGO_HTTPS"] = "0"  # the test client speaks plain HTTP
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("BUREAU_VAR_DIR", tempfile.mkdtemp(prefix=var_prefix))
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in the process: no broker is measured
    for name, value in BENCH_KEYS.items():
        os.environ.setdefault(name, value)
    return DB_NAME


def admin_connection():
    import psycopg2

    conn = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, password=PG_PASSWORD or None, dbname="postgres")
    conn.autocommit = True
    return conn


def create_database():
    """A new, empty bench database (an old one of the same name is dropped first)."""
    drop_database()
    conn = admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def drop_database():
    conn = admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
    conn.close()


def start_django():
    """django.setup() under the production settings, except that static files are served without
    a collectstatic manifest (the URLs in a page do not change what is measured)."""
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def migrate_and_load():
    """A new bench database's schema, then the bureau's units, rules and calendar (load_bureau)."""
    import io

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_bureau", verbosity=0, stdout=io.StringIO())
