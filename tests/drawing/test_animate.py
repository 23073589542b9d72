"""The animated walkthrough: one frame per step after the overview, written frame by frame, small."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from kit import Design
from kit.authoring.discovery import find_blueprint_files, load_design
from kit.drawing.animate import GifWriter, walkthrough_gif
from kit.drawing.layout import lay_out
from kit.drawing.palette import build_palette, quantise
from kit.drawing.raster import rasterise
from kit.drawing.render import FRAME_DENSITY, GIF_BUDGET_BYTES, _other_flow, _redrawn
from kit.drawing.restyle import canvas_of, view_drawing
from kit.drawing.theme import LIGHT
from kit.drawing.views import walkthrough_frames
from tests.conftest import REPO, render_once


def solid(color: tuple[int, int, int], palette: Image.Image, size: tuple[int, int] = (40, 20)) -> Image.Image:
    return quantise(Image.new("RGB", size, color), palette)


def frames_of(gif: bytes) -> list[Image.Image]:
    image = Image.open(io.BytesIO(gif))
    frames = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frames.append(image.convert("RGB"))
    return frames


def test_flat_colours_come_out_exactly() -> None:
    colors = [(255, 255, 255), (200, 200, 200), (9, 105, 218), (13, 17, 23)]
    palette = build_palette([Image.new("RGB", (10, 10), c) for c in colors])
    gif = walkthrough_gif((solid(c, palette), 100) for c in colors)
    assert [frame.getpixel((5, 5)) for frame in frames_of(gif)] == colors


def test_only_the_changed_rectangle_is_stored() -> None:
    white, blue = (255, 255, 255), (9, 105, 218)
    base = Image.new("RGB", (200, 100), white)
    changed = base.copy()
    changed.paste(blue, (10, 10, 20, 15))
    palette = build_palette([base, changed])
    one = walkthrough_gif([(quantise(base, palette), 100)])
    two = walkthrough_gif([(quantise(base, palette), 100), (quantise(changed, palette), 100)])
    assert len(two) - len(one) < 120  # a 10x5 patch, not a second 200x100 frame
    assert frames_of(two)[1].getpixel((15, 12)) == blue and frames_of(two)[1].getpixel((100, 50)) == white


def test_white_stays_white_beside_a_near_white_shade() -> None:
    """Anti-aliasing leaves shades like 252 grey; the background must not be mapped onto them."""
    image = Image.new("RGB", (40, 20), (255, 255, 255))
    image.paste((252, 252, 252), (0, 0, 10, 5))
    (frame,) = frames_of(walkthrough_gif([(quantise(image, build_palette([image])), 100)]))
    assert frame.getpixel((30, 15)) == (255, 255, 255)


def test_frames_must_share_size_palette_and_mode() -> None:
    palette = build_palette([Image.new("RGB", (4, 4), (0, 0, 0))])
    writer = GifWriter()
    writer.add(solid((0, 0, 0), palette), 100)
    with pytest.raises(ValueError, match="size and palette"):
        writer.add(solid((0, 0, 0), palette, (30, 25)), 100)
    with pytest.raises(ValueError, match="palette images"):
        writer.add(Image.new("RGB", (40, 20)), 100)
    with pytest.raises(ValueError, match="at least one frame"):
        GifWriter().finish()


@pytest.mark.graphviz
def test_a_frame_redrawn_in_part_looks_like_the_whole_frame_drawn() -> None:
    design = load_design(next(f for f in find_blueprint_files(REPO / "blueprints") if f.slug == "payment-wallet"))
    laid = lay_out(design)
    canvas = canvas_of(laid)
    previous = None
    redrawn = 0
    for frame in walkthrough_frames(design)[:12]:
        drawing = view_drawing(laid, design, LIGHT, frame, canvas)
        whole = rasterise(drawing.svg(), FRAME_DENSITY)
        if previous is not None and not _other_flow(previous[0], drawing):
            part = _redrawn(previous, drawing)
            difference = ImageChops.difference(whole, part).convert("L")
            histogram = difference.histogram()
            # Anti-aliasing at a few pixels of dashed lines may differ; nothing a reader can see.
            assert sum(histogram[24:]) < whole.width * whole.height / 2000
            redrawn += 1
        previous = (drawing, whole)
    assert redrawn >= 8


@pytest.mark.graphviz
@pytest.mark.parametrize("slug", ["mini-wallet", "payment-wallet", "ticket-booking", "agent-era-platform"])
def test_the_walkthrough_has_a_frame_per_step_and_fits_its_budget(slug: str, design: Design) -> None:
    if slug != "mini-wallet":
        design = load_design(next(f for f in find_blueprint_files(REPO / "blueprints") if f.slug == slug))
    rendered = render_once(design)
    gif = rendered.file(f"{slug}.gif")
    assert len(gif) < GIF_BUDGET_BYTES
    image = Image.open(io.BytesIO(gif))
    assert getattr(image, "n_frames", 1) == 1 + sum(len(flow.steps) for flow in design.flows)
    with Image.open(io.BytesIO(rendered.file(f"{slug}.png"))) as overview:
        # The 2x PNG and the 1x frames come from one canvas of whole CSS px.
        assert (image.width * 2, image.height * 2) == overview.size
    assert image.info.get("loop") == 0
