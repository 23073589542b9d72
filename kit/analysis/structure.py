"""Validation of what ties the write-up to the model: topologies, targets, quotas, tables, citations.

These are `Problem`s (the blueprint cannot be built), not content findings: a target naming a flow
that does not exist, or a `{figure}` cited in prose that the load model does not define, cannot be
checked or rendered at all. Whether a valid target is met is `kit.analysis.targets`' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from kit.analysis.loadmodel import duration_ms, registry
from kit.errors import Problem
from kit.model.model import ROLES, SHAPES, Design, Topology

__all__ = ["CITATION", "MODES", "outside_code", "percent", "prose", "structure_problems"]

#: A figure cited in prose: `{peak_tps}` renders as the computed value and unit.
CITATION: Final = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CODE: Final = re.compile(r"`[^`\n]*`")

#: What a flow or a use case does to the data.
MODES: Final = ("", "read", "write")


def outside_code(text: str) -> str:
    """`text` with code spans blanked out: `seat:{show}:{seat}` is a key, not a citation."""
    return _CODE.sub(lambda m: " " * len(m.group()), text)


def percent(text: str) -> float:
    """ "99.99%" as the fraction 0.9999; ValueError names the expected form."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", text)
    if not match or not 0 < float(match.group(1)) < 100:
        raise ValueError(f"{text!r} is not a percentage between 0 and 100 (write e.g. '99.99%')")
    return float(match.group(1)) / 100


def prose(design: Design) -> Iterator[tuple[str, str]]:
    """Every piece of prose that may cite figures: (element, text)."""
    for number, t in enumerate(design.tradeoffs, 1):
        for name in ("chosen", "rejected", "why", "cost", "revisit_when"):
            yield f"trade-off {number} {name}", getattr(t, name)
    for number, f in enumerate(design.failures, 1):
        for name in ("failure", "detection", "blast_radius", "mitigation"):
            yield f"failure mode {number} {name}", getattr(f, name)
    for number, s in enumerate(design.scaling, 1):
        for name in ("at", "breaks", "next_move"):
            yield f"scaling step {number} {name}", getattr(s, name)
    for target in design.targets:
        yield f"target {target.name!r} note", target.note
        yield f"target {target.name!r} value", target.value
        yield f"target {target.name!r} accepted_miss", target.accepted_miss


def _drawn(design: Design) -> Iterator[tuple[str, str]]:
    """Text the diagram prints as written, where a `{figure}` would show as braces."""
    yield "promise", design.promise
    for flow in design.flows:
        yield f"flow {flow.name!r} description", flow.description


def _duration(element: str, name: str, text: str, line: int | None) -> Iterator[Problem]:
    if text:
        try:
            duration_ms(text)
        except ValueError as error:
            yield Problem(element, f"{name}: {error}", line)


def _topology(element: str, topology: Topology, line: int | None) -> Iterator[Problem]:
    if topology.shape not in SHAPES:
        yield Problem(element, f"unknown topology {topology.shape!r} (must be one of {list(SHAPES)})", line)
    counts = (topology.sync_standbys, topology.async_standbys, topology.nodes, topology.needed)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts) or topology.nodes < 1:
        yield Problem(element, "topology counts are whole numbers (standbys >= 0, nodes >= 1)", line)
    elif topology.needed > topology.nodes:
        yield Problem(element, f"needs {topology.needed} of {topology.nodes} nodes (needed <= nodes)", line)
    if not topology.failures_per_month > 0:
        yield Problem(element, "failures_per_month must be > 0 (e.g. 1.0: one writer loss a month)", line)
    yield from _duration(element, "failover", topology.failover, line)
    if topology.shape != "leaderless" and not topology.failover:
        yield Problem(
            element,
            "a single-writer or quorum topology needs its failover time (e.g. failover='30 s'), which is "
            "what its availability is computed from",
            line,
        )


def _components(design: Design) -> Iterator[Problem]:
    ids = {c.id for c in design.components}
    for c in design.components:
        element = f"component {c.id!r}"
        if c.topology is not None:
            yield from _topology(element, c.topology, c.line)
        if c.backing_store and (c.backing_store not in ids or c.backing_store == c.id):
            yield Problem(element, f"backing_store {c.backing_store!r} is not another component's id", c.line)
        if c.role not in ROLES:
            yield Problem(element, f"unknown role {c.role!r} (must be 'background' or 'control')", c.line)


