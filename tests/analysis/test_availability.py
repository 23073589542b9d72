"""Availability: replicas in parallel, a flow's synchronous path in series, single points of failure."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit import Blueprint, BlueprintError, Design, single_writer
from kit.analysis.availability import (
    DEFAULTS,
    downtime_minutes,
    flow_availability,
    format_availability,
    format_downtime,
    replicated,
    single_points_of_failure,
)
from kit.model.catalog import KINDS


def test_three_replicas_of_99_percent_give_six_nines() -> None:
    assert replicated(0.99, 3) == pytest.approx(0.999999, abs=1e-12)
    assert format_availability(replicated(0.99, 3)) == "99.9999%"


def test_99_9_percent_over_30_days_is_43_2_minutes_down() -> None:
    assert downtime_minutes(0.999) == pytest.approx(43.2)
    assert format_downtime(downtime_minutes(0.999)) == "43.2 min"


def test_every_kind_outside_the_clients_lane_has_a_default() -> None:
    assert set(DEFAULTS) == {kind for kind, spec in KINDS.items() if spec.lane != "clients"}
    assert all(0 < spec.per_replica < 1 for spec in DEFAULTS.values())


def test_a_flow_multiplies_its_synchronous_path_and_skips_clients(design: Design) -> None:
    transfer = flow_availability(design, design.flows[0])
    assert transfer is not None
    assert [c.component.id for c in transfer.path] == ["api", "ledger"]
    assert transfer.availability == pytest.approx((1 - 0.005**6) * (1 - 0.005**2))
    assert flow_availability(design, design.flows[1]) is None  # stream and async hops only


def test_an_override_replaces_the_kind_default(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.component("auth", "auth", "Auth", availability=0.9, replicas=1)
    bp.link("api", "auth", "check token")
    bp.flow("Login", [("app", "api", "Log in"), ("api", "auth", "Check")])
    design = bp.build()
    login = flow_availability(design, design.flows[-1])
    assert login is not None
    assert login.availability == pytest.approx((1 - 0.005**6) * 0.9)


def test_a_single_point_of_failure_is_found_where_there_is_one(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.link("api", "replica", "read balance")
    bp.flow("Balance", [("app", "api", "Ask"), ("api", "replica", "Read")])
    spofs = single_points_of_failure(bp.build())
    assert [(s.component.id, s.flows) for s in spofs] == [("replica", ("Balance",))]


def test_no_single_point_of_failure_where_everything_is_redundant_or_off_path(design: Design) -> None:
    # The replica, events and notifier have one replica each, but no synchronous step reaches them.
    assert single_points_of_failure(design) == ()


def test_a_declared_managed_service_is_not_a_single_point(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.component("files", "object-store", "Receipts", tech="S3", managed="AWS")
    bp.link("api", "files", "PUT receipt")
    bp.flow("Receipt", [("app", "api", "Ask"), ("api", "files", "Store")])
    assert single_points_of_failure(bp.build()) == ()


def test_managed_is_declared_not_inferred_from_the_kind(make_blueprint: Callable[..., Blueprint]) -> None:
    # A self-built waiting room is a waiting-room kind, but nobody runs it redundantly for us.
    bp = make_blueprint()
    bp.component("queue", "waiting-room", "Waiting room", tech="self-built on Redis")
    bp.link("app", "queue", "join queue")
    bp.flow("Queue", [("app", "queue", "Join")])
    assert [s.component.id for s in single_points_of_failure(bp.build())] == ["queue"]


def test_a_standby_is_not_a_second_independent_copy(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.component("db", "relational-db", "DB", topology=single_writer(sync_standbys=1, failover="30 s"))
    bp.link("api", "db", "write")
    bp.flow("Write", [("app", "api", "Ask"), ("api", "db", "Commit")])
    design = bp.build()
    result = flow_availability(design, design.flows[-1])
    assert result is not None
    db = result.path[-1]
    # One failover a month of 30 s: 1 - 0.5 / 43,200 min, not 1 - 0.005 ** 2 as two copies would give.
    assert db.availability == pytest.approx(1 - 0.5 / 43_200)
    assert db.availability != pytest.approx(replicated(0.995, 2), abs=1e-7)
    assert not db.single_point and "single writer + 1 sync standby" in db.basis


def test_an_engine_brings_its_backing_store_onto_the_path(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.component("tdb", "relational-db", "Temporal DB", topology=single_writer(sync_standbys=1, failover="60 s"))
    bp.component("wf", "orchestrator", "Workflows", tech="Temporal", replicas=3, backing_store="tdb")
    bp.link("api", "wf", "start")
    bp.link("wf", "tdb", "history", nature="replication")
    bp.flow("Start", [("app", "api", "Ask"), ("api", "wf", "Start")])
    design = bp.build()
    result = flow_availability(design, design.flows[-1])
    assert result is not None and [c.component.id for c in result.path] == ["api", "wf", "tdb"]


def test_the_printed_availability_never_rounds_across_the_target() -> None:
    assert format_availability(0.99985) == "99.985%"  # not "99.99%"
    assert format_availability(0.9998995) == "99.99%"
    assert format_availability(0.9998995, target=0.9999) == "99.9899%"
    assert format_availability(1 - 0.0000225) == "99.9977%"  # 0.00225% rounds half up to 0.0023%


@pytest.mark.parametrize("value", [0, 1, 1.5, True, "0.999"])
def test_an_override_outside_0_and_1_is_refused(make_blueprint: Callable[..., Blueprint], value: object) -> None:
    bp = make_blueprint()
    bp.component("auth", "auth", "Auth", availability=value)  # type: ignore[arg-type]
    bp.link("api", "auth", "check token")
    with pytest.raises(BlueprintError, match="component 'auth': availability must be a fraction between 0 and 1"):
        bp.build()
