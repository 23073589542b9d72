"""Walkthrough frames -> one animated GIF that any platform embeds (Medium takes no SVG).

All frames share one palette, chosen from the frames that hold the most colour (the overview and
the last frame of each flow). The palette keeps the most common colours exactly (background,
fills, text and badge colours, so white stays white) and spends the rest on a median cut of the
anti-aliased edges. Frames are quantised without dithering: flat colours stay flat, so
consecutive frames differ only where a step was revealed, and Pillow stores just that rectangle.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

__all__ = ["walkthrough_gif"]

#: Palette entries given to the exact most common colours; the rest of the 256 go to a median cut.
EXACT_COLORS = 96


def _padded(image: PilImage, width: int, height: int) -> PilImage:
    from PIL import Image

    if image.size == (width, height):
        return image
    canvas = Image.new("RGB", (width, height), image.getpixel((0, 0)))
    canvas.paste(image, (0, 0))
    return canvas


def walkthrough_gif(frames: Sequence[bytes], durations_ms: Sequence[int], palette_from: Sequence[int]) -> bytes:
    """PNG frames (all the same size) -> looping GIF bytes; `palette_from` indexes the frames
    whose colours the shared palette is built from."""
    from PIL import Image  # imported here: only rendering pays for Pillow

    if not frames or len(frames) != len(durations_ms):
        raise ValueError("one duration per frame, and at least one frame")
    opened = [Image.open(io.BytesIO(data)) for data in frames]  # reads the size, decodes nothing yet
    width, height = max(image.width for image in opened), max(image.height for image in opened)

    def decoded(index: int) -> PilImage:
        # Views share one layout, so sizes match; a header Graphviz measured wider than reserved
        # is the one exception, and padding (top-left, in the page colour) keeps the GIF valid.
        return _padded(Image.open(io.BytesIO(frames[index])).convert("RGB"), width, height)

    sources = [decoded(i) for i in sorted(set(palette_from))] or [decoded(0)]
    montage = Image.new("RGB", (width, height * len(sources)))
    for row, source in enumerate(sources):
        montage.paste(source, (0, row * height))
    # Every other pixel is enough to rank colours; nearest-neighbour sampling keeps them exact.
    montage = montage.resize((max(1, width // 2), max(1, montage.height // 2)), Image.Resampling.NEAREST)
    counted = [(n, color) for n, color in montage.getcolors(maxcolors=montage.width * montage.height) or []]
    ranked = sorted((item for item in counted if isinstance(item[1], tuple)), key=lambda item: (-item[0], item[1]))
    common: list[tuple[int, ...]] = [tuple(color) for _, color in ranked[:EXACT_COLORS] if isinstance(color, tuple)]
    cut = montage.quantize(colors=256 - len(common), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    cut_palette = (cut.getpalette() or [])[: 3 * (256 - len(common))]
    candidates: list[tuple[int, ...]] = [tuple(color) for color in common]
    candidates += [tuple(cut_palette[i : i + 3]) for i in range(0, 3 * (256 - len(common)), 3)]
    # Pillow maps pixels through a cache of 8x8x8 colour boxes and gives each box one entry: two
    # entries in one box let an anti-aliasing shade win the box and turn white into grey. Keep
    # the first (most common) entry of each box.
    boxes: dict[tuple[int, ...], tuple[int, ...]] = {}
    for entry in candidates:
        if len(entry) == 3:
            boxes.setdefault(tuple(channel >> 3 for channel in entry), entry)
    entries = list(boxes.values())
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for entry in entries for channel in entry])
    del sources, montage

    def indexed_frame(index: int) -> PilImage:
        return decoded(index).quantize(palette=palette, dither=Image.Dither.NONE)

    # Pillow decodes and quantises without the GIL, so frames go through every core; only the
    # 1-byte-per-pixel results are kept, which bounds memory to a fraction of the RGB frames.
    with ThreadPoolExecutor(max(1, os.cpu_count() or 1)) as pool:
        indexed = list(pool.map(indexed_frame, range(len(frames))))
    buffer = io.BytesIO()
    indexed[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=indexed[1:],
        duration=list(durations_ms),
        loop=0,
        disposal=1,
        optimize=False,
    )
    return buffer.getvalue()
