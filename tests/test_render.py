"""Rendering to files: deterministic bytes, every view in every theme, atomic writes, no leftovers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from kit import Design
from kit.files import write_atomic
from kit.render import output_dir, render_design, write_design
from tests.conftest import render_once

pytestmark = pytest.mark.graphviz


def test_rendering_twice_gives_identical_bytes(design: Design) -> None:
    assert render_design(design, workers=1).files == render_once(design).files


def test_every_view_comes_in_light_and_dark_svg_and_png_plus_a_gif(design: Design) -> None:
    names = [name for name, _ in render_once(design).files]
    stems = ["mini-wallet", "mini-wallet.transfer", "mini-wallet.notify"]
    expected = {f"{stem}{theme}.{fmt}" for stem in stems for theme in ("", ".dark") for fmt in ("svg", "png")}
    assert set(names) == expected | {"mini-wallet.gif", "README.md"}


def test_png_has_twice_the_pixels_of_the_svg_in_css_px(design: Design) -> None:
    rendered = render_once(design)
    for stem in ("mini-wallet", "mini-wallet.transfer.dark"):
        match = re.search(rb'<svg width="(\d+)pt" height="(\d+)pt"', rendered.file(f"{stem}.svg"))
        assert match
        css_width, css_height = (int(match.group(i)) * 96 / 72 for i in (1, 2))  # 1 pt = 4/3 CSS px
        with Image.open(io.BytesIO(rendered.file(f"{stem}.png"))) as png:
            assert abs(png.width - 2 * css_width) <= 4
            assert abs(png.height - 2 * css_height) <= 4


def test_a_clean_design_renders_without_graphviz_warnings(design: Design) -> None:
    assert render_once(design).warnings == ()


def test_files_land_in_the_slug_folder_and_no_temporary_file_remains(design: Design, tmp_path: Path) -> None:
    rendered = render_once(design)
    written = write_design(rendered, tmp_path)
    folder = tmp_path / design.slug
    assert sorted(p.name for p in folder.iterdir()) == sorted(name for name, _ in rendered.files)
    assert sorted(written) == sorted(folder.iterdir())


def test_unchanged_outputs_are_not_rewritten(design: Design, tmp_path: Path) -> None:
    rendered = render_once(design)
    write_design(rendered, tmp_path)
    assert write_design(rendered, tmp_path) == []


def test_a_renamed_flow_leaves_no_stale_view_behind(design: Design, tmp_path: Path) -> None:
    rendered = render_once(design)
    folder = tmp_path / design.slug
    folder.mkdir()
    old_view = folder / "mini-wallet.old-flow.svg"
    notes = folder / "notes.txt"  # not the renderer's: never touched
    old_view.write_text("old")
    notes.write_text("mine")
    removed = write_design(rendered, tmp_path)
    assert old_view in removed and not old_view.exists()
    assert notes.read_text() == "mine"


def test_slugs_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        output_dir(tmp_path, "../elsewhere")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.svg"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kit.files.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]
