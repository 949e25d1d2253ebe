"""The one printer: a template and a context in, PDF bytes out (WeasyPrint).

Every official form is one template under templates/print/ extending print/base.html, which
sets A4 with the GB/T 9704 type area and the font stacks. Fonts come from the system packages
the project's setup installs (fonts-noto-cjk, fonts-arphic-ukai, fonts-hanazono), never from
whatever a host happens to have.

Speed (bench/pdf_bench.py, bench/README.md): embedding fonts is the largest part of a one-page
form's time, about 5-20 ms per distinct face (HarfBuzz subsetting, copying the font file,
compressing the subset), and a synthetic bold is a face of its own. So a form should use few
faces: the body face, the title's face (also for labels), and Kai only where an opinion is
written. Per thread, and so once per worker: the Fontconfig/Pango font map is built and reused,
so fonts are not looked up again for every form, and each template's stylesheet is parsed once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

_local = threading.local()


def subsetting_path() -> str:
    """Which font-subsetting path WeasyPrint will take: 'harfbuzz' (fast) or 'fonttools' (slow)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"


class SizedArraysFirst:
    """WeasyPrint's cffi handle as weasyprint.pdf.fonts sees it, except for sized arrays.

    To subset a font, WeasyPrint allocates its glyph lists as `ffi.new(f"hb_codepoint_t[{n}]", ...)`.
    cffi parses each C type string it has not seen with pycparser (about 4 ms) and keeps it
    forever. The glyph counts depend on the form's text, so a worker's first forms paid that up to
    twice per font (~35 ms for the first 审批单 after the warm-up), later ones whenever a new count
    came up; the bench, printing one text over and over, did not show it. The same array made
    from the open type "hb_codepoint_t[]", which cffi parses once, costs microseconds.
    """

    SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")

    def __init__(self, ffi: Any) -> None:
        self.ffi = ffi

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ffi, name)

    def new(self, cdecl: Any, init: Any = None) -> Any:
        match = self.SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None or (init is not None and len(init) != int(match[2])):
            return self.ffi.new(cdecl, init)
        return self.ffi.new(self.ffi.typeof(match[1] + "[]"), int(match[2]) if init is None else init)


def allocate_glyph_lists_without_parsing() -> None:
    """Give weasyprint.pdf.fonts the cffi handle above (once per process; harmless if WeasyPrint
    one day allocates its arrays differently: the handle passes everything else through)."""
    from weasyprint.pdf import fonts

    if not isinstance(fonts.ffi, SizedArraysFirst):
        fonts.ffi = SizedArraysFirst(fonts.ffi)


def font_config() -> Any:
    """This thread's WeasyPrint FontConfiguration (Pango font maps are not shared across threads)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        allocate_glyph_lists_without_parsing()
        config = _local.font_config = FontConfiguration()
    return config


# The <style> elements of a print template (print/base.html and its `style` block). Their text is
# the same for every form printed from one template, so it is parsed once (stylesheet()).
STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.S)
# More distinct stylesheets than the print templates have means their CSS varies per document:
# start the cache again rather than let it grow.
MAX_STYLESHEETS = 256


def stylesheet(css: str) -> Any:
    """`css` parsed into a WeasyPrint CSS object, once per thread (about 6 ms a form otherwise)."""
    cache = getattr(_local, "stylesheets", None)
    if cache is None or len(cache) >= MAX_STYLESHEETS:
        cache = _local.stylesheets = {}
    sheet = cache.get(css)
    if sheet is None:
        from weasyprint import CSS

        sheet = cache[css] = CSS(string=css, font_config=font_config())
    return sheet


def html_to_pdf(html: str, pdf_variant: str | None = None) -> bytes:
    """`pdf_variant="pdf/a-2b"` writes archival PDF/A-2b (DA/T 22 electronic copies)."""
    from weasyprint import HTML

    # The <style> elements go in as parsed stylesheets (in document order) instead of being parsed
    # again. They then count as user rather than author style sheets, which changes nothing here:
    # nothing else in a print template is an author style sheet, and a style attribute wins either way.
    sheets = [stylesheet(css) for css in STYLE_ELEMENT.findall(html)]
    html = STYLE_ELEMENT.sub("", html)
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(
        font_config=font_config(), stylesheets=sheets, **options
    )


def render_pdf(
    template_name: str, context: Mapping[str, Any], request: Any = None, pdf_variant: str | None = None
) -> bytes:
    """PDF bytes of `template_name` (under templates/print/) rendered with `context`.

    `request` is not handed to the template: a printed form shows only its context, and the
    context processors a request brings (the navigation, the inbox badges: three queries) would
    run for nothing on every print."""
    return html_to_pdf(render_to_string(template_name, context), pdf_variant=pdf_variant)


# Text in every face the print templates use (body, bold, the title's face, 黑体, 楷体, a table).
WARM_UP_TEMPLATE = """{% extends "print/base.html" %}{% block body %}
<h1 class="title">审批单</h1><p>正文文字 0123456789</p><p><b>粗体</b></p><p class="hei">黑体</p>
<p class="kai">同意。</p><table><tr><th>项目</th><td>内容</td></tr></table>{% endblock %}"""
# The form printed most (apps.printing.approval), with one opinion so that its Kai face loads too:
# printing it compiles the template and parses its stylesheet before the first real one.
WARM_UP_FORM = "print/workflow/approval_form.html"
WARM_UP_FORM_CONTEXT = {
    "form_title": "审批单",
    "steps": [
        {
            "action": "approve",
            "step_label": "审核",
            "get_action_display": "同意",
            "action_label": "同意",
            "opinion": "同意。",
        }
    ],
}


def warm_up() -> float:
    """Import WeasyPrint, discover the fonts (Fontconfig), build this thread's font map and load
    each face a form uses, by printing throwaway pages; returns the seconds it took.

    Called once per web worker when it starts (gunicorn.conf.py, post_worker_init), so the
    first real print in a worker costs what every later one does instead of ~1 s more.
    """
    import time

    from django.template import engines
    from django.utils import timezone

    started = time.perf_counter()
    html_to_pdf(engines["django"].from_string(WARM_UP_TEMPLATE).render({}))
    # a date too: the |date filter imports the locale's format modules on first use
    render_pdf(WARM_UP_FORM, {**WARM_UP_FORM_CONTEXT, "printed_at": timezone.now()})
    return time.perf_counter() - started
