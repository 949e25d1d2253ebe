#!/usr/bin/env python
"""Start the portal under gunicorn, configured as docker-compose's web service, on demo data in a
PostgreSQL database of its own, for bench/load_bench.py.

usage: .venv/bin/python bench/load_server.py [--workers 4] [--worker-class sync] [--threads 1]
                                             [--port 8000] [--reuse]

It builds the database bureau_load (BENCH_DB to rename; dropped and rebuilt unless --reuse): the
migrated schema (bench/benchdb.py's template), then `manage.py seed_demo` as for the demo, and
collects the static files; then it replaces itself with gunicorn (the production settings,
DJANGO_DEBUG=0, the project's gunicorn.conf.py with its print warm-up, ALLOW_DEMO_USERS=1 so the
demo accounts can log in). Stop it with Ctrl-C. Only 127.0.0.1 is bound.
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import benchdb  # noqa: E402

DB_NAME = benchdb.configure("bureau_load", var_prefix="bureau-load-")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docker-compose: 4)")
    parser.add_argument("--worker-class", default="sync", help="sync (docker-compose) or gthread")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--reuse", action="store_true", help=f"serve the existing {DB_NAME} (no rebuild)")
    args = parser.parse_args()

    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["ALLOW_DEMO_USERS"] = "1"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["STATIC_ROOT"] = str(Path(os.environ["BUREAU_VAR_DIR"]) / "static")
    if not args.reuse:
        benchdb.create_database()
    # django.setup() itself, not benchdb.start_django(): gunicorn serves the hashed files of the
    # production storage, so collectstatic must write its manifest
    import django

    django.setup()
    from django.core.management import call_command

    if not args.reuse:
        benchdb.migrate_and_load()
        call_command("seed_demo", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)

    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        gunicorn,
        "bureau.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--config",
        str(ROOT / "gunicorn.conf.py"),
    ]
    print(f"database {DB_NAME} · " + " ".join(command[1:]), flush=True)
    os.chdir(ROOT)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
