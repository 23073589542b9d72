"""Text in any script draws as glyphs, not as the boxes Graphviz falls back to (issue 14, item 9).

With only the Liberation and DejaVu fonts installed, CJK, Hangul and emoji labels drew as boxes
holding the code point in hex, in the PNG and the GIF. `make` installs the Noto fonts
(scripts/ensure-graphviz); this renders one character of each script through the kit's own `dot`
run, in the kit's font, and looks at the pixels.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kit.drawing.render import run_dot
from kit.drawing.theme import LIGHT

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
    source = (
        'digraph { graph [pad=0.1, bgcolor="white"]; '
        f'node [shape=plaintext, fontname="{LIGHT.font}", fontsize=40, margin=0]; a [label="{text}"] }}'
    )
    outputs, _ = run_dot(source, ("png",), dpi=96)
    return Image.open(io.BytesIO(outputs["png"])).convert("RGB")


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
