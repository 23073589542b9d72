"""Leftovers of killed runs are recognised by name, owner and dead process, and nothing else is removed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kit.publishing.tempfiles import process_alive, sweep_rendered, sweep_temp_dirs, temp_dir


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_alive(child.pid)
    return child.pid


def killed_write(folder: Path, name: str) -> Path:
    """Run `write_atomic` in a child that SIGKILLs itself just before the rename; returns what it left."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        import kit.publishing.files
        kit.publishing.files.os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
        kit.publishing.files.write_atomic(Path({str(folder)!r}) / {name!r}, b"half")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == -9
    (left,) = [p for p in folder.iterdir() if p.name.startswith(f".{name}.")]
    return left


def test_a_killed_write_is_swept_from_the_output_and_its_folders(tmp_path: Path) -> None:
    slug = tmp_path / "alpha"
    slug.mkdir()
    left = [killed_write(tmp_path, "manifest.json"), killed_write(slug, "alpha.svg")]
    assert sweep_rendered(tmp_path) == sorted(left)
    assert list(slug.iterdir()) == [] and list(tmp_path.iterdir()) == [slug]


def test_only_the_kits_names_of_dead_processes_are_swept(tmp_path: Path, dead_pid: int) -> None:
    slug = tmp_path / "alpha"
    slug.mkdir()
    running = slug / f".alpha.svg.{os.getpid()}.abcd1234.tmp"  # a render going on now
    mine = [slug / ".notes.tmp", slug / f"alpha.svg.{dead_pid}.abcd1234.tmp", slug / "alpha.svg"]
    for path in (running, *mine):
        path.write_text("keep")
    outside = tmp_path.parent / f"outside-{tmp_path.name}"
    outside.mkdir()
    (outside / f".x.svg.{dead_pid}.abcd1234.tmp").write_text("not the kit's folder")
    (tmp_path / "linked").symlink_to(outside)
    (slug / f".link.svg.{dead_pid}.abcd1234.tmp").symlink_to(outside / "nothing")
    assert sweep_rendered(tmp_path) == []
    assert all(p.read_text() == "keep" for p in (running, *mine))
    assert len(list(outside.iterdir())) == 1


def test_temporary_folders_of_dead_runs_are_removed_and_others_kept(tmp_path: Path, dead_pid: int) -> None:
    dead = [tmp_path / f"blueprint-dot-{dead_pid}-a1b2c3d4", tmp_path / f"blueprint-icons-{dead_pid}-zz_99xyz"]
    kept = [
        tmp_path / f"blueprint-dot-{os.getpid()}-a1b2c3d4",  # this process: alive
        tmp_path / f"blueprint-other-{dead_pid}-a1b2c3d4",  # not a purpose of the kit
        tmp_path / "blueprint-dot-a1b2c3d4",  # the old name without a process id: owner unknown
    ]
    for folder in (*dead, *kept):
        folder.mkdir()
        (folder / "out.svg").write_text("x")
    target = tmp_path / "target"
    target.mkdir()
    (tmp_path / f"blueprint-dot-{dead_pid}-symlink1").symlink_to(target)
    assert sweep_temp_dirs(tmp_path) == sorted(dead)
    assert all(folder.is_dir() for folder in (*kept, target))
    assert not any(folder.exists() for folder in dead)


def test_temp_dir_names_carry_the_process_and_are_removed_on_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with temp_dir("dot") as folder:
        assert folder.parent == tmp_path and folder.name.startswith(f"blueprint-dot-{os.getpid()}-")
    assert not folder.exists()
    with pytest.raises(ValueError, match="one of dot, icons"), temp_dir("cache"):
        pass
