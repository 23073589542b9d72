"""Concurrent renders into one folder keep the manifest true (issue 14, item 4).

Each run used to read the manifest when it started and write its whole copy when it ended, so of
two renders of different blueprints at once only the last one's entries survived.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kit.publishing.manifest import MANIFEST, Entry, manifest_lock, read_manifest, update_manifest

BLUEPRINT = """
from kit import Blueprint

bp = Blueprint("{slug}", title="{slug}", category="domain", promise="Fast and correct.")
a = bp.component("a", "user", "Client")
b = bp.component("b", "service", "API", tech="Go")
bp.link(a, b, "call")
bp.flow("Call", [(a, b, "Send the request")])
BLUEPRINT = bp.build()
"""


def entry(name: str) -> Entry:
    return Entry(source=f"blueprints/domain/{name}.py", model=name, kit="k", files=("README.md",))


def test_updates_merge_per_blueprint_and_drop_only_what_they_name(tmp_path: Path) -> None:
    update_manifest(tmp_path, {"alpha": entry("alpha")})
    update_manifest(tmp_path, {"beta": entry("beta")})  # a second run that never saw alpha
    assert read_manifest(tmp_path) == {"alpha": entry("alpha"), "beta": entry("beta")}
    update_manifest(tmp_path, {"alpha": None})
    assert read_manifest(tmp_path) == {"beta": entry("beta")}
    update_manifest(tmp_path, {}, keep={"alpha"})
    assert read_manifest(tmp_path) == {}


def test_the_lock_is_exclusive_across_processes_and_reentrant_within_one(tmp_path: Path) -> None:
    probe = (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)"
    )
    with manifest_lock(tmp_path):
        with manifest_lock(tmp_path):  # nested use by the same run must not deadlock
            update_manifest(tmp_path, {"alpha": entry("alpha")})
        held = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, check=False)
        assert held.returncode != 0 and b"BlockingIOError" in held.stderr
    free = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, check=False)
    assert free.returncode == 0, free.stderr


@pytest.mark.graphviz
def test_two_renders_of_different_blueprints_at_once_both_stay_recorded(tmp_path: Path) -> None:
    blueprints, out = tmp_path / "blueprints", tmp_path / "rendered"
    (blueprints / "domain").mkdir(parents=True)
    for slug in ("alpha", "beta"):
        (blueprints / "domain" / f"{slug}.py").write_text(BLUEPRINT.format(slug=slug))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    base = [sys.executable, "-m", "kit", "--blueprints", str(blueprints)]
    runs = [
        subprocess.Popen([*base, "render", slug, "--out", str(out), "-j", "1"], env=env, stderr=subprocess.PIPE)
        for slug in ("alpha", "beta")
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr.decode()
    recorded = json.loads((out / MANIFEST).read_text())["blueprints"]
    assert sorted(recorded) == ["alpha", "beta"]
    check = subprocess.run([*base, "check-rendered", "--out", str(out)], env=env, capture_output=True, check=False)
    assert check.returncode == 0, check.stderr.decode()
    assert not list(out.glob(".*"))  # the lock leaves nothing behind in the output folder


def test_the_lock_also_keeps_threads_of_one_process_apart(tmp_path: Path) -> None:
    import threading

    inside: list[str] = []
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with manifest_lock(tmp_path):
            inside.append("first")
            holding.set()
            release.wait(60)

    def second() -> None:
        with manifest_lock(tmp_path):
            inside.append("second")

    one = threading.Thread(target=first)
    one.start()
    assert holding.wait(60)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)  # a generous look, not a timing assertion: it must still be waiting
    assert inside == ["first"] and two.is_alive()
    release.set()
    one.join(60)
    two.join(60)
    assert inside == ["first", "second"]
