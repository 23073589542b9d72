"""The load model: inputs as quantities with units, derived figures as formulas, checked and evaluated.

A blueprint declares inputs (`bp.quantity("dau", "150e6 users", ...)`) and estimates
(`bp.derive("write_rps", "dau * writes_per_user / day", ..., unit="req/s")`). Units come from
`pint`, with a registry of our own: time, information (bytes are a dimension of their own, unlike
pint's defaults, so bytes + seconds and req/s vs B/s are caught), percent, money, and one
dimension per countable thing (request, user, tweet, push...). Keeping the registry small keeps it
cheap: ~20 ms to build, on top of ~150-400 ms to import pint, paid only by designs with a load model.

One rounding rule for every computed figure: two significant figures, half up, scaled to K/M/bn/T
(or KB/MB/GB/TB/PB for bytes; see `kit.analysis.units`), prefixed with `~` unless exact. Inputs
keep up to four significant figures, since they are what the author wrote.

One mistake gives one error: a figure that fails is remembered, and a later formula that uses it
is skipped silently instead of reporting an "unknown name" for a name that was declared.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from kit.analysis.units import COUNT_UNITS, human, round_half_up
from kit.errors import Problem
from kit.model.model import Design, Estimate, Quantity

if TYPE_CHECKING:
    import pint

    _Value = pint.Quantity[Any]

__all__ = [
    "COUNT_UNITS",
    "FUNCTIONS",
    "SECTIONS",
    "Figure",
    "LoadModel",
    "duration_ms",
    "evaluate",
    "human",
    "load_problems",
    "registry",
]

#: Sections of the back-of-the-envelope, in the order a reader follows them.
SECTIONS: dict[str, str] = {
    "rates": "Rates",
    "storage": "Storage",
    "bandwidth": "Bandwidth",
    "memory": "Memory",
    "fleet": "Fleet sizes",
    "queues": "Queues (Little's law)",
    "time": "Time",
    "cost": "Cost",
    "other": "Other figures",
}

_DEFINITIONS = (
    "kilo- = 1e3 = K- = k-",
    "mega- = 1e6 = M-",
    "giga- = 1e9 = G-",
    "tera- = 1e12 = T-",
    "peta- = 1e15 = P-",
    "milli- = 1e-3 = m-",
    "micro- = 1e-6 = u-",
    "second = [time] = s = sec = seconds",
    "minute = 60 * second = min = minutes",
    "hour = 60 * minute = h = hr = hours",
    "day = 24 * hour = d = days",
    "week = 7 * day = _ = weeks",
    "year = 365 * day = yr = years",
    "month = 30 * day = _ = months",
    "bit = [information] = _ = bits",
    "byte = 8 * bit = B = bytes",
    "percent = 0.01 = %",
    "dollar = [money] = USD = dollars",
    *(f"{name} = [{name}] = " + " = ".join(aliases) for name, aliases in COUNT_UNITS.items()),
)

#: Functions a formula may call.
FUNCTIONS: dict[str, str] = {
    "ceil": "round up to a whole number (fleet sizes)",
    "min": "the smaller of its arguments",
    "max": "the larger of its arguments",
}

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The kit's unit registry, built once on first use (importing pint is most of its cost)."""
    import pint

    units: pint.UnitRegistry[Any] = pint.UnitRegistry(None, cache_folder=None)
    for definition in _DEFINITIONS:
        units.define(definition)
    return units


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the back-of-the-envelope: an input, or an estimate with its working."""

    name: str
    label: str
    section: str
    text: str
    value: float
    unit: str
    formula: str = ""
    substituted: str = ""
    basis: str = ""


@dataclass(frozen=True, slots=True)
class LoadModel:
    """The evaluated load model of a design: inputs, then estimates in declaration order."""

    inputs: tuple[Figure, ...]
    estimates: tuple[Figure, ...]

    def figure(self, name: str) -> Figure:
        for figure in (*self.inputs, *self.estimates):
            if figure.name == name:
                return figure
        raise KeyError(name)

    def by_section(self) -> list[tuple[str, list[Figure]]]:
        """Estimates grouped under SECTIONS' headings, sections in reader order."""
        return [
            (heading, [f for f in self.estimates if f.section == key])
            for key, heading in SECTIONS.items()
            if any(f.section == key for f in self.estimates)
        ]


