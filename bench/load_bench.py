#!/usr/bin/env python
"""Bounded load test of a running portal: real logins, then inbox -> case page -> register.

usage: .venv/bin/python bench/load_bench.py [--url http://127.0.0.1:8000] [--users 50,100,200]
                                            [--seconds 30] [--think 1-5] [--accounts a,b,c]

Standard library only (asyncio streams, HTTP/1.1 keep-alive): nothing to install. Loopback only:
the script refuses any host but 127.0.0.1/localhost/::1. Each level runs --seconds (default
30, at most 40, so three levels stay within two minutes) and then stops by itself.

Each virtual user logs in through the login form (GET the form, the CSRF token from the page,
POST username and password: the password hash runs as for a person), then loops: the inbox
(/inbox/?tab=todo), the first case linked from it (or the last one seen), the matters register
(/matters/), with a pause of --think seconds (uniform, default 1-5) after each page. Logins are
spread over the first quarter of the level and reported apart from the page figures.

Printed per level: users, pages done, pages/s, p50/p95/p99 latency of the pages (ms), errors
(any status but 200, a redirect to the login page, or a connection failure), and the login
p50/p95. Accounts default to the demo users (manage.py seed_demo, password Demo#2026bureau);
several virtual users share an account, each with its own session.

How the server under test is started (as in docker-compose; bench/README.md):
    DJANGO_DEBUG=0 ... .venv/bin/gunicorn bureau.wsgi:application --bind 127.0.0.1:8000 --workers 4
"""

import argparse
import asyncio
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


async def virtual_user(n, args, host, port, deadline, stats):
    session = Session(host, port)
    rng = random.Random(n)
    try:
        await asyncio.sleep(rng.uniform(0, args.seconds / 4))  # spread the logins
        started = time.perf_counter()
        try:
            ok = await login(session, args.accounts[n % len(args.accounts)], args.password)
        except OSError:
            ok = False
        stats["logins"].append((time.perf_counter() - started) * 1000)
        if not ok:
            stats["login_errors"] += 1
            return
        case_url = None
        while time.monotonic() < deadline:
            for page in ("inbox", "case", "register"):
                if time.monotonic() >= deadline:
                    break
                url = {"inbox": "/inbox/?tab=todo", "case": case_url, "register": "/matters/"}[page]
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
                else:
                    stats["pages"].append(elapsed)
                    if page == "inbox":
                        links = CASE_LINK.findall(body.decode("utf-8", "replace"))
                        case_url = links[0] if links else case_url
                await asyncio.sleep(rng.uniform(*args.think))
    finally:
        await session.close()


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


async def level(users, args, host, port):
    stats = {"pages": [], "errors": 0, "logins": [], "login_errors": 0}
    started = time.monotonic()
    deadline = started + args.seconds
    await asyncio.gather(*(virtual_user(n, args, host, port, deadline, stats) for n in range(users)))
    wall = time.monotonic() - started
    pages = stats["pages"]
    print(
        f"{users:>5} {len(pages):>6} {len(pages) / wall:>7.1f} {pct(pages, 0.50):>7.0f} {pct(pages, 0.95):>7.0f} "
        f"{pct(pages, 0.99):>7.0f} {stats['errors']:>6} {statistics.median(stats['logins'] or [0]):>9.0f} "
        f"{pct(stats['logins'], 0.95):>9.0f} {stats['login_errors']:>6}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", default="50,100,200", help="comma-separated levels")
    parser.add_argument("--seconds", type=float, default=30, help="per level, at most 40")
    parser.add_argument("--think", default="1-5", help="pause after each page, seconds (min-max)")
    parser.add_argument("--accounts", default=",".join(DEMO_ACCOUNTS))
    parser.add_argument("--password", default="Demo#2026bureau")
    args = parser.parse_args()
    target = urlsplit(args.url)
    if target.hostname not in LOOPBACK:
        sys.exit("load_bench.py only runs against this machine's loopback (127.0.0.1).")
    args.seconds = min(args.seconds, 40)
    args.think = tuple(float(x) for x in args.think.split("-"))
    args.accounts = args.accounts.split(",")
    print(f"{args.url} · {args.seconds:.0f} s per level · think {args.think[0]:g}-{args.think[1]:g} s")
    print(
        f"{'users':>5} {'pages':>6} {'pages/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'login p50':>9} {'login p95':>9} {'failed':>6}"
    )
    for users in (int(u) for u in args.users.split(",")):
        asyncio.run(level(users, args, target.hostname, target.port or 80))


if __name__ == "__main__":
    main()
