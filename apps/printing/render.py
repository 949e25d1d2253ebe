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
