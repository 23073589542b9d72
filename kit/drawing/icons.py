"""Where the `diagrams` icons live, and each icon as a small data URI for self-contained SVGs.

An icon is drawn 28 pt wide on a card; it is stored once per SVG at 2x that size (the PNG's
density), as an 8-bit palette PNG with alpha, which holds the flat artwork of these icons
without visible loss at a fraction of the bytes of full colour. A receded icon is the same
image drawn with lower opacity, not a second copy.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.model.catalog import icons_root, repo_root

__all__ = ["ICON_PIXELS", "IconImage", "icon_file", "icon_image"]

#: The icon's drawn size (28 pt = 37 CSS px) at 2x density, rounded up.
ICON_PIXELS = 76


def icon_file(icon: str) -> Path:
    """The file an icon path names: a `diagrams` resource, else a blueprint's own file in the repository."""
    resource = icons_root() / icon
    return resource if resource.is_file() else repo_root() / icon


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

    with Image.open(icon_file(icon)) as source:
        image = source.convert("RGBA")
    image.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    # FASTOCTREE is the quantiser that keeps alpha; icons have few colours, so 255 hold them.
    indexed = image.quantize(colors=255, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG", optimize=True)
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return IconImage(uri, image.width, image.height)
