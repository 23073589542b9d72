"""Numbers that read right: the units a system design counts in, and how a figure is printed.

One rounding rule for the whole page: significant figures, rounded half up (2.25 -> 2.3, never
banker's 2.2), decided on the decimal digits a reader sees rather than on the binary float.
Counts scale to K, M, bn, T; bytes keep B and scale to KB..PB (so "B" never means billions on a
page that also holds bytes), whatever prefix the author wrote ("1600 GB" prints as 1.6 TB). Money
leads with `$` and a rate over a prefixed count reads "$3 per M tokens"; a plain frequency reads
"21 per hour", and a dimensionless figure carries no unit at all.

A month is 30 days and a year 365 days, everywhere (`CALENDAR` is the sentence the page prints).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

__all__ = ["CALENDAR", "COUNT_UNITS", "human", "round_half_up", "unit_text"]

#: Printed once on every page that shows a monthly or yearly figure.
CALENDAR: Final = "A month is 30 days and a year 365 days throughout."

#: Countable things, each its own dimension so a tweet is never silently a request: name -> aliases.
#: Add one line here for a new case study's noun; the docs list them (CONTRIBUTING, "Units").
COUNT_UNITS: Final[dict[str, tuple[str, ...]]] = {
    "request": ("req", "requests"),
    "user": ("users",),
    "tweet": ("tweets",),
    "message": ("msg", "messages"),
    "push": ("pushes",),
    "booking": ("bookings",),
    "node": ("nodes", "server", "servers"),
    "device": ("devices",),
    "order": ("orders",),
    "seat": ("seats",),
    "fan": ("fans",),
    "task": ("tasks",),
    "token": ("tokens",),
    "call": ("calls",),
    "transfer": ("transfers",),
    "transaction": ("tx", "transactions"),
    "event": ("events",),
    "key": ("keys",),
    "shard": ("shards",),
    "show": ("shows",),
    "saga": ("sagas",),
    "entry": ("entries",),
    "row": ("rows",),
    "link": ("links",),
    "url": ("urls", "URL", "URLs"),
    "page": ("pages",),
    "session": ("sessions",),
    "turn": ("turns",),
    "email": ("emails",),
    "file": ("files",),
    "object": ("objects",),
    "vector": ("vectors",),
}

_COUNT_PREFIXES: Final = ("", " K", " M", " bn", " T")
_BYTE_PREFIXES: Final = ("", "K", "M", "G", "T", "P")
_BYTES: Final = re.compile(r"^([KMGTP]?)(?:B|bytes?)$")
_PER_WORD: Final = {
    "s": "second",
    "min": "minute",
    "h": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "ms": "ms",
}
_PREFIXED_COUNT: Final = re.compile(r"^([KM])(\w+)$")
_MONEY: Final = ("USD", "dollar", "dollars", "$")


def round_half_up(value: float, sig: int) -> Decimal:
    """`value` to `sig` significant figures, halves rounded away from zero on its decimal digits.

    >>> str(round_half_up(2.25, 2)), str(round_half_up(0.000155, 2)), str(round_half_up(-2.25, 2))
    ('2.3', '0.00016', '-2.3')
    """
    number = Decimal(repr(float(value)))
    if number == 0 or not number.is_finite():
        return number
    exponent = number.adjusted() - sig + 1
    return number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plural(word: str) -> str:
    for name, aliases in COUNT_UNITS.items():
        if word == name or word in aliases:
            return next((a for a in aliases if a.endswith("s") and a.lower().startswith(name[:3])), name + "s")
    return word


def unit_text(unit: str) -> tuple[str, str, str]:
    """How `unit` prints: (text before the number, text after it, byte prefix letter or "" / None-like).

    Returns the prefix ("$" for money), the suffix (" per hour", " tx/s", " per M tokens") and the
    unit's byte prefix when it is a byte unit ("B" family), else "-" to say it is not bytes.
    """
    unit = unit.strip()
    numerator, slash, denominator = unit.partition("/")
    before = ""
    if numerator in _MONEY:
        before, numerator = "$", ""
    byte = _BYTES.match(numerator)
    byte_prefix = byte.group(1) if byte else "-"
    per = ""
    if slash:
        first, _, rest = denominator.partition("/")
        prefixed = _PREFIXED_COUNT.match(first)
        if prefixed and prefixed.group(2) in {n for n in COUNT_UNITS} | {a for v in COUNT_UNITS.values() for a in v}:
            per = f" per {prefixed.group(1)} {_plural(prefixed.group(2))}" + (f"/{rest}" if rest else "")
        elif numerator in ("", "1") and not before:
            per = f" per {_PER_WORD.get(first, first)}" + (f"/{rest}" if rest else "")
            numerator = ""
        elif numerator == "" and before:
            per = f" per {_PER_WORD.get(first, first)}" + (f"/{rest}" if rest else "")
        else:
            per = f"/{denominator}"
    if numerator == "1":
        numerator = ""  # a dimensionless figure carries no stray "1"
    after = (f" {numerator}" if numerator and byte_prefix == "-" else "") + per
    if numerator == "%":
        after = "%" + per
    return before, after, byte_prefix


def human(value: float, unit: str = "", *, sig: int = 2) -> str:
    """`value` in `unit`, to `sig` significant figures (half up), scaled to a readable prefix.

    >>> human(5787.04, "tweets/s"), human(3.2e12, "B/day"), human(1600, "GB"), human(2.4e9, "users")
    ('5.8 K tweets/s', '3.2 TB/day', '1.6 TB', '2.4 bn users')
    >>> human(3, "USD/Mtoken"), human(21, "1/h"), human(2.25, ""), human(12.5, "%")
    ('$3 per M tokens', '21 per hour', '2.3', '13%')
    """
    before, after, byte_prefix = unit_text(unit)
    if byte_prefix != "-":
        value *= 1000 ** _BYTE_PREFIXES.index(byte_prefix)
    prefixes = _BYTE_PREFIXES if byte_prefix != "-" else _COUNT_PREFIXES
    step = 0
    scaled = float(value)
    while abs(scaled) >= 1000 and step < len(prefixes) - 1:
        scaled /= 1000
        step += 1
    rounded = round_half_up(scaled, sig)
    if abs(rounded) >= 1000 and step < len(prefixes) - 1:  # 999.7 rounds up into the next prefix
        step += 1
        rounded = round_half_up(scaled / 1000, sig)
    sign = "-" if rounded < 0 else ""
    number = _plain(abs(rounded))
    if byte_prefix != "-":
        return f"{sign}{before}{number} {prefixes[step]}B{after}"
    return f"{sign}{before}{number}{prefixes[step]}{after}"
