"""SVG -> pixels, in process: resvg (through `svg2png-py`) draws our finished SVG into raw RGBA.

Chosen by measurement (README, "Speed"): resvg drew a 2x view in about 0.1 s against about
0.27 s for Graphviz's cairo writing a PNG, and hands back raw pixels, so nothing is PNG-encoded
only to be decoded again for the palette or the GIF. It draws the very SVG the reader gets,
so the PNG cannot drift from it. The font database is loaded once per process and shared by
threads; rendering releases the GIL.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage
    from svg2png_py import FontDatabase

__all__ = ["CSS_PX_PER_PT", "pixel_size", "rasterise"]

#: The SVG is sized in pt (Graphviz's unit); a CSS px is 3/4 pt.
CSS_PX_PER_PT = 96 / 72

_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


@cache
def _fonts() -> FontDatabase:
    from svg2png_py import FontDatabase

    return FontDatabase.system()


def pixel_size(svg: str, density: float) -> tuple[int, int]:
    """The pixel size of `svg` drawn at `density` pixels per CSS px."""
    size = _SIZE.search(svg)
    if size is None:
        raise ValueError("an SVG without a width and height in pt")
    scale = density * CSS_PX_PER_PT
    return round(float(size.group(1)) * scale), round(float(size.group(2)) * scale)


def rasterise(svg: str, density: float) -> PilImage:
    """`svg` drawn at `density` pixels per CSS px (2 for a high-density PNG), as an RGB image."""
    from PIL import Image
    from svg2png_py import svg_to_rgba

    width, height = pixel_size(svg, density)
    # Asking for the pixel size as the SVG's own size keeps its viewBox and scales the drawing.
    sized = _SIZE.sub(f'<svg width="{width}" height="{height}"', svg, count=1)
    data, drawn_width, drawn_height = svg_to_rgba(sized, _fonts())
    if (drawn_width, drawn_height) != (width, height):
        raise ValueError(f"resvg drew {drawn_width}x{drawn_height} px where {width}x{height} were asked")
    # Every SVG paints an opaque background first, so the premultiplied alpha is 255 throughout.
    return Image.frombuffer("RGBA", (width, height), data, "raw", "RGBa", 0, 1).convert("RGB")
