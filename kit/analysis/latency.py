"""Latency budgets: each flow's step latencies, their running total, and the flow's target.

Steps add up in order, as a request waits for each hop in turn; a step without a latency adds
nothing (it is off the budget, e.g. an async hop). A flow is over budget when its total exceeds
its `latency_target`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.analysis.loadmodel import duration_ms, human
from kit.model.model import Flow, Step

__all__ = ["BudgetRow", "LatencyBudget", "format_ms", "latency_budget"]


def format_ms(milliseconds: float) -> str:
    """A latency as a reader writes it: ms below a second, s above, three significant figures.

    >>> format_ms(12.5), format_ms(1500), format_ms(0.25)
    ('12.5 ms', '1.5 s', '0.25 ms')
    """
    if milliseconds >= 1000:
        return human(milliseconds / 1000, "s", sig=3)
    return human(milliseconds, "ms", sig=3)


@dataclass(frozen=True, slots=True)
class BudgetRow:
    step: Step
    latency_ms: float
    running_ms: float


@dataclass(frozen=True, slots=True)
class LatencyBudget:
    """A flow's budget table; `target_ms` is None when the flow sets no target."""

    flow: Flow
    rows: tuple[BudgetRow, ...]
    target_ms: float | None

    @property
    def total_ms(self) -> float:
        return self.rows[-1].running_ms if self.rows else 0.0

    @property
    def over(self) -> bool:
        return self.target_ms is not None and self.total_ms > self.target_ms

    @property
    def headroom_ms(self) -> float | None:
        return None if self.target_ms is None else self.target_ms - self.total_ms


def latency_budget(flow: Flow) -> LatencyBudget | None:
    """The budget of `flow`, or None when none of its steps carries a latency."""
    if not any(step.latency for step in flow.steps):
        return None
    rows = []
    running = 0.0
    for step in flow.steps:
        if not step.latency:
            continue
        latency = duration_ms(step.latency)
        running += latency
        rows.append(BudgetRow(step, latency, running))
    target = duration_ms(flow.latency_target) if flow.latency_target else None
    return LatencyBudget(flow, tuple(rows), target)
