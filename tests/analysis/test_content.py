"""Content checks: each finding fires on a design that lacks what it asks for, and not on one that has it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kit import Design, leaderless, quorum, single_writer
from kit.analysis.content import Finding, Severity, check_content, fails
from kit.authoring.discovery import BlueprintFile, find_blueprint_files, load_design
from kit.model.model import Api, Assumption, Component, FailureMode, Flow, ScalingStep, Target, UseCase
from tests.conftest import REPO, wallet_blueprint


def complete() -> Design:
    """The conftest design, filled up to the content standard."""
    bp = wallet_blueprint()
    bp.use_case("User", "sees every transfer behind the balance")
    bp.use_case("Finance", "reconciles the ledger every day")
    bp.assume("Peak factor", "10x average", basis="Payday peaks")
    for n in (2, 3):
        bp.tradeoff(
            decision=f"Decision {n}",
            chosen="A",
            rejected="B",
            why="B costs 2x",
            cost="Some toil",
            revisit_when="> 10K TPS",
        )
        bp.failure(
            failure=f"Failure {n}",
            detection="Errors > 1% for 30 s",
            blast_radius="One shard",
            mitigation="Fail over in < 60 s",
        )
    bp.scaling(at="100x", breaks="Disk", next_move="Tiered storage")
    design = bp.build()
    # The shared design predates topologies and roles; give it what the structural checks ask for.
    structure = {
        "ledger": {"topology": single_writer(sync_standbys=1, failover="30 s")},
        "replica": {"topology": leaderless(1, needed=1), "role": "background"},
        "events": {"topology": quorum(3, failover="10 s")},
        "psp": {"role": "background"},
    }
    first = design.use_cases[0]
    return replace(
        design,
        components=tuple(replace(c, **structure.get(c.id, {})) for c in design.components),  # type: ignore[arg-type]
        use_cases=(replace(first, mode="write", flow="Transfer"), *design.use_cases[1:]),
        apis=(Api(first.action, "POST /transfers", "201 Created"),),
    )


def findings(design: Design) -> list[tuple[str, str]]:
    return [(f.severity.value, f.element) for f in check_content(design)]


def test_a_complete_design_has_no_findings() -> None:
    assert check_content(complete()) == []


GAPS = [
    pytest.param({"promise": ""}, ("error", "promise"), id="no promise"),
    pytest.param({"promise": "Fast and correct."}, ("warning", "promise"), id="promise without a number"),
    pytest.param({"use_cases": (UseCase("User", "pays"),) * 2}, ("error", "use cases"), id="too few use cases"),
    pytest.param({"use_cases": (UseCase("User", "pays"),) * 7}, ("warning", "use cases"), id="too many use cases"),
    pytest.param(
        {"use_cases": (UseCase("User", "pays"),) * 2 + (UseCase("", "pays"),)}, ("error", "use case 3"), id="no actor"
    ),
    pytest.param({"out_of_scope": ()}, ("warning", "out of scope"), id="nothing out of scope"),
    pytest.param({"targets": ()}, ("error", "targets"), id="no targets"),
    pytest.param(
        {"targets": (Target("Latency", "fast"),)}, ("warning", "target 'Latency'"), id="target without a number"
    ),
    pytest.param({"assumptions": ()}, ("error", "assumptions"), id="no assumptions"),
    pytest.param(
        {"assumptions": (Assumption("Peak factor", "10x", "b"), Assumption("Shards", "16", "b"))},
        ("error", "assumption 'Shards'"),
        id="number without unit",
    ),
    pytest.param(
        {"assumptions": (Assumption("Peak factor", "10x", "b"), Assumption("Rate", "5 TPS", " "))},
        ("error", "assumption 'Rate'"),
        id="assumption without basis",
    ),
    pytest.param({"assumptions": (Assumption("Rate", "5 TPS", "b"),)}, ("warning", "assumptions"), id="no peak factor"),
    pytest.param({"flows": ()}, ("error", "flows"), id="no flows"),
    pytest.param({"tradeoffs": ()}, ("error", "trade-offs"), id="too few trade-offs"),
    pytest.param({"failures": ()}, ("error", "failure modes"), id="too few failure modes"),
    pytest.param({"scaling": (ScalingStep("10x", "CPU", "Shard"),)}, ("warning", "scaling path"), id="no 100x"),
    pytest.param({"references": ()}, ("warning", "references"), id="no references"),
]


@pytest.mark.parametrize(("change", "expected"), GAPS)
def test_each_gap_gives_its_finding(change: dict[str, object], expected: tuple[str, str]) -> None:
    found = findings(replace(complete(), **change))  # type: ignore[arg-type]
    assert expected in found


TRADEOFF_GAPS = [
    pytest.param({"rejected": ""}, "error", "names no rejected alternative", id="no rejected alternative"),
    pytest.param({"revisit_when": " "}, "error", "when to revisit", id="no revisit-when"),
    pytest.param({"revisit_when": "When it hurts"}, "warning", "no threshold", id="revisit-when without number"),
    pytest.param({"why": ""}, "error", "why is empty", id="no why"),
]


@pytest.mark.parametrize(("change", "severity", "words"), TRADEOFF_GAPS)
def test_tradeoff_gaps(change: dict[str, str], severity: str, words: str) -> None:
    design = complete()
    broken = replace(design.tradeoffs[0], **change)
    [finding] = check_content(replace(design, tradeoffs=(broken, *design.tradeoffs[1:])))
    assert (finding.severity.value, finding.element) == (severity, "trade-off 1 'Ledger store'")
    assert words in finding.message


FAILURE_GAPS = [
    pytest.param({"detection": ""}, "error", "how it is detected", id="no detection"),
    pytest.param({"detection": "Alerts fire"}, "warning", "no threshold", id="detection without threshold"),
    pytest.param({"mitigation": ""}, "error", "mitigation and recovery", id="no mitigation"),
    pytest.param({"mitigation": "Fail over"}, "warning", "no recovery time", id="mitigation without time"),
    pytest.param({"blast_radius": ""}, "error", "blast radius", id="no blast radius"),
]


@pytest.mark.parametrize(("change", "severity", "words"), FAILURE_GAPS)
def test_failure_mode_gaps(change: dict[str, str], severity: str, words: str) -> None:
    design = complete()
    broken: FailureMode = replace(design.failures[0], **change)
    [finding] = check_content(replace(design, failures=(broken, *design.failures[1:])))
    assert (finding.severity.value, finding.element) == (severity, "failure mode 1 'Primary lost'")
    assert words in finding.message


def test_a_flow_without_steps_is_an_error_at_its_line() -> None:
    design = complete()
    empty = Flow(name="Empty", steps=(), line=42)
    [finding] = check_content(replace(design, flows=(*design.flows, empty)))
    assert (finding.severity, finding.element, finding.line) == (Severity.ERROR, "flow 'Empty'", 42)


def test_a_component_on_no_flow_and_no_link_is_an_error() -> None:
    design = complete()
    lonely = Component(id="lonely", label="Lonely", kind="service", line=7)
    [finding] = check_content(replace(design, components=(*design.components, lonely)))
    assert (finding.severity, finding.element, finding.line) == (Severity.ERROR, "component 'lonely'", 7)


def test_a_component_on_a_link_only_is_fine() -> None:
    design = complete()
    assert "psp" not in {end for flow in design.flows for step in flow.steps for end in step.key}
    assert check_content(design) == []


def test_a_finding_says_where_what_and_shows_an_example() -> None:
    [finding] = check_content(replace(complete(), tradeoffs=complete().tradeoffs[:2]))
    text = finding.format("blueprints/domain/mini_wallet.py")
    assert text.startswith("blueprints/domain/mini_wallet.py: error: trade-offs: 2 trade-off(s);")
    assert "\n    e.g. bp.tradeoff(decision=" in text


def test_errors_fail_and_warnings_fail_only_when_strict() -> None:
    warning = Finding(Severity.WARNING, "references", "none", "bp.reference(...)")
    error = Finding(Severity.ERROR, "promise", "none", "promise=...")
    assert not fails([warning], strict=False) and fails([warning], strict=True)
    assert fails([error], strict=False)
    assert not fails([], strict=True)


@pytest.mark.parametrize("file", find_blueprint_files(REPO / "blueprints"), ids=lambda f: f.slug)
def test_every_blueprint_in_the_repository_passes_strict(file: BlueprintFile) -> None:
    design = load_design(file)
    assert [f.format(str(file)) for f in check_content(design)] == []


def _with_component(design: Design, component_id: str, **changes: object) -> Design:
    components = tuple(replace(c, **changes) if c.id == component_id else c for c in design.components)  # type: ignore[arg-type]
    return replace(design, components=components)


def test_a_single_point_of_failure_warns_unless_its_risk_is_accepted() -> None:
    design = complete()
    assert ("warning", "component 'api'") not in findings(design)  # ×6 replicas
    single = _with_component(design, "api", replicas=1)
    assert ("warning", "component 'api'") in findings(single)
    assert not fails(check_content(single), strict=False) and fails(check_content(single), strict=True)
    accepted = _with_component(design, "api", replicas=1, accepted_risk="Stateless; restarts in 5 s")
    assert ("warning", "component 'api'") not in findings(accepted)
