"""RGB images -> 8-bit palette images that look the same: the PNGs and GIF frames the kit writes.

Diagrams are flat colour: a few dozen exact colours (page, fills, text, badges) cover most
pixels, and the rest are anti-aliasing shades between them. The palette keeps the most common
colours exactly and spends the remaining entries on a median cut of everything else. Pixels are
mapped without dithering, so flat areas stay flat (and compress well, and consecutive GIF
frames differ only where something changed).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

__all__ = ["EXACT_COLORS", "build_palette", "encode_png", "mean_error", "quantise"]

#: Palette entries given to the exact most common colours; the rest of the 256 go to a median cut.
EXACT_COLORS = 96


def build_palette(sources: Sequence[PilImage]) -> PilImage:
    """A 1x1 palette image holding the shared palette of `sources` (RGB images)."""
    from PIL import Image

    width = max(image.width for image in sources)
    height = max(image.height for image in sources)
    montage = Image.new("RGB", (width, height * len(sources)), sources[0].getpixel((0, 0)))
    for row, source in enumerate(sources):
        montage.paste(source, (0, row * height))
    # Every other pixel is enough to rank colours; nearest-neighbour sampling keeps them exact.
    montage = montage.resize((max(1, width // 2), max(1, montage.height // 2)), Image.Resampling.NEAREST)
    counted = montage.getcolors(maxcolors=montage.width * montage.height) or []
    ranked = sorted(((n, c) for n, c in counted if isinstance(c, tuple)), key=lambda item: (-item[0], item[1]))
    common = [tuple(color) for _, color in ranked[:EXACT_COLORS]]
    rest = 256 - len(common)
    cut = montage.quantize(colors=rest, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    cut_palette = (cut.getpalette() or [])[: 3 * rest]
    candidates = common + [tuple(cut_palette[i : i + 3]) for i in range(0, len(cut_palette), 3)]
    # Pillow maps pixels through a cache of 8x8x8 colour boxes and gives each box one entry: two
    # entries in one box let an anti-aliasing shade win the box and turn white into grey. Keep
    # the first (most common) entry of each box.
    boxes: dict[tuple[int, ...], tuple[int, ...]] = {}
    for entry in candidates:
        if len(entry) == 3:
            boxes.setdefault(tuple(channel >> 3 for channel in entry), entry)
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for entry in boxes.values() for channel in entry])
    return palette


def quantise(image: PilImage, palette: PilImage) -> PilImage:
    """`image` (RGB) mapped onto `palette`, without dithering."""
    from PIL import Image

    return image.quantize(palette=palette, dither=Image.Dither.NONE)


def encode_png(image: PilImage) -> bytes:
    """A palette image as PNG bytes; the same image gives the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def mean_error(original: PilImage, quantised: PilImage) -> float:
    """Mean absolute difference per channel (0-255) between an RGB image and its palette version."""
    from PIL import ImageChops, ImageStat

    difference = ImageChops.difference(original, quantised.convert("RGB"))
    return sum(ImageStat.Stat(difference).mean) / 3
