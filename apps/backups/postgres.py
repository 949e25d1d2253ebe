"""The PostgreSQL client tools (pg_dump, pg_dumpall, pg_restore) and scratch databases."""

import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager

from django.db import connections
from django.db.utils import load_backend

# libpq reads these; OPTIONS keys of the DATABASES entry that are libpq parameters map to them.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore step failed; the message is for the administrator (Chinese)."""


def require_postgresql(alias="default"):
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            "备份与恢复演练只支持 PostgreSQL（生产数据库）。当前是 "
            f"{connections[alias].vendor}：SQLite 演示库请在停止服务后直接复制数据库文件（var/bureau.sqlite3）和 var/media/ 目录。"
        )


def tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"找不到 {name}：请安装与数据库服务器同一主版本的 PostgreSQL 客户端（Debian: postgresql-client）。"
        )
    return path


def libpq_env(db_settings, dbname=None):
    """Environment for a client tool connecting like Django does (the password never goes on
    the command line, where `ps` would show it)."""
    env = dict(os.environ)
    for key, value in {
        "PGHOST": db_settings.get("HOST"),
        "PGPORT": db_settings.get("PORT"),
        "PGUSER": db_settings.get("USER"),
        "PGPASSWORD": db_settings.get("PASSWORD"),
        "PGDATABASE": dbname or db_settings.get("NAME"),
    }.items():
        if value:
            env[key] = str(value)
    for option, variable in LIBPQ_OPTIONS.items():
        if db_settings.get("OPTIONS", {}).get(option):
            env[variable] = str(db_settings["OPTIONS"][option])
    return env


def run(args, env, what):
    """Run a client tool; raise BackupError with its own words when it fails."""
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what}失败（退出码 {result.returncode}）：{' / '.join(message[-5:])}")
    return result


def client_version():
    return subprocess.run([tool("pg_dump"), "--version"], capture_output=True, text=True).stdout.strip()


@contextmanager
def scratch_database(alias="default", prefix="restore_check"):
    """A new, empty database on the same server (created from template0), dropped afterwards."""
    base = connections[alias].settings_dict
    name = f"{base['NAME'][:30]}_{prefix}_{uuid.uuid4().hex[:8]}".lower()
    conn = connections[alias]
    quoted = conn.ops.quote_name(name)
    with conn.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield name
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


@contextmanager
def database_alias(name, alias="default"):
    """A second Django connection alias to database `name`, for the ORM (`.using(alias)`),
    removed afterwards. The connection is registered with the handler only, not added to
    settings.DATABASES: nothing else in the process sees it."""
    new_alias = f"scratch_{uuid.uuid4().hex[:8]}"
    settings_dict = {**connections[alias].settings_dict, "NAME": name, "CONN_MAX_AGE": 0}
    connections[new_alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, new_alias)
    try:
        yield new_alias
    finally:
        connections[new_alias].close()
        del connections[new_alias]
