"""What goes wrong in drawing is an error, never a file: cut or failed Graphviz output, wrong-sized
images, designs too big to draw (issue: reliability round two, items 1 and 8)."""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path

import pytest

from kit import Blueprint, BlueprintError, Design
from kit.analysis.validate import MAX_COMPONENTS, MAX_LINKS, MAX_STEPS
from kit.drawing import layout as layout_module
from kit.drawing.render import render_design, render_designs
from kit.errors import GraphvizError

pytestmark = pytest.mark.graphviz


def fake_dot(folder: Path, script: str) -> Path:
    """A `dot` on PATH that runs `script` (sh) instead of Graphviz."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dot"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return folder


def with_dot(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def test_svg_cut_short_by_a_dot_that_still_exits_0_is_an_error(
    design: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a `dot` interrupted mid-write did: half an SVG and exit status 0.
    real = layout_module.dot_executable()
    script = f'"{real}" "$@" | head -c 2000\nexit 0\n'
    with_dot(monkeypatch, fake_dot(tmp_path / "bin", script))
    # The header batch is what reaches stdout here; the body goes to files in the same run.
    with pytest.raises(GraphvizError, match=r"without the expected size|cut short|dot drew \d+ headers of"):
        render_design(design)


def test_a_dot_killed_by_a_signal_is_an_error_even_with_output(
    design: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = layout_module.dot_executable()
    # TERM, not INT: a shell started in the background ignores SIGINT, and would exit 0.
    script = f'"{real}" "$@"\nkill -TERM $$\n'
    with_dot(monkeypatch, fake_dot(tmp_path / "bin", script))
    with pytest.raises(GraphvizError, match="killed by SIGTERM"):
        render_design(design)


def test_an_image_of_the_wrong_size_is_never_kept(design: Design, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL.Image import Image

    from kit.drawing.raster import rasterise

    def short(svg: str, density: float) -> Image:
        image = rasterise(svg, density)
        return image.crop((0, 0, image.width, image.height // 2))  # what a cut raster would look like

    monkeypatch.setattr("kit.drawing.render.rasterise", short)
    (result,) = render_designs([design])
    assert isinstance(result, GraphvizError) and "came out" in str(result)


def _chain(slug: str, count: int, *, links: int | None = None, steps: int = 1) -> Design:
    bp = Blueprint(slug, title=slug, category="fundamentals", promise="Size limits.")
    ids = [bp.component(f"c{i}", "service", f"C{i}") for i in range(count)]
    for a, b in list(itertools.pairwise(ids))[: links if links is not None else count]:
        bp.link(a, b, "call")
    if steps and count > 1:
        pairs = list(itertools.pairwise(ids))
        bp.flow("Walk", [(a, b, f"step {n}") for n, (a, b) in enumerate((pairs * steps)[:steps])])
    return bp.build()


@pytest.mark.parametrize(
    ("what", "count", "limit"),
    [("components", MAX_COMPONENTS + 1, MAX_COMPONENTS), ("flow steps", MAX_STEPS + 1, MAX_STEPS)],
)
def test_a_design_too_big_to_draw_is_refused_before_any_work(what: str, count: int, limit: int) -> None:
    with pytest.raises(BlueprintError) as caught:
        if what == "components":
            _chain("huge", count)
        else:
            _chain("long", 10, steps=count)
    message = str(caught.value)
    assert f"more than the {limit} a blueprint may" in message and "split it into several blueprints" in message
    assert MAX_LINKS >= 2 * MAX_COMPONENTS  # a dense design of the largest size still fits its links


def test_the_largest_design_allowed_still_renders() -> None:
    design = _chain("largest", MAX_COMPONENTS, steps=4)
    assert render_design(design, workers=2).file("largest.svg")
