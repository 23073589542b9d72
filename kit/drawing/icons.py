"""Where the `diagrams` icons live, and each icon as a small data URI for self-contained SVGs.

An icon is drawn 28 pt wide on a card; it is stored once per SVG at 2x that size (the PNG's
density), as an 8-bit palette PNG with alpha, which holds the flat artwork of these icons
without visible loss at a fraction of the bytes of full colour. A receded icon is the same
image drawn with lower opacity, not a second copy.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["ICON_PIXELS", "IconImage", "icon_image", "icons_root"]

#: The icon's drawn size (28 pt = 37 CSS px) at 2x density, rounded up.
ICON_PIXELS = 76


@cache
def icons_root() -> Path:
    """The `resources/` folder that ships with the `diagrams` package (found without importing it)."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or spec.origin is None:
        raise RuntimeError("the `diagrams` package is not installed (run `make` to set up .venv)")
    root = Path(spec.origin).resolve().parent.parent / "resources"
    if not root.is_dir():
        raise RuntimeError(f"the `diagrams` package has no resources folder at {root}")
    return root


@dataclass(frozen=True, slots=True)
class IconImage:
    """An icon ready to inline: its PNG as a data URI and its pixel size."""

    data_uri: str
    width: int
    height: int


@cache
def icon_image(icon: str) -> IconImage:
    """`icon` (a path inside the resources folder) downscaled to a PNG data URI, same bytes every time."""
    from PIL import Image  # imported here: only rendering pays for Pillow

    with Image.open(icons_root() / icon) as source:
        image = source.convert("RGBA")
    image.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    # FASTOCTREE is the quantiser that keeps alpha; icons have few colours, so 255 hold them.
    indexed = image.quantize(colors=255, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG", optimize=True)
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return IconImage(uri, image.width, image.height)
