"""Targets against the model: each stated figure compared with what the design computes.

A target tied to a flow (`bp.target(..., flow="Transfer", p99="300 ms", availability="99.99%")`)
yields one `TargetCheck` per figure: the figure required, the figure computed, the gap, and
whether it is met. Third-party quotas (`bp.quota`) are checked the same way against the load
on them. `kit.analysis.content` turns every miss into an error unless the blueprint accepts it
with a reason; the summary prints the computed figures next to the targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.analysis.availability import MINUTES_PER_MONTH, flow_availability, format_availability, format_downtime
from kit.analysis.latency import format_ms, latency_budget
from kit.analysis.loadmodel import duration_ms, evaluate, registry
from kit.analysis.structure import percent
from kit.analysis.units import human
from kit.model.model import Design, Flow, Target

__all__ = ["TargetCheck", "quota_checks", "target_checks", "target_value"]


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """One stated figure against the model: `gap` says by how much it is missed (empty when met)."""

    subject: str
    aspect: str
    flow: str
    required: str
    computed: str
    met: bool
    gap: str = ""
    accepted: str = ""
    line: int | None = None

    @property
    def failed(self) -> bool:
        """A miss nobody accepted."""
        return not self.met and not self.accepted.strip()


def target_value(target: Target) -> str:
    """The value the summary prints: the author's text, or one made from the figures."""
    if target.value:
        return target.value
    parts = [f"{name} < {getattr(target, name)}" for name in ("p50", "p99") if getattr(target, name)]
    if target.availability:
        parts.append(target.availability + (f" over {target.window}" if target.window else ""))
    parts += [f"{name.upper()} {getattr(target, name)}" for name in ("rpo", "rto") if getattr(target, name)]
    if target.throughput:
        parts.append(f">= {target.throughput}")
    return ", ".join(parts)


def _flow(design: Design, name: str) -> Flow:
    return next(flow for flow in design.flows if flow.name == name)


def _latency(design: Design, target: Target) -> list[TargetCheck]:
    budget = latency_budget(_flow(design, target.flow))
    checks = []
    for aspect in ("p50", "p99"):
        wanted = getattr(target, aspect)
        if not wanted:
            continue
        required = duration_ms(wanted)
        if budget is None:
            checks.append(
                TargetCheck(
                    target.name,
                    f"{aspect} latency",
                    target.flow,
                    wanted,
                    "no step latencies",
                    False,
                    "give the flow's steps their latencies",
                    target.accepted_miss,
                    target.line,
                )
            )
            continue
        total = budget.total_ms if aspect == "p50" else budget.total_p99_ms
        checks.append(
            TargetCheck(
                target.name,
                f"{aspect} latency",
                target.flow,
                format_ms(required),
                format_ms(total),
                total <= required,
                "" if total <= required else f"{format_ms(total - required)} over",
                target.accepted_miss,
                target.line,
            )
        )
    return checks


def _availability(design: Design, target: Target) -> list[TargetCheck]:
    required = percent(target.availability)
    result = flow_availability(design, _flow(design, target.flow))
    if result is None:
        return [
            TargetCheck(
                target.name,
                "availability",
                target.flow,
                target.availability,
                "no synchronous path",
                True,
                "",
                target.accepted_miss,
                target.line,
            )
        ]
    checks = []
    computed = format_availability(result.availability, required)
    met = result.availability >= required
    gap = "" if met else f"{format_downtime((required - result.availability) * MINUTES_PER_MONTH)} a month too much"
    checks.append(
        TargetCheck(
            target.name,
            "availability",
            target.flow,
            target.availability,
            computed,
            met,
            gap,
            target.accepted_miss,
            target.line,
        )
    )
    if target.window:
        # Within a short window (an on-sale) one failure is all it takes: its outage must fit the allowance.
        allowed = (1 - required) * duration_ms(target.window) / 60_000
        outages = [c.worst_outage_minutes for c in result.path]
        bounded = [o for o in outages if o is not None]
        worst = None if len(bounded) < len(outages) else max(bounded, default=0.0)
        culprit = next((c.component.label for c in result.path if c.worst_outage_minutes == worst), "")
        if worst is None:
            culprit = next(c.component.label for c in result.path if c.worst_outage_minutes is None)
        text = "unbounded (a single point)" if worst is None else format_downtime(worst)
        met_window = worst is not None and worst <= allowed
        gap = "" if met_window else f"one outage of {culprit} ({text}) exceeds the {format_downtime(allowed)} allowed"
        checks.append(
            TargetCheck(
                target.name,
                f"availability over {target.window}",
                target.flow,
                f"{target.availability}: {format_downtime(allowed)} down at most",
                f"one failover: {text}",
                met_window,
                gap,
                target.accepted_miss,
                target.line,
            )
        )
    return checks


