"""Every blueprint in the repository: builds, validates, renders cleanly, and matches its DOT snapshot.

Snapshots live in tests/golden/<slug>.dot. After an intended change to a blueprint or to the
kit's drawing, regenerate them with `make golden` and review the diff.
"""

from __future__ import annotations

import os

import pytest

from kit.authoring.discovery import BlueprintFile, find_blueprint_files, load_design
from kit.drawing.dot import to_dot
from tests.conftest import REPO, render_once

FILES = find_blueprint_files(REPO / "blueprints")
GOLDEN = REPO / "tests" / "golden"
FLAGSHIPS = ("payment-wallet", "ticket-booking", "agent-era-platform")


def by_slug(file: BlueprintFile) -> str:
    return file.slug


def test_the_repository_has_the_flagship_blueprints() -> None:
    assert set(FLAGSHIPS) <= {f.slug for f in FILES}


@pytest.mark.parametrize("file", FILES, ids=by_slug)
def test_blueprint_builds_and_validates(file: BlueprintFile) -> None:
    design = load_design(file)
    assert design.slug == file.slug


@pytest.mark.graphviz
@pytest.mark.parametrize("file", FILES, ids=by_slug)
def test_blueprint_renders_without_graphviz_warnings(file: BlueprintFile) -> None:
    rendered = render_once(load_design(file))
    assert rendered.warnings == (), "\n".join(rendered.warnings)


@pytest.mark.parametrize("file", FILES, ids=by_slug)
def test_dot_matches_its_snapshot(file: BlueprintFile) -> None:
    dot = to_dot(load_design(file))
    golden = GOLDEN / f"{file.slug}.dot"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(dot)
    assert golden.is_file(), f"no snapshot for {file.slug}: run `make golden`"
    assert dot == golden.read_text(), f"{file.slug}: DOT changed; if intended, run `make golden` and review the diff"


@pytest.mark.parametrize("slug", FLAGSHIPS)
def test_flagship_meets_the_content_standard(slug: str) -> None:
    design = load_design(next(f for f in FILES if f.slug == slug))
    assert len(design.components) >= 10
    assert len(design.flows) >= 2 and all(len(flow.steps) >= 2 for flow in design.flows)
    assert len(design.tradeoffs) >= 3
    assert all(t.rejected.strip() and t.revisit_when.strip() for t in design.tradeoffs)
    assert len(design.failures) >= 3
    assert all(f.detection.strip() and f.mitigation.strip() for f in design.failures)
    assert 3 <= len(design.use_cases) <= 6
    assert design.references and design.promise and design.targets and (design.assumptions or design.quantities)
    assert len({c.lane for c in design.components}) >= 4


@pytest.mark.parametrize("slug", FLAGSHIPS)
def test_flagship_has_scaling_math_availability_and_a_latency_budget(slug: str) -> None:
    from kit.analysis.availability import flow_availability
    from kit.analysis.latency import latency_budget
    from kit.analysis.loadmodel import evaluate
    from kit.analysis.targets import quota_checks, target_checks

    design = load_design(next(f for f in FILES if f.slug == slug))
    load = evaluate(design)
    assert len(load.inputs) >= 10 and all(f.basis.strip() for f in load.inputs)
    sections = [heading for heading, _ in load.by_section()]
    assert {"Rates", "Queues (Little's law)"} <= set(sections)
    assert any(link.figure for link in design.links)
    critical = next(flow for flow in design.flows if flow.critical)
    assert flow_availability(design, critical) is not None
    assert latency_budget(critical) is not None
    checks = target_checks(design)
    on_critical = {c.aspect for c in checks if c.flow == critical.name}
    assert {"p50 latency", "p99 latency"} <= on_critical
    assert any(c.aspect.startswith("availability") for c in checks)
    assert not [c for c in (*checks, *quota_checks(design)) if c.failed]


@pytest.mark.parametrize("slug", FLAGSHIPS)
def test_flagship_passes_strict_and_opens_with_key_numbers_and_a_data_model(slug: str) -> None:
    from kit.analysis.content import check_content
    from kit.publishing.summary import summary_markdown

    design = load_design(next(f for f in FILES if f.slug == slug))
    assert check_content(design) == []
    text = summary_markdown(design)
    assert text.index("**Key numbers:**") < text.index("## Scope")
    assert "## Data model and API" in text and design.tables and design.apis
    assert all(use.flow for use in design.use_cases if use.mode)
