"""The Content-Security-Policy (style-src 'self') drops every style="" attribute: a page that relies
on one renders differently in the browser than its author saw in the template (issue 13 item 7:
the disclosure filter's 全部结果 select was sized by widget attrs={"style": ...} and came out as
wide as the bar). tests/websecurity/test_headers.py reads templates/ and `style="` in Python;
this adds what it missed: widget attrs written as a dict, and templates under apps/. The
browser-side check (no CSP report on any main page) is in tests/browser/test_accessibility.py."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*["']|<style\b""", re.IGNORECASE)
# attrs={"style": "..."}, widget.attrs["style"] = ..., attrs.update(style=...)
PY_STYLE = re.compile(r"""["']style["']\s*[:\]]|\bstyle\s*=\s*["'][^"']*[:;]""")


def browser_templates():
    """Every template a browser may receive: templates/ and apps/*/templates, not the PDF forms
    under templates/print/ (WeasyPrint renders those on the server, outside any CSP)."""
    roots = [ROOT / "templates", *(ROOT / "apps").glob("*/templates")]
    for root in roots:
        for path in root.rglob("*.html"):
            if path.relative_to(root).parts[0] != "print":
                yield path


def test_no_template_has_a_style_attribute():
    found = []
    for path in browser_templates():
        text = path.read_text(encoding="utf-8")
        for match in STYLE_ATTR.finditer(text):
            found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert not found, "style= is blocked by the CSP; move it to static/css:\n" + "\n".join(found)


def test_no_widget_attrs_carry_a_style():
    found = []
    for base in ("apps", "bureau"):
        for path in (ROOT / base).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for match in PY_STYLE.finditer(text):
                found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert not found, "widget styles are blocked by the CSP; use a class and static/css:\n" + "\n".join(found)