def _written_state(design: Design, flow: Flow) -> list[Any]:
    """Stateful components the flow writes to synchronously (targets of its sync steps with a topology)."""
    written = []
    for step in flow.steps:
        component = design.component(step.target)
        if design.link(*step.key).nature == "sync" and component.topology is not None and component not in written:
            written.append(component)
    return written


def _recovery(design: Design, target: Target) -> list[TargetCheck]:
    flow = _flow(design, target.flow)
    checks = []
    if target.rpo:
        rpo = duration_ms(target.rpo)
        state = _written_state(design, flow)
        if rpo == 0:
            # RPO 0 holds only if an acknowledged write is already on a second node: a sync standby or a quorum.
            lossy = [
                c.label
                for c in state
                if c.topology
                and c.topology.shape == "single-writer"
                and c.topology.sync_standbys == 0
                and not c.managed
            ]
            computed = (
                f"{', '.join(lossy)} replicate asynchronously"
                if lossy
                else "every store written has a sync standby or a quorum"
            )
            checks.append(
                TargetCheck(
                    target.name,
                    "RPO",
                    target.flow,
                    target.rpo,
                    computed,
                    not lossy,
                    f"{', '.join(lossy)} acknowledge writes before any standby has them" if lossy else "",
                    target.accepted_miss,
                    target.line,
                )
            )
    if target.rto:
        rto = duration_ms(target.rto)
        result = flow_availability(design, flow)
        worst = 0.0
        culprit = ""
        for c in result.path if result else ():
            outage = c.worst_outage_minutes
            if outage is None or outage * 60_000 > worst:
                worst, culprit = (float("inf") if outage is None else outage * 60_000), c.component.label
        shown = "unbounded (a single point)" if worst == float("inf") else format_ms(worst)
        met = worst <= rto
        checks.append(
            TargetCheck(
                target.name,
                "RTO",
                target.flow,
                target.rto,
                f"{culprit or 'nothing'}: {shown}",
                met,
                "" if met else f"{culprit} takes longer than {target.rto} to recover",
                target.accepted_miss,
                target.line,
            )
        )
    return checks


def _quantity(value: float, unit: str) -> Any:
    return registry().Quantity(value, unit)


def _throughput(design: Design, target: Target) -> list[TargetCheck]:
    load = evaluate(design)
    capacity = load.figure(target.capacity)
    wanted = registry().Quantity(target.throughput)
    have = _quantity(capacity.value, capacity.unit).to(wanted.units)
    met = have >= wanted
    unit = target.throughput.split(maxsplit=1)[1] if " " in target.throughput.strip() else ""
    gap = "" if met else f"{human(float((wanted - have).magnitude), unit)} short"
    return [
        TargetCheck(
            target.name,
            "throughput",
            target.flow,
            target.throughput,
            f"{capacity.label}: {capacity.text}",
            bool(met),
            gap,
            target.accepted_miss,
            target.line,
        )
    ]


def target_checks(design: Design) -> list[TargetCheck]:
    """Every figure of every flow-bound target, checked; in target order."""
    checks: list[TargetCheck] = []
    for target in design.targets:
        if not target.flow:
            continue
        checks += _latency(design, target)
        if target.availability:
            checks += _availability(design, target)
        checks += _recovery(design, target)
        if target.throughput:
            checks += _throughput(design, target)
    return checks


def quota_checks(design: Design) -> list[TargetCheck]:
    """Each third-party quota against the load the design puts on it."""
    if not design.quotas:
        return []
    load = evaluate(design)
    checks = []
    for quota in design.quotas:
        limit, used = load.figure(quota.name), load.figure(quota.load)
        have = _quantity(limit.value, limit.unit)
        try:
            need = _quantity(used.value, used.unit).to(have.units)
        except Exception:  # pint's DimensionalityError: report it as a miss the author must fix
            checks.append(
                TargetCheck(
                    limit.label,
                    "quota",
                    "",
                    limit.text,
                    f"{used.label} is in {used.unit}",
                    False,
                    f"{used.unit} cannot be compared with {limit.unit}",
                    "",
                    quota.line,
                )
            )
            continue
        met = bool(need <= have)
        ratio = float((need / have).to("").magnitude)
        gap = "" if met else f"{human(ratio, '')}x the limit"
        checks.append(
            TargetCheck(
                limit.label,
                "quota",
                "",
                limit.text,
                f"{used.label}: {used.text}",
                met,
                gap,
                quota.accepted_miss,
                quota.line,
            )
        )
    return checks
