"""The CLI through click's runner: listing, checking, rendering, exit codes and error reports."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kit.cli.main import cli

GOOD = """
from kit import Blueprint

bp = Blueprint("{slug}", title="{title}", category="domain", promise="Fast and correct.")
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
    (folder / "alpha.py").write_text(GOOD.format(slug="alpha", title="Alpha"))
    (folder / "beta.py").write_text(GOOD.format(slug="beta", title="Beta"))
    return tmp_path


def invoke(runner: CliRunner, workspace: Path, *args: str) -> Result:
    result = runner.invoke(cli, ["--blueprints", str(workspace / "blueprints"), *args], catch_exceptions=False)
    print(f"exit={result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")  # shown on failure
    return result


def break_beta(workspace: Path) -> None:
    (workspace / "blueprints" / "domain" / "beta.py").write_text(
        textwrap.dedent(GOOD.format(slug="beta", title="Beta")).replace('(a, b, "A calls B")', '(b, a, "B calls A")')
    )


def test_list(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, workspace, "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["alpha  Alpha  [domain]", "beta   Beta  [domain]"]


def scaffolded(workspace: Path, slug: str) -> Path:
    """A blueprint that meets the content standard: the scaffold's own output."""
    from kit.authoring.scaffold import plan_new, write_new

    planned = plan_new(slug.title(), "domain", workspace / "blueprints")
    write_new(planned, {})
    return planned.path


def test_check_passes(runner: CliRunner, workspace: Path) -> None:
    for name in ("alpha.py", "beta.py"):
        (workspace / "blueprints" / "domain" / name).unlink()
    scaffolded(workspace, "alpha")
    scaffolded(workspace, "beta")
    result = invoke(runner, workspace, "check", "--strict")
    assert result.exit_code == 0
    assert "ok  alpha  (no findings)" in result.stdout
    assert "2 ok, 0 failed" in result.stdout


def test_check_fails_on_content_errors_with_file_element_and_example(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, workspace, "check", "alpha")
    assert result.exit_code == 1
    assert "FAIL alpha  (5 error(s), 6 warning(s))" in result.stdout
    assert "alpha.py: error: use cases: 0 use case(s); the scope needs at least 3" in result.stderr
    assert '    e.g. bp.use_case("User", "sends money to another wallet")' in result.stderr


def test_warnings_inform_and_fail_only_with_strict(runner: CliRunner, workspace: Path) -> None:
    path = scaffolded(workspace, "gamma")
    # Drop the references, which is a warning only.
    path.write_text(path.read_text().split("bp.reference(")[0] + "BLUEPRINT = bp.build()\n")
    relaxed = invoke(runner, workspace, "check", "gamma")
    assert relaxed.exit_code == 0
    assert "ok  gamma  (0 error(s), 1 warning(s))" in relaxed.stdout
    assert "gamma.py: warning: references:" in relaxed.stderr
    strict = invoke(runner, workspace, "check", "--strict", "gamma")
    assert strict.exit_code == 1
    assert "FAIL gamma  (0 error(s), 1 warning(s))" in strict.stdout


def test_check_reports_the_broken_file_and_exits_1(runner: CliRunner, workspace: Path) -> None:
    (workspace / "blueprints" / "domain" / "alpha.py").unlink()
    scaffolded(workspace, "alpha")
    break_beta(workspace)
    result = invoke(runner, workspace, "check")
    assert result.exit_code == 1
    assert "ok  alpha" in result.stdout
    assert "beta.py:8: flow 'Call' step 1 'b' -> 'a': no link matches this step" in result.stderr


def test_unknown_slug_is_a_usage_error(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, workspace, "render", "gamma")
    assert result.exit_code == 2
    assert "unknown blueprint 'gamma' (known: alpha, beta)" in result.stderr


@pytest.mark.graphviz
def test_render_writes_every_output_and_the_index(runner: CliRunner, workspace: Path) -> None:
    out = workspace / "rendered"
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert result.exit_code == 0
    for slug in ("alpha", "beta"):
        names = {p.name for p in (out / slug).iterdir()}
        assert {
            "README.md",
            f"{slug}.svg",
            f"{slug}.png",
            f"{slug}.dark.svg",
            f"{slug}.call.png",
            f"{slug}.gif",
        } <= names
    assert "[Alpha](alpha/README.md)" in (out / "README.md").read_text()
    assert (out / "manifest.json").is_file()
    again = invoke(runner, workspace, "render", "--out", str(out))
    assert again.stdout.count("(up to date; --force renders it anyway)") == 2
    forced = invoke(runner, workspace, "render", "--force", "--out", str(out))
    assert forced.stdout.count("(unchanged)") == 2


@pytest.mark.graphviz
def test_render_redraws_only_the_edited_blueprint(runner: CliRunner, workspace: Path) -> None:
    out = workspace / "rendered"
    invoke(runner, workspace, "render", "--out", str(out))
    (workspace / "blueprints" / "domain" / "alpha.py").write_text(GOOD.format(slug="alpha", title="Alpha two"))
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert "rendered alpha" in result.stdout and "skipped  beta" in result.stdout
    assert "Alpha two" in (out / "README.md").read_text()
    (out / "beta" / "beta.png").unlink()
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert "rendered beta" in result.stdout and "skipped  alpha" in result.stdout
    assert (out / "beta" / "beta.png").is_file()


@pytest.mark.graphviz
def test_check_rendered_catches_an_edit_without_rendering_and_orphans(runner: CliRunner, workspace: Path) -> None:
    out = workspace / "rendered"
    invoke(runner, workspace, "render", "--out", str(out))
    fresh = invoke(runner, workspace, "check-rendered", "--out", str(out))
    assert fresh.exit_code == 0
    assert f"{out}/ is up to date with all 2 blueprints" in fresh.stdout
    (workspace / "blueprints" / "domain" / "alpha.py").write_text(GOOD.format(slug="alpha", title="Alpha two"))
    (out / "gone").mkdir()
    (out / "gone" / "gone.svg").write_text("<svg/>")
    (out / "beta" / "beta.old.png").write_bytes(b"")
    stale = invoke(runner, workspace, "check-rendered", "--out", str(out))
    assert stale.exit_code == 1
    assert "stale: alpha (blueprints/domain/alpha.py changed since it was rendered; run `blueprint render alpha`)" in (
        stale.stderr
    )
    assert f"orphaned: {out.as_posix()}/gone/ (no blueprint has the slug 'gone'; delete the folder)" in stale.stderr
    assert f"orphaned: {out.as_posix()}/beta/beta.old.png (rendering did not write it; delete it)" in stale.stderr
    assert f"stale: {out.as_posix()}/README.md (the index does not match the blueprints" in stale.stderr


@pytest.mark.graphviz
def test_a_broken_blueprint_does_not_stop_the_others(runner: CliRunner, workspace: Path) -> None:
    out = workspace / "rendered"
    invoke(runner, workspace, "render", "--out", str(out))
    index_before = (out / "README.md").read_bytes()
    beta_before = (out / "beta" / "beta.svg").read_bytes()
    (workspace / "blueprints" / "domain" / "alpha.py").write_text(GOOD.format(slug="alpha", title="Alpha two"))
    break_beta(workspace)
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert result.exit_code == 1
    assert "rendered alpha" in result.stdout
    assert "Alpha two" in (out / "alpha" / "README.md").read_text()
    assert "beta.py:8:" in result.stderr
    assert (out / "beta" / "beta.svg").read_bytes() == beta_before  # the old complete version stays
    assert (out / "README.md").read_bytes() == index_before
    assert "left as it was" in result.stderr


@pytest.mark.graphviz
def test_render_some_only_touches_those(runner: CliRunner, workspace: Path) -> None:
    out = workspace / "rendered"
    result = invoke(runner, workspace, "render", "beta", "--out", str(out))
    assert result.exit_code == 0
    assert not (out / "alpha").exists() and (out / "beta" / "beta.svg").is_file()


def test_dot_prints_the_source(runner: CliRunner, workspace: Path) -> None:
    result = invoke(runner, workspace, "dot", "alpha")
    assert result.exit_code == 0
    assert result.stdout.startswith('digraph "alpha" {')


def test_missing_graphviz_gives_the_install_command(
    runner: CliRunner, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kit.drawing.layout.shutil.which", lambda name: None)
    result = invoke(runner, workspace, "render", "--out", str(workspace / "rendered"))
    assert result.exit_code == 1
    assert "apt-get install -y graphviz" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help(runner: CliRunner) -> None:
    for command in cli.commands:
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and result.stdout.strip(), command


def test_kinds_lists_the_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["kinds"])
    assert result.exit_code == 0
    assert "relational-db" in result.stdout and "Control and ops:" in result.stdout


def test_python_dash_m_kit_is_the_same_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "kit", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "Usage: blueprint" in result.stdout


def test_two_files_with_one_slug_are_refused(runner: CliRunner, workspace: Path) -> None:
    other = workspace / "blueprints" / "caching"
    other.mkdir()
    (other / "alpha.py").write_text(GOOD.format(slug="alpha", title="Alpha elsewhere").replace("domain", "caching"))
    result = invoke(runner, workspace, "check")
    assert result.exit_code == 1
    assert "slug 'alpha' is already used by" in result.stderr


@pytest.mark.graphviz
def test_parallel_and_sequential_renders_write_identical_bytes(runner: CliRunner, workspace: Path) -> None:
    sequential, parallel = workspace / "one", workspace / "many"
    assert invoke(runner, workspace, "render", "--jobs", "1", "--out", str(sequential)).exit_code == 0
    assert invoke(runner, workspace, "render", "--jobs", "3", "--out", str(parallel)).exit_code == 0
    files = sorted(p.relative_to(sequential) for p in sequential.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*") if p.is_file())
    assert all((sequential / f).read_bytes() == (parallel / f).read_bytes() for f in files)


FAILING_DOT = """#!/bin/sh
# Fails on beta's diagrams the way Graphviz does on bad input; hands every other one to the real dot.
source=$(cat)
case "$source" in
  *'"beta"'*) printf 'Error: <stdin>: syntax error in line 3 near "->"\\nWarning: layout aborted\\n' >&2; exit 1 ;;
esac
printf '%s' "$source" | exec {real} "$@"
"""


@pytest.mark.graphviz
def test_graphviz_failing_names_the_file_with_its_stderr_in_one_paragraph(
    runner: CliRunner, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    fake = workspace / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text(FAILING_DOT.format(real=shutil.which("dot")))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    out = workspace / "rendered"
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert result.exit_code == 1
    (report,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert str(Path("blueprints", "domain", "beta.py")) in report and "'beta'" in report
    assert 'Error: <stdin>: syntax error in line 3 near "->" Warning: layout aborted' in report
    assert "rendered alpha" in result.stdout and (out / "alpha" / "alpha.svg").is_file()
    assert not (out / "beta").exists()


def test_without_graphviz_on_path_the_install_command_is_printed_not_a_traceback(workspace: Path) -> None:
    import subprocess
    import sys

    empty = workspace / "no-programs"
    empty.mkdir()
    command = [sys.executable, "-m", "kit", "--blueprints", str(workspace / "blueprints"), "render"]
    command += ["--out", str(workspace / "rendered")]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env={"PATH": str(empty)})
    assert result.returncode == 1, result.stderr
    assert "Graphviz's `dot` was not found on PATH" in result.stderr
    assert "sudo apt-get install -y graphviz" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.graphviz
def test_a_symlinked_slug_folder_is_refused_with_the_file_named(runner: CliRunner, workspace: Path) -> None:
    out, outside = workspace / "rendered", workspace / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "beta").symlink_to(outside, target_is_directory=True)
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert result.exit_code == 1
    assert "beta.py" in result.stderr and "is a symlink" in result.stderr and "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []
    assert (out / "alpha" / "alpha.svg").is_file()


@pytest.mark.graphviz
def test_check_reports_layout_defects_and_json(runner: CliRunner, workspace: Path) -> None:
    import json

    # Two services in one lane, a long label between them: the search places it beside the line.
    result = invoke(runner, workspace, "check", "--json", "alpha")
    data = json.loads(result.stdout)
    assert set(data) == {"alpha"}
    report = data["alpha"]
    assert report["views_share_one_layout"] is True
    assert report["search"]["dot_runs"] > 0
    for view in report["views"].values():
        assert set(view) >= {"counts", "defects", "crossings", "edge_length", "width", "height", "smallest_text"}
    assert all(name.endswith(".article.png") or name.endswith(".article.dark.png") for name in report["articles"])
    assert "same for all" in result.stderr
    assert all(view["defects"] == [] for view in report["views"].values())


@pytest.mark.graphviz
def test_check_fails_naming_the_file_when_a_layout_defect_remains(
    runner: CliRunner, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.drawing.search as search

    # One candidate only: the default draws an in-lane label through its own line.
    monkeypatch.setattr(search, "CANDIDATES", (search.CANDIDATES[0],))
    monkeypatch.setattr(search, "REFINE_ROUNDS", 0)  # and no move of the label: the defect stays
    folder = workspace / "blueprints" / "domain"
    (folder / "lane.py").write_text(
        textwrap.dedent(
            """
            from kit import Blueprint
            bp = Blueprint("lane", title="Lane", category="domain", promise="Two services in one lane.")
            a = bp.component("a", "service", "API")
            b = bp.component("b", "service", "Other API")
            bp.link(a, b, "a long label on an in-lane link")
            BLUEPRINT = bp.build()
            """
        )
    )
    result = invoke(runner, workspace, "check", "lane")
    assert result.exit_code == 1
    assert "lane.py: layout: edge-through-own-label: edge:link-a-b / label:link-a-b (every view: overview)" in (
        result.stderr
    )
    assert "FAIL lane" in result.stdout


@pytest.mark.parametrize("command", ["list", "check", "check-rendered"])
def test_a_blueprint_calling_sys_exit_is_reported_and_the_others_still_load(
    runner: CliRunner, workspace: Path, command: str
) -> None:
    (workspace / "blueprints" / "domain" / "beta.py").write_text("import sys\nsys.exit(0)\n")
    args = [command, "--out", str(workspace / "rendered")] if command == "check-rendered" else [command]
    result = invoke(runner, workspace, *args)
    assert result.exit_code == 1
    assert "beta.py:2: import: called sys.exit(0)" in result.stderr
    if command != "check-rendered":
        assert "alpha" in result.stdout


def test_a_hung_blueprint_is_named_and_the_others_still_load(runner: CliRunner, workspace: Path) -> None:
    (workspace / "blueprints" / "domain" / "beta.py").write_text("import threading\nthreading.Event().wait(600)\n")
    result = runner.invoke(
        cli, ["--blueprints", str(workspace / "blueprints"), "list"], env={"BLUEPRINT_LOAD_TIMEOUT": "0.3"}
    )
    assert result.exit_code == 1
    assert "beta.py:2: import: still running after 0.3 s" in result.stderr
    assert result.stdout.splitlines() == ["alpha  Alpha  [domain]"]


def test_a_bad_time_limit_is_a_usage_error(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(
        cli, ["--blueprints", str(workspace / "blueprints"), "list"], env={"BLUEPRINT_LOAD_TIMEOUT": "soon"}
    )
    assert result.exit_code == 2
    assert "BLUEPRINT_LOAD_TIMEOUT='soon' is not a number of seconds" in result.stderr


@pytest.mark.graphviz
def test_a_design_graphviz_cannot_lay_out_is_explained_in_one_short_line(runner: CliRunner, workspace: Path) -> None:
    # Seed 42 of the random designs is one that Graphviz 2.43 cannot route ("lost c10 c12 edge");
    # before the xlabel fix it failed with "trouble in init_rank" and 33 KB of stderr.
    (workspace / "blueprints" / "domain" / "random_42.py").write_text(
        "from tests.drawing.random_designs import random_design\n\nBLUEPRINT = random_design(42)\n"
    )
    result = invoke(runner, workspace, "render", "--out", str(workspace / "rendered"))
    if result.exit_code == 0:
        pytest.skip("this Graphviz lays the design out; nothing to explain")
    (report,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "random_42.py: Graphviz could not draw 'random-42':" in report
    assert "lost c10 c12 edge" in report and "likely cause:" in report
    assert "in 'random-42' that is " in report and "c10 -> c12" in report
    assert len(report) < 1000, report
    assert "rendered alpha" in result.stdout


CRASHING_DOT = """#!/bin/sh
# Dies of a segmentation fault on beta's diagrams; hands every other one to the real dot.
source=$(cat)
case "$source" in
  *'"beta"'*) kill -SEGV $$ ;;
esac
printf '%s' "$source" | exec {real} "$@"
"""


@pytest.mark.graphviz
def test_a_crashing_graphviz_worker_is_reported_against_its_blueprint(
    runner: CliRunner, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    fake = workspace / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text(CRASHING_DOT.format(real=shutil.which("dot")))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    out = workspace / "rendered"
    result = invoke(runner, workspace, "render", "--out", str(out))
    assert result.exit_code == 1
    (report,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "beta.py: Graphviz could not draw 'beta'" in report
    assert "rendered alpha" in result.stdout and (out / "alpha" / "alpha.svg").is_file()
    assert (out / "README.md").is_file() and "alpha" in (out / "manifest.json").read_text()


def test_a_crash_in_the_kits_own_process_shows_where_it_happened(workspace: Path) -> None:
    import subprocess
    import sys

    # A segmentation fault cannot be caught; it can at least name the file it came from.
    (workspace / "blueprints" / "domain" / "beta.py").write_text("import ctypes\n\nctypes.string_at(0)\n")
    command = [sys.executable, "-m", "kit", "--blueprints", str(workspace / "blueprints"), "list"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "Fatal Python error: Segmentation fault" in result.stderr
    assert 'beta.py", line 3' in result.stderr
