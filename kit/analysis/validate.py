"""Structural checks on a design, run before anything is drawn.

Each check yields `Problem`s that name the element and what would be valid, in the style
`unknown kind: 'x' (must be one of [...])`. `validate()` runs them all so an author sees every
problem at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

from kit.analysis.availability import availability_problems
from kit.analysis.loadmodel import load_problems
from kit.analysis.structure import structure_problems
from kit.errors import Problem
from kit.model.catalog import CATEGORIES, GROUP_KINDS, KINDS, LANES, NATURES, own_icon_problem
from kit.model.model import Design, Reference

__all__ = ["DIRECTIONS", "LABEL_POSITIONS", "MAX_COMPONENTS", "MAX_LINKS", "MAX_STEPS", "SLUG_PATTERN", "validate"]

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")


def _choices(allowed: Iterable[str]) -> str:
    return "[" + ", ".join(repr(a) for a in allowed) + "]"


def _unknown(what: str, value: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    close = difflib.get_close_matches(value, allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown {what}: {value!r} ({hint}must be one of {_choices(allowed)})"


#: What `bp.layout(direction=...)` and `bp.link(..., label_position=...)` accept ("": the search decides).
DIRECTIONS = ("", "LR", "TB")
LABEL_POSITIONS = ("", "on", "beside")


def _check_meta(design: Design) -> Iterator[Problem]:
    if not SLUG_PATTERN.match(design.slug):
        yield Problem(
            "slug",
            f"{design.slug!r} is not a valid slug (lower-case words joined by '-', e.g. 'payment-wallet')",
        )
    if not design.title.strip():
        yield Problem("title", "the title is empty (give the case study's name, e.g. 'Payment Wallet')")
    if design.category not in CATEGORIES:
        yield Problem("category", _unknown("category", design.category, CATEGORIES))
    if not design.components:
        yield Problem("components", "the blueprint has no components")
    for name, value in (("direction", design.direction), ("article", design.article_direction)):
        if value not in DIRECTIONS:
            yield Problem("layout", f"{name} must be 'LR' (lanes left to right) or 'TB' (top to bottom), not {value!r}")


def _check_components(design: Design) -> Iterator[Problem]:
    seen: set[str] = set()
    for c in design.components:
        element = f"component {c.id!r}"
        if not _ID_PATTERN.match(c.id):
            yield Problem(element, "ids are lower-case letters, digits, '-' or '_', starting with a letter", c.line)
        if c.id in seen:
            yield Problem(element, "duplicate component id (each id names one component)", c.line)
        seen.add(c.id)
        if not c.label.strip():
            yield Problem(element, "the label is empty (the name a reader sees on the box)", c.line)
        if c.kind not in KINDS:
            yield Problem(element, _unknown("kind", c.kind, KINDS), c.line)
        if c.lane_override is not None and c.lane_override not in LANES:
            yield Problem(element, _unknown("lane", c.lane_override, LANES), c.line)
        if isinstance(c.replicas, bool) or not isinstance(c.replicas, int) or c.replicas < 1:
            yield Problem(element, f"replicas must be a whole number >= 1, not {c.replicas!r}", c.line)
        if c.icon and (problem := own_icon_problem(c.icon)) is not None:
            yield Problem(element, problem, c.line)


def _check_groups(design: Design) -> Iterator[Problem]:
    labels: Counter[tuple[str | None, str]] = Counter()
    for g in design.groups:
        element = f"group {g.label!r}"
        if not g.label.strip():
            yield Problem(element, "the group label is empty", g.line)
        if g.kind not in GROUP_KINDS:
            yield Problem(element, _unknown("group kind", g.kind, GROUP_KINDS), g.line)
        labels[(g.parent, g.id)] += 1
        if labels[(g.parent, g.id)] == 2:
            yield Problem(
                element,
                "another group with the same label sits under the same parent; Graphviz would merge them "
                "silently (rename one, e.g. add its region or role)",
                g.line,
            )
        if not design.members(g.id) and not design.subgroups(g.id):
            yield Problem(element, "the group is empty (add components inside its `with` block)", g.line)


def _check_links(design: Design) -> Iterator[Problem]:
    ids = [c.id for c in design.components]
    known = set(ids)
    seen: set[tuple[str, str]] = set()
    for link in design.links:
        element = f"link {link.source!r} -> {link.target!r}"
        for end in (link.source, link.target):
            if end not in known:
                yield Problem(element, _unknown("component", end, ids), link.line)
        if link.source == link.target:
            yield Problem(element, "a link cannot go from a component to itself", link.line)
        if link.nature not in NATURES:
            yield Problem(element, _unknown("nature", link.nature, NATURES), link.line)
        if not link.label.strip():
            yield Problem(element, "the link label is empty (say what travels, e.g. 'POST /transfers')", link.line)
        if link.label_position not in LABEL_POSITIONS:
            yield Problem(
                element,
                f"label_position must be one of {', '.join(map(repr, LABEL_POSITIONS))}, not {link.label_position!r}",
                link.line,
            )
        if link.key in seen:
            yield Problem(
                element, "duplicate link (one arrow per direction; put both messages in one label)", link.line
            )
        seen.add(link.key)
    linked = {end for link in design.links for end in link.key}
    for c in design.components:
        if c.id not in linked:
            yield Problem(
                f"component {c.id!r}",
                "is in no link (connect it with bp.link(...) or remove it)",
                c.line,
            )


def _check_flows(design: Design) -> Iterator[Problem]:
    ids = [c.id for c in design.components]
    link_keys = {link.key for link in design.links}
    names: set[str] = set()
    for flow in design.flows:
        element = f"flow {flow.name!r}"
        if not flow.name.strip():
            yield Problem(element, "the flow name is empty (e.g. 'Write path')", flow.line)
        if flow.name in names:
            yield Problem(element, "duplicate flow name", flow.line)
        names.add(flow.name)
        if not flow.steps:
            yield Problem(element, "the flow has no steps", flow.line)
        for step in flow.steps:
            where = f"{element} step {step.number} {step.source!r} -> {step.target!r}"
            unknown = [end for end in step.key if end not in ids]
            for end in unknown:
                yield Problem(where, _unknown("component", end, ids), step.line)
            if unknown:
                continue
            if step.key not in link_keys:
                hint = (
                    f"there is a link {step.target!r} -> {step.source!r}; steps follow the link's direction"
                    if (step.target, step.source) in link_keys
                    else f"add bp.link({step.source!r}, {step.target!r}, ...) first"
                )
                yield Problem(where, f"no link matches this step ({hint})", step.line)
            if not step.action.strip():
                yield Problem(where, "the step says nothing (describe what happens)", step.line)


def _bad_character(text: str) -> str | None:
    """The first character no text may hold, described; None when the text is fine.

    Control characters (other than newline and tab), lone surrogates and U+FFFE/U+FFFF cannot be
    written to XML, so an SVG holding one would not open; refusing them beats dropping them silently.
    """
    for position, char in enumerate(text):
        if (unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t") or char in "\ufffe\uffff":
            return f"U+{ord(char):04X} at position {position}"
    return None


def _texts(design: Design) -> Iterator[tuple[str, str, int | None]]:
    """Every piece of author text: (element, text, line)."""
    for name in ("title", "learn", "promise"):
        yield name, getattr(design, name), None
    for c in design.components:
        for name in ("label", "tech", "responsibility"):
            yield f"component {c.id!r} {name}", getattr(c, name), c.line
    for g in design.groups:
        yield f"group {g.id!r} label", g.label, g.line
    for link in design.links:
        yield f"link {link.source!r} -> {link.target!r} label", link.label, link.line
    for flow in design.flows:
        yield f"flow {flow.name!r}", flow.name, flow.line
        yield f"flow {flow.name!r} description", flow.description, flow.line
        for step in flow.steps:
            yield f"flow {flow.name!r} step {step.number}", step.action, step.line
    for item in design.out_of_scope:
        yield "out_of_scope", item, None
    sections = (design.use_cases, design.targets, design.assumptions, design.tradeoffs, design.failures)
    for section in (*sections, design.scaling, design.references, design.apis):
        for entry in section:
            for field in dataclasses.fields(entry):
                value = getattr(entry, field.name)
                if isinstance(value, str):
                    yield f"{type(entry).__name__.lower()} {field.name}", value, None


def _check_text(design: Design) -> Iterator[Problem]:
    for element, text, line in _texts(design):
        bad = _bad_character(text)
        if bad is not None:
            yield Problem(
                element,
                f"holds the control character {bad} (text may hold printable characters, newlines and tabs)",
                line,
            )


_URL = re.compile(r"^https?://[^\s]+$")


def _check_references(references: Iterable[Reference]) -> Iterator[Problem]:
    for reference in references:
        if reference.url and not _URL.match(reference.url):
            yield Problem(
                f"reference {reference.title!r}",
                f"url {reference.url!r} must be an http:// or https:// address without spaces",
            )


#: The most a blueprint may draw. Past these a diagram does not read at any width, and rendering
#: grows past its stated bounds (docs/reliability.md: time and memory per size).
MAX_COMPONENTS = 100
MAX_LINKS = 250
MAX_STEPS = 80


def _check_size(design: Design) -> Iterator[Problem]:
    """Refuse, before any work, a design too big to draw: say which limit and how to split it."""
    split = (
        "split it into several blueprints, one per subsystem, each drawing its neighbours as a single "
        "external component"
    )
    steps = sum(len(flow.steps) for flow in design.flows)
    for what, count, limit in (
        ("components", len(design.components), MAX_COMPONENTS),
        ("links", len(design.links), MAX_LINKS),
        ("flow steps (one walkthrough frame each)", steps, MAX_STEPS),
    ):
        if count > limit:
            yield Problem("blueprint", f"draws {count} {what}, more than the {limit} a blueprint may: {split}")


def validate(design: Design) -> list[Problem]:
    """Every structural problem in `design`, in file order within each check."""
    too_big = list(_check_size(design))
    if too_big:
        # Nothing else is worth checking (or costing) on a design that cannot be drawn.
        return too_big
    problems = [
        *_check_meta(design),
        *_check_text(design),
        *_check_references(design.references),
        *_check_components(design),
    ]
    if any(p.message.startswith("unknown kind") for p in problems):
        # Later checks derive lanes from kinds; report what we have rather than cascade.
        return problems
    problems = [*problems, *_check_groups(design), *_check_links(design), *_check_flows(design)]
    return [*problems, *availability_problems(design), *structure_problems(design), *load_problems(design)]
