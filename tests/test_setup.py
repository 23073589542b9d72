"""Set-up on fresh machines (issue 14, item 10), with fake programs standing in for Python and apt.

Each test copies the Makefile, scripts/ and pyproject.toml into a fresh folder and runs `make` or a
script there with a fake `python3` that records what it was asked to do, so nothing is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

# A Python stand-in: `-m venv DIR` makes DIR/bin/python (itself), `-m pip` succeeds; both take a
# moment and fail if another run is inside either at the same time, as pip does when two share a venv.
FAKE_PYTHON = r"""#!/bin/sh
log="$FAKE_LOG"
case "$*" in
  *"import ensurepip"*)
    [ -z "${FAKE_NO_VENV:-}" ] || { echo "ModuleNotFoundError: No module named 'ensurepip'" >&2; exit 1; }
    exit 0 ;;
  "-c "*) exit 0 ;;
esac
if ! mkdir "$FAKE_BUSY" 2>/dev/null; then
  echo "Traceback (most recent call last): ... two set-ups at once" >&2; exit 1
fi
trap 'rmdir "$FAKE_BUSY"' EXIT
echo "$*" >> "$log"
sleep 0.5
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python"
fi
"""


def fresh_clone(tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copy(REPO / "Makefile", clone)
    shutil.copy(REPO / "pyproject.toml", clone)
    shutil.copytree(REPO / "scripts", clone / "scripts")
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    return clone


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "FAKE_LOG": str(tmp_path / "log"),
        "FAKE_BUSY": str(tmp_path / "busy"),
        "APT_GET": "no-such-apt-get",  # never install anything from a test
        **extra,
    }


def make_venv(clone: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    python = str(clone.parent / "python3")
    return subprocess.Popen(
        ["make", "--no-print-directory", f"PYTHON={python}", ".venv/.installed"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_two_makes_at_once_in_a_fresh_clone_set_up_once_and_both_succeed(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    env = env_for(tmp_path)
    runs = [make_venv(clone, env) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    log = (tmp_path / "log").read_text().splitlines()
    assert sum(line.startswith("-m venv") for line in log) == 1, log  # the second found it done
    assert (clone / ".venv" / ".installed").is_file()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_without_python3_venv_the_message_says_to_install_it(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    run = make_venv(clone, env_for(tmp_path, FAKE_NO_VENV="1"))
    output = run.communicate(timeout=120)[0]
    assert run.returncode != 0
    assert "sudo apt-get install -y python3-venv" in output
    assert "Traceback" not in output
    assert not (clone / ".venv").exists()  # nothing half-made to trip the next run


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_editable_install_asks_setuptools_for_the_quiet_mode(tmp_path: Path) -> None:
    clone = fresh_clone(tmp_path)
    run = make_venv(clone, env_for(tmp_path))
    assert run.communicate(timeout=120)[1] is None and run.returncode == 0
    [install] = [line for line in (tmp_path / "log").read_text().splitlines() if "-e" in line.split()]
    # The default (meta path finder) mode prints a dozen lines of BuildBackendWarning boxes.
    assert "--config-settings editable_mode=compat" in install


def fake_bin(tmp_path: Path, programs: dict[str, str]) -> Path:
    """A PATH folder holding `programs` (name -> shell body) and the few real tools the scripts use."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in programs.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name).chmod(0o755)
    for tool in ("grep", "uname", "cat", "sh", "tr"):
        real = shutil.which(tool)
        if real and not (folder / tool).exists():
            (folder / tool).symlink_to(real)
    return folder


def test_missing_fonts_are_not_called_a_missing_graphviz(tmp_path: Path) -> None:
    folder = fake_bin(
        tmp_path,
        {
            "dot": "exit 0",
            "fc-match": 'echo \'DejaVuSans.ttf: "DejaVu Sans" "Book"\'',
            "fc-list": "exit 0",  # no font covers any script
            "apt-get": "exit 0",
            "id": "echo 1000",  # not root, and no sudo
        },
    )
    result = subprocess.run(
        ["sh", str(REPO / "scripts" / "ensure-graphviz")],
        env={"PATH": str(folder)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Graphviz is missing" not in result.stderr
    assert "fonts-liberation2" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert "sudo apt-get install -y" in result.stderr
    assert result.returncode == 0  # Graphviz is there: rendering works, some text would not draw
