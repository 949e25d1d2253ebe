"""The portal in its production shape for tests: collectstatic with the shipped storage into a
temporary STATIC_ROOT, then gunicorn with DJANGO_DEBUG=0 and HTTPS on, as docker-compose.yml
runs it, on a free port of this machine, against the test database.

Requests carry `X-Forwarded-Proto: https`, as the TLS-terminating reverse proxy in front of the
portal sends it (README "Production"); without it the portal redirects to https://.
"""

import http.client
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
SECRET_KEY = "production-static-test-only-secret-key-0123456789abcdefghij"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def needs_gunicorn():
    """The only reason to skip: gunicorn (requirements.txt) is not installed here."""
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("gunicorn 未安装（requirements.txt）：无法按生产方式启动")


def database_url():
    """The URL of the test database pytest-django created (test_bureau..., per xdist worker)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        auth = quote(db["USER"] or "", safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
    # SQLite test databases live in this process's memory; another process cannot open them. The
    # pages these tests fetch (login, static files) read no table, so an empty file will do.
    return f"sqlite:///{tempfile.mkdtemp(prefix='bureau-gunicorn-db-')}/empty.sqlite3"


def production_env(static_root, https=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bureau.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1" if https else "0",
        "SECRET_KEY": SECRET_KEY,
        "STATIC_ROOT": str(static_root),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


@cache
def collected_static():
    """collectstatic with the storage production uses (hashed names, manifest, .gz and .br copies),
    once per test process."""
    root = Path(tempfile.mkdtemp(prefix="bureau-staticfiles-"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=production_env(root),
        check=True,
        timeout=300,
    )
    return root


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@dataclass
class Server:
    port: int
    static_root: Path
    log: Path

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request("GET", path, headers={**PROXY_HEADERS, **(headers or {})})
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()


@contextmanager
def production_server(https=True, extra_env=None):
    static_root = collected_static()
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="bureau-gunicorn-")) / "gunicorn.log"
    env = {**production_env(static_root, https), "DATABASE_URL": database_url(), **(extra_env or {})}
    # the command of docker-compose.yml's web service, on a free port and with fewer workers
    command = [sys.executable, "-m", "gunicorn", "bureau.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    # no control socket: it defaults to one path per user, which parallel test servers would share
    command += ["--workers", "2", "--access-logfile", "-", "--no-control-socket"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(port, static_root, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
            try:
                server.get("/accounts/login/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
