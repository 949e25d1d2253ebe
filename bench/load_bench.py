#!/usr/bin/env python
"""Bounded load test of a running portal: real logins, then inbox -> case page -> register.

usage: .venv/bin/python bench/load_bench.py [--url http://127.0.0.1:8000] [--users 50,100,200]
                                            [--seconds 20] [--think 1-5] [--accounts a,b,c]

Standard library only (asyncio streams, HTTP/1.1 keep-alive): nothing to install. Loopback only:
the script refuses any host but 127.0.0.1/localhost/::1, and stops by itself.

Before each level, the users it adds log in through the login form (GET the form, the CSRF
token from the page, POST username and password: the password hash runs as for a person), two
at a time (--login-concurrency), timed and reported apart: a password hash costs about half a
second of CPU, and a bureau's staff log in over a morning, not all inside one half-minute.
Logged-in users are kept for the next level. Then every user loops for --seconds (default 20,
at most 30): the inbox (/inbox/?tab=todo), the first case linked from it (or the last one
seen), the matters register (/matters/), with a pause of --think seconds (uniform, default 1-5)
after each page; the first click of each user is spread over the first pause. 50,100,200
users take about 2 minutes in all, logins included.

Printed per level: users, pages done, pages/s, p50/p95/p99 latency of the pages (ms), errors
(any status but 200, a redirect to the login page, or a connection failure), the CPU the
server's gunicorn and PostgreSQL processes spent per page during the level (ms, read from /proc:
the server must run on this machine), the new logins, their wall time and median. Accounts
default to the demo users (manage.py seed_demo, password Demo#2026bureau); several virtual users
share an account, each with its own session.

How the server under test is started (as in docker-compose, on demo data; bench/README.md):
    .venv/bin/python bench/load_server.py --workers 4            # in another terminal
"""

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
from urllib.parse import urlencode, urlsplit

DEMO_ACCOUNTS = [
    "office.chief",
    "office.clerk",
    "personnel.chief",
    "personnel.clerk",
    "law.chief",
    "law.clerk",
    "recon.chief",
    "enforce.chief",
    "service.chief",
    "lawyer.chief",
    "leader.lu",
    "leader.shi",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CASE_LINK = re.compile(r'href="(/cases/\d+/)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One browser: a keep-alive connection and a cookie jar."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookies = {}
        self.reader = self.writer = None
        self.case_url = None  # the case page this user last opened from the inbox

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def request(self, method, path, body=b"", headers=None):
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: keep-alive"]
            if self.cookies:
                lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            for name, value in (headers or {}).items():
                lines.append(f"{name}: {value}")
            if body or method == "POST":
                lines.append(f"Content-Length: {len(body)}")
            self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            try:
                await self.writer.drain()
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise

    async def _response(self):
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or cookie_value in ('""', ""):
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie_value
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                body += await self.reader.readexactly(size + 2)
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, body


async def login(session, username, password):
    status, _, body = await session.request("GET", "/accounts/login/")
    token = CSRF_INPUT.search(body.decode("utf-8", "replace"))
    if status != 200 or token is None:
        return False
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}).encode()
    status, headers, _ = await session.request(
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{session.host}:{session.port}/accounts/login/",
            "Origin": f"http://{session.host}:{session.port}",
        },
    )
    return status == 302 and "/accounts/login/" not in headers.get("location", "")


async def log_in_all(sessions, args, stats):
    """Log the new sessions in through the form, a few at a time (the password hash costs about
    half a second of CPU; a morning's logins are spread over minutes, not crowded into the
    measured window)."""
    gate = asyncio.Semaphore(args.login_concurrency)

    async def one(n, session):
        async with gate:
            started = time.perf_counter()
            try:
                ok = await login(session, args.accounts[n % len(args.accounts)], args.password)
            except OSError:
                ok = False
            stats["logins"].append((time.perf_counter() - started) * 1000)
            if not ok:
                stats["login_errors"] += 1
            return ok

    results = await asyncio.gather(*(one(n, session) for n, session in sessions))
    return [session for (n, session), ok in zip(sessions, results) if ok]


