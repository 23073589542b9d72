"""Model -> files: lays each design out once, draws every view and theme from that layout, and
writes them into rendered/.

For one design: `lay_out` runs Graphviz twice (the body once, all headers once); `draw_view`
restyles the layout into the SVG of each view and theme; resvg rasterises each SVG in process;
PNGs and GIF frames are mapped onto one palette per theme. Everything is built in memory, and
`write_design` puts it in place atomically; nothing is written for a design that failed.

Work is spread over a pool of threads: Graphviz runs in its own processes, and resvg and
Pillow release the GIL, so the cores stay busy without a process pool.
"""

from __future__ import annotations

import math
import os
from collections.abc import Generator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kit.drawing.animate import GifWriter
from kit.drawing.article import article_files, article_width
from kit.drawing.layout import Box, Layout, end_running_dots, lay_out
from kit.drawing.palette import build_palette, encode_png, quantise
from kit.drawing.raster import CSS_PX_PER_PT, pixel_size, rasterise
from kit.drawing.restyle import Canvas, ViewDrawing, canvas_of, draw_view, view_drawing
from kit.drawing.search import Choice, choose
from kit.drawing.theme import DARK, LIGHT, THEMES, Theme
from kit.drawing.views import OVERVIEW, View, file_stem, flow_views, walkthrough_frames
from kit.errors import GraphvizError
from kit.model.model import Design
from kit.publishing.files import write_atomic
from kit.publishing.summary import summary_markdown

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

__all__ = [
    "FRAME_DENSITY",
    "GIF_BUDGET_BYTES",
    "GITIGNORE",
    "RASTER_DENSITY",
    "Prepared",
    "Rendered",
    "is_local",
    "output_dir",
    "output_files",
    "prepare",
    "render_design",
    "render_designs",
    "walkthrough",
    "write_design",
]

#: 2x pixel density: the SVG is W CSS px wide, the PNG 2W pixels.
RASTER_DENSITY = 2.0
#: Walkthrough frames at 1x: a GIF has no high-density variant, and 2x would quadruple its size.
FRAME_DENSITY = 1.0
#: Largest walkthrough GIF the kit accepts for a blueprint: small enough to embed in an article.
GIF_BUDGET_BYTES = 3_000_000
#: How long a walkthrough shows the overview, a step, and the last step of a flow.
OVERVIEW_MS, STEP_MS, FLOW_END_MS = 3000, 1300, 2600


#: The per-folder git-ignore file naming the outputs `make` builds but git does not carry.
GITIGNORE = ".gitignore"


def is_local(slug: str, name: str) -> bool:
    """Whether an output is built for authors to upload rather than committed.

    Committed: what GitHub shows or authors link by URL (the summary, every SVG the summary
    embeds, the light overview PNG, and the overview's article PNGs, light and dark, which the
    summary shows first: about 100-150 KB each at 2x). Local: every other PNG and the walkthrough GIF, which only an
    author uploading to a page that takes no SVG needs, and which would cost the repository
    megabytes of history that does not diff on every re-render.
    """
    committed = (f"{slug}.png", f"{slug}.article.png", f"{slug}.article{DARK.suffix}.png")
    return name == f"{slug}.gif" or (name.endswith(".png") and name not in committed)


@dataclass(frozen=True, slots=True)
class Rendered:
    """Every output of one design, in memory (file name -> bytes), plus what Graphviz warned about."""

    slug: str
    files: tuple[tuple[str, bytes], ...]
    warnings: tuple[str, ...]
    #: The layouts it was drawn with and what choosing them cost (no runs when they were recorded).
    choice: Choice | None = None

    @property
    def committed(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.files if not is_local(self.slug, name))

    @property
    def local(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.files if is_local(self.slug, name))

    def file(self, name: str) -> bytes:
        for file_name, data in self.files:
            if file_name == name:
                return data
        raise KeyError(name)


def _checked(image: PilImage, svg: str, density: float) -> PilImage:
    """The raster, refused unless it is the size the layout says (a cut or failed draw is never kept)."""
    expected = pixel_size(svg, density)
    if image.size != expected:
        drawn = f"{image.size[0]}x{image.size[1]}"
        raise GraphvizError(f"an image came out {drawn} px, not {expected[0]}x{expected[1]}", "")
    return image


@dataclass(frozen=True, slots=True)
class Prepared:
    """A design laid out, with each theme's palette and the walkthrough's first frame.

    The palettes come from the 1x overview, so every 2x view can be drawn as soon as they exist,
    each on its own worker; the light 1x overview is also the GIF's first frame.
    """

    choice: Choice
    layout: Layout
    article: Layout
    canvas: Canvas
    palettes: dict[str, PilImage]
    first_frame: PilImage


