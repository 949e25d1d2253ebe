"""What the database benches share: a PostgreSQL database of their own (never the portal's) and
the environment that makes Django run its production configuration with bench-only keys.

Call `configure(...)` before Django is imported; `create_database()` and `drop_database()` then
act on the database it named. BENCH_PGHOST/PORT/USER/PASSWORD point at another server,
BENCH_PGOPTIONS passes libpq options to the portal's connections (e.g. "-c jit=off").
"""

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent

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
# Set by create_database() when the new database was copied from the migrated-schema template:
# migrate_and_load() then has nothing to do.
FROM_TEMPLATE = False
TEMPLATE_PREFIX = "bureau_bench_schema_"


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


def schema_fingerprint():
    """What the migrated, loaded schema depends on: every migration, the fixtures and load_bureau."""
    digest = hashlib.sha1()
    files = sorted(ROOT.glob("apps/*/migrations/*.py")) + sorted(ROOT.glob("fixtures/*"))
    files.append(ROOT / "apps/org/management/commands/load_bureau.py")
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def template_name():
    return TEMPLATE_PREFIX + schema_fingerprint()


def create_database(*, use_template=True):
    """A new bench database (an old one of the same name is dropped first).

    Migrating the whole portal takes minutes; the first bench run keeps the migrated and loaded
    schema as a template database (named by a fingerprint of the migrations and fixtures), and
    later runs copy it in a second. use_template=False always starts from an empty database."""
    global FROM_TEMPLATE
    drop_database()
    conn = admin_connection()
    with conn.cursor() as cursor:
        template = template_name()
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
        FROM_TEMPLATE = use_template and cursor.fetchone() is not None
        if FROM_TEMPLATE:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{template}"')
        else:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.close()


def save_template():
    """Keep the just-migrated bench database as the template for later runs (old ones dropped)."""
    import psycopg2
    from django.db import connections

    connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the source without connections
    conn = admin_connection()
    current = template_name()
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [TEMPLATE_PREFIX + "%"])
            names = [name for (name,) in cursor.fetchall()]
            for old in names:
                if old != current:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
            if current not in names:
                cursor.execute(f'CREATE DATABASE "{current}" TEMPLATE "{DB_NAME}"')
    except psycopg2.Error as error:  # another bench copying or saving at the same moment: not ours to fix
        print(f"(bench template not saved: {error.pgerror or error})".strip())
    finally:
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

    if FROM_TEMPLATE:
        return
    call_command("migrate", verbosity=0)
    call_command("load_bureau", verbosity=0, stdout=io.StringIO())
    save_template()
