"""The model as JSON, in the versioned shape that `schema/blueprint.schema.json` documents.

Every field of the frozen model is written, under the model's own names, except what only makes
sense on the author's machine (source lines and the file path). Each component also carries its
lane, which the diagram derives from its kind, so a reader of the JSON need not know the catalogue.
Keys keep the model's order and the output ends with a newline: the same design gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from importlib import resources
from typing import Any, Final, cast

from kit.model.model import Design

__all__ = ["FORMAT", "SCHEMA_VERSION", "model_document", "model_json", "schema"]

#: What the document is, and the version of its shape; a change to the shape changes the version.
FORMAT: Final = "system-design-blueprint"
SCHEMA_VERSION: Final = "1.0.0"


def _plain(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # The fields a design is not compared on (source lines, the file path) are where it was written.
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def model_document(design: Design) -> dict[str, Any]:
    """The JSON document as Python data: format, version, then the design."""
    body: dict[str, Any] = _plain(design)
    for component, plain in zip(design.components, body["components"], strict=True):
        plain["lane"] = component.lane
    return {"format": FORMAT, "version": SCHEMA_VERSION, "blueprint": body}


def model_json(design: Design) -> str:
    """The design as JSON text: two-space indents, non-ASCII kept as is, a final newline."""
    return json.dumps(model_document(design), indent=2, ensure_ascii=False) + "\n"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) the document follows."""
    text = resources.files("kit.exports").joinpath("schema/blueprint.schema.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))
