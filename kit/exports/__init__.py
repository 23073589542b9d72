"""The design in other tools' formats: `blueprint export SLUG --to FORMAT`.

Each format is a pure function from the frozen design to text, in a module of its own; it is
imported only when asked for, so the CLI starts without loading all four.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Final, cast

from kit.model.model import Design

__all__ = ["FORMATS", "exporter"]

#: Each format's name, as `--to` takes it, with the module and function that write it.
_WRITERS: Final[dict[str, tuple[str, str]]] = {
    "mermaid": ("kit.exports.mermaid", "flowchart"),
    "d2": ("kit.exports.d2", "d2"),
    "structurizr": ("kit.exports.structurizr", "structurizr"),
    "json": ("kit.exports.json_model", "model_json"),
}
FORMATS: Final = tuple(_WRITERS)


def exporter(format_name: str) -> Callable[[Design], str]:
    """The function writing `format_name`; KeyError names the formats there are."""
    if format_name not in _WRITERS:
        raise KeyError(f"unknown export format {format_name!r} (known: {', '.join(FORMATS)})")
    module, function = _WRITERS[format_name]
    return cast(Callable[[Design], str], getattr(importlib.import_module(module), function))
