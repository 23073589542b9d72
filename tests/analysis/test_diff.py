"""Design diffs: elements matched by id, ends and name; steps aligned; figures compared as printed."""

from __future__ import annotations

from dataclasses import replace

from kit import Blueprint
from kit.analysis.diff import Change, diff_designs
from tests.conftest import wallet_blueprint


def with_timed_flow(bp: Blueprint, *steps: tuple[str, str, str, str]) -> Blueprint:
    bp.flow("Timed", list(steps), latency_target="300 ms")
    return bp


def test_identical_designs_have_no_diff() -> None:
    design = wallet_blueprint().build()
    assert diff_designs(design, wallet_blueprint().build()).empty


def test_a_relabelled_component_is_one_change_with_old_and_new() -> None:
    old = wallet_blueprint().build()
    components = tuple(replace(c, label="Wallet service") if c.id == "api" else c for c in old.components)
    diff = diff_designs(old, replace(old, components=components))
    assert diff.changes == (
        Change("component", "api", "changed", (("label", "'Wallet API'", "'Wallet service'"),), "Wallet service (Go)"),
    )
    assert diff.figures == ()


def test_added_and_removed_components_and_links_are_named() -> None:
    old = wallet_blueprint()
    old.component("fraud", "service", "Fraud check", tech="Go")
    old.link("api", "fraud", "score")
    new = wallet_blueprint()
    new.component("audit", "object-store", "Audit archive", tech="S3")
    new.link("events", "audit", "archive", nature="async")
    diff = diff_designs(old.build(), new.build())
    summary = [(c.kind, c.key, c.status, c.name) for c in diff.changes]
    assert summary == [
        ("component", "audit", "added", "Audit archive (S3)"),
        ("component", "fraud", "removed", "Fraud check (Go)"),
        ("link", "events -> audit", "added", "archive"),
        ("link", "api -> fraud", "removed", "score"),
    ]


def test_an_inserted_step_is_one_added_step_not_every_later_one_changed() -> None:
    old = wallet_blueprint().build()
    bp = wallet_blueprint()
    bp.link("api", "psp", "charge")
    # The Notify flow comes after Transfer, so inserting into Transfer renumbers every Notify step.
    new = bp.build()
    transfer = new.flows[0]
    extra = replace(transfer.steps[0], number=2, source="api", target="psp", action="Charge the card")
    moved = tuple(replace(s, number=s.number + 1) for s in transfer.steps[1:])
    flows = (
        replace(transfer, steps=(transfer.steps[0], extra, *moved)),
        *(replace(f, steps=tuple(replace(s, number=s.number + 1) for s in f.steps)) for f in new.flows[1:]),
    )
    diff = diff_designs(old, replace(new, flows=flows))
    steps = [(c.key, c.status) for c in diff.changes if c.kind == "step"]
    assert steps == [("Transfer step 2 (api -> psp)", "added")]


def test_a_changed_step_lists_its_fields_and_a_renamed_flow_is_removed_and_added() -> None:
    old = wallet_blueprint().build()
    notify = old.flows[1]
    steps = (replace(notify.steps[0], action="Relay the outbox row within 1 s"), notify.steps[1])
    new = replace(old, flows=(old.flows[0], replace(notify, steps=steps)))
    (change,) = diff_designs(old, new).changes
    assert (change.kind, change.key, change.status) == ("step", "Notify step 3 (ledger -> events)", "changed")
    assert change.fields == (("action", "'Relay the outbox row'", "'Relay the outbox row within 1 s'"),)
    renamed = replace(old, flows=(old.flows[0], replace(notify, name="Notify the payee")))
    statuses = [(c.kind, c.key, c.status) for c in diff_designs(old, renamed).changes if c.kind == "flow"]
    assert statuses == [("flow", "Notify the payee", "added"), ("flow", "Notify", "removed")]


def test_a_changed_load_input_moves_the_figures_derived_from_it_with_units() -> None:
    def design(transfers: str) -> Blueprint:
        bp = wallet_blueprint()
        bp.quantity("daily", transfers, "Transfers per day", basis="Planning value")
        bp.quantity("peak_factor", "10", "Peak over average", basis="Planning value")
        bp.derive("peak", "daily * peak_factor", "Peak transfers", unit="transfers/s")
        return bp

    diff = diff_designs(design("20e6 transfers/day").build(), design("40e6 transfers/day").build())
    assert [(c.kind, c.key, c.fields) for c in diff.changes] == [
        ("load input", "daily", (("value", "'20e6 transfers/day'", "'40e6 transfers/day'"),))
    ]
    moved = {m.key: (m.label, m.old, m.new) for m in diff.figures}
    assert moved == {
        "load:daily": ("Transfers per day", "20 M transfers/day", "40 M transfers/day"),
        "load:peak": ("Peak transfers", "~2.3 K transfers/s", "~4.6 K transfers/s"),
    }


def test_latency_and_availability_figures_move_with_the_model() -> None:
    old = wallet_blueprint()
    with_timed_flow(old, ("app", "api", "Call", "40 ms"), ("api", "ledger", "Write", "10 ms"))
    new = wallet_blueprint()
    with_timed_flow(new, ("app", "api", "Call", "40 ms"), ("api", "ledger", "Write", "25 ms"))
    new_design = new.build()
    components = tuple(replace(c, replicas=1) if c.id == "api" else c for c in new_design.components)
    diff = diff_designs(old.build(), replace(new_design, components=components))
    moved = {m.key: (m.old, m.new) for m in diff.figures}
    assert moved["latency:Timed:p50"] == ("50 ms", "65 ms")
    assert moved["single-points"][1].startswith("Wallet API")
    assert "availability:Transfer" in moved