async def virtual_user(n, session, args, deadline, stats):
    """inbox -> first case linked from it -> register, a pause of --think seconds after each."""
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, args.think[1]))  # users do not all click at the same moment
    while time.monotonic() < deadline:
        for page in ("inbox", "case", "register"):
            if time.monotonic() >= deadline:
                break
            url = {"inbox": "/inbox/?tab=todo", "case": session.case_url, "register": "/matters/"}[page]
            if url is None:
                continue
            started = time.perf_counter()
            try:
                status, _, body = await session.request("GET", url)
            except OSError:
                status, body = 0, b""
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                stats["errors"] += 1
                stats["error_kinds"][f"{page} {status}"] = stats["error_kinds"].get(f"{page} {status}", 0) + 1
            else:
                stats["pages"].append(elapsed)
                if page == "inbox":
                    links = CASE_LINK.findall(body.decode("utf-8", "replace"))
                    session.case_url = links[0] if links else session.case_url
            await asyncio.sleep(rng.uniform(*args.think))


def cpu_seconds():
    """CPU time used so far by this machine's gunicorn and PostgreSQL processes (from /proc), so a
    level can report the server's CPU per page. Processes that ended in between are missed, which
    only makes the figure lower; None where /proc is not readable."""
    totals = {"gunicorn": 0.0, "postgres": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = "gunicorn" if b"gunicorn" in cmdline else "postgres" if cmdline.startswith(b"postgres") else None
        if kind:
            totals[kind] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return totals


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


async def run(args, host, port):
    sessions = []  # logged-in browsers, kept from one level to the next
    for users in args.levels:
        stats = {"pages": [], "errors": 0, "error_kinds": {}, "logins": [], "login_errors": 0}
        login_started = time.monotonic()
        new = [(n, Session(host, port)) for n in range(len(sessions), users)]
        sessions += await log_in_all(new, args, stats)
        login_wall = time.monotonic() - login_started
        started = time.monotonic()
        cpu_before = cpu_seconds()
        deadline = started + args.seconds
        await asyncio.gather(*(virtual_user(n, s, args, deadline, stats) for n, s in enumerate(sessions)))
        wall = time.monotonic() - started
        cpu_after = cpu_seconds()
        pages = stats["pages"]
        per_page = {
            kind: (cpu_after[kind] - cpu_before[kind]) * 1000 / max(len(pages), 1) if cpu_before else float("nan")
            for kind in ("gunicorn", "postgres")
        }
        print(
            f"{len(sessions):>5} {len(pages):>6} {len(pages) / wall:>7.1f} {pct(pages, 0.50):>7.0f} "
            f"{pct(pages, 0.95):>7.0f} {pct(pages, 0.99):>7.0f} {stats['errors']:>6} "
            f"{per_page['gunicorn']:>7.1f} {per_page['postgres']:>6.1f} "
            f"{len(new):>6} {login_wall:>7.1f} {statistics.median(stats['logins'] or [0]):>9.0f} "
            f"{stats['login_errors']:>6}",
            flush=True,
        )
        if stats["error_kinds"]:
            print("      errors by page and status: " + ", ".join(f"{k} ×{v}" for k, v in stats["error_kinds"].items()))
    for session in sessions:
        await session.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", default="50,100,200", help="comma-separated levels")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per level, at most 30")
    parser.add_argument("--think", default="1-5", help="pause after each page, seconds (min-max)")
    parser.add_argument("--accounts", default=",".join(DEMO_ACCOUNTS))
    parser.add_argument("--password", default="Demo#2026bureau")
    parser.add_argument("--login-concurrency", type=int, default=2, help="logins at a time before a level")
    args = parser.parse_args()
    target = urlsplit(args.url)
    if target.hostname not in LOOPBACK:
        sys.exit("load_bench.py only runs against this machine's loopback (127.0.0.1).")
    args.seconds = min(args.seconds, 30)
    args.levels = sorted(int(u) for u in args.users.split(","))
    args.think = tuple(float(x) for x in args.think.split("-"))
    args.accounts = args.accounts.split(",")
    print(f"{args.url} · {args.seconds:.0f} s per level · think {args.think[0]:g}-{args.think[1]:g} s")
    print(
        f"{'users':>5} {'pages':>6} {'pages/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'app CPU':>7} {'db CPU':>6} {'logins':>6} {'login s':>7} {'login p50':>9} {'failed':>6}"
    )
    started = time.monotonic()
    asyncio.run(run(args, target.hostname, target.port or 80))
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
