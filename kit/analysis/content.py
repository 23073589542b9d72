"""Content checks: does a structurally valid design meet the playbook's content standard?

`kit.analysis.validate` decides whether a design can be drawn at all; this module decides whether it is a
case study worth publishing (the standard in the product design: a promise, 3-6 use cases,
trade-offs with the alternative they beat and when to revisit them, failure modes with detection
and mitigation, numbers with units). Each check is a small pure function from a `Design` to
`Finding`s, listed in `CHECKS`; add a check by writing one more function and appending it there.

Errors mean the write-up is missing something a reader relies on; warnings point at something a
reviewer would ask about. `blueprint check` fails on errors, and on warnings too with `--strict`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

from kit.model.model import Design

__all__ = [
    "CHECKS",
    "CLIENT_HOP_MS",
    "MAX_CELL_WORDS",
    "MAX_USE_CASES",
    "MIN_FAILURES",
    "MIN_TRADEOFFS",
    "MIN_USE_CASES",
    "STATEFUL_ENGINES",
    "STATEFUL_KINDS",
    "Finding",
    "Severity",
    "check_content",
    "fails",
    "numbers_without_unit",
]

#: The product design's scope rule: "3-6 use cases".
MIN_USE_CASES: Final = 3
MAX_USE_CASES: Final = 6
#: Fewer than three decisions or failures reads as a sketch, not a case study (the flagship standard).
MIN_TRADEOFFS: Final = 3
MIN_FAILURES: Final = 3


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One gap between a design and the content standard: where, what is missing, and what good looks like."""

    severity: Severity
    element: str
    message: str
    example: str
    line: int | None = None

    def format(self, source: str | None) -> str:
        where = source or "<blueprint>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.severity.value}: {self.element}: {self.message}\n    e.g. {self.example}"


Check = Callable[[Design], Iterator[Finding]]

_DIGIT = re.compile(r"\d")
# A number: digits with thousands separators or a decimal part, not glued to a word ("p99", "RF3").
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
# What may follow a number as its unit: a word, %, x/×, a rate like /s, or a hyphenated word ("1,024-dim").
_UNIT_AFTER = re.compile(r"\s?(?:[^\W\d_]|%|×|/[^\W\d_]|-[^\W\d_])")
_CURRENCY_BEFORE = ("$", "€", "£", "¥")


def _error(element: str, message: str, example: str, line: int | None = None) -> Finding:
    return Finding(Severity.ERROR, element, message, example, line)


def _warning(element: str, message: str, example: str, line: int | None = None) -> Finding:
    return Finding(Severity.WARNING, element, message, example, line)


def _blank(text: str) -> bool:
    return not text.strip()


def numbers_without_unit(text: str) -> list[str]:
    """The numbers in `text` that no unit follows (and no currency sign precedes).

    >>> numbers_without_unit("20 M/day ≈ 230 TPS average, 10x at peak, $3 per M tokens, 70% reads")
    []
    >>> numbers_without_unit("400 per shard at a ratio of 1.5")
    ['1.5']
    >>> numbers_without_unit("p99 < 300 ms")
    []
    """
    bare = []
    for match in _NUMBER.finditer(text):
        if text[: match.start()].rstrip().endswith(_CURRENCY_BEFORE):
            continue
        if not _UNIT_AFTER.match(text, match.end()):
            bare.append(match.group())
    return bare


def check_promise(design: Design) -> Iterator[Finding]:
    if _blank(design.promise):
        yield _error(
            "promise",
            "the blueprint makes no promise (the problem and the property it optimises, in one sentence)",
            'Blueprint(..., promise="Serve 1M reads/s at p99 < 200 ms with staleness <= 1 s")',
        )
    elif not _DIGIT.search(design.promise):
        yield _warning(
            "promise",
            "the promise has no number, so nobody can tell whether the design keeps it",
            'promise="Admit or reject 1M req/s with < 1 ms added at p99"',
        )


