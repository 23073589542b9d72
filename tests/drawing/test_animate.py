"""The animated walkthrough: one frame per step after the overview, stable layout, small file."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kit import Design
from kit.authoring.discovery import find_blueprint_files, load_design
from kit.drawing.animate import walkthrough_gif
from kit.drawing.render import GIF_BUDGET_BYTES
from tests.conftest import REPO, render_once


def png(color: tuple[int, int, int], size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def frames_of(gif: bytes) -> list[Image.Image]:
    image = Image.open(io.BytesIO(gif))
    frames = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frames.append(image.convert("RGB"))
    return frames


def test_flat_colours_come_out_exactly() -> None:
    colors = [(255, 255, 255), (200, 200, 200), (9, 105, 218), (13, 17, 23)]
    gif = walkthrough_gif([png(c) for c in colors], [100] * 4, palette_from=range(4))
    assert [frame.getpixel((5, 5)) for frame in frames_of(gif)] == colors


def test_white_stays_white_beside_a_near_white_shade() -> None:
    """Anti-aliasing leaves shades like 252 grey; the background must not be mapped onto them."""
    image = Image.new("RGB", (40, 20), (255, 255, 255))
    image.paste((252, 252, 252), (0, 0, 10, 5))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    (frame,) = frames_of(walkthrough_gif([buffer.getvalue()], [100], palette_from=[0]))
    assert frame.getpixel((30, 15)) == (255, 255, 255)


def test_a_frame_of_another_size_is_padded_in_the_page_colour() -> None:
    gif = walkthrough_gif([png((255, 255, 255)), png((0, 0, 0), (30, 25))], [100, 100], palette_from=[0, 1])
    first, second = frames_of(gif)
    assert first.size == second.size == (40, 25)
    assert second.getpixel((35, 5)) == (0, 0, 0) and second.getpixel((5, 5)) == (0, 0, 0)


def test_one_duration_per_frame() -> None:
    with pytest.raises(ValueError, match="one duration per frame"):
        walkthrough_gif([png((0, 0, 0))], [100, 100], palette_from=[0])


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
        # 1x of the 2x PNG, give or take Graphviz's rounding: the same layout.
        assert abs(image.width - overview.width / 2) <= 1 and abs(image.height - overview.height / 2) <= 1
    assert image.info.get("loop") == 0
