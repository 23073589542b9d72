"""The overview of a design diff: the new design with what was added, removed and changed marked.

The new design is laid out together with what the old one had and the new one lost (removed
components, their groups and removed links, put back where they belonged), through the same
pipeline as every overview: `lay_out`, then `view_drawing` in the light theme. On that drawing,
added components and links get a green outline or trace, changed ones an amber dashed outline,
and removed ones are drawn faded with a red dashed outline; a key under the diagram names each,
with the flows and steps that came or went and the figures that moved. Colour is never the only
signal: each mark carries a word ("added", "removed", "changed") and the key spells it out.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import Final
from xml.sax.saxutils import escape

from kit.analysis.diff import DesignDiff
from kit.drawing.dot import LayoutOptions
from kit.drawing.geometry import PX_PER_PT, Box
from kit.drawing.layout import lay_out
from kit.drawing.palette import encode_png
from kit.drawing.raster import rasterise
from kit.drawing.restyle import FONT_FAMILY, Canvas, ViewDrawing, canvas_of, view_drawing
from kit.drawing.search import candidates_for
from kit.drawing.theme import LIGHT
from kit.drawing.views import OVERVIEW
from kit.model.model import Design

__all__ = ["ADDED", "CHANGED", "REMOVED", "diff_png", "diff_svg", "union_design"]

#: Mark colours (GitHub's diff palette), legible on the light theme's background.
ADDED: Final = "#1a7f37"
REMOVED: Final = "#cf222e"
CHANGED: Final = "#9a6700"
#: How much of its opacity a removed element keeps.
GHOST_OPACITY: Final = 0.35
#: The key's font size and line height, in pt.
KEY_SIZE: Final = 11.0
KEY_LINE: Final = 16.0
#: Figures the key lists before saying how many more the text report has.
KEY_FIGURES: Final = 6


def union_design(diff: DesignDiff) -> Design:
    """The new design plus what only the old one had: removed components, groups and links."""
    old, new = diff.old, diff.new
    group_ids = {g.id for g in new.groups}
    lost_groups = [g for g in old.groups if g.id not in group_ids]
    group_ids |= {g.id for g in lost_groups}
    component_ids = {c.id for c in new.components}
    lost_components = [
        c if c.group in group_ids or c.group is None else replace(c, group=None)
        for c in old.components
        if c.id not in component_ids
    ]
    link_keys = {link.key for link in new.links}
    lost_links = [link for link in old.links if link.key not in link_keys]
    return replace(
        new,
        components=(*new.components, *lost_components),
        groups=(*new.groups, *(g if g.parent in group_ids else replace(g, parent=None) for g in lost_groups)),
        links=(*new.links, *lost_links),
    )


def _svg_id(text: str) -> str:
    return text.replace("-", "&#45;")


def _names(diff: DesignDiff) -> dict[str, str]:
    """Component id -> its label, from either version."""
    return {c.id: c.label for c in (*diff.old.components, *diff.new.components)}


def _link_name(key: str, names: dict[str, str]) -> str:
    source, target = key.split(" -> ")
    return f"{names.get(source, source)} -> {names.get(target, target)}"


def _key_lines(diff: DesignDiff, revision: str) -> list[tuple[str, str]]:
    """(colour, text) lines of the key under the diagram."""
    names = _names(diff)

    def listed(status: str) -> list[str]:
        items = [names[c.key] for c in diff.of("component", status)]
        items += [_link_name(c.key, names) for c in diff.of("link", status)]
        items += [f"flow {c.key!r}" for c in diff.of("flow", status)]
        if status == "changed":
            fields = {c.key: ", ".join(f for f, _, _ in c.fields) for c in diff.of("component", status)}
            items = [f"{names[k]} ({v})" for k, v in fields.items()] + items[len(fields) :]
        steps = diff.of("step", status)
        if steps:
            items.append(f"{len(steps)} step(s)")
        return items

    lines = [(LIGHT.text, f"Changes since {revision}")]
    for status, colour, sign in (("added", ADDED, "+"), ("removed", REMOVED, "-"), ("changed", CHANGED, "~")):
        items = listed(status)
        if items:
            lines.append((colour, f"{sign} {status.capitalize()}: " + "; ".join(items)))
    others = [c for c in diff.changes if c.kind not in ("component", "link", "flow", "step", "group")]
    if others:
        kinds = sorted({c.kind for c in others})
        lines.append((LIGHT.muted, f"Write-up: {len(others)} change(s) in {', '.join(kinds)}"))
    if diff.figures:
        moved = [f"{m.label}: {m.old or 'none'} -> {m.new or 'none'}" for m in diff.figures[:KEY_FIGURES]]
        more = len(diff.figures) - len(moved)
        lines.append((LIGHT.text, "Figures moved: " + "; ".join(moved) + (f"; and {more} more" if more else "")))
    if len(lines) == 1:
        lines.append((LIGHT.muted, "No change to the model"))
    return lines


def _outline(box: Box, colour: str, word: str, *, dashed: bool, origin: tuple[float, float]) -> str:
    """A rounded outline around a card (box in CSS px of the body), with its word above it."""
    x0, y0 = origin
    left, top = x0 + box.left / PX_PER_PT - 4, y0 + box.top / PX_PER_PT - 4
    width, height = box.width / PX_PER_PT + 8, box.height / PX_PER_PT + 8
    dash = ' stroke-dasharray="6 3"' if dashed else ""
    return (
        f'<rect x="{left:.2f}" y="{top:.2f}" width="{width:.2f}" height="{height:.2f}" rx="6" fill="none" '
        f'stroke="{colour}" stroke-width="2.5"{dash}/>\n'
        f'<text x="{left:.2f}" y="{top - 3:.2f}" font-size="9" font-weight="bold" fill="{colour}">{word}</text>\n'
    )


def _trace(points: tuple[tuple[float, float], ...], colour: str, *, dashed: bool, origin: tuple[float, float]) -> str:
    """A broad translucent line along a link's path (points in CSS px of the body)."""
    x0, y0 = origin
    path = " ".join(f"{x0 + x / PX_PER_PT:.2f},{y0 + y / PX_PER_PT:.2f}" for x, y in points)
    dash = ' stroke-dasharray="8 4"' if dashed else ""
    return (
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="5" stroke-opacity="0.55" '
        f'stroke-linecap="round"{dash}/>\n'
    )


