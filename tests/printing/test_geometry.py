"""GB/T 9704-2012 geometry of print/base.html, measured on a rendered two-page document.

pdftotext -bbox-layout gives every text line's box in points. A glyph box is the font's
ascent/descent box, not the CSS line box, so vertical positions are checked through box
centres: CSS centres the glyph box in its line box (half-leading is split equally), so the
centre of body line i sits at 37 mm + (i + ½) × 225/22 mm, and the page number, whose line
(14 pt, line-height 1) starts 7 mm below the type area, is centred at 262 mm + 7 mm + 7 pt.
"""

import re
import shutil
import subprocess

import pytest
from django.template import Context, Template

from apps.printing.render import html_to_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")

MM = 25.4 / 72  # mm per pt
LEFT, RIGHT, TOP, BOTTOM = 28.0, 28.0 + 156.0, 37.0, 37.0 + 225.0  # the type area (版心), mm
PITCH = 225.0 / 22  # line pitch, mm
ONE_CHAR_4HAO = 14 * MM  # 一字 at 4号 (14 pt), mm
PHRASE = "国家机关公文格式版心测量文字"  # 14 characters, no punctuation (no 避头尾 shifts)

LINE_RE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)


def render_lines(tmp_path, body_html):
    html = Template('{% extends "print/base.html" %}{% block body %}' + body_html + "{% endblock %}").render(Context())
    path = tmp_path / "geometry.pdf"
    path.write_bytes(html_to_pdf(html))
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in layout.stdout.split("<page ")[1:]:
        lines = []
        for x0, y0, x1, y1, words in LINE_RE.findall(page):
            text = "".join(re.findall(r">([^<]*)</word>", words))
            lines.append(
                {"x0": float(x0) * MM, "y0": float(y0) * MM, "x1": float(x1) * MM, "y1": float(y1) * MM, "text": text}
            )
        pages.append(lines)
    return pages


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory):
    # 64 × 14 + 2 = 898 characters: 22 full lines on page 1; 10 full lines and a 2-character line on page 2
    text = PHRASE * 64 + "末行"
    return render_lines(tmp_path_factory.mktemp("geometry"), f"<div>{text}</div>")


def split(page):
    numbers = [line for line in page if line["text"].startswith("—")]
    return [line for line in page if line not in numbers], numbers


def test_the_document_has_two_pages_of_22_lines_of_28_characters(two_pages):
    assert len(two_pages) == 2
    body, _ = split(two_pages[0])
    assert len(body) == 22
    assert all(len(line["text"]) == 28 for line in body), [len(line["text"]) for line in body]
    body2, _ = split(two_pages[1])
    assert [len(line["text"]) for line in body2] == [28] * 10 + [2]
    assert "".join(line["text"] for page in two_pages for line in split(page)[0]) == PHRASE * 64 + "末行"


@pytest.mark.parametrize("page_index", [0, 1])
def test_body_text_stays_inside_the_type_area(two_pages, page_index):
    body, _ = split(two_pages[page_index])
    for i, line in enumerate(body):
        assert LEFT - 0.1 <= line["x0"] and line["x1"] <= RIGHT + 0.1, (i, line)
        assert TOP <= line["y0"] and line["y1"] <= BOTTOM, (i, line)
        # lines start at the binding-side edge; a full line fills the width (撑满版心, within 1 mm)
        assert line["x0"] == pytest.approx(LEFT, abs=0.1)
        if len(line["text"]) == 28:
            assert line["x1"] == pytest.approx(RIGHT, abs=1.0)
        # on the 22-line grid: line i is centred at 37 mm + (i + ½) × 225/22 mm
        centre = (line["y0"] + line["y1"]) / 2
        assert centre == pytest.approx(TOP + (i + 0.5) * PITCH, abs=0.2), (i, centre)


def test_page_numbers_are_outside_the_type_area_odd_right_even_left(two_pages):
    numbers = [split(page)[1] for page in two_pages]
    assert [[n["text"] for n in page] for page in numbers] == [["—1—"], ["—2—"]]
    (odd,), (even,) = numbers
    body_line = split(two_pages[0])[0][0]
    for number in (odd, even):
        # 4号 (14 pt): the glyph box of Noto Serif CJK (the page number's face) is ascent 1.151 +
        # descent 0.286 em; the body's 仿宋 (FandolFang, 0.88 + 0.12 em) is a 3号 (16 pt) line
        assert number["y1"] - number["y0"] == pytest.approx(14 * 1.437 * MM, rel=0.02)
        assert body_line["y1"] - body_line["y0"] == pytest.approx(16 * 1.0 * MM, rel=0.02)
        # below the type area; its 14 pt line starts 7 mm below it
        assert number["y0"] > BOTTOM
        assert (number["y0"] + number["y1"]) / 2 == pytest.approx(BOTTOM + 7 + 7 * MM, abs=0.3)
    # 单页码居右空一字, 双页码居左空一字 (one 4号 character in from the type area's edge)
    assert odd["x1"] == pytest.approx(RIGHT - ONE_CHAR_4HAO, abs=0.3)
    assert even["x0"] == pytest.approx(LEFT + ONE_CHAR_4HAO, abs=0.3)
