"""Availability along each flow's synchronous path, and the single points of failure on it.

A component's availability is that of one replica (its kind's default below, or the blueprint's
`availability=` override); n replicas fail only together, giving 1-(1-a)^n. A flow's synchronous
path is every component its `sync` steps touch up to its first asynchronous hop, clients aside
(the reader's device is not ours to keep up); its availability is the product of theirs, since
any of them down stops the request.
The model assumes independent failures, so it is an upper bound: correlated failures (a bad
deploy to every replica, a zone outage) are what the failure-modes table is for.

A single point of failure is a component on a synchronous path with one replica, unless its kind
is a managed service that is redundant inside (DNS, a CDN, object storage).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from kit.analysis.loadmodel import human
from kit.errors import Problem
from kit.model.model import Component, Design, Flow

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


@dataclass(frozen=True, slots=True)
class ComponentAvailability:
    component: Component
    per_replica: float
    availability: float
    single_point: bool


def component_availability(component: Component) -> ComponentAvailability:
    """One component's availability: its override or its kind's default, times its replicas."""
    spec = DEFAULTS[component.kind]
    per_replica = component.availability if component.availability is not None else spec.per_replica
    return ComponentAvailability(
        component,
        per_replica,
        replicated(per_replica, component.replicas),
        single_point=component.replicas == 1 and not spec.managed,
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
            if component.kind in DEFAULTS and component not in path:
                path.append(component)
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


def format_availability(availability: float) -> str:
    """A percentage showing the first two significant digits of unavailability.

    >>> format_availability(0.999), format_availability(0.99948), format_availability(0.999999)
    ('99.9%', '99.95%', '99.9999%')
    """
    down = 1 - availability
    if down < 1e-7:
        return "> 99.99999%"
    decimals = max(1, math.floor(-math.log10(down) + 1e-9) - 1)
    text = f"{availability * 100:.{decimals}f}".rstrip("0").rstrip(".")
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