def check_use_cases(design: Design) -> Iterator[Finding]:
    count = len(design.use_cases)
    example = 'bp.use_case("User", "sends money to another wallet")'
    if count < MIN_USE_CASES:
        yield _error(
            "use cases",
            f"{count} use case(s); the scope needs at least {MIN_USE_CASES} ('**Actor** verb object')",
            example,
        )
    elif count > MAX_USE_CASES:
        yield _warning(
            "use cases",
            f"{count} use cases; keep the scope to at most {MAX_USE_CASES} and move the rest out of scope",
            'bp.out_of_scope("Chargebacks and disputes")',
        )
    for number, use in enumerate(design.use_cases, 1):
        if _blank(use.actor) or _blank(use.action):
            yield _error(f"use case {number}", "needs both an actor and what the actor does", example)
    if not design.out_of_scope:
        yield _warning(
            "out of scope",
            "nothing is declared out of scope, so a reader cannot tell where the design stops",
            'bp.out_of_scope("KYC / AML onboarding", "Payouts to bank accounts")',
        )


def check_targets(design: Design) -> Iterator[Finding]:
    if not design.targets:
        yield _error(
            "targets",
            "no targets (latency, availability, durability, consistency, each as a number)",
            'bp.target("Transfer latency", "p50 < 80 ms, p99 < 300 ms")',
        )
    from kit.analysis.targets import target_value

    for target in design.targets:
        if not _DIGIT.search(target_value(target)):
            yield _warning(
                f"target {target.name!r}",
                f"the value {target.value!r} has no number to measure against",
                'bp.target("Availability", "99.99% for POST /transfers")',
            )


def check_assumptions(design: Design) -> Iterator[Finding]:
    """Qualitative assumptions (`bp.assume`) and load-model inputs (`bp.quantity`) together."""
    if not design.assumptions and not design.quantities:
        yield _error(
            "assumptions",
            "no assumptions: the scaling math needs its inputs, each with a value, a unit and a basis",
            'bp.quantity("transfers_per_day", "20e6 transfer/day", "Transfers per day", basis="10 M wallets x 2")',
        )
        return
    for quantity in design.quantities:
        if _blank(quantity.basis):
            yield _error(
                f"quantity {quantity.name!r}",
                "says nothing about where the number comes from",
                'basis="Planning value from ..."',
                quantity.line,
            )
    for assumption in design.assumptions:
        element = f"assumption {assumption.name!r}"
        bare = numbers_without_unit(assumption.value)
        if bare:
            yield _error(
                element,
                f"{', '.join(map(repr, bare))} in {assumption.value!r} has no unit",
                'bp.assume("Event size", "1 KB per event", basis="...")',
            )
        if _blank(assumption.basis):
            yield _error(element, "says nothing about where the number comes from", 'basis="Planning value from ..."')
    inputs = [f"{a.name} {a.value}" for a in design.assumptions] + [f"{q.name} {q.label}" for q in design.quantities]
    inputs += [f"{e.name} {e.label}" for e in design.estimates]  # a peak may be derived (a sale window)
    if not any("peak" in text.lower() for text in inputs):
        yield _warning(
            "assumptions",
            "no explicit peak factor, so peak rates cannot be derived from the averages",
            'bp.assume("Peak factor", "10x average", basis="Evening and payday peaks")',
        )


def check_single_points(design: Design) -> Iterator[Finding]:
    """A component that can stop a flow on its own, unless the blueprint says why that is accepted."""
    from kit.analysis.availability import single_points_of_failure

    for spof in single_points_of_failure(design):
        if spof.component.accepted_risk.strip():
            continue
        yield _warning(
            f"component {spof.component.id!r}",
            f"a single point of failure on {', '.join(map(repr, spof.flows))}: one replica on a synchronous path",
            'replicas=2, or a managed kind, or accepted_risk="Batch job; a failed run is retried within the hour"',
            spof.component.line,
        )


def check_tradeoffs(design: Design) -> Iterator[Finding]:
    example = (
        'bp.tradeoff(decision="Ledger store", chosen="Postgres", rejected="Distributed SQL", '
        'why="2.3K TPS fits one primary", cost="Manual sharding", revisit_when="> 20K TPS sustained")'
    )
    if len(design.tradeoffs) < MIN_TRADEOFFS:
        yield _error(
            "trade-offs",
            f"{len(design.tradeoffs)} trade-off(s); a case study needs at least {MIN_TRADEOFFS}",
            example,
        )
    for number, t in enumerate(design.tradeoffs, 1):
        element = f"trade-off {number} {t.decision!r}"
        if _blank(t.rejected):
            yield _error(element, "names no rejected alternative", 'rejected="Distributed SQL (CockroachDB)"')
        for field, text in (("chosen", t.chosen), ("why", t.why), ("cost", t.cost)):
            if _blank(text):
                yield _error(element, f"{field} is empty", example)
        if _blank(t.revisit_when):
            yield _error(element, "says nothing about when to revisit it", 'revisit_when="> 20K transfers/s sustained"')
        elif not _DIGIT.search(t.revisit_when):
            yield _warning(
                element,
                "revisit_when has no threshold (a number that would flip the decision)",
                'revisit_when="Cross-shard transfers pass 50% of volume"',
            )


