"""SIGKILL a real `blueprint render` at many moments: every file in rendered/ stays a complete version.

Each trial starts the CLI in a subprocess on a small blueprint, kills it (after a delay spread
over one render's duration, or as soon as the k-th temporary file appears, so that some kills
land in the middle of writing), then checks every file is either what it was before the trial or
what the trial's version renders to (the manifest may also have dropped the blueprint's entry,
which it does while the blueprint's files are being replaced). A last run must then finish the
job and leave no temporary file behind, in rendered/ or in the temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kit.publishing.manifest import MANIFEST, manifest_json, parse_manifest

pytestmark = pytest.mark.graphviz

BLUEPRINT = """
from kit import Blueprint

bp = Blueprint("{slug}", title="{title}", category="domain", promise="Fast and correct.")
a = bp.component("a", "user", "Client")
b = bp.component("b", "service", "{service}", tech="Go")
c = bp.component("c", "relational-db", "Store", tech="Postgres")
bp.link(a, b, "{call}")
bp.link(b, c, "write")
bp.flow("Call", [(a, b, "{step}"), (b, c, "Persist it")])
BLUEPRINT = bp.build()
"""
VERSIONS = {
    "v1": {"title": "{name} one", "service": "API", "call": "POST /things", "step": "Send the request"},
    "v2": {"title": "{name} two", "service": "API v2", "call": "PUT /things/id", "step": "Send it again"},
}
SLUGS = ("alpha",)


def write_blueprints(root: Path, version: str) -> None:
    folder = root / "domain"
    folder.mkdir(parents=True, exist_ok=True)
    for slug in SLUGS:
        fields = {key: value.format(name=slug.title()) for key, value in VERSIONS[version].items()}
        (folder / f"{slug}.py").write_text(BLUEPRINT.format(slug=slug, **fields))


def start(blueprints: Path, out: Path, env: dict[str, str], *, force: bool = True) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kit", "--blueprints", str(blueprints), "render", "--out", str(out), "-j", "1"]
    return subprocess.Popen(
        [*command, *(["--force"] if force else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def unrecorded(manifest: bytes) -> bytes:
    """`manifest` without the blueprint's entry: what it holds while the blueprint's files are replaced."""
    entries = parse_manifest(manifest.decode("utf-8"), MANIFEST)
    return manifest_json({slug: e for slug, e in entries.items() if slug not in SLUGS}).encode("utf-8")


def is_temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(".tmp")


def snapshot(out: Path) -> dict[str, bytes]:
    """Every finished file under `out` (temporary ones left out) by relative path, with its bytes."""
    # .gitignore names the local files, which are the same in both versions: it proves nothing here.
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not is_temporary(p) and p.name != ".gitignore"
    }


def temporaries(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if is_temporary(p)]


def kill_after_temporary(process: subprocess.Popen[bytes], out: Path, count: int) -> None:
    """Kill `process` as soon as `count` distinct temporary files have appeared under `out`."""
    already = {p.name for p in temporaries(out)}
    seen: set[str] = set()
    while process.poll() is None and len(seen) < count:
        for folder in (out, *(out / slug for slug in SLUGS)):
            with contextlib.suppress(FileNotFoundError):
                seen.update(e.name for e in os.scandir(folder) if e.name.endswith(".tmp") and e.name not in already)
    process.kill()
    process.wait()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The subprocesses' environment, with a temporary folder of the test's own to inspect."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    return {**os.environ, "TMPDIR": str(tmp)}


def render_fully(blueprints: Path, out: Path, env: dict[str, str], *, force: bool = True) -> float:
    began = time.monotonic()
    process = start(blueprints, out, env, force=force)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr.decode()
    return time.monotonic() - began


def test_a_killed_render_leaves_only_complete_files_and_the_next_run_finishes(
    tmp_path: Path, env: dict[str, str]
) -> None:
    blueprints, out = tmp_path / "blueprints", tmp_path / "rendered"
    expected: dict[str, dict[str, bytes]] = {}
    duration = 0.0
    for version in VERSIONS:
        write_blueprints(blueprints, version)
        duration = max(duration, render_fully(blueprints, tmp_path / version, env))
        expected[version] = snapshot(tmp_path / version)
    # The check is only sharp if the versions differ in every file.
    assert expected["v1"].keys() == expected["v2"].keys()
    assert all(expected["v1"][name] != expected["v2"][name] for name in expected["v1"])
    shutil.copytree(tmp_path / "v1", out)

    timed = [duration * (i + 0.5) / 8 for i in range(8)]
    triggered = list(range(1, len(expected["v1"]) + 1, 2))
    mixed = killed_mid_write = 0
    for trial, moment in enumerate([*timed, *triggered]):
        version = ("v2", "v1")[trial % 2]
        write_blueprints(blueprints, version)
        before = snapshot(out)
        process = start(blueprints, out, env)
        if isinstance(moment, float):
            time.sleep(moment)
            process.kill()
            process.wait()
        else:
            kill_after_temporary(process, out, moment)
        after = snapshot(out)
        assert after.keys() == expected[version].keys(), f"trial {trial}: files appeared or vanished"
        for name, data in after.items():
            allowed = (before[name], expected[version][name], *([unrecorded(before[name])] if name == MANIFEST else []))
            assert data in allowed, f"trial {trial}: {name} is neither version"
        outputs = {n: d for n, d in after.items() if n != MANIFEST}
        versions_present = {next(v for v in VERSIONS if expected[v][n] == d) for n, d in outputs.items()}
        mixed += len(versions_present) > 1
        killed_mid_write += bool(temporaries(out))
    # Evidence that kills landed while files were being replaced, not only before or after.
    assert mixed and killed_mid_write, (mixed, killed_mid_write)

    # A complete run, then an edit whose render is killed half-way: the manifest must not go on
    # calling the half-written folder up to date once the blueprint is edited back.
    write_blueprints(blueprints, "v2")
    render_fully(blueprints, out, env)
    write_blueprints(blueprints, "v1")
    kill_after_temporary(start(blueprints, out, env, force=False), out, 3)
    write_blueprints(blueprints, "v2")
    render_fully(blueprints, out, env, force=False)
    assert snapshot(out) == expected["v2"]
    assert temporaries(out) == []
    assert list(Path(env["TMPDIR"]).iterdir()) == []
