"""The signed outgoing document as printed, measured against GB/T 9704-2012 (DOCUMENTS.md §1.2).

The PDF comes from the page staff use (/documents/outgoing/<id>/document.pdf) for a real document
taken through the engine to its number. Two readings of it:

* pdftotext -bbox-layout (as tests/printing/test_geometry.py): every text line's box in points,
  for the page, the margins and type area, the horizontal positions and the font sizes (the box
  height of a line is proportional to its font size, so sizes are checked as ratios to the 3号
  body text);
* the page rasterised by pdftoppm at 300 dpi, for what is printed rather than typeset: the red
  机关标志 and 分隔线 and the black ink of the 发文字号 and 标题, from which the vertical distances
  the standard prescribes are measured (ink to ink, as a ruler on paper would).
"""

import re
import shutil
import subprocess
import tempfile

import pytest
from PIL import Image, ImageChops

from apps.documents import services
from apps.documents.models import OutgoingDocument, Urgency
from apps.documents.processes import PRINT
from tests.documents.factories import draft, pending, sign_all

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")), reason="poppler-utils 未安装"),
]

MM = 25.4 / 72  # mm per pt
LEFT, RIGHT, TOP, BOTTOM = 28.0, 184.0, 37.0, 262.0  # 版心 156 × 225 mm
CHAR_3 = 16 * MM  # 一字 at 3号
CHAR_4 = 14 * MM  # 一字 at 4号
LINE = 30 * MM  # 行: a 3号 character's height plus 7/8 of it (§3), 10.58 mm
DPI = 300
PX = 25.4 / DPI  # mm per pixel

PHRASE = "宪法宣传周期间各司法所要组织法律服务人员深入基层开展宪法宣讲"  # 30 characters, no punctuation
BODY = "\n".join(
    [
        "为深入学习宣传贯彻宪法，弘扬宪法精神，定于12月1日至7日在全区开展宪法宣传周系列活动。现将有关事项通知如下。",
        "一、活动主题。深入学习宣传习近平法治思想，大力弘扬宪法精神，推进全面依法治区。",
        "（一）集中宣传。各司法所要结合实际，组织开展宪法进社区、进乡村、进学校、进企业活动。",
        "（二）以案释法。各单位要精选典型案例，开展以案释法活动，引导群众尊法学法守法用法。",
    ]
    + ["二、工作要求。各单位要高度重视，精心组织，确保活动取得实效，防止形式主义，注重宣传效果，总结推广经验做法。"] * 6
    + ["活动结束后，请于12月10日前将活动开展情况报局秘书科。"]
    # a paragraph whose lines break without punctuation (no 避头尾 shifts): full 28-character lines
    + [PHRASE * 4 + "。"]
)

LINE_RE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)


@pytest.fixture
def document(client, office, people, tmp_path):
    case = draft(
        people.clerk,
        title="关于开展2026年宪法宣传周系列活动的请示",
        doc_type="request",
        body=BODY,
        main_recipients="区委依法治区办",
        copy_recipients="市司法局，区人民政府办公室",
        urgency=Urgency.URGENT,
        attachment_list="宪法宣传周活动安排表\n活动情况统计表",
    )
    sign_all(case)
    services.number(case.pk, office.receiver)
    client.force_login(people.clerk)
    response = client.get(f"/documents/outgoing/{case.pk}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "document.pdf"
    path.write_bytes(response.content)
    return path, OutgoingDocument.objects.get(case=case)


def text_lines(path):
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in layout.stdout.split("<page ")[1:]:
        lines = []
        for x0, y0, x1, y1, words in LINE_RE.findall(page):
            text = "".join(re.findall(r">([^<]*)</word>", words))
            lines.append(
                {
                    "x0": float(x0) * MM,
                    "y0": float(y0) * MM,
                    "x1": float(x1) * MM,
                    "y1": float(y1) * MM,
                    "h": float(y1) - float(y0),
                    "text": text,
                }
            )
        pages.append(lines)
    return pages


def find(lines, start):
    found = [line for line in lines if line["text"].startswith(start)]
    assert found, f"no line starts with {start!r}: {[line['text'] for line in lines]}"
    return found[0]


def raster(path, page, tmp_path):
    out = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(path), str(out)],
        check=True,
    )
    return Image.open(f"{out}.png").convert("RGB")


def row_profile(image, mask):
    """Per pixel row, the share of the row's pixels in `mask` (a per-channel test: (r, g, b)
    predicates on 0-255 values), and the binary mask image."""
    channels = [channel.point(lambda v, test=test: 255 if test(v) else 0) for channel, test in zip(image.split(), mask)]
    binary = ImageChops.multiply(ImageChops.multiply(channels[0], channels[1]), channels[2])
    column = binary.resize((1, image.height), Image.BOX)
    return [v / 255 for v in column.tobytes()], binary