def check_failures(design: Design) -> Iterator[Finding]:
    example = (
        'bp.failure(failure="Primary crashes", detection="Leader lock expires (30 s TTL)", '
        'blast_radius="1 of 16 shards", mitigation="Promote a sync standby; writes resume in < 60 s")'
    )
    if len(design.failures) < MIN_FAILURES:
        yield _error(
            "failure modes",
            f"{len(design.failures)} failure mode(s); a case study needs at least {MIN_FAILURES}",
            example,
        )
    for number, f in enumerate(design.failures, 1):
        element = f"failure mode {number} {f.failure!r}"
        if _blank(f.detection):
            yield _error(element, "says nothing about how it is detected", 'detection="Write errors > 1% for 30 s"')
        elif not _DIGIT.search(f.detection):
            yield _warning(
                element, "detection has no threshold (the signal and the value that pages)", 'detection="p99 > 5 s"'
            )
        if _blank(f.mitigation):
            yield _error(
                element, "says nothing about mitigation and recovery", 'mitigation="Fail over; recovered in < 60 s"'
            )
        elif not _DIGIT.search(f.mitigation):
            yield _warning(element, "mitigation gives no recovery time", 'mitigation="...; recovered in < 60 s"')
        if _blank(f.blast_radius):
            yield _error(element, "says nothing about its blast radius", 'blast_radius="1 of 16 shards"')


def check_flows(design: Design) -> Iterator[Finding]:
    if not design.flows:
        yield _error(
            "flows",
            "no flows: the diagram's numbered steps come from them",
            'bp.flow("Write path", [(app, api, "The app sends POST /transfers")], critical=True)',
        )
    for flow in design.flows:
        if not flow.steps:
            yield _error(
                f"flow {flow.name!r}",
                "has no steps",
                '[(app, api, "The app sends the request"), (api, db, "The API commits it")]',
                flow.line,
            )


def check_components_used(design: Design) -> Iterator[Finding]:
    used = {end for link in design.links for end in link.key}
    used |= {end for flow in design.flows for step in flow.steps for end in step.key}
    for component in design.components:
        if component.id not in used:
            yield _error(
                f"component {component.id!r}",
                "is on no flow and no link, so the diagram shows it without saying what it does",
                f'bp.link({component.id!r}, "other-id", "what travels")',
                component.line,
            )


def check_scaling(design: Design) -> Iterator[Finding]:
    stages = " ".join(step.at for step in design.scaling).lower().replace("×", "x")
    for multiple in ("10x", "100x"):
        if not re.search(rf"(?<!\d){multiple}", stages):
            yield _warning(
                "scaling path",
                f"does not say what breaks first at {multiple}",
                f'bp.scaling(at="{multiple}", breaks="Primary CPU at 80%", next_move="Shard by account range")',
            )


def check_targets_met(design: Design) -> Iterator[Finding]:
    """Each flow-bound target and each third-party quota against what the model computes."""
    from kit.analysis.targets import quota_checks, target_checks

    for check in (*target_checks(design), *quota_checks(design)):
        if not check.failed:
            continue
        where = f" on {check.flow!r}" if check.flow else ""
        yield _error(
            f"target {check.subject!r}" if check.aspect != "quota" else f"quota {check.subject!r}",
            f"{check.aspect}{where}: required {check.required}, the model computes {check.computed}: {check.gap}",
            'change the design until it meets the figure, or accepted_miss="why the miss is acceptable"',
            check.line,
        )


