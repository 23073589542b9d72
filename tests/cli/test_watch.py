"""Polling for changes: which files changed, and a watch loop that reacts to an edit (driven without waiting)."""

from __future__ import annotations

from pathlib import Path

from kit.cli.watch import changes, snapshot, watch


def test_changes_between_snapshots(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.py", tmp_path / "b.py", tmp_path / "c.py"
    a.write_text("1")
    b.write_text("1")
    before = snapshot([a, b, c])
    assert before[c] is None
    b.write_text("22")
    c.write_text("new")
    assert changes(before, snapshot([a, b, c])) == [b, c]
    assert changes(before, before) == []


def test_watch_calls_back_once_per_edit(tmp_path: Path) -> None:
    path = tmp_path / "bp.py"
    path.write_text("v1")
    seen: list[list[Path]] = []
    polls = iter(range(4))
    edits = {1: "v2 longer", 3: "v3 even longer"}

    def sleep(_: float) -> None:
        # Stands in for time passing: poll n sees the edit made before it.
        n = next(polls)
        if n in edits:
            path.write_text(edits[n])

    def keep_going() -> bool:
        return len(seen) < 2

    watch([path], seen.append, sleep=sleep, keep_going=keep_going)
    assert seen == [[path], [path]]
