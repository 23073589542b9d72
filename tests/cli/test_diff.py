"""`blueprint diff`: an edited flagship in a temporary git repository, compared with its committed version."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from kit.cli.main import cli
from kit.drawing.diff_image import ADDED, CHANGED, GHOST_OPACITY, REMOVED
from tests.conftest import REPO

FLAGSHIP = "blueprints/domain/payment_wallet.py"

SMALL = """
from kit import Blueprint

bp = Blueprint("small", title="Small", category="domain", promise="Fast.")
a = bp.component("a", "user", "A")
b = bp.component("b", "service", "B", tech="Go")
c = bp.component("c", "cache", "C", tech="Redis")
bp.link(a, b, "call")
bp.link(b, c, "GET")
bp.flow("Call", [(a, b, "A calls B"), (b, c, "B reads C")])
BLUEPRINT = bp.build()
"""


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def repository(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    return repo


def diff(runner: CliRunner, repo: Path, *args: str) -> Result:
    result = runner.invoke(cli, ["--blueprints", str(repo / "blueprints"), "diff", *args], catch_exceptions=False)
    print(f"exit={result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")  # shown on failure
    return result


def edit(path: Path, *replacements: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


@pytest.fixture
def flagship(tmp_path: Path) -> Path:
    """The payment wallet committed, then edited: a label renamed, a component and link added, a load input changed."""
    repo = repository(tmp_path, {FLAGSHIP: (REPO / FLAGSHIP).read_text()})
    edit(
        repo / FLAGSHIP,
        ('    "Audit archive",', '    "Audit vault",'),
        ('bp.quantity("wallets", "10e6 users"', 'bp.quantity("wallets", "20e6 users"'),
        (
            "# -- links ----",
            'fraud = bp.component("fraud", "service", "Fraud feed", tech="Go", replicas=2, role="background")\n'
            "# -- links ----",
        ),
        (
            'bp.link(relay, kafka, "ledger events", nature="async")',
            'bp.link(relay, kafka, "ledger events", nature="async")\n'
            'bp.link(kafka, fraud, "ledger events", nature="async")',
        ),
    )
    return repo


def test_the_diff_of_an_edited_flagship_names_exactly_what_changed(runner: CliRunner, flagship: Path) -> None:
    before = git(flagship, "status", "--porcelain")
    result = diff(runner, flagship, "payment-wallet", "--json", "--no-image")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["revision"] == "HEAD" and report["image"] is None
    assert report["commit"] == git(flagship, "rev-parse", "HEAD").strip()
    assert report["changes"] == [
        {
            "kind": "component",
            "key": "audit",
            "status": "changed",
            "name": "Audit vault (S3 Object Lock, WORM)",
            "fields": [{"field": "label", "old": "'Audit archive'", "new": "'Audit vault'"}],
        },
        {"kind": "component", "key": "fraud", "status": "added", "name": "Fraud feed (Go)"},
        {"kind": "link", "key": "kafka -> fraud", "status": "added", "name": "ledger events"},
        {
            "kind": "load input",
            "key": "wallets",
            "status": "changed",
            "name": "",
            "fields": [{"field": "value", "old": "'10e6 users'", "new": "'20e6 users'"}],
        },
    ]
    moved = {m["key"]: (m["old"], m["new"]) for m in report["figures"]}
    assert moved["load:wallets"] == ("10 M users", "20 M users")
    assert moved["load:peak_tps"] == ("~2.3 K transfers/s", "~4.6 K transfers/s")
    assert moved["load:shards_needed"] == ("4 shards", "8 shards")
    # Only the load model moved: no latency, availability or single point depends on the number of wallets.
    assert all(key.startswith("load:") for key in moved)
    assert git(flagship, "status", "--porcelain") == before  # the working tree is untouched


def test_the_text_report_reads_old_to_new(runner: CliRunner, flagship: Path) -> None:
    result = diff(runner, flagship, "payment-wallet", "--no-image")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("payment-wallet: changes since HEAD (")
    for expected in (
        "Components (1 added, 1 changed)",
        "  ~ audit: Audit vault (S3 Object Lock, WORM)",
        "      label: 'Audit archive' -> 'Audit vault'",
        "  + fraud: Fraud feed (Go)",
        "Links (1 added)",
        "  + kafka -> fraud: ledger events",
        "  ~ Daily active wallets: 10 M users -> 20 M users",
        "  ~ Peak transfers: ~2.3 K transfers/s -> ~4.6 K transfers/s",
    ):
        assert expected in lines


@pytest.mark.graphviz
def test_the_image_marks_what_was_added_changed_and_removed(runner: CliRunner, tmp_path: Path) -> None:
    repo = repository(tmp_path, {"blueprints/domain/small.py": SMALL})
    edit(
        repo / "blueprints/domain/small.py",
        (
            'c = bp.component("c", "cache", "C", tech="Redis")',
            'd = bp.component("d", "relational-db", "D", tech="Postgres")',
        ),
        ('bp.link(b, c, "GET")', 'bp.link(b, d, "SELECT")'),
        ('(b, c, "B reads C")', '(b, d, "B reads D")'),
        ('"A"', '"Alice"'),
    )
    out = tmp_path / "review" / "small.svg"
    result = diff(runner, repo, "small", "--out", str(out))
    assert result.exit_code == 0
    svg = out.read_text()
    # Added: the new card outlined and its link traced in green; removed: faded, outlined and traced in red.
    assert svg.count(f'stroke="{ADDED}" stroke-width="2.5"/>') == 1
    assert svg.count('<polyline points="') == 2
    assert f'<g opacity="{GHOST_OPACITY:g}">\n<g id="component&#45;c"' in svg
    assert f'stroke="{REMOVED}" stroke-width="2.5" stroke-dasharray="6 3"/>' in svg
    assert f'stroke="{CHANGED}" stroke-width="2.5" stroke-dasharray="6 3"/>' in svg
    for words in (
        "+ Added: D; B -&gt; D; 1 step(s)",
        "- Removed: C; B -&gt; C; 1 step(s)",
        "~ Changed: Alice (label)",
        "Figures moved: Single points of failure: B, C -&gt; B, D",
    ):
        assert words in svg
    # The default: a PNG under the repository's diff/ folder, which the project's .gitignore names.
    default = diff(runner, repo, "small")
    png = repo / "diff" / "small-vs-HEAD.png"
    assert f"image: {os.path.relpath(png)}" in default.stdout.splitlines()
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width > 400
    assert "diff/" in (REPO / ".gitignore").read_text().splitlines()


def test_a_file_new_since_the_revision_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    repo = repository(tmp_path, {"blueprints/domain/small.py": SMALL})
    (repo / "blueprints/domain/other.py").write_text(SMALL.replace('"small"', '"other"'))
    result = diff(runner, repo, "other")
    assert result.exit_code == 1
    assert "Error: blueprints/domain/other.py did not exist at HEAD (" in result.stderr
    assert "there is nothing to compare with" in result.stderr


def test_an_unknown_revision_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    repo = repository(tmp_path, {"blueprints/domain/small.py": SMALL})
    result = diff(runner, repo, "small", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch' (give a commit, branch or tag" in result.stderr


def test_a_blueprint_that_fails_to_load_at_the_revision_names_it(runner: CliRunner, tmp_path: Path) -> None:
    broken = SMALL.replace('(b, c, "B reads C")', '(c, b, "C calls B")')
    repo = repository(tmp_path, {"blueprints/domain/small.py": broken})
    (repo / "blueprints/domain/small.py").write_text(SMALL)
    result = diff(runner, repo, "small", "--no-image")
    assert result.exit_code == 1
    assert "the blueprint fails to load at HEAD:" in result.stderr
    assert (
        "HEAD:blueprints/domain/small.py:10: flow 'Call' step 2 'c' -> 'b': no link matches this step" in result.stderr
    )


def test_outside_a_git_repository_the_diff_says_so(runner: CliRunner, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    folder = tmp_path / "plain" / "blueprints" / "domain"
    folder.mkdir(parents=True)
    (folder / "small.py").write_text(SMALL)
    env_ceiling = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = runner.invoke(cli, ["--blueprints", str(folder.parent), "diff", "small"], env=env_ceiling)
    assert result.exit_code == 1
    assert "is not in a git repository, so it has no revision 'HEAD'" in result.stderr