class _FormulaError(Exception):
    """A formula that cannot be evaluated; the message says why and what is allowed."""


class _DependsOnFailed(Exception):
    """A formula uses a figure that failed earlier: its own error is reported there, not here."""


#: What to write instead of an operator a formula may not use.
_OPERATOR_HINTS: dict[type[ast.operator], str] = {
    ast.Mod: "`%` is not a percentage in a formula: declare the share as a quantity ('30 %') and multiply by it",
    ast.FloorDiv: "`//` drops units: divide with `/` and round up with ceil(...)",
    ast.BitXor: "`^` is not a power: write `**`, e.g. (1 - a) ** 2",
    ast.MatMult: "`@` is not allowed: multiply with `*`",
}


def _parse_value(text: str) -> tuple[float, str]:
    match = _NUMBER.match(text)
    if not match:
        raise _FormulaError(f"{text!r} must start with a number, then a unit (e.g. '150e6 users', '2 KB', '30 days')")
    return float(match.group(1)), match.group(2)


def _quantity(text: str) -> tuple[_Value, float, str]:
    number, unit = _parse_value(text)
    units = registry()
    try:
        return units.Quantity(number, unit), number, unit
    except Exception as error:  # pint raises several types for an unknown unit
        raise _FormulaError(f"unknown unit in {text!r}: {error} ({_known_units()})") from None


def _known_units() -> str:
    counts = ", ".join(COUNT_UNITS)
    return f"units are s, ms, min, h, day, week, month, year, B, KB..PB, bit, %, USD, and counts: {counts}"


def duration_ms(text: str) -> float:
    """A latency such as "20 ms" or "1.5 s", in milliseconds; ValueError says what is wrong."""
    try:
        quantity, _, _ = _quantity(text)
    except _FormulaError as error:
        raise ValueError(str(error)) from None
    if not quantity.check("[time]"):
        raise ValueError(f"{text!r} is not a duration (give a time, e.g. '20 ms' or '1.5 s')")
    value = float(quantity.to("ms").magnitude)
    if value < 0:
        raise ValueError(f"{text!r} is negative (a latency is >= 0)")
    return value


def _section_for(quantity: _Value) -> str:
    """The section an estimate falls in when the author names none, from its dimension."""
    dims = dict(quantity.dimensionality)
    if "[money]" in dims:
        return "cost"
    if dims == {"[information]": 1}:
        return "storage"
    if dims.get("[information]") == 1 and dims.get("[time]") == -1:
        return "bandwidth"
    if dims.get("[time]") == -1:
        return "rates"
    if dims == {"[node]": 1}:
        return "fleet"
    if dims == {"[time]": 1}:
        return "time"
    return "other"


