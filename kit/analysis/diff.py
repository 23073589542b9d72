"""What changed between two versions of a design: elements added, removed or changed, and figures moved.

Components and groups are matched by id, links by their two ends, flows by name, and a flow's
steps by aligning the two step sequences on the links they travel (so inserting a step reads as
one added step, not as every later one changed). A changed element lists each field that differs,
old -> new. Every other part of the write-up (targets, trade-offs, ...) is matched by its first
field. Figures are what the kit computes from a design (load model, latency budgets, composed
availability, single points of failure, target and quota checks), compared as a reader sees them:
formatted with their units, so a figure "moved" when its printed value did.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Final

from kit.analysis.availability import flow_availability, format_availability, format_downtime, single_points_of_failure
from kit.analysis.latency import format_ms, latency_budget
from kit.analysis.loadmodel import evaluate
from kit.analysis.targets import TargetCheck, quota_checks, target_checks
from kit.model.model import Component, Design, Flow, Group, Link, Step, UseCase

__all__ = ["Change", "DesignDiff", "FigureMove", "diff_designs", "figures"]

#: Fields that say where an element was written, not what it is.
_IGNORED: Final = frozenset({"line", "source"})
#: Meta fields of a design, compared one by one.
_META: Final = ("title", "category", "learn", "promise", "direction")
#: The write-up's other parts: the Design field, the name a reader knows it by.
_PROSE: Final = (
    ("use_cases", "use case"),
    ("out_of_scope", "out of scope"),
    ("targets", "target"),
    ("assumptions", "assumption"),
    ("quantities", "load input"),
    ("estimates", "estimate"),
    ("tradeoffs", "trade-off"),
    ("failures", "failure mode"),
    ("scaling", "scaling step"),
    ("references", "reference"),
    ("quotas", "quota"),
    ("tables", "table"),
    ("apis", "API"),
    ("key_numbers", "key number"),
)


@dataclass(frozen=True, slots=True)
class Change:
    """One element `added`, `removed` or `changed`; `fields` holds (field, old, new) for a change."""

    kind: str
    key: str
    status: str
    fields: tuple[tuple[str, str, str], ...] = ()
    #: What a reader knows it by: a component's `Label (technology)`, a link's label, a step's action.
    name: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "key": self.key, "status": self.status, "name": self.name}
        if self.fields:
            data["fields"] = [{"field": f, "old": old, "new": new} for f, old, new in self.fields]
        return data


@dataclass(frozen=True, slots=True)
class FigureMove:
    """A computed figure as printed before and after; empty `old` or `new` when it appeared or went."""

    key: str
    label: str
    old: str
    new: str

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class DesignDiff:
    """Every change between `old` and `new`, in reading order: meta, components, groups, links,
    flows and steps, the write-up; then the figures that moved."""

    old: Design
    new: Design
    changes: tuple[Change, ...]
    figures: tuple[FigureMove, ...]

    @property
    def empty(self) -> bool:
        return not self.changes and not self.figures

    def of(self, kind: str, status: str | None = None) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind and (status is None or c.status == status))


def _shown(value: object) -> str:
    """A field's value as the report prints it."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(_shown(v) for v in value) + ")"
    if is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={_shown(getattr(value, f.name))}" for f in fields(value) if f.name not in _IGNORED)
        return f"{type(value).__name__}({inner})"
    return str(value)


def _field_changes(old: object, new: object, skip: Iterable[str] = ()) -> tuple[tuple[str, str, str], ...]:
    """(field, old, new) for each dataclass field that differs."""
    skipped = _IGNORED | set(skip)
    return tuple(
        (f.name, _shown(getattr(old, f.name)), _shown(getattr(new, f.name)))
        for f in fields(old)  # type: ignore[arg-type]
        if f.name not in skipped and getattr(old, f.name) != getattr(new, f.name)
    )


def _named(item: object) -> str:
    if isinstance(item, Component):
        return item.display_name
    if isinstance(item, Link | Group):
        return item.label
    if isinstance(item, Step):
        return item.action
    return ""


def _keyed(
    kind: str, old: Sequence[Any], new: Sequence[Any], key: Callable[[Any], str], skip: Iterable[str] = ()
) -> list[Change]:
    """Added, removed and changed elements matched by `key` (a repeated key counts as `key (2)`, ...):
    in the new order, then the removed ones in the old order."""
    before, after = _by_key(old, key), _by_key(new, key)
    changes = []
    for name, item in after.items():
        if name not in before:
            changes.append(Change(kind, name, "added", name=_named(item)))
        elif hasattr(item, "__dataclass_fields__") and (changed := _field_changes(before[name], item, skip)):
            changes.append(Change(kind, name, "changed", changed, _named(item)))
    changes += [Change(kind, name, "removed", name=_named(item)) for name, item in before.items() if name not in after]
    return changes


def _by_key(items: Sequence[Any], key: Callable[[Any], str]) -> dict[str, Any]:
    keyed: dict[str, Any] = {}
    for item in items:
        name, count = key(item), 2
        while name in keyed:
            name, count = f"{key(item)} ({count})", count + 1
        keyed[name] = item
    return keyed


