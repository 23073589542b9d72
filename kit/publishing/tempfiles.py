"""Temporary files and folders named after the process that made them, so a later run can clear a killed one's.

A run killed with SIGKILL cannot clean up: `write_atomic`'s `.name.<pid>.<random>.tmp` files stay in
rendered/<slug>/, and `blueprint-<purpose>-<pid>-<random>` folders stay in the temporary folder.
Each name carries its maker's process id; the sweeps remove only names of exactly this shape whose
process is gone, so a run going on at the same time (even another user's) keeps its files.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Final

__all__ = [
    "TEMP_DIR_PURPOSES",
    "process_alive",
    "sweep_rendered",
    "sweep_temp_dirs",
    "temp_dir",
    "temp_file_prefix",
    "temp_file_suffix",
]

#: What the kit makes temporary folders for; any other name is never touched.
TEMP_DIR_PURPOSES: Final = ("dot", "icons", "revision")
# tempfile's random part is 8 characters of [a-z0-9_].
_DIR_NAME: Final = re.compile(rf"^blueprint-(?:{'|'.join(TEMP_DIR_PURPOSES)})-(?P<pid>[0-9]+)-[a-z0-9_]{{8}}$")
_FILE_NAME: Final = re.compile(r"^\..+\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.tmp$")
temp_file_suffix: Final = ".tmp"


def temp_file_prefix(name: str) -> str:
    """The prefix of the temporary file that will become `name`: hidden, and marked with this process."""
    return f".{name}.{os.getpid()}."


def process_alive(pid: int) -> bool:
    """Whether process `pid` exists (another user's counts: only its absence makes a leftover)."""
    if pid <= 0:
        return True  # 0 and negatives address process groups, not one process: never treat as gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftover(entry: os.DirEntry[str], pattern: re.Pattern[str], *, directory: bool) -> bool:
    """`entry` has the kit's name shape, the right type (symlinks never count), our owner, and a dead maker."""
    match = pattern.match(entry.name)
    if match is None:
        return False
    try:
        info = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return False
    kind_ok = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    return kind_ok and info.st_uid == os.getuid() and not process_alive(int(match["pid"]))


def sweep_temp_dirs(parent: Path) -> list[Path]:
    """Remove the kit's temporary folders in `parent` whose process is gone; returns them."""
    removed = []
    with contextlib.suppress(FileNotFoundError), os.scandir(parent) as entries:
        for entry in entries:
            if _leftover(entry, _DIR_NAME, directory=True):
                # rmtree does not follow symlinks inside; ignore_errors: a parallel sweep may get there first.
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return sorted(removed)


def _sweep_temp_files(folder: Path) -> list[Path]:
    removed = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(folder) as entries:
        for entry in entries:
            if _leftover(entry, _FILE_NAME, directory=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def sweep_rendered(out_root: Path) -> list[Path]:
    """Remove the temporary files killed runs left in `out_root` and its folders; returns them.

    Only `out_root` and the real folders directly in it are looked at: a symlinked folder leads
    somewhere the kit does not write, so nothing there is removed.
    """
    removed = _sweep_temp_files(out_root)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(out_root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                removed += _sweep_temp_files(Path(entry.path))
    return sorted(removed)


@cache
def _swept(parent: str) -> None:
    """Sweep `parent` once per process: a render makes many temporary folders, and one look is enough."""
    sweep_temp_dirs(Path(parent))


@contextlib.contextmanager
def temp_dir(purpose: str) -> Iterator[Path]:
    """A temporary folder for `purpose`, removed on exit; first clears what killed runs left."""
    if purpose not in TEMP_DIR_PURPOSES:
        raise ValueError(f"unknown temporary folder purpose {purpose!r}; one of {', '.join(TEMP_DIR_PURPOSES)}")
    parent = tempfile.gettempdir()
    _swept(parent)
    with tempfile.TemporaryDirectory(prefix=f"blueprint-{purpose}-{os.getpid()}-", dir=parent) as tmp:
        yield Path(tmp)
