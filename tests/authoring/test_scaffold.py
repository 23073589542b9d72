"""The scaffold: safe slugs, the right folder, refusals with their messages, and output that checks and renders."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.analysis.content import check_content
from kit.authoring.discovery import BlueprintFile, load_design
from kit.authoring.scaffold import ScaffoldError, plan_new, slugify, write_new
from kit.cli.main import cli
from kit.drawing.render import render_design
from tests.conftest import REPO


def new(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--blueprints", str(root / "blueprints"), "new", *args], catch_exceptions=False)
    print(f"exit={result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Rate Limiter", "rate-limiter"),
        ("Top-K / Heavy Hitters", "top-k-heavy-hitters"),
        ("Crème Brûlée Orders", "creme-brulee-orders"),
        ("../../etc/passwd", "etc-passwd"),
        ("  S3-like  Object Store ", "s3-like-object-store"),
    ],
)
def test_slug_from_title(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_the_file_goes_in_its_category_folder(tmp_path: Path) -> None:
    planned = plan_new("Rate Limiter", "load-balancing", tmp_path / "blueprints")
    assert planned.path == (tmp_path / "blueprints" / "load_balancing" / "rate_limiter.py").resolve()
    assert plan_new("Rate Limiter", "load_balancing", tmp_path).category == "load-balancing"


def test_scaffold_output_passes_strict_check_and_lint(runner: CliRunner, tmp_path: Path) -> None:
    code, stdout, _ = new(runner, tmp_path, "Rate Limiter", "--category", "load-balancing")
    assert code == 0
    path = tmp_path / "blueprints" / "load_balancing" / "rate_limiter.py"
    assert "wrote " in stdout and path.is_file()
    design = load_design(BlueprintFile(path))
    assert (design.slug, design.title, design.category) == ("rate-limiter", "Rate Limiter", "load-balancing")
    assert check_content(design) == []
    # Blueprints are linted like the kit, so a new one must start clean.
    ruff = [str(REPO / ".venv" / "bin" / "ruff")] if (REPO / ".venv" / "bin" / "ruff").exists() else ["ruff"]
    config = ["--config", str(REPO / "pyproject.toml")]
    assert subprocess.run([*ruff, "check", *config, str(path)], capture_output=True).returncode == 0
    assert subprocess.run([*ruff, "format", "--check", *config, str(path)], capture_output=True).returncode == 0


def test_scaffold_shows_every_part_of_the_api(tmp_path: Path) -> None:
    text = plan_new("Rate Limiter", "load-balancing", tmp_path).text
    calls = ["component", "group", "link", "flow", "use_case", "out_of_scope", "target", "assume", "tradeoff"]
    calls += ["failure", "scaling", "reference"]
    for call in calls:
        assert f"bp.{call}(" in text, call
    for option in ('nature="async"', 'nature="replication"', 'nature="stream"', "critical=True", "lane=", "replicas="):
        assert option in text, option


@pytest.mark.graphviz
def test_scaffold_output_renders_without_warnings(tmp_path: Path) -> None:
    planned = plan_new("Rate Limiter", "load-balancing", tmp_path / "blueprints")
    write_new(planned, {})
    rendered = render_design(load_design(BlueprintFile(planned.path)))
    assert rendered.warnings == ()
    assert b"Rate Limiter" in rendered.file("rate-limiter.svg")


def test_a_title_with_quotes_and_backslashes_stays_valid_python(tmp_path: Path) -> None:
    planned = plan_new('The "Fast" Path \\ v2', "caching", tmp_path / "blueprints")
    write_new(planned, {})
    assert load_design(BlueprintFile(planned.path)).title == 'The "Fast" Path \\ v2'


def test_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    new(runner, tmp_path, "Rate Limiter", "--category", "load-balancing")
    path = tmp_path / "blueprints" / "load_balancing" / "rate_limiter.py"
    path.write_text("# my work\n")
    code, _, stderr = new(runner, tmp_path, "Rate Limiter", "--category", "load-balancing")
    assert code == 2
    assert "rate_limiter.py already exists; edit it, or pick another title" in stderr
    assert path.read_text() == "# my work\n"


def test_refuses_a_slug_another_category_uses(runner: CliRunner, tmp_path: Path) -> None:
    new(runner, tmp_path, "Rate Limiter", "--category", "load-balancing")
    code, _, stderr = new(runner, tmp_path, "Rate Limiter", "--category", "security")
    assert code == 2
    assert "the slug 'rate-limiter' is already used by" in stderr
    assert not (tmp_path / "blueprints" / "security").exists()


@pytest.mark.parametrize("title", ["", "   ", "¿?", "!!!", "日本語"])
def test_refuses_a_title_with_an_empty_slug(runner: CliRunner, tmp_path: Path, title: str) -> None:
    code, _, stderr = new(runner, tmp_path, title, "--category", "domain")
    assert code == 2
    assert "empty" in stderr
    assert not (tmp_path / "blueprints").exists()


@pytest.mark.parametrize("slug", ["../../evil", "a/b", "Upper", "trailing-", "x" * 61])
def test_refuses_an_unsafe_slug(runner: CliRunner, tmp_path: Path, slug: str) -> None:
    code, _, stderr = new(runner, tmp_path, "Fine Title", "--category", "domain", "--slug", slug)
    assert code == 2
    assert f"unsafe slug {slug!r}" in stderr
    assert not (tmp_path / "blueprints").exists()


def test_refuses_a_path_outside_blueprints(tmp_path: Path) -> None:
    root = tmp_path / "blueprints"
    root.mkdir()
    (root / "domain").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(ScaffoldError, match=r"is outside .*blueprints/; a blueprint must live under it"):
        plan_new("Escape", "domain", root)


def test_refuses_a_very_long_title(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="keep it to 80 at most"):
        plan_new("Word " * 20, "domain", tmp_path)


def test_a_wrong_category_lists_the_valid_ones(runner: CliRunner, tmp_path: Path) -> None:
    code, _, stderr = new(runner, tmp_path, "Rate Limiter", "--category", "load-balancer")
    assert code == 2
    assert "unknown category 'load-balancer'; use one of:" in stderr
    for category in ("fundamentals", "load-balancing", "agent-era"):
        assert f"  {category} " in stderr


@pytest.mark.parametrize("title", ["../../etc/passwd", "/etc/passwd", "a\0b/../../x", "..\\..\\win"])
def test_a_hostile_title_still_lands_in_its_category_folder(tmp_path: Path, title: str) -> None:
    root = tmp_path / "blueprints"
    planned = plan_new(title, "domain", root)
    assert planned.path.parent == (root / "domain").resolve()


@pytest.mark.parametrize(
    ("category", "slug"),
    [("../domain", None), ("/tmp", None), ("domain\0", None), ("domain", "/x"), ("domain", "a\0b")],
)
def test_hostile_categories_and_slugs_are_refused(tmp_path: Path, category: str, slug: str | None) -> None:
    with pytest.raises(ScaffoldError, match=r"unknown category|unsafe slug"):
        plan_new("Fine Title", category, tmp_path / "blueprints", slug=slug)


def test_a_symlinked_blueprint_file_pointing_outside_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "blueprints" / "domain"
    folder.mkdir(parents=True)
    (folder / "escape.py").symlink_to(tmp_path / "outside.py")
    with pytest.raises(ScaffoldError, match="is outside"):
        plan_new("Escape", "domain", tmp_path / "blueprints")
    assert not (tmp_path / "outside.py").exists()
