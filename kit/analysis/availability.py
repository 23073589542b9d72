"""Availability along each flow's synchronous path, and the single points of failure on it.

Reliability comes from structure, not from a count of copies:
- a stateless component's availability is that of one replica (its kind's default below, or the
  blueprint's `availability=` override); n interchangeable replicas fail only together: 1-(1-a)^n;
- a stateful component with a topology is down while its writer is being replaced: a single writer
  (or a quorum's leader) loses `failures_per_month` x `failover` minutes a month, whatever its
  standbys; a standby is how fast we recover, not a second independent copy to multiply in.
  A quorum also needs a majority up, and a leaderless store any `needed` of its nodes (k of n);
- a managed component (the blueprint names its provider) counts with the provider's SLA.
A flow's synchronous path is every component its `sync` steps touch up to its first asynchronous
hop, clients aside, plus the backing store of any engine on it (Temporal cannot run a workflow with
its database down); its availability is the product, since any of them down stops the request.
Failures are taken as independent, so the result is an upper bound.

A single point of failure is a component on a synchronous path that nothing replaces when its one
node dies: one replica and no standby, unless a provider runs it (`managed=`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from kit.analysis.loadmodel import duration_ms
from kit.analysis.units import human, round_half_up
from kit.errors import Problem
from kit.model.model import Component, Design, Flow, Topology

__all__ = [
    "DEFAULTS",
    "MINUTES_PER_MONTH",
    "ComponentAvailability",
    "FlowAvailability",
    "KindAvailability",
    "SinglePoint",
    "availability_problems",
    "component_availability",
    "downtime_minutes",
    "flow_availability",
    "format_availability",
    "format_downtime",
    "k_of_n",
    "replicated",
    "single_points_of_failure",
]

#: A 30-day month, the period SLAs count downtime over.
MINUTES_PER_MONTH: Final = 30 * 24 * 60


@dataclass(frozen=True, slots=True)
class KindAvailability:
    """Default availability of one replica of a kind; `managed` kinds are redundant inside."""

    per_replica: float
    managed: bool = False


_SELF_RUN = KindAvailability(0.995)  # one VM or pod, deploys and host failures included (EC2's 99.5% SLA)
_A = KindAvailability
#: Every kind outside the clients lane. Managed figures are the providers' published SLAs.
DEFAULTS: Final[dict[str, KindAvailability]] = {
    # edge
    "dns": _A(0.9999, managed=True),
    "cdn": _A(0.999, managed=True),
    "waf": _A(0.9995, managed=True),
    "load-balancer": _A(0.9999, managed=True),
    "waiting-room": _A(0.9995, managed=True),
    # gateways
    "api-gateway": _SELF_RUN,
    "realtime-gateway": _SELF_RUN,
    "rate-limiter": _SELF_RUN,
    "service-mesh": _SELF_RUN,
    # services
    "service": _SELF_RUN,
    "worker": _SELF_RUN,
    "function": _A(0.9995, managed=True),
    "scheduler": _SELF_RUN,
    "orchestrator": _SELF_RUN,
    "stream-processor": _SELF_RUN,
    "batch-processor": _SELF_RUN,
    "agent": _SELF_RUN,
    "ml-model": _SELF_RUN,
    "llm": _A(0.995),
    "sandbox": _SELF_RUN,
    "search-indexer": _SELF_RUN,
    # async
    "queue": _A(0.999, managed=True),
    "stream": _SELF_RUN,
    "pubsub": _A(0.999, managed=True),
    "event-bus": _A(0.9999, managed=True),
    # data
    "cache": _SELF_RUN,
    "relational-db": _SELF_RUN,
    "wide-column-db": _SELF_RUN,
    "document-db": _SELF_RUN,
    "key-value-store": _SELF_RUN,
    "graph-db": _SELF_RUN,
    "time-series-db": _SELF_RUN,
    "search": _SELF_RUN,
    "vector-store": _SELF_RUN,
    "object-store": _A(0.999, managed=True),
    "data-warehouse": _A(0.999, managed=True),
    "ledger": _SELF_RUN,
    # external
    "external-service": _A(0.999),
    "payment-provider": _A(0.9995),
    "push-provider": _A(0.999),
    # control and ops
    "monitoring": _SELF_RUN,
    "logging": _SELF_RUN,
    "tracing": _SELF_RUN,
    "alerting": _A(0.999, managed=True),
    "auth": _SELF_RUN,
    "secrets": _SELF_RUN,
    "policy": _SELF_RUN,
    "config": _SELF_RUN,
    "deployer": _SELF_RUN,
    "coordination": _SELF_RUN,
    "audit-log": _A(0.999, managed=True),
}
del _A


def replicated(per_replica: float, replicas: int) -> float:
    """Availability of `replicas` independent copies, any one of which serves.

    >>> round(replicated(0.99, 3), 6)
    0.999999
    """
    return 1 - (1 - per_replica) ** replicas


def downtime_minutes(availability: float, minutes: float = MINUTES_PER_MONTH) -> float:
    """Expected minutes down over `minutes` (a 30-day month by default).

    >>> round(downtime_minutes(0.999), 1)
    43.2
    """
    return (1 - availability) * minutes


def k_of_n(per_node: float, nodes: int, needed: int) -> float:
    """Probability that at least `needed` of `nodes` independent nodes are up.

    >>> round(k_of_n(0.99, 3, 2), 6)
    0.999702
    """
    return sum(math.comb(nodes, up) * per_node**up * (1 - per_node) ** (nodes - up) for up in range(needed, nodes + 1))


@dataclass(frozen=True, slots=True)
class ComponentAvailability:
    """One component's availability and how it was reached (`basis`, as the summary prints it)."""

    component: Component
    per_replica: float
    availability: float
    single_point: bool
    basis: str = ""
    #: The longest outage one failure causes (a failover), in minutes; None when nothing bounds it.
    worst_outage_minutes: float | None = 0.0


