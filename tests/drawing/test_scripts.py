"""Text in any script draws as glyphs, not as the boxes Graphviz falls back to (issue 14, item 9).

With only the Liberation and DejaVu fonts installed, CJK, Hangul and emoji labels drew as boxes
holding the code point in hex, in the PNG and the GIF. `make` installs the Noto fonts
(scripts/ensure-graphviz); this draws one character of each script the way the kit draws every
PNG and GIF frame (an SVG text in the kit's font list, rasterised by resvg) and looks at the pixels.
"""

from __future__ import annotations

import pytest
from PIL import Image

from kit.drawing.raster import rasterise
from kit.drawing.restyle import FONT_FAMILY

pytestmark = pytest.mark.graphviz

SAMPLES = {
    "Latin": "R",
    "Chinese": "永",
    "Japanese": "あ",
    "Korean": "한",
    "Arabic": "ب",
    "Hebrew": "ש",
    "Cyrillic": "Ж",
    "Greek": "Ω",
    "Devanagari": "क",
    "Thai": "ก",
    "emoji": "🚀",
}


def glyph(text: str) -> Image.Image:
    svg = (
        '<svg width="60pt" height="60pt" viewBox="0 0 60 60" xmlns="http://www.w3.org/2000/svg">'
        '<rect width="60" height="60" fill="#ffffff"/>'
        f'<text x="8" y="44" font-family="{FONT_FAMILY}" font-size="40" fill="#000000">{text}</text></svg>'
    )
    return rasterise(svg, 1.0)


def border_ink(image: Image.Image) -> float:
    """The share of inked pixels along the edges of the ink's bounding box.

    Pango draws a missing glyph as a rectangle around its code point, so its box's edges are inked
    end to end (about 1.0); a real glyph touches its bounding box only here and there.
    """
    ink = image.convert("L").point(lambda v: 255 if v < 160 else 0)
    box = ink.getbbox()
    assert box is not None, "nothing was drawn"
    left, top, right, bottom = box
    pixels = ink.load()
    assert pixels is not None
    edge = [(x, top) for x in range(left, right)] + [(x, bottom - 1) for x in range(left, right)]
    edge += [(left, y) for y in range(top, bottom)] + [(right - 1, y) for y in range(top, bottom)]
    return sum(pixels[point] == 255 for point in edge) / len(edge)


@pytest.mark.parametrize(("script", "text"), SAMPLES.items(), ids=list(SAMPLES))
def test_a_label_in_each_script_draws_glyphs_not_boxes(script: str, text: str) -> None:
    image = glyph(text)
    assert border_ink(image) < 0.6, f"{script} {text!r} drew as a box: a font for it is missing"
    if script == "emoji":
        colours: list[tuple[int, tuple[int, int, int]]] = image.getcolors(maxcolors=1 << 16) or []  # type: ignore[assignment]
        assert any(max(rgb) - min(rgb) > 80 for _, rgb in colours), "the emoji drew without colour"
