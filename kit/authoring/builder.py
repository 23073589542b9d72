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
    Assumption,
    Component,
    Design,
    Estimate,
    FailureMode,
    Flow,
    Group,
    Link,
    Quantity,
    Reference,
    ScalingStep,
    Step,
    Target,
    TradeOff,
    UseCase,
)

__all__ = ["Blueprint", "StepSpec"]

#: A flow step as an author writes it: (from, to, what happens), optionally with its latency ("20 ms").
StepSpec = tuple[str, str, str] | tuple[str, str, str, str]


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
        self._direction = ""

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
        icon: str = "",
    ) -> str:
        """Add a component of a catalogue `kind` (see `blueprint kinds`); returns its id.

        `availability` is that of one replica (0.9995), when the kind's default does not fit.
        `accepted_risk` says why it may stay a single point of failure (the summary shows the
        reason, and `blueprint check` stops warning about it). `icon` names a PNG of the
        blueprint's own, relative to the repository root ("blueprints/icons/tigerbeetle.png"),
        when no icon `diagrams` ships draws the product (see `kit.model.catalog.icon_for`)."""
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
    ) -> None:
        """A named path: each step (from, to, action[, latency]) travels an existing link; steps are
        numbered across the whole blueprint, in the order flows are declared. With step latencies
        and a `latency_target` ("300 ms") the summary shows the flow's latency budget."""
        line = _caller_line()
        numbered = []
        for spec in steps:
            source, target, action, *rest = spec
            self._step_count += 1
            latency = rest[0] if rest else ""
            numbered.append(Step(self._step_count, source, target, action, line=line, latency=latency))
        self._flows.append(
            Flow(
                name=name,
                steps=tuple(numbered),
                description=description,
                critical=critical,
                line=line,
                latency_target=latency_target,
            )
        )

    # -- the write-up -------------------------------------------------------------------------

    def use_case(self, actor: str, action: str) -> None:
        """In scope: **actor** action ("User", "sends money to another wallet")."""
        self._use_cases.append(UseCase(actor, action))

    def out_of_scope(self, *items: str) -> None:
        self._out_of_scope.extend(items)

    def target(self, name: str, value: str, note: str = "") -> None:
        """A measurable goal, e.g. ("Transfer latency", "p99 < 300 ms")."""
        self._targets.append(Target(name, value, note))

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

    def layout(self, *, direction: str) -> None:
        """Pin the diagram's direction: "LR" runs the lanes left to right, "TB" top to bottom.

        Without it the layout search tries both and keeps the one with fewest defects; pin it when
        a reading order matters more than the search's measure (validated by `build()`)."""
        self._direction = direction

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
            source=self._source,
            direction=self._direction,
        )
        problems = validate(design)
        if problems:
            raise BlueprintError(problems, source=self._source)
        return design
