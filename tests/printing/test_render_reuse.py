"""What the printer keeps per worker (apps/printing/render.py) and the faces a 审批单 embeds:
each embedded face costs render time (bench/pdf_bench.py)."""

import shutil
import subprocess

import pytest

from apps.printing import render

FONTS = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""


def embedded_fonts(tmp_path, pdf):
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return sorted(line.split()[0].split("+")[-1] for line in listing.splitlines()[2:])


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils 未安装")
@pytest.mark.skipif("FandolFang" not in FONTS, reason="公文字体未安装（scripts/install-fandol.sh）")
def test_the_approval_form_embeds_three_faces(tmp_path):
    # body 仿宋, the title's heavy 宋 (also the labels: no synthetic bold 仿宋), Kai for opinions;
    # the page number in the body face (no Noto Serif for "— 1 —")
    pdf = render.render_pdf(render.WARM_UP_FORM, render.WARM_UP_FORM_CONTEXT)
    assert embedded_fonts(tmp_path, pdf) == ["AR-PL-UKai-CN", "FandolFang", "FandolSong-Bold"]


def test_a_template_stylesheet_is_parsed_once_per_thread():
    css = "p { color: #000; }"
    assert render.stylesheet(css) is render.stylesheet(css)
    assert render.stylesheet(css) is not render.stylesheet(css + " ")


def test_glyph_lists_are_allocated_from_the_open_array_type():
    from weasyprint.pdf import fonts

    render.font_config()
    assert isinstance(fonts.ffi, render.SizedArraysFirst)
    glyphs = fonts.ffi.new("hb_codepoint_t[3]", [7, 8, 9])
    assert list(glyphs) == [7, 8, 9] and fonts.ffi.typeof(glyphs) is fonts.ffi.typeof("hb_codepoint_t[]")
    assert list(fonts.ffi.new("hb_codepoint_t[2]")) == [0, 0]
    assert fonts.ffi.string(fonts.ffi.new("char[]", b"ab")) == b"ab"  # anything else passes through
