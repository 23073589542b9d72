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
    "MAX_USE_CASES",
    "MIN_FAILURES",
    "MIN_TRADEOFFS",
    "MIN_USE_CASES",
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
    for target in design.targets:
        if not _DIGIT.search(target.value):
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
