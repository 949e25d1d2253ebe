"""The one printer: a template and a context in, PDF bytes out (WeasyPrint).

Every official form is one template under templates/print/ extending print/base.html, which
sets A4 with the GB/T 9704 type area and the font stacks. Fonts come from the system packages
the project's setup installs (fonts-noto-cjk, fonts-arphic-ukai, fonts-hanazono), never from
whatever a host happens to have.

Speed (bench/pdf_bench.py, bench/README.md): most of a one-page form's time goes to embedding
fonts, about 12-40 ms per distinct CJK font (HarfBuzz subsetting, copying the font file,
compressing the subset). So a form should use few faces: the serif body face, its bold, and Kai
only where an opinion is written. The Fontconfig/Pango font map is built once per thread and
reused, so fonts are not looked up again for every form.
"""

from __future__ import annotations

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


def font_config() -> Any:
    """This thread's WeasyPrint FontConfiguration (Pango font maps are not shared across threads)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str, pdf_variant: str | None = None) -> bytes:
    """`pdf_variant="pdf/a-2b"` writes archival PDF/A-2b (DA/T 22 electronic copies)."""
    from weasyprint import HTML

    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(font_config=font_config(), **options)


def render_pdf(
    template_name: str, context: Mapping[str, Any], request: Any = None, pdf_variant: str | None = None
) -> bytes:
    """PDF bytes of `template_name` (under templates/print/) rendered with `context`."""
    return html_to_pdf(render_to_string(template_name, context, request=request), pdf_variant=pdf_variant)


# Text in every face a form uses (body, bold title, 黑体 labels, 楷体 opinions, the table).
WARM_UP_TEMPLATE = """{% extends "print/base.html" %}{% block body %}
<h1 class="title">审批单</h1><p>正文文字 0123456789</p><p><b>粗体</b></p><p class="hei">黑体</p>
<p class="kai">同意。</p><table><tr><th>项目</th><td>内容</td></tr></table>{% endblock %}"""


def warm_up() -> float:
    """Import WeasyPrint, discover the fonts (Fontconfig), build this thread's font map and load
    each face a form uses, by printing a throwaway page; returns the seconds it took.

    Called once per web worker when it starts (gunicorn.conf.py, post_worker_init), so the
    first real print in a worker costs what every later one does instead of ~1 s more.
    """
    import time

    from django.template import engines

    started = time.perf_counter()
    html_to_pdf(engines["django"].from_string(WARM_UP_TEMPLATE).render({}))
    return time.perf_counter() - started
