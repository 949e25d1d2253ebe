"""GB/T 9704 faces: the body in 仿宋 (3号) and the title in 小标宋 (2号).

The free stand-ins scripts/install-fandol.sh installs (FandolFang for 仿宋, FandolSong Bold for
小标宋) must be the faces a printed form embeds, not the Noto 宋体 the stack falls back to."""

import shutil
import subprocess

import pytest
from django.template import Context, Template

from apps.printing.render import html_to_pdf

FONTS = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
pytestmark = [
    pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils 未安装"),
    pytest.mark.skipif("FandolFang" not in FONTS, reason="公文字体未安装（scripts/install-fandol.sh）"),
]


def embedded_fonts(tmp_path, body):
    html = Template('{% extends "print/base.html" %}{% block body %}' + body + "{% endblock %}").render(Context())
    path = tmp_path / "fonts.pdf"
    path.write_bytes(html_to_pdf(html))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]]


# the page number (— 1 —) is set in 4号 半角宋体: Noto Serif CJK
PAGE_NUMBER = "Noto-Serif-CJK-SC"


def test_body_is_fangsong_and_title_is_the_heavy_song(tmp_path):
    body = embedded_fonts(tmp_path, "<div>关于做好二〇二六年度普法工作的通知</div>")
    assert sorted(body) == ["FandolFang", PAGE_NUMBER]
    titled = embedded_fonts(tmp_path, '<h1 class="title">关于做好普法工作的通知</h1><div>正文用仿宋。</div>')
    assert sorted(titled) == ["FandolFang", "FandolSong-Bold", PAGE_NUMBER]


def test_every_gb2312_hanzi_prints_in_fangsong(tmp_path):
    # the 6,763 hanzi of GB 2312 (levels 1 and 2): none falls back to another face
    hanzi = "".join(
        ch
        for hi in range(0xB0, 0xF8)
        for lo in range(0xA1, 0xFF)
        for ch in [bytes([hi, lo]).decode("gb2312", errors="ignore")]
        if ch
    )
    assert len(hanzi) == 6763
    assert sorted(embedded_fonts(tmp_path, f"<div>{hanzi}</div>")) == ["FandolFang", PAGE_NUMBER]
