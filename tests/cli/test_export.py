"""`blueprint export SLUG --to FORMAT [--out FILE]`: what it prints, writes and refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.authoring.discovery import find_blueprint_files, load_design
from kit.exports.d2 import d2
from kit.exports.json_model import model_json
from kit.exports.mermaid import flowchart
from kit.exports.structurizr import structurizr
from tests.cli.test_main import GOOD, invoke


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "blueprints" / "domain"
    folder.mkdir(parents=True)
    for slug in ("alpha", "beta"):
        (folder / f"{slug}.py").write_text(GOOD.format(slug=slug, title=slug.title()))
    return tmp_path


@pytest.mark.parametrize(
    ("format_name", "writer"), [("mermaid", flowchart), ("d2", d2), ("structurizr", structurizr), ("json", model_json)]
)
def test_each_format_prints_the_export(runner: CliRunner, workspace: Path, format_name: str, writer: object) -> None:
    result = invoke(runner, workspace, "export", "alpha", "--to", format_name)
    assert result.exit_code == 0
    (file,) = [f for f in find_blueprint_files(workspace / "blueprints") if f.slug == "alpha"]
    assert callable(writer)
    assert result.stdout == writer(load_design(file))


def test_out_writes_the_file_and_nothing_on_stdout(runner: CliRunner, workspace: Path) -> None:
    out = workspace / "exports" / "alpha.json"
    result = invoke(runner, workspace, "export", "alpha", "--to", "json", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text())["blueprint"]["slug"] == "alpha"
    assert [p.name for p in out.parent.iterdir()] == ["alpha.json"]  # no temporary left beside it


def test_an_unknown_slug_lists_the_known_ones(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, workspace, "export", "gamma", "--to", "d2")
    assert result.exit_code == 2
    assert "unknown blueprint 'gamma' (known: alpha, beta)" in result.stderr


def test_an_unknown_format_lists_the_formats(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, workspace, "export", "alpha", "--to", "svg")
    assert result.exit_code == 2
    assert "'svg' is not one of 'mermaid', 'd2', 'structurizr', 'json'" in result.stderr


def test_an_unwritable_out_names_the_file(runner: CliRunner, workspace: Path) -> None:
    blocker = workspace / "not-a-folder"
    blocker.write_text("")
    result = invoke(runner, workspace, "export", "alpha", "--to", "d2", "--out", str(blocker / "alpha.d2"))
    assert result.exit_code == 1
    assert f"error: cannot write the d2 export of alpha: {blocker}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_blueprint_is_reported_not_exported(runner: CliRunner, workspace: Path) -> None:
    (workspace / "blueprints" / "domain" / "alpha.py").write_text("raise RuntimeError('boom')\n")
    result = invoke(runner, workspace, "export", "alpha", "--to", "mermaid")
    assert result.exit_code == 1
    assert "alpha.py" in result.stderr and result.stdout == ""