def prepare(design: Design, recorded: tuple[str, ...]) -> Prepared:
    """The layouts (searched, unless `recorded` names them: the views' and the article form's),
    each theme's palette and the walkthrough's first frame."""
    choice = choose(design, recorded)
    layout = lay_out(design, choice.body)
    article = lay_out(design, choice.article)
    canvas = canvas_of(layout)
    palettes: dict[str, PilImage] = {}
    first_frame = None
    for theme in THEMES:
        svg = draw_view(layout, design, theme, OVERVIEW, canvas)
        small = _checked(rasterise(svg, FRAME_DENSITY), svg, FRAME_DENSITY)
        palettes[theme.name] = build_palette([small])
        if theme is LIGHT:
            first_frame = small
    assert first_frame is not None
    return Prepared(choice, layout, article, canvas, palettes, first_frame)


def _view_image(prepared: Prepared, design: Design, theme: Theme, view: View) -> dict[str, bytes]:
    """The SVG and 2x PNG of one view in one theme."""
    svg = draw_view(prepared.layout, design, theme, view, prepared.canvas)
    image = _checked(rasterise(svg, RASTER_DENSITY), svg, RASTER_DENSITY)
    stem = file_stem(design.slug, view, theme.suffix)
    return {
        f"{stem}.svg": svg.encode("utf-8"),
        f"{stem}.png": encode_png(quantise(image, prepared.palettes[theme.name])),
    }


def _frame_duration(frame: View) -> int:
    if frame.flow is None:
        return OVERVIEW_MS
    return FLOW_END_MS if frame.reveal == len(frame.flow.steps) else STEP_MS


def walkthrough(prepared: Prepared, design: Design) -> dict[str, bytes]:
    """The GIF: the overview, then one frame per step, drawn and written one at a time.

    Consecutive frames of a flow differ in a few elements (the step just revealed, the one
    before it, the caption); only the part of the image those elements reach is redrawn, from
    only the elements that reach it, and pasted over the previous frame.
    """
    writer = GifWriter()
    palette = prepared.palettes[LIGHT.name]
    previous: tuple[ViewDrawing, PilImage] | None = None
    for frame in walkthrough_frames(design):
        drawing = view_drawing(prepared.layout, design, LIGHT, frame, prepared.canvas)
        if previous is None:
            image = prepared.first_frame
        elif _other_flow(previous[0], drawing):
            svg = drawing.svg()
            image = _checked(rasterise(svg, FRAME_DENSITY), svg, FRAME_DENSITY)
        else:
            image = _redrawn(previous, drawing)
        writer.add(quantise(image, palette), _frame_duration(frame))
        previous = (drawing, image)
    return {f"{design.slug}.gif": writer.finish()}


def _other_flow(before: ViewDrawing, after: ViewDrawing) -> bool:
    """True when most of the image changes (a new flow recedes other parts than the last one)."""
    changed = sum(1 for (_, a), (_, b) in zip(before.elements, after.elements, strict=True) if a != b)
    return changed * 3 > len(after.elements)


def _redrawn(previous: tuple[ViewDrawing, PilImage], drawing: ViewDrawing) -> PilImage:
    """`drawing` as an image made from the previous frame's, redrawing only where the two differ."""
    before, image = previous
    image = image.copy()
    scale = FRAME_DENSITY * CSS_PX_PER_PT
    windows: list[Box] = []
    if before.header != drawing.header:
        windows.append((0.0, 0.0, drawing.canvas.width, drawing.canvas.body_top))
    pairs = zip(before.elements, drawing.elements, strict=True)
    boxes = [drawing.box_of(element) for (element, old), (_, new) in pairs if old != new]
    if boxes:
        windows.append(
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        )
    for left, top, right, bottom in windows:
        # Whole pixels, so the part lands exactly where a full drawing would put the same pixels.
        x0, y0 = max(0, math.floor(left * scale)), max(0, math.floor(top * scale))
        x1, y1 = min(image.width, math.ceil(right * scale)), min(image.height, math.ceil(bottom * scale))
        if x1 <= x0 or y1 <= y0:
            continue
        svg = drawing.window_svg((x0 / scale, y0 / scale, x1 / scale, y1 / scale))
        part = rasterise(svg, FRAME_DENSITY)
        if part.size != (x1 - x0, y1 - y0):
            raise GraphvizError(f"a redrawn part came out {part.size}, not {(x1 - x0, y1 - y0)}", "")
        image.paste(part, (x0, y0))
    return image


def _finished(design: Design, ready: Prepared, files: dict[str, bytes]) -> Rendered:
    """A design's images plus its summary and .gitignore, with what went wrong on the way."""
    warnings = list(ready.layout.warnings)
    gif = files.get(f"{design.slug}.gif", b"")
    if len(gif) > GIF_BUDGET_BYTES:
        warnings.append(f"walkthrough GIF is {len(gif) / 1e6:.1f} MB, over its {GIF_BUDGET_BYTES / 1e6:.1f} MB budget")
    width = round(article_width(ready.article))
    files["README.md"] = summary_markdown(design, article_width=width).encode("utf-8")
    files[GITIGNORE] = _gitignore(sorted(name for name in files if is_local(design.slug, name)))
    return Rendered(slug=design.slug, files=tuple(sorted(files.items())), warnings=tuple(warnings), choice=ready.choice)


