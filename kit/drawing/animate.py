"""Walkthrough frames -> one animated GIF that any platform embeds (Medium takes no SVG).

Frames stream in one at a time and are written as they come: only the previous frame is kept, to
store just the rectangle in which the next one differs (a revealed step is a small change), so
memory does not grow with the number of steps. All frames share one palette (kit/drawing/palette.py)
and are mapped without dithering, which keeps unchanged areas byte-identical between frames.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

__all__ = ["GifWriter", "walkthrough_gif"]


class GifWriter:
    """A looping GIF written frame by frame into memory; `add` each palette frame, then `finish`."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self._previous: PilImage | None = None
        self._count = 0

    def add(self, frame: PilImage, duration_ms: int) -> None:
        """Append a frame ("P" mode, the same palette and size as the first)."""
        from PIL import GifImagePlugin, ImageChops

        if frame.mode != "P":
            raise ValueError(f"GIF frames must be palette images, not {frame.mode}")
        previous = self._previous
        if previous is None:
            header, _ = GifImagePlugin.getheader(frame, info={"loop": 0, "optimize": False})
            self._buffer.write(b"".join(header))
            box = (0, 0, *frame.size)
        else:
            if frame.size != previous.size or frame.getpalette() != previous.getpalette():
                raise ValueError("every GIF frame must share the first frame's size and palette")
            # Palette indices compared as grey levels: equal bytes, equal colours.
            # nothing changed: one pixel carries the frame's duration
            box = ImageChops.difference(_indices(previous), _indices(frame)).getbbox() or (0, 0, 1, 1)
        part = frame.crop(box)
        part.putpalette(frame.getpalette() or [])
        # disposal 1 keeps the previous frame under the changed rectangle.
        for chunk in GifImagePlugin.getdata(part, offset=box[:2], duration=duration_ms, disposal=1):
            self._buffer.write(chunk)
        self._previous = frame
        self._count += 1

    def finish(self) -> bytes:
        if self._count == 0:
            raise ValueError("a GIF needs at least one frame")
        self._previous = None
        return self._buffer.getvalue() + b";"


def _indices(frame: PilImage) -> PilImage:
    from PIL import Image

    return Image.frombytes("L", frame.size, frame.tobytes())


def walkthrough_gif(frames: Iterable[tuple[PilImage, int]]) -> bytes:
    """(palette frame, duration in ms) pairs -> looping GIF bytes, consuming the frames lazily."""
    writer = GifWriter()
    for frame, duration in frames:
        writer.add(frame, duration)
    return writer.finish()
