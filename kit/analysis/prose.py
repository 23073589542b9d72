"""Figures in prose: `{name}` cites the model, and a typed figure must agree with the one it sits beside.

Trade-offs, failure modes, the scaling path and target notes are where a design argues with
numbers, and where a stale number survives an edit to the load model. Writing `{peak_tps}`
renders the computed value and unit, so it cannot go stale. A number typed by hand in the same
clause (up to a ';' or a full stop) as a cited figure, in the same unit, must lie within
`TOLERANCE` of it, or of the multiple cited ("10 x {pg_tx} = 9,000 tx/s" compares 9,000 with
ten times the figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from kit.analysis.loadmodel import LoadModel, evaluate, registry
from kit.analysis.structure import CITATION, outside_code, prose
from kit.model.model import Design

__all__ = ["TOLERANCE", "Mismatch", "cite", "mismatches", "outside_code"]

#: How far a typed figure may stray from the model figure it sits beside (5%).
TOLERANCE: Final = 0.05

#: A clause: figures typed in another clause of the sentence argue about something else.
_CLAUSE: Final = re.compile(r"(?<=;)\s+|(?<=[.!?])\s+(?=[A-Z])")  # "i.e. 500" stays one clause
#: A citation, with the multiple it is taken at ("10 x {pg_tx}" is ten times the figure).
_MULTIPLIED: Final = re.compile(r"(?:(\d+(?:\.\d+)?)\s?[x×]\s?)?\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TYPED: Final = re.compile(r"(?<![\w.{])(\d[\d,]*(?:\.\d+)?)\s?(K|M|bn)?\s?((?:[A-Za-z%]+|/)[A-Za-z/%]*)")
_SCALE: Final = {"": 1.0, "K": 1e3, "M": 1e6, "bn": 1e9}


def cite(text: str, load: LoadModel | None) -> str:
    """Every `{name}` outside code spans replaced by the figure's value and unit ("2.3 K transfers/s")."""
    if load is None:
        return text
    parts = re.split(r"(`[^`\n]*`)", text)
    return "".join(
        part if part.startswith("`") else CITATION.sub(lambda m: load.figure(m.group(1)).text.lstrip("~"), part)
        for part in parts
    )


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A typed figure that differs from the model figure cited in the same sentence by more than 5%."""

    element: str
    typed: str
    figure: str
    shown: str
    off: float


def _typed(sentence: str) -> Iterator[tuple[str, Any]]:
    for match in _TYPED.finditer(sentence):
        number, scale, unit = match.groups()
        unit = unit.rstrip("/")
        if unit.startswith("/"):
            unit = "1" + unit
        try:
            quantity = registry().Quantity(float(number.replace(",", "")) * _SCALE[scale or ""], unit)
        except Exception:  # not a unit the model knows ("TPS", "shards of"): not a figure we can compare
            continue
        if not quantity.dimensionless:
            yield match.group().strip(), quantity


def mismatches(design: Design) -> list[Mismatch]:
    """Typed figures off by more than `TOLERANCE` from a figure cited (`{name}`) in their sentence."""
    if not design.quantities and not design.estimates:
        return []
    load = evaluate(design)
    found = []
    for element, text in prose(design):
        for clause in _CLAUSE.split(outside_code(text)):
            cited = [(float(m[1] or 1), load.figure(m[2])) for m in _MULTIPLIED.finditer(clause)]
            if not cited:
                continue
            plain = _MULTIPLIED.sub(" ", clause)
            for typed, quantity in _typed(plain):
                for times, figure in cited:
                    model = registry().Quantity(figure.value * times, figure.unit)
                    # Same unit only: "20 M transfers/day" beside a peak in transfers/s is another figure.
                    if model.units != quantity.units or figure.value == 0:
                        continue
                    off = abs(float((quantity / model).to("").magnitude) - 1)
                    if off > TOLERANCE:
                        found.append(Mismatch(element, typed, figure.name, figure.text, off))
    return found
