"""Latency budgets: running totals in step order, against the flow's target."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit import Blueprint, Design
from kit.analysis.latency import LatencyBudget, format_ms, latency_budget


def budget_of(make_blueprint: Callable[..., Blueprint], target: str, *latencies: str) -> LatencyBudget | None:
    bp = make_blueprint()
    steps = [("app", "api", "Call", latencies[0]), ("api", "ledger", "Write", latencies[1])]
    bp.flow("Timed", steps, latency_target=target)
    design = bp.build()
    return latency_budget(design.flows[-1])


def test_running_total_within_target(make_blueprint: Callable[..., Blueprint]) -> None:
    budget = budget_of(make_blueprint, "0.3 s", "40 ms", "1500 us")
    assert budget is not None
    assert [row.running_ms for row in budget.rows] == pytest.approx([40, 41.5])
    assert budget.target_ms == 300
    assert not budget.over
    assert budget.headroom_ms == pytest.approx(258.5)


def test_over_target_is_flagged(make_blueprint: Callable[..., Blueprint]) -> None:
    budget = budget_of(make_blueprint, "300 ms", "40 ms", "280 ms")
    assert budget is not None and budget.over and budget.total_ms == 320


def test_a_flow_without_latencies_has_no_budget(design: Design) -> None:
    assert latency_budget(design.flows[0]) is None


def test_latencies_read_as_a_reader_writes_them() -> None:
    assert [format_ms(v) for v in (0.25, 12.5, 999, 1500, 120000)] == ["0.25 ms", "12.5 ms", "999 ms", "1.5 s", "120 s"]