def check_latency_gaps(design: Design) -> Iterator[Finding]:
    """A synchronous step with no latency, in a flow whose latency a target governs, is off the budget."""
    from kit.analysis.latency import latency_budget

    governed = {t.flow for t in design.targets if t.p50 or t.p99} | {f.name for f in design.flows if f.latency_target}
    for flow in design.flows:
        budget = latency_budget(flow)
        if flow.name not in governed or budget is None:
            continue
        for row in budget.rows:
            step = row.step
            if design.link(*step.key).nature != "sync":
                break  # past the first asynchronous hop the caller has its answer
            from_client = design.component(step.source).lane == "clients"
            if from_client and row.latency_ms is not None and row.latency_ms < CLIENT_HOP_MS:
                yield _warning(
                    f"flow {flow.name!r} step {step.number}",
                    f"a client's hop crosses the public internet, at least {CLIENT_HOP_MS:.0f} ms, not "
                    f"{row.latency_ms:g} ms: budget it honestly, or leave it out and measure at the gateway",
                    '(fan, gateway, "POST /holds")  # no latency: the target is measured at the gateway',
                    step.line,
                )
            if row.latency_ms is None and not from_client:
                yield _warning(
                    f"flow {flow.name!r} step {step.number}",
                    "a synchronous step with no latency: the request waits for it, but the budget leaves it out",
                    '(gateway, guard, "Screen the prompt", "15 ms", "40 ms")',
                    step.line,
                )


#: The shortest honest budget for a hop from a user's device over the public internet (a metro RTT).
CLIENT_HOP_MS: Final = 10.0

#: Kinds that keep state a node loss can take with it.
STATEFUL_KINDS: Final = frozenset(
    {
        "relational-db",
        "wide-column-db",
        "document-db",
        "key-value-store",
        "graph-db",
        "time-series-db",
        "search",
        "vector-store",
        "ledger",
        "cache",
        "stream",
        "queue",
        "coordination",
    }
)
#: Engines that keep their own state (workflow histories, connector offsets) in a store of their own.
STATEFUL_ENGINES: Final = re.compile(r"\b(Temporal|Cadence|Debezium|Kafka Connect|Airflow|Flink|Zeebe|Camunda)\b")


def check_topology(design: Design) -> Iterator[Finding]:
    """Reliability by structure: stateful components say how they survive a node loss; engines name
    their backing store, which the failure modes then cover."""
    failures = " ".join(f"{f.failure} {f.blast_radius} {f.mitigation}" for f in design.failures).lower()
    for c in design.components:
        element = f"component {c.id!r}"
        if c.kind in STATEFUL_KINDS and c.topology is None and not c.managed:
            yield _warning(
                element,
                f"a {c.kind} with no topology: its availability would count replicas as independent copies",
                'topology=single_writer(sync_standbys=1, failover="30 s"), or quorum(3, failover="5 s"), '
                'or managed="AWS"',
                c.line,
            )
        engine = None if c.kind in STATEFUL_KINDS else STATEFUL_ENGINES.search(c.tech)
        if engine and not c.backing_store:
            yield _error(
                element,
                f"{engine.group()} keeps its own state: name the component that stores it",
                'backing_store="temporal-db" (a component of its own, with its topology)',
                c.line,
            )
        if c.backing_store:
            store = design.component(c.backing_store)
            if store.label.lower() not in failures:
                yield _warning(
                    element,
                    f"its backing store {store.label!r} appears in no failure mode",
                    f'bp.failure(failure="{store.label} primary lost", ...)',
                    c.line,
                )


def check_on_a_flow(design: Design) -> Iterator[Finding]:
    """Every component on a link is on a flow, or says it works in the background or controls others."""
    on_flow = {end for flow in design.flows for step in flow.steps for end in step.key}
    linked = {end for link in design.links for end in link.key}
    for c in design.components:
        if c.id in linked and c.id not in on_flow and not c.role:
            yield _error(
                f"component {c.id!r}",
                "is on links but on no flow, so no numbered step says when it acts",
                'add it to a flow, or role="background" (a sweeper) / role="control" (monitoring)',
                c.line,
            )


_SINGLE_POINT_CLAIM = re.compile(r"single point|\bSPOF\b", re.IGNORECASE)
_NO_SINGLE_POINT = re.compile(r"\bno single points?\b|\bno SPOFs?\b", re.IGNORECASE)


def check_single_point_claims(design: Design) -> Iterator[Finding]:
    """The single-points-of-failure list and the prose cannot contradict each other."""
    from kit.analysis.availability import single_points_of_failure
    from kit.analysis.structure import prose

    spofs = single_points_of_failure(design)
    for element, text in prose(design):
        if _NO_SINGLE_POINT.search(text) and spofs:
            names = ", ".join(s.component.label for s in spofs)
            yield _error(
                element,
                f"says there is no single point of failure, but the model finds {names}",
                "name it and accept it (accepted_risk=...), or remove the claim",
            )
        elif _SINGLE_POINT_CLAIM.search(text) and not _NO_SINGLE_POINT.search(text) and not spofs:
            yield _error(
                element,
                "names a single point of failure, but the single-points list is empty",
                "give that component one replica and accepted_risk=..., or reword the failure mode",
            )