def render_designs(
    designs: Sequence[Design], *, workers: int = 1, recorded: Mapping[str, tuple[str, ...]] | None = None
) -> Generator[Rendered | GraphvizError, None, None]:
    """Each design's outputs (or the GraphvizError that stopped it), in the order given.

    `recorded` holds, by slug, the layouts an earlier render chose (`Entry.layout`); each is reused
    while the design's layout fingerprint matches, the others are searched (kit/drawing/search.py).

    Every design is laid out and prepared first, then each of its images is a task of its own, all
    on one pool of `workers` threads; the output does not depend on `workers`. GraphvizNotFound
    propagates: no design can render.

    Stopped early (Ctrl-C, or the caller closing the iterator), queued work is cancelled and the
    running `dot` processes are ended at once, so only the images being drawn at that moment are
    waited for.
    """
    pool = ThreadPoolExecutor(max(1, workers))

    def queue(design: Design, known: tuple[str, ...]) -> tuple[Prepared, list[Future[dict[str, bytes]]]]:
        # Each design queues its own images once laid out, so a design that is slow to lay out
        # never holds back the ones before it.
        ready = prepare(design, known)
        parts = [
            pool.submit(_view_image, ready, design, theme, view)
            for theme in THEMES
            for view in (OVERVIEW, *flow_views(design))
        ]
        parts.append(pool.submit(article_files, ready.article, design))
        if design.flows:
            parts.append(pool.submit(walkthrough, ready, design))
        return ready, parts

    try:
        known = recorded or {}
        # A few designs ahead of the one being written, not all of them: memory holds a handful of
        # designs' images at a time however long the catalogue is.
        ahead = max(2, workers + 1)
        pending: dict[int, Future[tuple[Prepared, list[Future[dict[str, bytes]]]]]] = {}
        submitted = 0
        for index, design in enumerate(designs):
            while submitted < min(len(designs), index + ahead):
                upcoming = designs[submitted]
                pending[submitted] = pool.submit(queue, upcoming, known.get(upcoming.slug, ()))
                submitted += 1
            # Popped, so a design's images are let go once it has been handed over.
            future = pending.pop(index)
            try:
                ready, parts = future.result()
                files: dict[str, bytes] = {}
                for part in parts:
                    files.update(part.result())
            except GraphvizError as error:
                yield error
                continue
            yield _finished(design, ready, files)
            del ready, parts, files
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        end_running_dots()
        raise
    finally:
        pool.shutdown(wait=True)


def _gitignore(local: list[str]) -> bytes:
    header = "# Written by `blueprint render`: outputs `make` builds locally and git does not carry.\n"
    return (header + "".join(f"/{name}\n" for name in local)).encode("utf-8")


def render_design(design: Design, *, workers: int = 1, recorded: tuple[str, ...] = ()) -> Rendered:
    """All outputs of `design`, in memory (with the recorded layout choice, if still valid).
    Raises GraphvizError when `dot` fails."""
    (result,) = render_designs([design], workers=workers, recorded={design.slug: recorded})
    if isinstance(result, GraphvizError):
        raise result
    return result


def output_dir(out_root: Path, slug: str) -> Path:
    """rendered/<slug>/, refusing any slug that would resolve outside `out_root`, and a symlinked folder.

    A symlink is refused even when it points inside `out_root`: writing through it would put one
    blueprint's files in another's folder.
    """
    root = out_root.resolve()
    # One plain name: no separator, no '.' or '..', no NUL (which the OS would refuse obscurely).
    if not slug.strip(".") or any(char in slug for char in ("/", os.sep, "\0")):
        raise ValueError(f"slug {slug!r} would write outside {out_root}")
    target = root / slug
    if target.is_symlink():
        raise ValueError(f"{out_root / slug} is a symlink; the kit writes only into real folders (remove it)")
    return target


def output_files(rendered: Rendered, out_root: Path) -> dict[Path, bytes]:
    """Every file of one design's rendered/<slug>/ folder with its bytes: what `write_design` writes
    and what the freshness manifest lists."""
    folder = output_dir(out_root, rendered.slug)
    files = {}
    for name, data in rendered.files:
        if "/" in name or (name.startswith(".") and name != GITIGNORE):
            raise ValueError(f"output name {name!r} would leave {folder}")
        files[folder / name] = data
    return files


def write_design(rendered: Rendered, out_root: Path) -> list[Path]:
    """Write the outputs into rendered/<slug>/ atomically; returns the files that changed.

    Files of an earlier render that this one no longer makes (a renamed flow's view) are removed
    after the new ones are in place, so the folder never holds a mix that matches no blueprint.
    """
    files = output_files(rendered, out_root)
    changed = [path for path, data in files.items() if write_atomic(path, data)]
    folder = output_dir(out_root, rendered.slug)
    for stale in sorted(folder.iterdir()):
        if stale.is_file() and stale not in files and _is_output_name(rendered.slug, stale.name):
            stale.unlink()
            changed.append(stale)
    return changed


def _is_output_name(slug: str, name: str) -> bool:
    """A file name the renderer makes for `slug` (and so may remove), never anything else."""
    return name in ("README.md", GITIGNORE) or (
        name.startswith(slug + ".") and name.rsplit(".", 1)[-1] in ("svg", "png", "gif")
    )