def _topology_basis(topology: Topology) -> str:
    if topology.shape == "single-writer":
        standbys = [
            f"{n} {kind}" for n, kind in ((topology.sync_standbys, "sync"), (topology.async_standbys, "async")) if n
        ]
        shape = "single writer" + (" + " + " + ".join(standbys) + " standby" if standbys else ", no standby")
    elif topology.shape == "quorum":
        shape = f"quorum of {topology.nodes} (majority {topology.needed})"
    else:
        shape = f"leaderless, {topology.needed} of {topology.nodes}"
    if topology.shape != "leaderless":
        times = "1" if topology.failures_per_month == 1 else human(topology.failures_per_month, "")
        shape += f"; {times} failover/month x {topology.failover}"
    return shape


def component_availability(component: Component) -> ComponentAvailability:
    """One component's availability: from its topology when it has one, from its provider when managed,
    else its override or its kind's default, times its interchangeable replicas."""
    spec = DEFAULTS[component.kind]
    per_replica = component.availability if component.availability is not None else spec.per_replica
    topology = component.topology
    if component.managed:
        basis = f"managed by {component.managed}, {format_availability(per_replica)} SLA"
        return ComponentAvailability(component, per_replica, per_replica, False, basis)
    if topology is None:
        basis = f"{component.replicas} x {format_availability(per_replica)}"
        single = component.replicas == 1
        return ComponentAvailability(
            component, per_replica, replicated(per_replica, component.replicas), single, basis, None if single else 0.0
        )
    failover = duration_ms(topology.failover) / 60_000 if topology.failover else 0.0
    lost = min(1.0, topology.failures_per_month * failover / MINUTES_PER_MONTH)
    if topology.shape == "single-writer":
        availability = 1 - lost
        single = topology.sync_standbys + topology.async_standbys == 0
    elif topology.shape == "quorum":
        availability = k_of_n(per_replica, topology.nodes, topology.needed) * (1 - lost)
        single = topology.nodes - topology.needed < 1
    else:
        availability = k_of_n(per_replica, topology.nodes, topology.needed)
        single = topology.nodes - topology.needed < 1
        failover = 0.0
    return ComponentAvailability(
        component, per_replica, availability, single, _topology_basis(topology), None if single else failover
    )