def check_use_case_flows(design: Design) -> Iterator[Finding]:
    """Every read and write use case in scope has a flow; every write has a request/response."""
    apis = {api.use_case for api in design.apis}
    for number, use in enumerate(design.use_cases, 1):
        element = f"use case {number} {use.action!r}"
        if use.mode and not use.flow:
            yield _error(
                element,
                f"a {use.mode} use case with no flow",
                f'bp.use_case(..., mode="{use.mode}", flow="Read balance")',
            )
        if use.mode == "write" and use.action not in apis:
            yield _warning(
                element,
                "a write use case with no request/response in the API section",
                f'bp.api({use.action!r}, "POST /transfers {{...}}", "201 {{...}}")',
            )
    if design.use_cases and not any(use.mode for use in design.use_cases):
        yield _warning(
            "use cases",
            "none says whether it reads or writes, so none is checked for a flow",
            'bp.use_case("User", "sees the balance", mode="read", flow="Read balance")',
        )


def check_prose_figures(design: Design) -> Iterator[Finding]:
    """A number typed beside a cited `{figure}` that differs from it by more than 5%."""
    from kit.analysis.prose import mismatches

    for m in mismatches(design):
        yield _warning(
            m.element,
            f"{m.typed!r} is {m.off:.0%} off {{{m.figure}}} = {m.shown} in the same sentence",
            f"write {{{m.figure}}} instead of the number, or fix the model",
        )


def check_write_up(design: Design) -> Iterator[Finding]:
    """What the reader needs at a glance: key numbers, and records sized field by field."""
    if (design.quantities or design.estimates) and not design.key_numbers:
        yield _warning("key numbers", "no key numbers under the promise", 'bp.key_numbers("peak_tps", "shards")')
    if (
        design.estimates
        and any(e.section == "storage" or "B" in e.unit for e in design.estimates)
        and not design.tables
    ):
        yield _warning(
            "data model",
            "storage is sized but no table says what a record holds",
            'bp.table("entries", primary_key="id", fields=[("id", "uuid", 16)], per="entry")',
        )


#: A table cell longer than this reads as a paragraph squeezed into a column (the product design's limit).
MAX_CELL_WORDS: Final = 40


def check_cell_length(design: Design) -> Iterator[Finding]:
    """Trade-off, failure-mode and scaling cells short enough to read in a table."""
    rows: list[tuple[str, object]] = [(f"trade-off {n}", t) for n, t in enumerate(design.tradeoffs, 1)]
    rows += [(f"failure mode {n}", f) for n, f in enumerate(design.failures, 1)]
    rows += [(f"scaling step {n}", s) for n, s in enumerate(design.scaling, 1)]
    for element, row in rows:
        for name in getattr(row, "__dataclass_fields__", {}):
            words = len(str(getattr(row, name)).split())
            if words > MAX_CELL_WORDS:
                yield _warning(
                    f"{element} {name}",
                    f"{words} words in one table cell (keep it under {MAX_CELL_WORDS}; cite figures with {{name}})",
                    "the constraint and its number in one sentence",
                )


def check_references(design: Design) -> Iterator[Finding]:
    if not design.references:
        yield _warning(
            "references",
            "no references to the real systems or write-ups behind the design",
            'bp.reference("Stripe: idempotency keys", "Safe retries", url="https://stripe.com/blog/idempotency")',
        )


#: Every content check, in the order their findings are reported.
CHECKS: Final[tuple[Check, ...]] = (
    check_promise,
    check_use_cases,
    check_targets,
    check_assumptions,
    check_flows,
    check_components_used,
    check_single_points,
    check_single_point_claims,
    check_topology,
    check_on_a_flow,
    check_use_case_flows,
    check_targets_met,
    check_latency_gaps,
    check_prose_figures,
    check_write_up,
    check_cell_length,
    check_tradeoffs,
    check_failures,
    check_scaling,
    check_references,
)


def check_content(design: Design, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    """Every finding of every check on `design`, errors and warnings in check order."""
    return [finding for check in checks for finding in check(design)]


def fails(findings: Sequence[Finding], *, strict: bool) -> bool:
    """Whether `findings` fail a check run: any error, or any warning under --strict."""
    return any(f.severity is Severity.ERROR or strict for f in findings)
