"""The one printer: a template and a context in, PDF bytes out (WeasyPrint).

Every official form is one template under templates/print/ extending print/base.html, which
sets A4 with the GB/T 9704 type area and the font stacks. Fonts come from the system packages
the project's setup installs (fonts-noto-cjk, fonts-arphic-ukai, fonts-hanazono), never from
whatever a host happens to have.
"""

from django.conf import settings
from django.template.loader import render_to_string


def subsetting_path():
    """Which font-subsetting path WeasyPrint will take: 'harfbuzz' (fast) or 'fonttools' (slow)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"


def render_pdf(template_name, context, request=None):
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
