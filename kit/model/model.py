"""The frozen model of a blueprint: what every picture and every line of its summary is derived from.

Authors do not build these classes directly; `kit.authoring.builder.Blueprint` records a case study and
`Blueprint.build()` validates it and returns a `Design`. Every collection is a tuple, every class is
frozen, so a design can be shared, hashed and rendered in any order without surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from kit.model.catalog import KINDS

__all__ = [
    "ROLES",
    "SHAPES",
    "Api",
    "Assumption",
    "Component",
    "Design",
    "Estimate",
    "FailureMode",
    "Field",
    "Flow",
    "Group",
    "Link",
    "Quantity",
    "Quota",
    "Reference",
    "ScalingStep",
    "Step",
    "Table",
    "Target",
    "Topology",
    "TradeOff",
    "UseCase",
]


#: Replication shapes a stateful component can declare (see `kit.analysis.topology`).
SHAPES: Final = ("single-writer", "quorum", "leaderless")
#: Roles of a component that is on no flow: it works in the background or controls the others.
ROLES: Final = ("", "background", "control")


@dataclass(frozen=True, slots=True)
class Topology:
    """How a stateful component keeps its state available: who writes, who copies, how fast it fails over.

    `single-writer`: one primary and `sync_standbys` + `async_standbys`; a write waits for the sync ones.
    `quorum`: `nodes` voters (Raft, Paxos, Kafka ISR); a write needs a majority, a leader loss costs an
    election (`failover`). `leaderless`: `nodes` peers, any `needed` of them answer (Dynamo-style).
    """

    shape: str
    sync_standbys: int = 0
    async_standbys: int = 0
    nodes: int = 1
    needed: int = 1
    #: Time from losing the writer (or leader) to serving writes again, with a unit ("30 s").
    failover: str = ""
    #: How often the writer is lost: host failures, patching and zone events (planning value).
    failures_per_month: float = 1.0

    @property
    def total_nodes(self) -> int:
        if self.shape == "single-writer":
            return 1 + self.sync_standbys + self.async_standbys
        return self.nodes


@dataclass(frozen=True, slots=True)
class Component:
    """A box on the diagram: one deployable thing with one responsibility."""

    id: str
    label: str
    kind: str
    tech: str = ""
    replicas: int = 1
    responsibility: str = ""
    group: str | None = None
    lane_override: str | None = None
    #: Availability of one replica, overriding its kind's default (see `kit.analysis.availability`).
    availability: float | None = None
    #: Why a single point of failure here is accepted; empty when it is not (see `blueprint check`).
    accepted_risk: str = ""
    #: Who runs it for us ("AWS", "Cloudflare"): only a declared provider makes it managed.
    managed: str = ""
    #: How its state survives a node loss; None for stateless components.
    topology: Topology | None = None
    #: The component that holds this engine's own state (Temporal's database, Debezium's offsets).
    backing_store: str = ""
    #: "background" or "control" for a component on links but on no flow.
    role: str = ""
    line: int | None = field(default=None, compare=False)
    #: An icon file of the blueprint's own: a PNG, by its path relative to the repository root.
    icon: str = ""

    @property
    def lane(self) -> str:
        return self.lane_override or KINDS[self.kind].lane

    @property
    def tech_suffix(self) -> str:
        """What follows the label when naming the component: ` (technology)`, or `, technology`
        when the technology has brackets of its own."""
        if not self.tech:
            return ""
        return f", {self.tech}" if "(" in self.tech else f" ({self.tech})"

    @property
    def display_name(self) -> str:
        """`Label (technology)`, as the summary and the diagram's tooltips name it."""
        return self.label + self.tech_suffix


