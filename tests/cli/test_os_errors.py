"""Operating-system errors while rendering are one line naming the path and the cause (issue 14, item 6).

A folder that cannot be written, a full disk, or rendered/<slug> being a regular file used to end
the run with a traceback and leave the manifest and the index unwritten. Now the blueprint it hit
fails with one line, the others render, the manifest and index are still written where they can
be, and the exit code is 1. Read-only folders and full disks are test doubles: the suite runs as
root (where permissions do not stop a write) and cannot mount a small file system.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kit.cli.main import cli
from kit.errors import describe_os_error

pytestmark = pytest.mark.graphviz

GOOD = """
from kit import Blueprint

bp = Blueprint("{slug}", title="{slug}", category="domain", promise="Fast and correct.")
a = bp.component("a", "user", "A")
b = bp.component("b", "service", "B", tech="Go")
bp.link(a, b, "call")
bp.flow("Call", [(a, b, "A calls B")])
BLUEPRINT = bp.build()
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "blueprints" / "domain"
    folder.mkdir(parents=True)
    for slug in ("alpha", "beta"):
        (folder / f"{slug}.py").write_text(GOOD.format(slug=slug))
    return tmp_path


def run(workspace: Path, *args: str) -> Result:
    out = str(workspace / "rendered")
    result = CliRunner().invoke(
        cli, ["--blueprints", str(workspace / "blueprints"), *args, "--out", out], catch_exceptions=False
    )
    print(f"exit={result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")  # shown on failure
    return result


def fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, where: Callable[[str], bool]) -> None:
    """Every fsync of a file whose path `where` accepts fails with `code`, as a full or read-only disk does."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        if where(path):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def assert_one_line_each(result: Result) -> None:
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert line.startswith(("error: ", "warning: ", "note: ")), line


def test_a_slug_path_that_is_a_regular_file_fails_that_blueprint_only(workspace: Path) -> None:
    out = workspace / "rendered"
    out.mkdir()
    (out / "beta").write_text("not a folder")
    result = run(workspace, "render")
    assert result.exit_code == 1
    assert_one_line_each(result)
    assert f"beta.py: cannot write 'beta': {out / 'beta'}: is a file, not a folder (move it away" in result.stderr
    assert "rendered alpha" in result.stdout
    assert sorted(json.loads((out / "manifest.json").read_text())["blueprints"]) == ["alpha"]
    assert (out / "README.md").is_file()
    assert (out / "beta").read_text() == "not a folder"  # the user's file is theirs, never replaced
    advice = run(workspace, "check-rendered")
    assert advice.exit_code == 1
    assert f"blocked: {out.as_posix()}/beta is a file, not a folder (move it away, then run" in advice.stderr


def test_a_full_disk_fails_the_blueprint_it_hit_and_the_rest_render(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = workspace / "rendered"
    fail_writes(monkeypatch, errno.ENOSPC, lambda path: f"{os.sep}beta{os.sep}" in path)
    result = run(workspace, "render")
    assert result.exit_code == 1
    assert_one_line_each(result)
    [line] = [line for line in result.stderr.splitlines() if "beta" in line]
    assert line.startswith(f"error: {os.path.relpath(workspace / 'blueprints/domain/beta.py')}: cannot write 'beta': ")
    assert line.endswith(": No space left on device")
    assert f"{out / 'beta'}{os.sep}" in line and ".tmp" not in line  # the file it meant, not the temporary
    assert sorted(json.loads((out / "manifest.json").read_text())["blueprints"]) == ["alpha"]
    assert (out / "README.md").is_file()
    assert [p.name for p in (out / "beta").iterdir() if p.name.startswith(".")] == []  # no temporaries kept


def test_a_read_only_output_folder_is_reported_not_thrown(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = workspace / "rendered"
    fail_writes(monkeypatch, errno.EROFS, lambda path: path.startswith(str(out.resolve())))
    result = run(workspace, "render")
    assert result.exit_code == 1
    assert_one_line_each(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4, errors  # alpha, beta, the manifest, the index
    assert all(line.endswith(": Read-only file system") for line in errors)
    assert any(f"cannot record the renders in {out / 'manifest.json'}" in line for line in errors)
    assert any(f"cannot write the index {out / 'README.md'}" in line for line in errors)


def test_describe_os_error_names_the_file_a_temporary_stood_for(tmp_path: Path) -> None:
    error = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".alpha.svg.123.ab_cd9xy.tmp"))
    assert describe_os_error(error) == f"{tmp_path / 'alpha.svg'}: No space left on device"
    assert describe_os_error(PermissionError(errno.EACCES, "Permission denied")) == "Permission denied"