class _Evaluator:
    """Evaluates one formula's AST over the values known so far."""

    def __init__(self, formula: str, values: dict[str, _Value], failed: frozenset[str] = frozenset()) -> None:
        self.formula = formula
        self.values = values
        self.failed = failed

    def source(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.formula, node) or ast.unparse(node)

    def __call__(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return self(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return registry().Quantity(node.value)
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return self.call(node.func.id, [self(arg) for arg in node.args], node)
        raise _FormulaError(
            f"{self.source(node)!r} is not allowed (formulas use names, numbers, + - * / **, "
            f"parentheses and {', '.join(FUNCTIONS)})"
        )

    def name(self, name: str) -> _Value:
        if name in self.values:
            return self.values[name]
        if name in self.failed:
            raise _DependsOnFailed(name)
        if name in FUNCTIONS:
            raise _FormulaError(f"{name!r} is a function: call it, e.g. {name}(x)")
        try:
            return registry().Quantity(1, name)
        except Exception:
            known = ", ".join(self.values) or "none yet"
            raise _FormulaError(
                f"unknown name {name!r} (declare it first with bp.quantity or bp.derive; known: {known}; "
                f"or use a unit: {_known_units()})"
            ) from None

    def binary(self, node: ast.BinOp) -> Any:
        hint = _OPERATOR_HINTS.get(type(node.op))
        if hint:
            raise _FormulaError(f"{hint} (in {self.source(node)!r})")
        left, right = self(node.left), self(node.right)
        try:
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.Pow):
                if not right.dimensionless:
                    raise _FormulaError(f"the exponent in {self.source(node)!r} must be a plain number")
                return left ** float(right.to("").magnitude)
        except ZeroDivisionError:
            raise _FormulaError(f"{self.source(node)!r} divides by zero") from None
        except _FormulaError:
            raise
        except Exception as error:
            if type(error).__name__ == "DimensionalityError":
                for bare, other in ((node.left, right), (node.right, left)):
                    side = left if bare is node.left else right
                    if side.dimensionless and not other.dimensionless:
                        raise _FormulaError(
                            f"{self.source(bare)!r} has no unit in {self.source(node)!r}: it needs one in "
                            f"{other.units:~} (e.g. '{self.source(bare)} {other.units:~}' as a quantity)"
                        ) from None
                raise _FormulaError(
                    f"units do not match in {self.source(node)!r}: {self.source(node.left)!r} is in "
                    f"{left.units:~} but {self.source(node.right)!r} is in {right.units:~} "
                    "(+ and - need the same dimension)"
                ) from None
            raise
        raise _FormulaError(f"operator in {self.source(node)!r} is not allowed (use + - * / **)")

    def call(self, function: str, args: list[_Value], node: ast.Call) -> _Value:
        if function not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise _FormulaError(f"unknown function {function!r} in {self.source(node)!r} (allowed: {allowed})")
        if function == "ceil":
            if len(args) != 1:
                raise _FormulaError(f"ceil takes one argument, not {len(args)}, in {self.source(node)!r}")
            base = args[0].to_base_units()
            return registry().Quantity(math.ceil(round(float(base.magnitude), 9)), base.units)
        if not args:
            raise _FormulaError(f"{function} needs at least one argument in {self.source(node)!r}")
        pick: Callable[..., Any] = min if function == "min" else max
        try:
            return pick(args)  # type: ignore[no-any-return]
        except Exception:
            units = ", ".join(f"{a.units:~}" for a in args)
            where = self.source(node)
            raise _FormulaError(f"{function} compares values in different units ({units}) in {where!r}") from None


def _display(value: _Value, text: str, exact: bool) -> str:
    magnitude = float(value.magnitude)
    shown = human(magnitude, text, sig=4 if exact else 2)
    return shown if exact or float(round_half_up(magnitude, 2)) == magnitude else f"~{shown}"


def _substitute(formula: str, tree: ast.Expression, shown: dict[str, str]) -> str:
    """The formula with every quantity or estimate replaced by its value, as a reader checks it."""
    names = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in shown),
        key=lambda n: n.col_offset,
        reverse=True,
    )
    text = formula
    for node in names:
        value = shown[node.id].lstrip("~")
        value = f"({value})" if " " in value else value
        text = text[: node.col_offset] + value + text[node.end_col_offset :]
    return text


def _run(design: Design) -> Iterator[Figure | Problem]:
    """Evaluate inputs then estimates in order, yielding each figure or the problem that stops it."""
    values: dict[str, _Value] = {}
    shown: dict[str, str] = {}
    seen: set[str] = set()
    failed: set[str] = set()
    items: tuple[Quantity | Estimate, ...] = (*design.quantities, *design.estimates)
    for item in items:
        kind = "quantity" if isinstance(item, Quantity) else "estimate"
        element = f"{kind} {item.name!r}"
        if not item.name.isidentifier() or item.name in FUNCTIONS:
            yield Problem(element, "names are Python identifiers such as 'peak_rps' (not a function name)", item.line)
            continue
        if item.name in seen:
            yield Problem(element, "duplicate name (each figure is declared once)", item.line)
            continue
        seen.add(item.name)
        try:
            if isinstance(item, Quantity):
                figure = _input(item, values)
            else:
                figure = _estimate(item, values, shown, frozenset(failed))
        except _FormulaError as error:
            failed.add(item.name)
            yield Problem(element, str(error), item.line)
            continue
        except _DependsOnFailed:
            failed.add(item.name)  # reported once, where the first error is
            continue
        shown[item.name] = figure.text
        yield figure