@dataclass(frozen=True, slots=True)
class FlowAvailability:
    """A flow's synchronous path, in the order it is reached, and what it adds up to."""

    flow: Flow
    path: tuple[ComponentAvailability, ...]
    availability: float

    @property
    def downtime_minutes(self) -> float:
        return downtime_minutes(self.availability)

    @property
    def single_points(self) -> tuple[Component, ...]:
        return tuple(c.component for c in self.path if c.single_point)


def _sync_path(design: Design, flow: Flow) -> list[Component]:
    path: list[Component] = []
    for step in flow.steps:
        if design.link(step.source, step.target).nature != "sync":
            break  # past the first asynchronous hop the request has already been answered
        for end in step.key:
            component = design.component(end)
            while component.kind in DEFAULTS and component not in path:
                path.append(component)
                if not component.backing_store:
                    break
                component = design.component(component.backing_store)  # the engine's own state
    return path


def flow_availability(design: Design, flow: Flow) -> FlowAvailability | None:
    """The composed availability of `flow`'s synchronous path; None when it has none."""
    path = tuple(component_availability(c) for c in _sync_path(design, flow))
    if not path:
        return None
    return FlowAvailability(flow, path, math.prod(c.availability for c in path))


@dataclass(frozen=True, slots=True)
class SinglePoint:
    """A component with no redundancy on the synchronous path of `flows`."""

    component: Component
    flows: tuple[str, ...]


def single_points_of_failure(design: Design) -> tuple[SinglePoint, ...]:
    """Every single point of failure, in component order, with the flows it can stop."""
    flows: dict[str, list[str]] = {}
    for flow in design.flows:
        result = flow_availability(design, flow)
        for component in result.single_points if result else ():
            flows.setdefault(component.id, []).append(flow.name)
    return tuple(SinglePoint(c, tuple(flows[c.id])) for c in design.components if c.id in flows)


def availability_problems(design: Design) -> list[Problem]:
    """Overrides that are not a probability strictly between 0 and 1."""
    problems = []
    for c in design.components:
        a = c.availability
        if a is not None and (isinstance(a, bool) or not isinstance(a, int | float) or not 0 < a < 1):
            problems.append(
                Problem(
                    f"component {c.id!r}",
                    f"availability must be a fraction between 0 and 1 for one replica (e.g. 0.9995), not {a!r}",
                    c.line,
                )
            )
    return problems


def format_availability(availability: float, target: float | None = None) -> str:
    """A percentage showing two significant digits of unavailability, rounded half up, so the
    printed figure never claims more than the model computed; given a `target`, more digits are
    shown until the printed figure falls on the same side of it as the computed one.

    >>> format_availability(0.999), format_availability(0.99948), format_availability(0.99985)
    ('99.9%', '99.948%', '99.985%')
    >>> format_availability(0.9998995), format_availability(0.9998995, target=0.9999)
    ('99.99%', '99.9899%')
    """
    down_percent = (Decimal(1) - Decimal(repr(float(availability)))) * 100
    if down_percent < Decimal("0.00001"):
        return "> 99.99999%"
    for sig in range(2, 12):
        shown = Decimal(100) - round_half_up(float(down_percent), sig)
        if target is None or (shown >= Decimal(repr(target * 100))) == (availability >= target):
            break
    text = format(shown, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text + "%"


def format_downtime(minutes: float) -> str:
    """Downtime in the unit a reader pictures it in, to three significant figures.

    >>> format_downtime(43.2), format_downtime(0.26), format_downtime(432)
    ('43.2 min', '15.6 s', '7.2 h')
    """
    if minutes < 1:
        return human(minutes * 60, "s", sig=3)
    if minutes < 120:
        return human(minutes, "min", sig=3)
    return human(minutes / 60, "h", sig=3)
