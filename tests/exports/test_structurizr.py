"""The Structurizr DSL export, held to the DSL's documented grammar (tests/exports/structurizr_grammar.py)
on every blueprint: it parses, declares every component once, and has one dynamic view per flow
whose steps are the flow's, numbered as on the diagram."""

from __future__ import annotations

import pytest

from kit.drawing.views import flow_views
from kit.exports.mermaid import component_ids
from kit.exports.structurizr import element_type, structurizr
from kit.model.model import Design
from tests.exports.structurizr_grammar import DslError, parse

MODEL = "workspace {\nmodel {\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (MODEL + 'a = person "A"\n', "ends inside 2 open block"),
        (MODEL + 'a = person "A" "say "hi""\n}\n}\n', "text runs on after a closing quote"),
        (MODEL + 'a = person "A"\na -> b "calls"\n}\n}\n', "'b' is not a declared"),
        (MODEL + 'a = person "A"\nb = person "A"\n}\n}\n', "named 'A' already exists"),
        (MODEL + 'end! = person "A"\n}\n}\n', "is not letters"),
        (MODEL + 'group "x" {\ngroup "y" {\n', "groupSeparator"),
        (MODEL + 'a = person "A"\n}\nviews {\ndynamic a "k" {\n', "scope must be a declared software system"),
    ],
)
def test_the_grammar_check_bites(text: str, problem: str) -> None:
    with pytest.raises(DslError, match=problem):
        parse(text)


def test_every_blueprint_exports_a_workspace_the_grammar_accepts(designs: list[Design]) -> None:
    assert len(designs) == 41
    for design in designs:
        try:
            workspace = parse(structurizr(design))
        except DslError as error:
            raise AssertionError(f"{design.slug}: {error}") from None
        ids = component_ids(design)
        assert {ids[c.id]: element_type(c) for c in design.components}.items() <= workspace.elements.items()
        assert len(workspace.relationships) == len(design.links), design.slug
        assert list(workspace.dynamic_views) == [view.key for view in flow_views(design)], design.slug
        for flow, steps in zip(design.flows, workspace.dynamic_views.values(), strict=True):
            expected = [(s.number, ids[s.source], ids[s.target], " ".join(s.action.split())) for s in flow.steps]
            assert steps == expected, (design.slug, flow.name)
        # Every group is there; one holding people or external systems also appears at model level.
        assert set(workspace.groups) == {g.label for g in design.groups}, design.slug


def test_the_small_design_maps_to_people_systems_and_containers(design: Design) -> None:
    text = structurizr(design)
    assert 'c_psp = softwareSystem "PSP" "" "External"' in text
    assert 'c_ledger = container "Ledger" "" "Postgres 16" "Database"' in text
    assert '            group "Wallet core" {\n                group "Storage" {' in text
    assert 'c_ledger -> c_replica "WAL streaming" "replication / CDC" "replication"' in text
    assert '            1: c_app -> c_api "Send the transfer with an Idempotency-Key"' in text


def test_hostile_text_stays_inside_its_quotes(hostile: Design) -> None:
    workspace = parse(structurizr(hostile))
    ids = component_ids(hostile)
    for component in hostile.components:
        assert workspace.names[ids[component.id]].replace("\u29f5", "\\") in (
            " ".join(component.label.split()),
            f"{' '.join(component.label.split())} [{component.id}]",
        )
    shown = [step[3].replace("\u29f5", "\\") for step in list(workspace.dynamic_views.values())[-1]]
    assert shown == [" ".join(s.action.split()) for s in hostile.flows[-1].steps]
