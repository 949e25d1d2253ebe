"""Draw the portal's favicon (static/favicon.svg and static/favicon.ico): the topbar's emblem,
a red disc with a white 司, from Noto Sans CJK SC Bold (SIL OFL).

The glyph goes into the SVG as a path, not as text, so the icon looks the same on a machine
without a Chinese font. Run once after changing the design: python tools/make_favicon.py
"""

from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTCollection
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FACE = "Noto Sans CJK SC"
RED = "#b42318"  # --red in static/css/portal.css, the emblem's colour
STATIC = Path(__file__).resolve().parent.parent / "static"
SIZE = 64  # SVG view box
GLYPH = 40  # glyph height in the view box


def sc_font():
    for font in TTCollection(FONT).fonts:
        if FACE in str(font["name"].getDebugName(1)):
            return font
    raise SystemExit(f"{FACE} not found in {FONT}")


def glyph_path(font, char):
    glyph_set = font.getGlyphSet()
    name = font.getBestCmap()[ord(char)]
    upm = font["head"].unitsPerEm
    scale = GLYPH / upm
    # the glyph's own box, so it sits in the middle of the disc whatever its side bearings
    box = BoundsPen(glyph_set)
    glyph_set[name].draw(box)
    x_min, y_min, x_max, y_max = box.bounds
    dx = (SIZE - (x_max - x_min) * scale) / 2 - x_min * scale
    dy = (SIZE + (y_max - y_min) * scale) / 2 + y_min * scale
    pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
    glyph_set[name].draw(TransformPen(pen, (scale, 0, 0, -scale, dx, dy)))
    return pen.getCommands()


def write_svg(path_data):
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f'<circle cx="32" cy="32" r="32" fill="{RED}"/>'
        f'<path fill="#fff" d="{path_data}"/></svg>\n'
    )
    (STATIC / "favicon.svg").write_text(svg, encoding="utf-8")


def write_ico():
    big = 256
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, big - 1, big - 1), fill=RED)
    font = ImageFont.truetype(FONT, int(big * GLYPH / SIZE), index=2)  # index 2: SC in the collection
    draw.text((big / 2, big / 2), "司", font=font, fill="#fff", anchor="mm")
    image.save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    write_svg(glyph_path(sc_font(), "司"))
    write_ico()
