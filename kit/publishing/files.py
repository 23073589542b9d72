"""Atomic file writes: a reader (or a killed run) sees the old complete file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from kit.publishing.tempfiles import temp_file_prefix, temp_file_suffix

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename.

    Returns False (and touches nothing) when the file already holds exactly `data`, so unchanged
    outputs keep their modification time. A symlink at `path` is replaced by a regular file.
    """
    try:
        # A symlink is replaced, never followed: it may lead out of the folder the kit writes.
        if not path.is_symlink() and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_file_prefix(path.name), suffix=temp_file_suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if error.filename is None and error.errno is not None:
            # write() and fsync() failing (a full disk) name no file; the caller's report must.
            raise type(error)(error.errno, error.strerror, str(path)) from error
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return True
