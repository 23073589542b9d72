"""CONTRIBUTING.md works as written: its `sh tested` blocks, run in order on a copy of the repository.

The copy holds only what a contributor's commands touch (kit, blueprints, rendered, tests, the
Makefile, pyproject.toml, scripts) and reuses this checkout's .venv rather than building one:
its entries linked, under a set-up stamp newer than the copy's pyproject.toml, so make installs
nothing, and PYTHONPATH makes the copy's kit the one that runs. The guide's `make check` block
is not run here, since it would run this test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kit.analysis.content import check_content
from kit.authoring.discovery import BlueprintFile, load_design
from tests.conftest import REPO

GUIDE = REPO / "CONTRIBUTING.md"
_TESTED_BLOCK = re.compile(r"^```sh tested\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def guide_commands() -> list[str]:
    return [line for block in _TESTED_BLOCK.findall(GUIDE.read_text()) for line in block.splitlines() if line]


def test_the_guide_has_the_steps_a_contributor_needs() -> None:
    commands = guide_commands()
    assert commands[0].startswith("make new ")
    assert any("blueprint check --strict" in c for c in commands)
    assert any("blueprint render" in c for c in commands)
    assert commands[-1] == "make check-rendered"


@pytest.mark.graphviz
@pytest.mark.skipif(not (REPO / ".venv" / "bin" / "blueprint").exists(), reason="needs `make setup`'s .venv")
def test_following_the_guide_gives_a_rendered_checked_blueprint(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("kit", "blueprints", "rendered", "tests", "scripts"):
        shutil.copytree(REPO / folder, copy / folder, ignore=ignore)
    for name in ("Makefile", "pyproject.toml", "README.md", "CONTRIBUTING.md"):
        shutil.copy2(REPO / name, copy / name)
    # The repository's virtualenv, entry by entry, with a set-up stamp of the copy's own that is
    # newer than its pyproject.toml: make takes the environment as installed and reinstalls nothing.
    venv = copy / ".venv"
    venv.mkdir()
    for entry in (REPO / ".venv").iterdir():
        if entry.name != ".installed":
            (venv / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (venv / ".installed").touch()
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("UPDATE_GOLDEN", None)

    for command in guide_commands():
        result = subprocess.run(command, shell=True, cwd=copy, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"`{command}` failed:\n{result.stdout}\n{result.stderr}"

    path = copy / "blueprints" / "load_balancing" / "rate_limiter.py"
    design = load_design(BlueprintFile(path))
    assert check_content(design) == []
    out = copy / "rendered" / "rate-limiter"
    names = {p.name for p in out.iterdir()}
    assert {"README.md", "rate-limiter.png", "rate-limiter.svg", "rate-limiter.dark.svg", "rate-limiter.gif"} <= names
    assert (copy / "tests" / "golden" / "rate-limiter.dot").is_file()
    assert "[Rate Limiter](rate-limiter/README.md)" in (copy / "rendered" / "README.md").read_text()