@dataclass(frozen=True, slots=True)
class Group:
    """A named boundary (tier, region, trust zone, cell) around components and other groups."""

    id: str
    label: str
    kind: str
    parent: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Link:
    """An arrow: `source` sends `label` to `target`, synchronously, asynchronously, by replication or stream."""

    source: str
    target: str
    label: str
    nature: str = "sync"
    #: Name of a load-model figure drawn under the label (e.g. "peak_write_rps").
    figure: str = ""
    line: int | None = field(default=None, compare=False)
    #: Where its label goes: "" lets the layout search decide, "on" the line, "beside" it (an xlabel).
    label_position: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step of a flow, over the link `source -> target`."""

    number: int
    source: str
    target: str
    action: str
    line: int | None = field(default=None, compare=False)
    #: How long the step takes at p50, with a time unit ("20 ms"); empty when not budgeted.
    latency: str = ""
    #: How long the step takes at p99; empty means the same as p50.
    latency_p99: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


@dataclass(frozen=True, slots=True)
class Flow:
    """A named, ordered path through the architecture (write path, read path, failover)."""

    name: str
    steps: tuple[Step, ...]
    description: str = ""
    critical: bool = False
    line: int | None = field(default=None, compare=False)
    #: The flow's latency budget with a time unit ("300 ms"); empty when it has none.
    latency_target: str = ""
    #: Whether the flow reads or writes ("read", "write"; empty when neither, e.g. a batch job).
    mode: str = ""

    @property
    def numbers(self) -> tuple[int, int]:
        """First and last step number."""
        return (self.steps[0].number, self.steps[-1].number) if self.steps else (0, 0)


@dataclass(frozen=True, slots=True)
class UseCase:
    """**Actor** verb object; `mode` says whether it reads or writes, `flow` names the flow serving it."""

    actor: str
    action: str
    mode: str = ""
    flow: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """A measurable goal, tied to the flow it governs so `check` can compare it with the model.

    Every figure is optional text with a unit: `p50`/`p99` ("80 ms") against the flow's latency
    budget, `availability` ("99.99%") against its composed availability (over `window` when the
    target only holds during, say, a 2 h on-sale), `rpo`/`rto` ("0 s", "60 s") against the
    topology of the stateful components it writes to, `throughput` ("2300 transfers/s") against
    the load-model figure named by `capacity`. `accepted_miss` says why a miss is accepted.
    """

    name: str
    value: str
    note: str = ""
    flow: str = ""
    p50: str = ""
    p99: str = ""
    availability: str = ""
    window: str = ""
    rpo: str = ""
    rto: str = ""
    throughput: str = ""
    capacity: str = ""
    accepted_miss: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Assumption:
    """An input to the scaling math, with its value (and unit) and why we believe it."""

    name: str
    value: str
    basis: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """An input to the load model: a number with a unit (`"150e6 users"`), and why we believe it."""

    name: str
    value: str
    label: str
    basis: str
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Quota:
    """A third party's limit (an input of the load model) and the load-model figure that must stay under it."""

    name: str
    load: str
    accepted_miss: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a table, with its type and its size on disk in bytes."""

    name: str
    type: str
    size: int


@dataclass(frozen=True, slots=True)
class Table:
    """A main table or key space: primary key, fields sized one by one, and each index with its reason."""

    name: str
    primary_key: str
    fields: tuple[Field, ...]
    indexes: tuple[tuple[str, str], ...] = ()
    note: str = ""
    #: What one record is ("transfer"): the table's record size is a load-model figure in B per it.
    per: str = "row"
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Api:
    """One request and its response, for the write (or read) use case it serves."""

    use_case: str
    request: str
    response: str


@dataclass(frozen=True, slots=True)
class Estimate:
    """A derived figure: a formula over earlier quantities and estimates, shown in `unit`."""

    name: str
    formula: str
    label: str
    unit: str
    section: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TradeOff:
    """A decision, the alternative it beat, why, what it costs and when to revisit it."""

    decision: str
    chosen: str
    rejected: str
    why: str
    cost: str
    revisit_when: str


@dataclass(frozen=True, slots=True)
class FailureMode:
    """What breaks, how we notice, how far it spreads and how we recover."""

    failure: str
    detection: str
    blast_radius: str
    mitigation: str


@dataclass(frozen=True, slots=True)
class ScalingStep:
    """What breaks first at a multiple of today's load, and the next move."""

    at: str
    breaks: str
    next_move: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A real system, paper or write-up behind the design."""

    title: str
    note: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Design:
    """A whole case study, validated and frozen."""

    slug: str
    title: str
    category: str
    learn: str
    promise: str
    components: tuple[Component, ...]
    groups: tuple[Group, ...] = ()
    links: tuple[Link, ...] = ()
    flows: tuple[Flow, ...] = ()
    use_cases: tuple[UseCase, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    estimates: tuple[Estimate, ...] = ()
    tradeoffs: tuple[TradeOff, ...] = ()
    failures: tuple[FailureMode, ...] = ()
    scaling: tuple[ScalingStep, ...] = ()
    references: tuple[Reference, ...] = ()
    quotas: tuple[Quota, ...] = ()
    tables: tuple[Table, ...] = ()
    apis: tuple[Api, ...] = ()
    #: Load-model figures for the Key numbers box under the promise, in reading order.
    key_numbers: tuple[str, ...] = ()
    source: str | None = field(default=None, compare=False)
    #: The author's layout direction, "LR" or "TB"; "" lets the layout search decide.
    direction: str = ""
    #: The same for the article images' compact layout alone.
    article_direction: str = ""

    def component(self, component_id: str) -> Component:
        for component in self.components:
            if component.id == component_id:
                return component
        raise KeyError(component_id)

    def link(self, source: str, target: str) -> Link:
        for link in self.links:
            if link.key == (source, target):
                return link
        raise KeyError((source, target))

    def steps_on(self, link: Link) -> tuple[Step, ...]:
        """Every flow step that travels over `link`, in step order."""
        return tuple(step for flow in self.flows for step in flow.steps if step.key == link.key)

    def flow_of(self, step: Step) -> Flow:
        for flow in self.flows:
            if step in flow.steps:
                return flow
        raise KeyError(step.number)

    def members(self, group_id: str | None) -> tuple[Component, ...]:
        """Components placed directly in `group_id` (None: at the top level)."""
        return tuple(c for c in self.components if c.group == group_id)

    def subgroups(self, group_id: str | None) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.parent == group_id)