def _flows(design: Design) -> Iterator[Problem]:
    flows = {f.name for f in design.flows}
    for flow in design.flows:
        if flow.mode not in MODES:
            yield Problem(f"flow {flow.name!r}", f"mode {flow.mode!r} must be 'read' or 'write'", flow.line)
        for step in flow.steps:
            if step.latency_p99 and not step.latency:
                yield Problem(f"flow {flow.name!r} step {step.number}", "a p99 latency needs a p50 one", step.line)
            yield from _duration(f"flow {flow.name!r} step {step.number}", "p99 latency", step.latency_p99, step.line)
    for number, use in enumerate(design.use_cases, 1):
        element = f"use case {number}"
        if use.mode not in MODES:
            yield Problem(element, f"mode {use.mode!r} must be 'read' or 'write'")
        if use.flow and use.flow not in flows:
            yield Problem(element, f"unknown flow {use.flow!r} (flows: {sorted(flows)})")


def _targets(design: Design, figures: set[str]) -> Iterator[Problem]:
    flows = {f.name for f in design.flows}
    for t in design.targets:
        element = f"target {t.name!r}"
        if t.flow and t.flow not in flows:
            yield Problem(element, f"unknown flow {t.flow!r} (flows: {sorted(flows)})", t.line)
        checked = (t.p50, t.p99, t.availability, t.rpo, t.rto, t.throughput)
        if any(checked) and not t.flow:
            yield Problem(element, "a target with figures names the flow it governs (flow='...')", t.line)
        for name in ("p50", "p99", "window", "rpo", "rto"):
            yield from _duration(element, name, getattr(t, name), t.line)
        if t.availability:
            try:
                percent(t.availability)
            except ValueError as error:
                yield Problem(element, f"availability: {error}", t.line)
        if t.throughput:
            try:
                throughput = registry().Quantity(t.throughput)
            except Exception:  # pint raises several types for text it cannot read
                yield Problem(
                    element, f"throughput {t.throughput!r} must be a number and a rate, e.g. '2300 tx/s'", t.line
                )
            else:
                if t.capacity in figures and throughput.dimensionless:
                    yield Problem(element, f"throughput {t.throughput!r} has no unit (e.g. '2300 tx/s')", t.line)
        if bool(t.throughput) != bool(t.capacity):
            yield Problem(element, "throughput needs capacity, the figure that says what the design sustains", t.line)
        if t.capacity and t.capacity not in figures:
            yield Problem(element, f"unknown capacity figure {t.capacity!r}", t.line)
        if not t.value and not any(checked):
            yield Problem(element, "give a value ('p99 < 300 ms') or figures (p99='300 ms')", t.line)


def structure_problems(design: Design) -> list[Problem]:
    """Every problem in the data that ties the write-up to the model."""
    figures = {q.name for q in design.quantities} | {e.name for e in design.estimates}
    problems = [*_components(design), *_flows(design), *_targets(design, figures)]
    for quota in design.quotas:
        if quota.load not in figures:
            problems.append(Problem(f"quota {quota.name!r}", f"unknown load figure {quota.load!r}", quota.line))
    for name in design.key_numbers:
        if name not in figures:
            problems.append(Problem("key numbers", f"unknown figure {name!r} (declare it with bp.derive)"))
    for table in design.tables:
        for f in table.fields:
            if isinstance(f.size, bool) or not isinstance(f.size, int) or f.size < 0:
                problems.append(Problem(f"table {table.name!r}", f"field {f.name!r}: size is bytes, a whole number"))
    for element, text in prose(design):
        for name in CITATION.findall(outside_code(text)):
            if name not in figures:
                problems.append(Problem(element, f"cites {{{name}}}, which no bp.quantity or bp.derive defines"))
    for element, text in _drawn(design):
        for name in CITATION.findall(outside_code(text)):
            problems.append(
                Problem(element, f"cites {{{name}}}, but the diagram prints this text as written: type the figure")
            )
    return problems
