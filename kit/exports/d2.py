"""The architecture as D2 (d2lang.com): a container per group, nested as the groups are, a shape per
component and a connection per link, dashed, thick or dotted by its nature.

Keys are generated (`c_<id>` for components, `g_<n>` for groups), so no model text can be a D2
keyword (`shape`, `label`, `style`, ...) or meet another key: D2 compares keys without case, and the
ids the kit allows are lower case. Every label is a double-quoted string in which `"` and `\\` are
escaped and `$` is escaped too, since D2 substitutes `${name}` inside double quotes.
"""

from __future__ import annotations

from typing import Final

from kit.exports.mermaid import component_ids
from kit.model.model import Component, Design

__all__ = ["CONNECTION_STYLES", "d2", "d2_string"]

#: The style block of each link nature's connection, after the diagram's own line styles.
CONNECTION_STYLES: Final[dict[str, str]] = {
    "sync": "",
    "async": "style.stroke-dash: 5",
    "stream": "style.stroke-dash: 5; style.stroke-width: 3",
    "replication": "style.stroke-dash: 2",
}
#: Shapes for the kinds D2 has a better one for than its default rectangle.
_SHAPES: Final[dict[str, str]] = {"user": "person", "users": "person", "operator": "person", "queue": "queue"}


def d2_string(text: str) -> str:
    """`text` as a D2 double-quoted string on one line.

    >>> d2_string('a "b" ${c} \\\\ d')
    '"a \\\\"b\\\\" \\\\${c} \\\\\\\\ d"'
    """
    one_line = " ".join(text.split())
    return '"' + one_line.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def _shape(component: Component) -> str:
    if component.kind in _SHAPES:
        return _SHAPES[component.kind]
    return "cylinder" if component.lane == "data" else ""


def d2(design: Design) -> str:
    """The whole D2 source for `design`, laid out left to right."""
    ids = component_ids(design)
    group_keys = {group.id: f"g_{index}" for index, group in enumerate(design.groups, start=1)}
    path: dict[str, str] = {}
    lines = [
        f"# {' '.join(design.title.split())}: from `blueprint export {design.slug} --to d2`",
        "direction: right",
        "",
    ]

    def emit(parent: str | None, prefix: str, depth: int) -> None:
        pad = "  " * depth
        for group in design.subgroups(parent):
            key = group_keys[group.id]
            lines.append(f"{pad}{key}: {d2_string(group.label)} {{")
            emit(group.id, f"{prefix}{key}.", depth + 1)
            lines.append(f"{pad}}}")
        for component in design.members(parent):
            key = ids[component.id]
            path[component.id] = prefix + key
            shape = _shape(component)
            text = _two_lines(component.label, component.tech) if component.tech else d2_string(component.label)
            lines.append(f"{pad}{key}: {text}" + (f" {{shape: {shape}}}" if shape else ""))

    emit(None, "", 0)
    lines.append("")
    for link in design.links:
        style = CONNECTION_STYLES[link.nature]
        lines.append(
            f"{path[link.source]} -> {path[link.target]}: {d2_string(link.label)}" + (f" {{{style}}}" if style else "")
        )
    return "\n".join(lines) + "\n"


def _two_lines(first: str, second: str) -> str:
    """A label of two lines: D2 turns `\\n` inside a double-quoted string into a line break."""
    return d2_string(first)[:-1] + "\\n" + d2_string(second)[1:]
