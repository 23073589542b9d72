"""Shared fixtures: a small complete design, a CLI runner, and the `graphviz` marker's skip rule."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit import Blueprint, Design
from kit.drawing.render import Rendered, render_design
from kit.publishing.manifest import read_manifest

REPO = Path(__file__).resolve().parent.parent
HAS_DOT = shutil.which("dot") is not None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="Graphviz `dot` is not installed (make test installs it)")
    for item in items:
        if "graphviz" in item.keywords and not HAS_DOT:
            item.add_marker(skip)


def wallet_blueprint(slug: str = "mini-wallet") -> Blueprint:
    """A small design that uses every part of the model: groups, all link natures, two flows."""
    bp = Blueprint(
        slug,
        title="Mini Wallet",
        category="domain",
        learn="Wallet basics",
        promise="Transfers in p99 < 300 ms; the ledger always balances.",
    )
    app = bp.component("app", "mobile-client", "Wallet app", tech="iOS / Android", responsibility="Starts transfers")
    with bp.group("Wallet core"):
        api = bp.component("api", "service", "Wallet API", tech="Go", replicas=6, responsibility="Moves money")
        with bp.group("Storage", kind="zone"):
            ledger = bp.component("ledger", "relational-db", "Ledger", tech="Postgres 16", replicas=2)
            replica = bp.component("replica", "relational-db", "Ledger replica", tech="Postgres 16")
    events = bp.component("events", "stream", "Events", tech="Kafka")
    notifier = bp.component("notifier", "worker", "Notifier")
    psp = bp.component("psp", "payment-provider", "PSP", tech="Stripe")
    bp.link(app, api, "POST /transfers")
    bp.link(api, ledger, "debit + credit, one tx")
    bp.link(ledger, replica, "WAL streaming", nature="replication")
    bp.link(ledger, events, "outbox relay", nature="stream")
    bp.link(events, notifier, "transfer.completed", nature="async")
    bp.link(psp, api, "signed webhook")
    bp.flow(
        "Transfer",
        [
            (app, api, "Send the transfer with an Idempotency-Key"),
            (api, ledger, "Write both legs in one transaction"),
        ],
        critical=True,
    )
    bp.flow("Notify", [(ledger, events, "Relay the outbox row"), (events, notifier, "Push a notification")])
    bp.use_case("User", "sends money to another wallet")
    bp.out_of_scope("Card issuing")
    bp.target("Transfer latency", "p99 < 300 ms")
    bp.assume("Transfers per day", "20 M/day", basis="Topic notes")
    bp.tradeoff(
        decision="Ledger store",
        chosen="Postgres",
        rejected="Distributed SQL",
        why="2.3K TPS fits one primary",
        cost="Manual sharding later",
        revisit_when="> 20K TPS",
    )
    bp.failure(
        failure="Primary lost",
        detection="Patroni leader key expires (30 s)",
        blast_radius="Writes",
        mitigation="Promote standby, RTO ~45 s",
    )
    bp.scaling(at="10x", breaks="Primary CPU", next_move="Shard by account range")
    bp.reference("Stripe idempotency keys", "Retry-safe POSTs", url="https://stripe.com/blog/idempotency")
    return bp


@pytest.fixture
def design() -> Design:
    return wallet_blueprint().build()


@pytest.fixture
def make_blueprint() -> Callable[..., Blueprint]:
    return wallet_blueprint


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


_RENDERED: dict[Design, Rendered] = {}


def render_once(design: Design) -> Rendered:
    """Every output of `design`, rendered once per test session: views, themes and frames are costly.

    A repository blueprint reuses the layout rendered/manifest.json records for it (valid while its
    layout fingerprint matches), as `blueprint render` does: the suite does not repeat the search.
    """
    if design not in _RENDERED:
        try:
            recorded = read_manifest(REPO / "rendered").get(design.slug)
        except ValueError:
            recorded = None
        _RENDERED[design] = render_design(design, workers=2, recorded=recorded.layout if recorded else ())
    return _RENDERED[design]