def _ghosted(drawing: ViewDrawing, diff: DesignDiff) -> ViewDrawing:
    """The drawing with the removed components and links faded."""
    removed_ids = {_svg_id(f"component-{c.key}") for c in diff.of("component", "removed")}
    removed_ids |= {_svg_id("link-" + c.key.replace(" -> ", "-")) for c in diff.of("link", "removed")}
    elements = tuple(
        (element, f'<g opacity="{GHOST_OPACITY:g}">\n{text}</g>\n' if element.svg_id in removed_ids else text)
        for element, text in drawing.elements
    )
    return replace(drawing, elements=elements)


def diff_svg(diff: DesignDiff, revision: str, options: LayoutOptions | None = None) -> str:
    """The marked overview as a self-contained SVG, laid out with `options` (the ones the rendered
    overview was chosen with, so the two look alike; by default the first the design allows).
    Raises GraphvizError."""
    union = union_design(diff)
    layout = lay_out(union, options or candidates_for(union)[0])
    canvas = canvas_of(layout)
    drawing = _ghosted(view_drawing(layout, union, LIGHT, OVERVIEW, canvas), diff)
    origin = (0.0, canvas.body_top)
    marks: list[str] = []
    geometry = layout.geometry
    for status, colour, dashed in (("added", ADDED, False), ("changed", CHANGED, True), ("removed", REMOVED, True)):
        for change in diff.of("component", status):
            marks.append(_outline(geometry.node(change.key).box, colour, status, dashed=dashed, origin=origin))
        for change in diff.of("link", status):
            edge_id = "link-" + change.key.replace(" -> ", "-")
            edge = next(e for e in geometry.edges if e.id == edge_id)
            marks.append(_trace(edge.points, colour, dashed=dashed, origin=origin))
    lines = _key_lines(diff, revision)
    per_line = max(40, int(canvas.width / (KEY_SIZE * 0.55)))
    wrapped = [(colour, part) for colour, text in lines for part in textwrap.wrap(text, per_line) or [""]]
    key_top = canvas.height + 8
    height = key_top + KEY_LINE * len(wrapped) + 12
    key = [
        f'<text x="14" y="{key_top + KEY_LINE * (n + 0.8):.2f}" font-size="{KEY_SIZE:g}" fill="{colour}"'
        + (' font-weight="bold"' if n == 0 else "")
        + f">{escape(text)}</text>\n"
        for n, (colour, text) in enumerate(wrapped)
    ]
    drawing = replace(drawing, canvas=Canvas(canvas.width, height, canvas.body_top))
    overlay = f'<g class="diff" font-family="{FONT_FAMILY}">\n' + "".join(marks + key) + "</g>\n"
    svg = drawing.svg()
    return svg[: svg.rindex("</svg>")] + overlay + "</svg>\n"


def diff_png(svg: str) -> bytes:
    """The marked overview at 2x pixel density."""
    return encode_png(rasterise(svg, 2.0))