def _link_key(link: Link) -> str:
    return f"{link.source} -> {link.target}"


def _step_key(flow: Flow, step: Step) -> str:
    return f"{flow.name} step {step.number} ({step.source} -> {step.target})"


def _steps(old: Flow, new: Flow) -> list[Change]:
    """The steps of one flow, aligned on the links they travel."""
    matcher = difflib.SequenceMatcher(None, [s.key for s in old.steps], [s.key for s in new.steps], autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for before, after in zip(old.steps[i1:i2], new.steps[j1:j2], strict=True):
                # A step renumbered by an insertion before it is not itself changed.
                if changed := _field_changes(before, after, skip=("number",)):
                    changes.append(Change("step", _step_key(new, after), "changed", changed, after.action))
            continue
        changes += [Change("step", _step_key(new, step), "added", name=step.action) for step in new.steps[j1:j2]]
        changes += [Change("step", _step_key(old, step), "removed", name=step.action) for step in old.steps[i1:i2]]
    return changes


def _flows(old: Design, new: Design) -> list[Change]:
    changes = []
    before = {flow.name: flow for flow in old.flows}
    after = {flow.name: flow for flow in new.flows}
    for name, flow in after.items():
        if name not in before:
            changes.append(Change("flow", name, "added"))
            changes += [Change("step", _step_key(flow, step), "added", name=step.action) for step in flow.steps]
            continue
        if changed := _field_changes(before[name], flow, skip=("steps",)):
            changes.append(Change("flow", name, "changed", changed))
        changes += _steps(before[name], flow)
    for name, flow in before.items():
        if name not in after:
            changes.append(Change("flow", name, "removed"))
            changes += [Change("step", _step_key(flow, step), "removed", name=step.action) for step in flow.steps]
    return changes


def _first_field(item: object) -> str:
    """The name a part of the write-up is known by: its first field (a name, a decision, a title)."""
    if isinstance(item, str):
        return item
    if isinstance(item, UseCase):
        return f"{item.actor} {item.action}"
    return str(getattr(item, fields(item)[0].name))  # type: ignore[arg-type]


def _check_text(check: TargetCheck) -> str:
    verdict = "met" if check.met else ("missed, accepted" if check.accepted.strip() else "missed")
    return f"{check.computed} against {check.required}: {verdict}" + (f" ({check.gap})" if check.gap else "")


def figures(design: Design) -> dict[str, tuple[str, str]]:
    """Every figure the kit computes for `design`: key -> (label, value as printed, with its unit)."""
    found: dict[str, tuple[str, str]] = {}
    load = evaluate(design)
    for figure in (*load.inputs, *load.estimates):
        found[f"load:{figure.name}"] = (figure.label, figure.text)
    for flow in design.flows:
        budget = latency_budget(flow)
        if budget is not None:
            found[f"latency:{flow.name}:p50"] = (f"{flow.name}: latency p50", format_ms(budget.total_ms))
            found[f"latency:{flow.name}:p99"] = (f"{flow.name}: latency p99", format_ms(budget.total_p99_ms))
        composed = flow_availability(design, flow)
        if composed is not None:
            down = format_downtime(composed.downtime_minutes)
            shown = f"{format_availability(composed.availability)} ({down}/month down)"
            found[f"availability:{flow.name}"] = (f"{flow.name}: availability", shown)
    points = single_points_of_failure(design)
    found["single-points"] = ("Single points of failure", ", ".join(p.component.label for p in points) or "none")
    for check in target_checks(design):
        key = f"target:{check.subject}:{check.aspect}:{check.flow}"
        found[key] = (f"Target {check.subject!r} {check.aspect}", _check_text(check))
    for check in quota_checks(design):
        found[f"quota:{check.subject}"] = (f"Quota {check.subject!r}", _check_text(check))
    return found


def _figure_moves(old: Design, new: Design) -> list[FigureMove]:
    before, after = figures(old), figures(new)
    moves = []
    for key, (label, value) in after.items():
        was = before.get(key, ("", ""))[1]
        if was != value:
            moves.append(FigureMove(key, label, was, value))
    moves += [FigureMove(key, label, value, "") for key, (label, value) in before.items() if key not in after]
    return moves


def diff_designs(old: Design, new: Design) -> DesignDiff:
    """Every difference between two valid designs (`build()` has checked both)."""
    changes = [
        Change("meta", name, "changed", ((name, _shown(getattr(old, name)), _shown(getattr(new, name))),))
        for name in _META
        if getattr(old, name) != getattr(new, name)
    ]
    changes += _keyed("component", old.components, new.components, lambda c: c.id, skip=("id",))
    changes += _keyed("group", old.groups, new.groups, lambda g: g.id, skip=("id",))
    changes += _keyed("link", old.links, new.links, _link_key, skip=("source", "target"))
    changes += _flows(old, new)
    for name, kind in _PROSE:
        changes += _keyed(kind, getattr(old, name), getattr(new, name), _first_field)
    return DesignDiff(old, new, tuple(changes), tuple(_figure_moves(old, new)))
