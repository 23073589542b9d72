"""Rendering to files: deterministic bytes, every view in every theme, atomic writes, no leftovers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from kit import Blueprint, Design
from kit.drawing.render import output_dir, render_design, write_design
from kit.publishing.files import write_atomic
from tests.conftest import render_once

pytestmark = pytest.mark.graphviz


def test_rendering_twice_gives_identical_bytes(design: Design) -> None:
    assert render_design(design, workers=1).files == render_once(design).files


def test_every_view_comes_in_light_and_dark_svg_and_png_plus_a_gif(design: Design) -> None:
    names = [name for name, _ in render_once(design).files]
    stems = ["mini-wallet", "mini-wallet.transfer", "mini-wallet.notify"]
    expected = {f"{stem}{theme}.{fmt}" for stem in stems for theme in ("", ".dark") for fmt in ("svg", "png")}
    articles = {f"{stem}.article{theme}.png" for stem in stems for theme in ("", ".dark")}
    assert set(names) == expected | articles | {"mini-wallet.gif", "README.md", ".gitignore"}


def test_article_images_are_local_except_the_overviews_which_the_summary_shows() -> None:
    from kit.drawing.render import is_local

    assert not is_local("s", "s.article.png") and not is_local("s", "s.article.dark.png")
    assert is_local("s", "s.flow.article.png") and is_local("s", "s.flow.article.dark.png")


def test_png_has_twice_the_pixels_of_the_svg_in_css_px(design: Design) -> None:
    rendered = render_once(design)
    for stem in ("mini-wallet", "mini-wallet.transfer.dark"):
        match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', rendered.file(f"{stem}.svg"))
        assert match
        css_width, css_height = (float(match.group(i)) * 96 / 72 for i in (1, 2))  # 1 pt = 4/3 CSS px
        with Image.open(io.BytesIO(rendered.file(f"{stem}.png"))) as png:
            # The canvas is whole CSS px, so the 2x PNG is exactly twice its size.
            assert png.size == (2 * css_width, 2 * css_height)


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

    monkeypatch.setattr("kit.publishing.files.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]


@pytest.mark.parametrize("slug", ["../elsewhere", "/abs", "a/b", ".", "..", "", "a\0b"])
def test_no_slug_names_a_folder_outside_the_output(tmp_path: Path, slug: str) -> None:
    with pytest.raises(ValueError, match=f"slug {re.escape(repr(slug))} would write outside"):
        output_dir(tmp_path / "rendered", slug)


def test_a_slug_folder_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    (out / "other").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (out / "away").symlink_to(tmp_path / "outside", target_is_directory=True)
    (out / "sibling").symlink_to(out / "other", target_is_directory=True)
    for slug in ("away", "sibling"):
        with pytest.raises(ValueError, match=f"{slug} is a symlink"):
            output_dir(out, slug)


def test_a_symlinked_output_file_is_replaced_not_followed(design: Design, tmp_path: Path) -> None:
    rendered = render_once(design)
    folder = tmp_path / "rendered" / design.slug
    folder.mkdir(parents=True)
    outside = {name: tmp_path / f"outside-{name}" for name in ("mini-wallet.svg", "README.md")}
    outside["mini-wallet.svg"].write_bytes(b"precious")
    outside["README.md"].write_bytes(rendered.file("README.md"))  # already the right bytes
    for name, target in outside.items():
        (folder / name).symlink_to(target)
    write_design(rendered, tmp_path / "rendered")
    assert outside["mini-wallet.svg"].read_bytes() == b"precious"
    for name in outside:
        assert not (folder / name).is_symlink() and (folder / name).read_bytes() == rendered.file(name)


def test_hostile_flow_names_write_only_inside_the_slug_folder(tmp_path: Path) -> None:
    out = tmp_path / "sandbox" / "rendered"
    # One design per name: a design with several one-step flows on one link trips the GIF's
    # equal-frame check (a separate, known problem), which is not what this test is about.
    for name in ("../../escape", "/etc/passwd/", "..\\..\\..\\c", ".hidden-file"):
        bp = Blueprint("hostile", title="Hostile", category="domain", promise="Nothing escapes.")
        a = bp.component("a", "user", "A")
        b = bp.component("b", "service", "B")
        bp.link(a, b, "call")
        bp.flow(name, [(a, b, "Call")])
        write_design(render_design(bp.build(), workers=2), out)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.parent == out / "hostile" for p in written)
    assert not any(p.name.startswith(".") and p.name != ".gitignore" for p in written)
