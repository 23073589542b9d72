"""The authoring API: a blueprint file records a case study on a `Blueprint`, then calls `build()`.

    bp = Blueprint("payment-wallet", title="Payment Wallet", category="domain",
                   learn="Microservice design for wallet/payments", promise="...")
    app = bp.component("app", "mobile-client", "Wallet app", tech="iOS / Android")
    with bp.group("Wallet core"):
        api = bp.component("wallet", "service", "Wallet API", tech="Go", replicas=6)
    bp.link(app, api, "POST /transfers")
    bp.flow("Transfer", [(app, api, "Client sends the transfer with an Idempotency-Key", "40 ms")],
            latency_target="300 ms")
    bp.quantity("daily_transfers", "20e6 transfers", "Transfers a day", basis="10 M wallets x 2")
    bp.derive("transfer_rate", "daily_transfers / day", "Average transfer rate", unit="transfers/s")
    BLUEPRINT = bp.build()

State lives on the `Blueprint` instance only (no module-level "current diagram"), and nothing is
drawn or written: importing a blueprint file is free of side effects. `build()` validates the whole
record at once and raises `BlueprintError` listing every problem with its line in the file.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from kit.analysis.validate import validate
from kit.errors import BlueprintError
from kit.model.model import (
    Api,
    Assumption,
    Component,
    Design,
    Estimate,
    FailureMode,
    Field,
    Flow,
    Group,
    Link,
    Quantity,
    Quota,
    Reference,
    ScalingStep,
    Step,
    Table,
    Target,
    Topology,
    TradeOff,
    UseCase,
)

__all__ = ["Blueprint", "StepSpec", "leaderless", "quorum", "single_writer"]

#: A flow step as an author writes it: (from, to, what happens), optionally with its p50 latency
#: ("20 ms") and its p99 latency ("60 ms").
StepSpec = tuple[str, str, str] | tuple[str, str, str, str] | tuple[str, str, str, str, str]


def single_writer(
    *, sync_standbys: int = 0, async_standbys: int = 0, failover: str = "", failures_per_month: float = 1.0
) -> Topology:
    """One primary takes every write; a commit waits for the `sync_standbys` (RPO 0 needs at least
    one). `failover` is how long promotion takes ("30 s"); with no standby it is a restore."""
    return Topology(
        "single-writer", sync_standbys, async_standbys, failover=failover, failures_per_month=failures_per_month
    )


def quorum(nodes: int, *, failover: str = "", failures_per_month: float = 1.0) -> Topology:
    """`nodes` voters with an elected leader (Raft, Kafka ISR): a write needs a majority; losing the
    leader costs an election of `failover`."""
    return Topology(
        "quorum", nodes=nodes, needed=nodes // 2 + 1, failover=failover, failures_per_month=failures_per_month
    )


def leaderless(nodes: int, *, needed: int, failures_per_month: float = 1.0) -> Topology:
    """`nodes` peers, any `needed` of which answer a request (Dynamo-style, e.g. Cassandra QUORUM)."""
    return Topology("leaderless", nodes=nodes, needed=needed, failures_per_month=failures_per_month)


def _caller_line(depth: int = 2) -> int:
    """Line in the blueprint file that called the builder method (for error messages)."""
    return sys._getframe(depth).f_lineno


def _caller_file(depth: int = 2) -> str:
    return sys._getframe(depth).f_code.co_filename


def _group_id(label: str, parent: str | None) -> str:
    own = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "group"
    return f"{parent}/{own}" if parent else own


class Blueprint:
    """Records one case study. Every method returns what later calls refer to (component ids)."""

    def __init__(self, slug: str, *, title: str, category: str, learn: str = "", promise: str = "") -> None:
        self.slug = slug
        self.title = title
        self.category = category
        self.learn = learn
        self.promise = promise
        self._source = _caller_file()
        self._components: list[Component] = []
        self._groups: list[Group] = []
        self._group_stack: list[str] = []
        self._links: list[Link] = []
        self._flows: list[Flow] = []
        self._step_count = 0
        self._use_cases: list[UseCase] = []
        self._out_of_scope: list[str] = []
        self._targets: list[Target] = []
        self._assumptions: list[Assumption] = []
        self._quantities: list[Quantity] = []
        self._estimates: list[Estimate] = []
        self._tradeoffs: list[TradeOff] = []
        self._failures: list[FailureMode] = []
        self._scaling: list[ScalingStep] = []
        self._references: list[Reference] = []
        self._quotas: list[Quota] = []
        self._tables: list[Table] = []
        self._apis: list[Api] = []
        self._key_numbers: list[str] = []
        self._direction = ""
        self._article_direction = ""

    # -- architecture -------------------------------------------------------------------------

    def component(
        self,
        id: str,
        kind: str,
        label: str,
        *,
        tech: str = "",
        replicas: int = 1,
        responsibility: str = "",
        lane: str | None = None,
        availability: float | None = None,
        accepted_risk: str = "",
        managed: str = "",
        topology: Topology | None = None,
        backing_store: str = "",
        role: str = "",
        icon: str = "",
    ) -> str:
        """Add a component of a catalogue `kind` (see `blueprint kinds`); returns its id.

        `availability` is that of one replica (0.9995), when the kind's default does not fit.
        `accepted_risk` says why it may stay a single point of failure (the summary shows the
        reason, and `blueprint check` stops warning about it). `managed` names the provider that
        runs it redundantly for us ("AWS"); `topology` (`single_writer`, `quorum`, `leaderless`)
        says how a stateful component survives a node loss; `backing_store` names the component
        holding an engine's own state (Temporal's database); `role` is "background" or "control"
        for a component on links but on no flow. `icon` names a PNG of the blueprint's own,
        relative to the repository root ("blueprints/icons/tigerbeetle.png"), when no icon
        `diagrams` ships draws the product (see `kit.model.catalog.icon_for`)."""
        self._components.append(
            Component(
                id=id,
                label=label,
                kind=kind,
                tech=tech,
                replicas=replicas,
                responsibility=responsibility,
                group=self._group_stack[-1] if self._group_stack else None,
                lane_override=lane,
                availability=availability,
                accepted_risk=accepted_risk,
                managed=managed,
                topology=topology,
                backing_store=backing_store,
                role=role,
                line=_caller_line(),
                icon=icon,
            )
        )
        return id

    @contextmanager
    def group(self, label: str, *, kind: str = "tier") -> Iterator[str]:
        """Components (and groups) added inside the `with` block sit in this boundary."""
        parent = self._group_stack[-1] if self._group_stack else None
        group_id = _group_id(label, parent)
        self._groups.append(Group(id=group_id, label=label, kind=kind, parent=parent, line=_caller_line(3)))
        self._group_stack.append(group_id)
        try:
            yield group_id
        finally:
            self._group_stack.pop()

    def link(
        self,
        source: str,
        target: str,
        label: str,
        *,
        nature: str = "sync",
        figure: str = "",
        label_position: str = "",
    ) -> tuple[str, str]:
        """An arrow from `source` to `target` carrying `label`: nature is sync, async, replication or stream.

        `figure` names a load-model figure ("peak_write_rps") to print under the label.
        `label_position` pins where the label goes when `blueprint check` reports the layout search
        cannot place it: "on" the line, or "beside" it (placed after layout, clear of the line)."""
        self._links.append(
            Link(
                source=source,
                target=target,
                label=label,
                nature=nature,
                figure=figure,
                line=_caller_line(),
                label_position=label_position,
            )
        )
        return (source, target)

    def flow(
        self,
        name: str,
        steps: Sequence[StepSpec],
        *,
        description: str = "",
        critical: bool = False,
        latency_target: str = "",
        mode: str = "",
    ) -> None:
        """A named path: each step (from, to, action[, p50[, p99]]) travels an existing link; steps are
        numbered across the whole blueprint, in the order flows are declared. With step latencies
        the summary shows the flow's latency budget; `bp.target(flow=..., p50=..., p99=...)` checks it.
        `mode` is "read" or "write" when the flow serves a read or a write use case."""
        line = _caller_line()
        numbered = []
        for spec in steps:
            source, target, action, *rest = spec
            self._step_count += 1
            latency = rest[0] if rest else ""
            latency_p99 = rest[1] if len(rest) > 1 else ""
            numbered.append(
                Step(self._step_count, source, target, action, line=line, latency=latency, latency_p99=latency_p99)
            )
        self._flows.append(
            Flow(
                name=name,
                steps=tuple(numbered),
                description=description,
                critical=critical,
                line=line,
                latency_target=latency_target,
                mode=mode,
            )
        )

    # -- the write-up -------------------------------------------------------------------------

    def use_case(self, actor: str, action: str, *, mode: str = "", flow: str = "") -> None:
        """In scope: **actor** action ("User", "sends money to another wallet"). `mode` is "read" or
        "write"; `flow` names the flow that serves it (every read and write use case needs one)."""
        self._use_cases.append(UseCase(actor, action, mode, flow))

    def out_of_scope(self, *items: str) -> None:
        self._out_of_scope.extend(items)

    def target(
        self,
        name: str,
        value: str = "",
        note: str = "",
        *,
        flow: str = "",
        p50: str = "",
        p99: str = "",
        availability: str = "",
        window: str = "",
        rpo: str = "",
        rto: str = "",
        throughput: str = "",
        capacity: str = "",
        accepted_miss: str = "",
    ) -> None:
        """A measurable goal. Tied to a `flow`, its figures are checked against the model:
        `p50`/`p99` ("80 ms") against the latency budget, `availability` ("99.99%", over `window`
        such as "2 h" when it only holds during an event) against the composed availability,
        `rpo`/`rto` ("0 s", "60 s") against the topologies written to, `throughput`
        ("2300 transfers/s") against the load-model figure `capacity`. `accepted_miss` says why a
        miss is accepted (printed in the summary). `value` defaults to the figures given."""
        self._targets.append(
            Target(
                name,
                value,
                note,
                flow=flow,
                p50=p50,
                p99=p99,
                availability=availability,
                window=window,
                rpo=rpo,
                rto=rto,
                throughput=throughput,
                capacity=capacity,
                accepted_miss=accepted_miss,
                line=_caller_line(),
            )
        )

    def quota(self, name: str, value: str, label: str, *, basis: str, load: str, accepted_miss: str = "") -> str:
        """A third party's limit as a load-model input ("100 req/s", a PSP's default live write limit),
        and the figure `load` that must stay under it; returns `name` for formulas."""
        self._quantities.append(Quantity(name, value, label, basis, line=_caller_line()))
        self._quotas.append(Quota(name, load, accepted_miss, line=_caller_line()))
        return name

    def table(
        self,
        name: str,
        *,
        primary_key: str,
        fields: Sequence[tuple[str, str, int]],
        indexes: Sequence[tuple[str, str]] = (),
        per: str = "row",
        note: str = "",
    ) -> str:
        """A main table or key space: `fields` are (name, type, bytes), `indexes` (columns, why it
        exists). Adds the load-model figure `<name>_record` (the fields' bytes summed, in B per
        `per`) for storage formulas, and returns its name."""
        line = _caller_line()
        table = Table(name, primary_key, tuple(Field(*f) for f in fields), tuple(indexes), note, per, line=line)
        self._tables.append(table)
        figure = f"{re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')}_record"
        sizes = " + ".join(str(f.size) for f in table.fields) or "0"
        self._estimates.append(
            Estimate(figure, f"({sizes}) * B / {per}", f"{name} record, field by field", f"B/{per}", "storage", line)
        )
        return figure

    def api(self, use_case: str, request: str, response: str) -> None:
        """One request and its response for a use case ("POST /transfers {...}", "201 {...}")."""
        self._apis.append(Api(use_case, request, response))

    def key_numbers(self, *names: str) -> None:
        """The four or five load-model figures that size the design, shown under the promise."""
        self._key_numbers.extend(names)

    def assume(self, name: str, value: str, *, basis: str) -> None:
        """An input to the scaling math: its value with a unit, and where the number comes from."""
        self._assumptions.append(Assumption(name, value, basis))

    def quantity(self, name: str, value: str, label: str, *, basis: str) -> str:
        """A load-model input: a number with its unit ("150e6 users", "2 KB", "10 %") and its basis.
        Returns `name`, which later formulas use."""
        self._quantities.append(Quantity(name, value, label, basis, line=_caller_line()))
        return name

    def derive(self, name: str, formula: str, label: str, *, unit: str, section: str = "") -> str:
        """A derived figure: `formula` over earlier quantities, estimates and units
        ("dau * writes_per_user / day"), shown in `unit`. `section` (rates, storage, bandwidth,
        memory, fleet, queues, time, cost) defaults to one that follows from the unit."""
        self._estimates.append(Estimate(name, formula, label, unit, section, line=_caller_line()))
        return name

    def tradeoff(self, *, decision: str, chosen: str, rejected: str, why: str, cost: str, revisit_when: str) -> None:
        self._tradeoffs.append(TradeOff(decision, chosen, rejected, why, cost, revisit_when))

    def failure(self, *, failure: str, detection: str, blast_radius: str, mitigation: str) -> None:
        self._failures.append(FailureMode(failure, detection, blast_radius, mitigation))

    def scaling(self, *, at: str, breaks: str, next_move: str) -> None:
        self._scaling.append(ScalingStep(at, breaks, next_move))

    def reference(self, title: str, note: str = "", *, url: str = "") -> None:
        self._references.append(Reference(title, note, url))

    def layout(self, *, direction: str = "", article: str = "") -> None:
        """Pin the diagram's direction: "LR" runs the lanes left to right, "TB" top to bottom.

        Without it the layout search tries both and keeps the one with fewest defects; pin it when
        a reading order matters more than the search's measure (validated by `build()`).
        `article` pins the article images' direction alone (a long pipeline reads left to right
        in the full image, and top to bottom in a 700 px column); it defaults to `direction`."""
        self._direction = direction
        self._article_direction = article

    # -- result -------------------------------------------------------------------------------

    def build(self) -> Design:
        """Validate everything recorded and return the frozen `Design`, or raise `BlueprintError`."""
        design = Design(
            slug=self.slug,
            title=self.title,
            category=self.category,
            learn=self.learn,
            promise=self.promise,
            components=tuple(self._components),
            groups=tuple(self._groups),
            links=tuple(self._links),
            flows=tuple(self._flows),
            use_cases=tuple(self._use_cases),
            out_of_scope=tuple(self._out_of_scope),
            targets=tuple(self._targets),
            assumptions=tuple(self._assumptions),
            quantities=tuple(self._quantities),
            estimates=tuple(self._estimates),
            tradeoffs=tuple(self._tradeoffs),
            failures=tuple(self._failures),
            scaling=tuple(self._scaling),
            references=tuple(self._references),
            quotas=tuple(self._quotas),
            tables=tuple(self._tables),
            apis=tuple(self._apis),
            key_numbers=tuple(self._key_numbers),
            source=self._source,
            direction=self._direction,
            article_direction=self._article_direction,
        )
        problems = validate(design)
        if problems:
            raise BlueprintError(problems, source=self._source)
        return design
