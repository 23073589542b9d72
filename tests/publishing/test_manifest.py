"""Freshness: hashes that follow the model and the kit, the manifest's format, and rendered/ in this repository."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kit import Design
from kit.authoring.discovery import find_blueprint_files, load_design
from kit.authoring.playbook import read_playbook
from kit.publishing.index import index_markdown
from kit.publishing.manifest import (
    INDEX,
    Entry,
    current_kit_hash,
    freshness_problems,
    is_fresh,
    kit_hash,
    list_rendered,
    manifest_json,
    model_hash,
    parse_manifest,
    read_manifest,
)
from tests.conftest import REPO

FILES = frozenset({"README.md", "mini-wallet.png", "mini-wallet.svg"})


def entry_for(design: Design, kit: str = "k1") -> Entry:
    return Entry(
        source="blueprints/domain/mini_wallet.py", model=model_hash(design), kit=kit, files=tuple(sorted(FILES))
    )


def test_model_hash_follows_content_not_source_lines(design: Design) -> None:
    moved = replace(design, components=tuple(replace(c, line=(c.line or 0) + 10) for c in design.components))
    assert model_hash(moved) == model_hash(design)
    assert model_hash(replace(design, title="Mini Wallet 2")) != model_hash(design)
    renamed = replace(design, components=(replace(design.components[0], label="App"), *design.components[1:]))
    assert model_hash(renamed) != model_hash(design)


def test_kit_hash_follows_code_templates_and_icon_version() -> None:
    base = kit_hash({"dot.py": b"a", "templates/summary.md.j2": b"b"}, "0.25.1")
    assert base == kit_hash({"templates/summary.md.j2": b"b", "dot.py": b"a"}, "0.25.1")
    assert base != kit_hash({"dot.py": b"a!", "templates/summary.md.j2": b"b"}, "0.25.1")
    assert base != kit_hash({"dot.py": b"a", "templates/summary.md.j2": b"b"}, "0.24.4")
    # Moving bytes from one file to the next is a change too.
    assert kit_hash({"a.py": b"xy", "b.py": b""}, "1") != kit_hash({"a.py": b"x", "b.py": b"y"}, "1")


def test_manifest_round_trips_and_is_sorted(design: Design) -> None:
    entries = {"zeta": entry_for(design), "alpha": entry_for(design, "k2")}
    text = manifest_json(entries)
    assert text == manifest_json(dict(reversed(entries.items())))
    assert text.index('"alpha"') < text.index('"zeta"') and text.endswith("}\n")
    assert parse_manifest(text, "m.json") == entries


def test_a_broken_manifest_names_the_file_and_the_fix() -> None:
    with pytest.raises(ValueError, match=r"rendered/manifest.json is not a rendering manifest .*--force"):
        parse_manifest('{"blueprints": {"x": {"model": 1}}}', "rendered/manifest.json")


def test_is_fresh(design: Design) -> None:
    entry = entry_for(design)
    assert is_fresh(entry, design, "k1", FILES)
    assert not is_fresh(None, design, "k1", FILES)
    assert not is_fresh(entry, design, "k2", FILES)
    assert not is_fresh(entry, replace(design, promise="Other."), "k1", FILES)
    assert not is_fresh(entry, design, "k1", FILES - {"mini-wallet.png"})


def problems(design: Design, **overrides: object) -> list[str]:
    arguments: dict[str, object] = {
        "designs": {design.slug: design},
        "sources": {design.slug: "blueprints/domain/mini_wallet.py"},
        "entries": {design.slug: entry_for(design)},
        "rendered": {design.slug: FILES},
        "kit": "k1",
        "out": "rendered",
        "index_ok": True,
    }
    arguments.update(overrides)
    return freshness_problems(**arguments)  # type: ignore[arg-type]


def test_fresh_output_has_no_problems(design: Design) -> None:
    assert problems(design) == []


def test_a_blueprint_edited_without_rendering_is_stale(design: Design) -> None:
    edited = replace(design, title="Mini Wallet 2")
    assert problems(design, designs={design.slug: edited}) == [
        "stale: mini-wallet (blueprints/domain/mini_wallet.py changed since it was rendered; "
        "run `blueprint render mini-wallet`)"
    ]


def test_a_kit_change_makes_every_blueprint_stale(design: Design) -> None:
    assert problems(design, kit="k2") == [
        "stale: mini-wallet (the kit's rendering code changed since it was rendered; "
        "run `blueprint render mini-wallet`)"
    ]


def test_missing_and_orphaned_files_and_folders(design: Design) -> None:
    rendered = {design.slug: (FILES - {"mini-wallet.png"}) | {"old.svg"}, "gone": frozenset({"gone.svg"})}
    entries = {design.slug: entry_for(design), "gone": entry_for(design)}
    assert problems(design, rendered=rendered, entries=entries) == [
        "missing: rendered/mini-wallet/mini-wallet.png (rendering wrote it last time; "
        "run `blueprint render mini-wallet`)",
        "orphaned: rendered/mini-wallet/old.svg (rendering did not write it; delete it)",
        "orphaned: rendered/gone/ (no blueprint has the slug 'gone'; delete the folder)",
        "orphaned: gone in rendered/manifest.json (no blueprint has this slug; `blueprint render` drops it)",
    ]


def test_never_rendered_and_stale_index(design: Design) -> None:
    assert problems(design, entries={}, rendered={}, index_ok=False) == [
        "not rendered: mini-wallet (blueprints/domain/mini_wallet.py has no entry in rendered/manifest.json; "
        "run `blueprint render mini-wallet`)",
        "stale: rendered/README.md (the index does not match the blueprints; run `blueprint render`)",
    ]


def test_the_repository_rendered_folder_is_fresh() -> None:
    """`make test` fails here when a blueprint or the kit changed and `make` was not run."""
    files = find_blueprint_files(REPO / "blueprints")
    designs = {f.slug: load_design(f) for f in files}
    out = REPO / "rendered"
    found = freshness_problems(
        designs,
        {f.slug: f.path.relative_to(REPO).as_posix() for f in files},
        read_manifest(out),
        list_rendered(out),
        current_kit_hash(),
        out="rendered",
        index_ok=(out / INDEX).read_text(encoding="utf-8")
        == index_markdown(designs.values(), read_playbook(REPO / "blueprints")),
    )
    assert found == [], "rendered/ is out of date; run `make` and commit rendered/:\n" + "\n".join(found)


def test_only_code_that_shapes_outputs_enters_the_kit_hash(tmp_path: Path) -> None:
    """An edit to the CLI, the watcher, the scaffold or the checks renders nothing; an edit to drawing
    code makes every blueprint stale."""
    import shutil

    from kit.publishing.manifest import kit_files, kit_hash

    copy = tmp_path / "kit"
    shutil.copytree(REPO / "kit", copy, ignore=shutil.ignore_patterns("__pycache__"))
    names = set(kit_files(copy))
    assert "drawing/render.py" in names and "publishing/templates/summary.md.j2" in names
    assert not {"cli/main.py", "cli/watch.py", "authoring/scaffold.py", "analysis/content.py"} & names
    before = kit_hash(kit_files(copy), "v")
    for elsewhere in ("cli/main.py", "cli/watch.py", "authoring/scaffold.py", "analysis/content.py"):
        (copy / elsewhere).write_text((copy / elsewhere).read_text() + "\n# an edit\n")
    assert kit_hash(kit_files(copy), "v") == before
    (copy / "drawing" / "restyle.py").write_text((copy / "drawing" / "restyle.py").read_text() + "\n# an edit\n")
    assert kit_hash(kit_files(copy), "v") != before
