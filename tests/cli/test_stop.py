"""Ctrl-C and SIGTERM stop a render promptly (issue 14, item 5): queued work cancelled, running `dot`
processes ended, finished blueprints kept and recorded, one line saying so, exit 130 or 143."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.drawing.layout import dot_executable
from kit.publishing.manifest import read_manifest

pytestmark = pytest.mark.graphviz

BLUEPRINT = """
from kit import Blueprint

bp = Blueprint("{slug}", title="{slug}", category="domain", promise="Stops on time.")
a = bp.component("a", "user", "Client")
b = bp.component("b", "service", "API", tech="Go")
bp.link(a, b, "call")
bp.flow("Call", [(a, b, "Send the request")])
BLUEPRINT = bp.build()
"""


def workspace(tmp_path: Path, slugs: list[str], *, slow: str) -> tuple[Path, dict[str, str]]:
    """Blueprints, and a `dot` that hangs for a minute on the blueprint named `slow` only."""
    root = tmp_path / "blueprints" / "domain"
    root.mkdir(parents=True)
    for slug in slugs:
        (root / f"{slug.replace('-', '_')}.py").write_text(BLUEPRINT.format(slug=slug))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    # `exec` so that the hanging process is the one the kit started and must end.
    real = dot_executable()
    fake.write_text(
        f'#!/bin/sh\ninput=$(cat)\ncase "$input" in *"{slow}"*) exec sleep 60;; esac\n'
        f'printf "%s" "$input" | exec "{real}" "$@"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    return tmp_path / "blueprints", env


def sleeping_children(pid: int) -> list[int]:
    """Processes whose parent is `pid` and that are our fake, hanging `dot`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and command.startswith(b"sleep"):
            found.append(int(entry.name))
    return found


def _recorded(out: Path) -> set[str]:
    try:
        return set(read_manifest(out))
    except ValueError:  # caught mid-write by a reader without the lock: try again
        return set()


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_a_render_within_about_a_second(tmp_path: Path, sent: int, code: int) -> None:
    blueprints, env = workspace(tmp_path, ["alpha", "beta", "gamma"], slow="beta")
    out = tmp_path / "rendered"
    command = [sys.executable, "-m", "kit", "--blueprints", str(blueprints), "render", "--out", str(out), "-j", "2"]
    # As from a terminal: a process started in the background (CI) inherits SIGINT ignored.
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not sleeping_children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sleeping_children(process.pid), "the hanging dot never started"
    while "alpha" not in _recorded(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(sent)
    sent_at = time.monotonic()
    stdout, stderr = process.communicate(timeout=30)
    took = time.monotonic() - sent_at
    assert process.returncode == code, stderr.decode()
    assert took < 10, f"took {took:.1f} s to stop"  # a generous guard; it stops in well under a second here
    message = stderr.decode()
    assert "interrupted:" in message and "`blueprint render` finishes the rest" in message
    assert "Traceback" not in message
    assert sleeping_children(process.pid) == []
    # alpha is drawn before beta hangs; what was finished is kept and recorded.
    assert b"rendered alpha" in stdout
    assert "alpha" in read_manifest(out) and (out / "alpha" / "alpha.svg").is_file()
    assert "beta" not in read_manifest(out)
