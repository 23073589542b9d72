"""Polling for file changes: the engine behind `blueprint watch`, with no dependency and no threads.

A poll is one `stat` per watched file, so watching a blueprint costs next to nothing; `changes`
is pure so the decision "has anything changed?" is testable without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

__all__ = ["Snapshot", "changes", "snapshot", "watch"]

#: Per file: (modification time in ns, size); None when the file does not exist.
Snapshot = Mapping[Path, tuple[int, int] | None]


def snapshot(paths: Iterable[Path]) -> dict[Path, tuple[int, int] | None]:
    """The state of each file now."""
    state: dict[Path, tuple[int, int] | None] = {}
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            state[path] = None
        else:
            state[path] = (info.st_mtime_ns, info.st_size)
    return state


def changes(before: Snapshot, after: Snapshot) -> list[Path]:
    """The files whose state differs between two snapshots, in `after`'s order."""
    return [path for path, state in after.items() if before.get(path) != state]


def watch(
    paths: Iterable[Path],
    on_change: Callable[[list[Path]], None],
    *,
    interval: float = 0.5,
    keep_going: Callable[[], bool] = lambda: True,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Call `on_change` with the changed files each time any of `paths` changes, until `keep_going` is false."""
    watched = list(paths)
    before = snapshot(watched)
    while keep_going():
        sleep(interval)
        after = snapshot(watched)
        changed = changes(before, after)
        if changed:
            on_change(changed)
        before = after