RED = (lambda v: v > 170, lambda v: v < 100, lambda v: v < 100)  # the 版头's red (C0 M100 Y100 K0-ish)
INK = (lambda v: v < 110, lambda v: v < 110, lambda v: v < 110)  # black


def runs(rows):
    """[(first, last)] of consecutive row indexes."""
    result = []
    for y in rows:
        if result and y == result[-1][1] + 1:
            result[-1][1] = y
        else:
            result.append([y, y])
    return [tuple(r) for r in result]


def test_the_page_is_a4(document):
    path, _ = document
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_text_stays_inside_the_type_area_with_gbt9704_margins(document):
    path, doc = document
    pages = text_lines(path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        for line in page:
            if line["text"].startswith("—"):  # the page number sits below the type area
                assert line["y0"] > BOTTOM and (line["y0"] + line["y1"]) / 2 == pytest.approx(
                    BOTTOM + 7 + 7 * MM, abs=0.3
                )
                continue
            assert LEFT - 0.1 <= line["x0"] and line["x1"] <= RIGHT + 0.1, (number, line)
            assert TOP - 1.5 <= line["y0"] and line["y1"] <= BOTTOM + 0.5, (number, line)
    body = [line for page in pages for line in page if len(line["text"]) == 28 and line["text"] in PHRASE * 5]
    assert len(body) >= 3, "the unpunctuated paragraph gives full lines"
    for line in body:  # 顶格 on the binding side, filling the 156 mm line (撑满版心)
        assert line["x0"] == pytest.approx(LEFT, abs=0.1)
        assert line["x1"] == pytest.approx(RIGHT, abs=1.0)
    # 一字 indent for each paragraph: 左空二字
    first = find(pages[0], "为深入学习")
    assert first["x0"] == pytest.approx(LEFT + 2 * CHAR_3, abs=0.3)


def test_font_sizes_follow_the_standard(document):
    path, doc = document
    pages = text_lines(path)
    page1, last = pages[0], pages[-1]
    body = find(page1, "为深入学习")["h"]
    sizes = {
        "发文机关标志": (find(page1, "淄博市临淄区司法局文件")["h"], 36),
        "发文字号 3号": (find(page1, doc.number)["h"], 16),
        "标题 2号": (find(page1, "关于开展2026年")["h"], 22),
        "主送 3号": (find(page1, "区委依法治区办：")["h"], 16),
        "抄送 4号": (find(last, "抄送：")["h"], 14),
        "印发机关 4号": (find(last, "淄博市临淄区司法局办公室")["h"], 14),
        # the page number is set in Noto Serif CJK, whose glyph box is 1.437 em (ascent 1.151 +
        # descent 0.286); the other lines are Fandol faces, whose box is exactly 1 em
        "页码 4号": (find(page1, "—")["h"], 14 * 1.437),
    }
    for name, (height, points) in sizes.items():
        assert height / body == pytest.approx(points / 16, rel=0.02), name


def test_the_head_the_red_line_and_the_title_sit_where_the_standard_puts_them(document, tmp_path):
    path, doc = document
    image = raster(path, 1, tmp_path)
    red, red_mask = row_profile(image, RED)
    width_mm = image.width * PX
    line_rows = [y for y, share in enumerate(red) if share * width_mm > 100]
    ((line_top, line_bottom),) = runs(line_rows)
    mark_rows = [y for y, share in enumerate(red) if share > 0 and y < line_top]
    mark_top, mark_bottom = mark_rows[0], mark_rows[-1]
    # 发文机关标志: red; its printed top 35 mm below the top edge of the 版心
    assert mark_top * PX - TOP == pytest.approx(35.0, abs=0.5)
    # 版头分隔线: red, as wide as the 版心 and in it, 0.35-0.6 mm thick
    left, _, right, _ = red_mask.crop((0, line_top, image.width, line_bottom + 1)).getbbox()
    assert left * PX == pytest.approx(LEFT, abs=0.3) and (right - left) * PX == pytest.approx(156.0, abs=0.5)
    assert 0.3 <= (line_bottom - line_top + 1) * PX <= 0.6
    # 发文字号 (black ink between the 标志 and the line): 下空二行 below the 标志, the line 4 mm below it
    ink, _ = row_profile(image, INK)
    number_rows = [y for y in range(mark_bottom + 1, line_top) if ink[y] > 0]
    number_top, number_bottom = number_rows[0], number_rows[-1]
    assert (number_top - mark_bottom) * PX == pytest.approx(2 * LINE, abs=0.6)
    assert (line_top - number_bottom) * PX == pytest.approx(4.0, abs=0.3)
    # 标题: 红线下空二行
    title_top = next(y for y in range(line_bottom + 1, image.height) if ink[y] > 0)
    assert (title_top - line_bottom) * PX == pytest.approx(2 * LINE, abs=0.6)


def test_urgency_number_and_signer_line_up_for_an_upward_document(document):
    path, doc = document
    page1 = text_lines(path)[0]
    urgency = find(page1, "加急")  # 紧急程度: top-left, 顶格, line 1 of the 版心
    assert urgency["x0"] == pytest.approx(LEFT, abs=0.1) and urgency["y0"] < TOP + 10.3
    number = find(page1, doc.number)
    signer = find(page1, "签发人")
    # 上行文: 发文字号 居左空一字, 签发人 居右空一字, on one line; the name is the signer's
    assert number["x0"] == pytest.approx(LEFT + CHAR_3, abs=0.3)
    assert signer["x1"] == pytest.approx(RIGHT - CHAR_3, abs=0.5)
    assert (number["y0"] + number["y1"]) / 2 == pytest.approx((signer["y0"] + signer["y1"]) / 2, abs=0.3)
    assert signer["text"].endswith(doc.signer.full_name)
    assert re.fullmatch(r"[\u4e00-\u9fff]+〔\d{4}〕[1-9]\d*号", number["text"])


def test_signature_date_and_imprint(document):
    path, doc = document
    pages = text_lines(path)
    lines = [line for page in pages for line in page]
    date_text = f"{doc.signed_on.year}年{doc.signed_on.month}月{doc.signed_on.day}日"
    date = next(line for line in lines if line["text"] == date_text)
    issuer = next(line for line in lines if line["text"] == "淄博市临淄区司法局")
    # 成文日期 右空四字; 署名 centred above it
    assert date["x1"] == pytest.approx(RIGHT - 4 * CHAR_3, abs=0.5)
    assert (issuer["x0"] + issuer["x1"]) / 2 == pytest.approx((date["x0"] + date["x1"]) / 2, abs=0.5)
    assert issuer["y1"] < date["y0"] + 1
    # 附件说明: 左空二字, "附件：1. ..."
    attachment = next(line for line in lines if line["text"].startswith("附件："))
    assert attachment["x0"] == pytest.approx(LEFT + 2 * CHAR_3, abs=0.3)
    # 版记 on the last page: 抄送 左空一字 and ends with 。; 印发机关 左空一字, 印发日期 右空一字
    last = pages[-1]
    cc = find(last, "抄送：")
    assert cc["x0"] == pytest.approx(LEFT + CHAR_4, abs=0.3) and cc["text"].endswith("。")
    issuer_office = find(last, "淄博市临淄区司法局办公室")
    assert issuer_office["x0"] == pytest.approx(LEFT + CHAR_4, abs=0.3)
    issued = next(line for line in last if line["text"].endswith("印发"))
    assert issued["x1"] == pytest.approx(RIGHT - CHAR_4, abs=0.3)


def test_the_imprint_lines_close_the_type_area_of_the_last_page(document, tmp_path):
    path, _ = document
    pages = len(text_lines(path))
    image = raster(path, pages, tmp_path)
    ink, _ = row_profile(image, INK)
    width_mm = image.width * PX
    rules = runs([y for y, share in enumerate(ink) if share * width_mm > 150])
    assert len(rules) == 3, rules  # thick above, thin between 抄送 and 印发, thick at the bottom
    (top_first, top_last), (mid_first, mid_last), (bottom_first, bottom_last) = rules
    # the last line coincides with the bottom edge of the 版心
    assert (bottom_last + 1) * PX == pytest.approx(BOTTOM, abs=0.3)
    thick = [(last - first + 1) * PX for first, last in ((top_first, top_last), (bottom_first, bottom_last))]
    thin = (mid_last - mid_first + 1) * PX
    assert all(0.25 <= t <= 0.45 for t in thick), thick
    assert 0.15 <= thin <= 0.33 and thin < min(thick)


def test_the_draft_before_numbering_says_so(client, office, people):
    case = draft(people.clerk)
    client.force_login(people.clerk)
    pdf = client.get(f"/documents/outgoing/{case.pk}/document.pdf").content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout
    assert "未编号稿" in text


def test_the_routing_sheet_and_the_slip_carry_every_signature(client, office, people):
    case = sign_all(draft(people.clerk))
    services.number(case.pk, office.receiver)
    client.force_login(people.clerk)
    response = client.get(f"/documents/outgoing/{case.pk}/draft-sheet.pdf")
    assert response.status_code == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(response.content)
        handle.flush()
        text = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    for words in (
        "发文稿纸",
        "局长签发：同意。",
        "分管领导审核：同意。",
        "科室负责人核稿：同意。",
        "编号登记",
        "办公室科员",
    ):
        assert words in compact, words
    assert pending(case, PRINT)
