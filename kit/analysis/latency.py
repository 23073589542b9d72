"""Latency budgets: each flow's step latencies at p50 and p99, their running totals, and the target.

Steps add up in order, as a request waits for each hop in turn. A step's p99 defaults to its p50.
Summing p99s over-counts (hops rarely all hit their p99 at once), so the p99 total is a safe upper
bound, which is what a budget should be. A step without a latency is not dropped: it shows "—" and
is listed as outside the budget, so a reader sees what the total leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.analysis.loadmodel import duration_ms
from kit.analysis.units import human
from kit.model.model import Flow, Step

__all__ = ["NO_LATENCY", "BudgetRow", "LatencyBudget", "format_ms", "latency_budget"]

#: What a budget shows for a step with no latency.
NO_LATENCY = "—"


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
    """One step of the budget; `latency_ms` is None for a step outside it."""

    step: Step
    latency_ms: float | None
    running_ms: float
    p99_ms: float | None = None
    running_p99_ms: float = 0.0


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
    def total_p99_ms(self) -> float:
        return self.rows[-1].running_p99_ms if self.rows else 0.0

    @property
    def outside(self) -> tuple[Step, ...]:
        """Steps with no latency: not counted in the totals."""
        return tuple(row.step for row in self.rows if row.latency_ms is None)

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
    running = running_p99 = 0.0
    for step in flow.steps:
        if not step.latency:
            rows.append(BudgetRow(step, None, running, None, running_p99))
            continue
        latency = duration_ms(step.latency)
        p99 = duration_ms(step.latency_p99) if step.latency_p99 else latency
        running += latency
        running_p99 += p99
        rows.append(BudgetRow(step, latency, running, p99, running_p99))
    target = duration_ms(flow.latency_target) if flow.latency_target else None
    return LatencyBudget(flow, tuple(rows), target)
