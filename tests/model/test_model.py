"""The frozen model and the builder that records it."""

from __future__ import annotations

import dataclasses

import pytest

from kit import Design


def test_design_is_frozen(design: Design) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        design.title = "changed"  # type: ignore[misc]
    assert isinstance(design.components, tuple)
    assert isinstance(design.flows[0].steps, tuple)


def test_steps_are_numbered_across_flows_in_declaration_order(design: Design) -> None:
    numbers = [[step.number for step in flow.steps] for flow in design.flows]
    assert numbers == [[1, 2], [3, 4]]


def test_groups_nest_and_components_know_their_group(design: Design) -> None:
    storage = next(g for g in design.groups if g.label == "Storage")
    assert storage.parent == "wallet-core"
    assert design.component("ledger").group == storage.id
    assert design.component("app").group is None


def test_lanes_come_from_kinds_unless_overridden(design: Design) -> None:
    assert design.component("app").lane == "clients"
    assert design.component("events").lane == "async"
    assert design.component("psp").lane == "external"


def test_building_twice_gives_equal_designs(make_blueprint) -> None:  # type: ignore[no-untyped-def]
    assert make_blueprint().build() == make_blueprint().build()