def _input(item: Quantity, values: dict[str, _Value]) -> Figure:
    quantity, number, unit = _quantity(item.value)
    values[item.name] = quantity
    text = _display(registry().Quantity(number), unit, True)
    return Figure(item.name, item.label, "inputs", text, number, unit, basis=item.basis)


def _estimate(
    item: Estimate, values: dict[str, _Value], shown: dict[str, str], failed: frozenset[str] = frozenset()
) -> Figure:
    try:
        tree = ast.parse(item.formula.strip(), mode="eval")
    except SyntaxError as error:
        raise _FormulaError(f"formula {item.formula!r} is not valid: {error.msg}") from None
    formula = item.formula.strip()
    result = _Evaluator(formula, values, failed)(tree)
    try:
        target = registry().Quantity(1, item.unit)
    except Exception:
        raise _FormulaError(f"unknown unit={item.unit!r} ({_known_units()})") from None
    if result.dimensionality != target.dimensionality:
        missing = (target / result.to_base_units()).to_base_units()
        hint = (
            f"; the formula lacks a factor in {missing.units:~}: an input with no unit may need one "
            f"(e.g. '10 {missing.units:~}'), or multiply/divide by a figure in it"
            if not missing.dimensionless
            else ""
        )
        raise _FormulaError(
            f"formula {formula!r} gives {result.units:~} ({dict(result.dimensionality) or 'a plain number'}), "
            f"which cannot be shown in unit={item.unit!r} ({dict(target.dimensionality) or 'a plain number'})" + hint
        )
    converted = result.to(target.units)
    section = item.section or _section_for(result)
    if section not in SECTIONS:
        raise _FormulaError(f"unknown section {section!r} (must be one of {list(SECTIONS)})")
    values[item.name] = result
    magnitude = float(converted.magnitude)
    return Figure(
        item.name,
        item.label,
        section,
        _display(converted, item.unit, False),
        magnitude,
        item.unit,
        formula=formula,
        substituted=_substitute(formula, tree, shown),
    )


def load_problems(design: Design) -> list[Problem]:
    """Every problem in the design's load model and latencies; empty when there is nothing to check."""
    if not design.quantities and not design.estimates:
        problems: list[Problem] = []
    else:
        problems = [p for p in _run(design) if isinstance(p, Problem)]
    names = {q.name for q in design.quantities} | {e.name for e in design.estimates}
    for link in design.links:
        if link.figure and link.figure not in names:
            known = ", ".join(sorted(names)) or "none: declare one with bp.derive"
            element = f"link {link.source!r} -> {link.target!r}"
            problems.append(Problem(element, f"unknown figure {link.figure!r} (known: {known})", link.line))
    for flow in design.flows:
        if flow.latency_target:
            try:
                duration_ms(flow.latency_target)
            except ValueError as error:
                problems.append(Problem(f"flow {flow.name!r}", f"latency_target: {error}", flow.line))
        for step in flow.steps:
            if step.latency:
                try:
                    duration_ms(step.latency)
                except ValueError as error:
                    problems.append(Problem(f"flow {flow.name!r} step {step.number}", f"latency: {error}", step.line))
    return problems


@lru_cache(maxsize=16)
def evaluate(design: Design) -> LoadModel:
    """The evaluated load model of a valid design (build() has checked it); ValueError otherwise."""
    figures = list(_run(design))
    problems = [f for f in figures if isinstance(f, Problem)]
    if problems:
        raise ValueError("; ".join(p.format(design.source) for p in problems))
    inputs = tuple(f for f in figures if isinstance(f, Figure) and f.section == "inputs")
    estimates = tuple(f for f in figures if isinstance(f, Figure) and f.section != "inputs")
    return LoadModel(inputs, estimates)
