"""Log in as a demo user and screenshot pages in headless Chromium.

usage: python tools/screenshot.py BASE_URL USERNAME PASSWORD OUT_DIR PATH [PATH...]
Each PATH is shot at 1366x768 (full page) and at phone width (390 px). An administrator's second
factor is read from `manage.py demo_otp USERNAME` (run with this process's environment, so
point DATABASE_URL at the demo database the server uses).
"""

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main():
    base, username, password, out, *paths = sys.argv[1:]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, viewport in (("desktop", {"width": 1366, "height": 768}), ("phone", {"width": 390, "height": 844})):
            page = browser.new_page(viewport=viewport, locale="zh-CN")
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            if "/accounts/otp/" in page.url:
                token = subprocess.check_output([sys.executable, "manage.py", "demo_otp", username], text=True)
                page.fill("input[name=token]", token.split()[-1])
                page.click("button[type=submit]")
                page.wait_for_load_state()
            for path in paths:
                page.goto(f"{base}{path}")
                name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-").replace("&", "_") or "home"
                page.screenshot(path=str(out / f"{username}_{name}_{label}.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
