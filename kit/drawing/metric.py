"""Layout quality, measured from the geometry Graphviz computed (not from pixels).

`measure(geometry)` counts each defect kind, naming the elements involved, and the figures that
are no defect but steer the choice of a layout. All lengths are CSS px at 1x (see
`kit.drawing.geometry`). Defect kinds:

- `text-over-text`: two texts of different owners overlap (card lines, edge labels, step badges,
  group titles);
- `text-over-node`: an edge label, a badge or a group title overlaps a component's card;
- `edge-through-node`: an edge's line crosses a card it does not join;
- `edge-through-text`: an edge's line crosses a group title, another edge's label, or a badge;
- `edge-through-own-label`: an edge's line crosses its own label's words (Graphviz centres the
  label of a link within one lane on the link itself);
- `badge-covered`: a step badge lies under something drawn after it: a card (Graphviz draws
  edges and their labels first, `outputorder=edgesfirst`) or a later edge's label or badge.

Elements are named `component:<id>`, `group:<id>` (its title), `label:<link id>`,
`badge:<link id>:<number>` and `edge:<link id>`. Tolerances keep touching from counting: boxes
must overlap by more than `TOUCH` px both ways, and a line must pass more than `TOUCH` px inside.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Any

from kit.drawing.geometry import Box, EdgeShape, Geometry, Point, Text
from kit.drawing.views import OVERVIEW, flow_views
from kit.model.model import Design

__all__ = [
    "COLUMN_PX",
    "DEFECT_KINDS",
    "TOUCH",
    "Defect",
    "Metric",
    "measure",
    "measure_views",
]

DEFECT_KINDS = (
    "text-over-text",
    "text-over-node",
    "edge-through-node",
    "edge-through-text",
    "edge-through-own-label",
    "badge-covered",
)
#: The article column an image must read in: its smallest text is measured shown this wide.
COLUMN_PX = 700.0
#: Overlaps up to this many CSS px are touching, not covering (Graphviz rounds to whole points).
TOUCH = 1.0
#: An edge meets its own cards at their border; crossings this close to a shared card are the fan-out.
_FAN = 4.0


@dataclass(frozen=True, slots=True)
class Defect:
    """One defect: its kind, the elements involved (see the module docstring), and where it is."""

    kind: str
    elements: tuple[str, ...]
    where: Box

    def as_dict(self) -> dict[str, Any]:
        w = self.where
        return {
            "kind": self.kind,
            "elements": list(self.elements),
            "where": [round(w.left, 1), round(w.top, 1), round(w.right, 1), round(w.bottom, 1)],
        }


@dataclass(frozen=True, slots=True)
class Metric:
    """The defects of one view and the figures that steer the choice of a layout.

    `width` and `height` are the image's, in CSS px at 1x; `smallest_text` is the smallest font
    size in CSS px when the image is shown `COLUMN_PX` wide (never enlarged past 1x).
    """

    defects: tuple[Defect, ...]
    crossings: int
    edge_length: float
    width: float
    height: float
    smallest_text: float

    @property
    def counts(self) -> dict[str, int]:
        """Defects per kind, every kind present."""
        return {kind: sum(d.kind == kind for d in self.defects) for kind in DEFECT_KINDS}

    @property
    def total(self) -> int:
        return len(self.defects)

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "defects": [defect.as_dict() for defect in self.defects],
            "crossings": self.crossings,
            "edge_length": round(self.edge_length, 1),
            "width": round(self.width, 1),
            "height": round(self.height, 1),
            "smallest_text": round(self.smallest_text, 2),
        }

    def to_json(self) -> str:
        """The machine-readable form: sorted keys, lengths rounded to 0.1 px, so it diffs cleanly."""
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class _Item:
    """A text-like thing on the image: what it is called, who owns it, and its box."""

    name: str
    owner: str
    box: Box


def _covers(a: Box, b: Box) -> bool:
    dx, dy = a.overlap(b)
    return dx > TOUCH and dy > TOUCH


def _union(a: Box, b: Box) -> Box:
    """Where two boxes overlap (they do)."""
    return Box(max(a.left, b.left), max(a.top, b.top), min(a.right, b.right), min(a.bottom, b.bottom))


def _text_box(texts: Sequence[Text]) -> Box:
    return Box.around(p for t in texts for p in ((t.box.left, t.box.top), (t.box.right, t.box.bottom)))


def _labels(edge: EdgeShape) -> Iterator[_Item]:
    if edge.label:
        yield _Item(f"label:{edge.id}", f"edge:{edge.id}", _text_box(edge.label))


def _badges(edge: EdgeShape) -> Iterator[_Item]:
    for badge in edge.badges:
        yield _Item(f"badge:{edge.id}:{badge.text}", f"edge:{edge.id}", badge.box)


def _floating(geometry: Geometry) -> list[_Item]:
    """Texts that are not part of a card: group titles, edge labels and badges, in drawing order."""
    items = [_Item(f"group:{g.id}", f"group:{g.id}", g.title) for g in geometry.groups if g.title is not None]
    for edge in geometry.edges:
        items += [*_labels(edge), *_badges(edge)]
    return items


def _text_over_text(geometry: Geometry) -> Iterator[Defect]:
    # Each card's lines as one item: they never overlap each other, and a card is one owner.
    cards = [_Item(f"component:{n.id}", f"component:{n.id}", _text_box(n.texts)) for n in geometry.nodes if n.texts]
    # A label counts line by line here: the box around a two-line label is wider than its ink.
    lines = [_Item(f"label:{e.id}", f"edge:{e.id}", text.box) for e in geometry.edges for text in e.label]
    others = [item for item in _floating(geometry) if not item.name.startswith("label:")]
    seen: set[tuple[str, str]] = set()
    for a, b in combinations(cards + others + lines, 2):
        if a.owner != b.owner and _covers(a.box, b.box) and (a.name, b.name) not in seen:
            seen.add((a.name, b.name))
            yield Defect("text-over-text", (a.name, b.name), _union(a.box, b.box))


def _text_over_node(geometry: Geometry) -> Iterator[Defect]:
    for item in _floating(geometry):
        for node in geometry.nodes:
            if _covers(item.box, node.box):
                yield Defect("text-over-node", (item.name, f"component:{node.id}"), _union(item.box, node.box))


def _crosses(points: Sequence[Point], box: Box) -> bool:
    """True when the polyline passes through the inside of `box` shrunk by TOUCH (Liang-Barsky)."""
    inner = box.inset(TOUCH)
    for (x0, y0), (x1, y1) in pairwise(points):
        if inner.contains((x0, y0)) or inner.contains((x1, y1)):
            return True
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, x0 - inner.left), (dx, inner.right - x0), (-dy, y0 - inner.top), (dy, inner.bottom - y0)):
            if p == 0:
                if q < 0:
                    break
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
        else:
            if low < high:
                return True
    return False


def _edge_through_node(geometry: Geometry) -> Iterator[Defect]:
    for edge in geometry.edges:
        for node in geometry.nodes:
            if node.id not in (edge.tail, edge.head) and _crosses(edge.points, node.box):
                yield Defect("edge-through-node", (f"edge:{edge.id}", f"component:{node.id}"), node.box)


def _edge_through_text(geometry: Geometry) -> Iterator[Defect]:
    for edge in geometry.edges:
        for item in _floating(geometry):
            own_label = item.name == f"label:{edge.id}"
            if not own_label and _crosses(edge.points, item.box):
                yield Defect("edge-through-text", (f"edge:{edge.id}", item.name), item.box)


def _edge_through_own_label(geometry: Geometry) -> Iterator[Defect]:
    # Line by line: the box around a two-line label holds blank space an edge may pass through.
    for edge in geometry.edges:
        crossed = [text.box for text in edge.label if _crosses(edge.points, text.box)]
        if crossed:
            yield Defect("edge-through-own-label", (f"edge:{edge.id}", f"label:{edge.id}"), crossed[0])


def _badge_covered(geometry: Geometry) -> Iterator[Defect]:
    for index, edge in enumerate(geometry.edges):
        later = [item for e in geometry.edges[index + 1 :] for item in (*_labels(e), *_badges(e))]
        for badge in _badges(edge):
            covering = [(f"component:{n.id}", n.box) for n in geometry.nodes] + [(i.name, i.box) for i in later]
            for name, box in covering:
                if _covers(badge.box, box):
                    yield Defect("badge-covered", (badge.name, name), _union(badge.box, box))


def _segments_cross(a0: Point, a1: Point, b0: Point, b1: Point) -> Point | None:
    """Where two segments properly cross; half-open at their ends so a polyline counts once."""
    rx, ry = a1[0] - a0[0], a1[1] - a0[1]
    sx, sy = b1[0] - b0[0], b1[1] - b0[1]
    denominator = rx * sy - ry * sx
    if denominator == 0:
        return None
    qx, qy = b0[0] - a0[0], b0[1] - a0[1]
    t = (qx * sy - qy * sx) / denominator
    u = (qx * ry - qy * rx) / denominator
    if 0 <= t < 1 and 0 <= u < 1:
        return (a0[0] + t * rx, a0[1] + t * ry)
    return None


def _crossings(geometry: Geometry) -> int:
    boxes = {edge.id: Box.around(edge.points) for edge in geometry.edges if edge.points}
    count = 0
    for a, b in combinations([e for e in geometry.edges if e.points], 2):
        if not _covers(boxes[a.id].inset(-TOUCH), boxes[b.id].inset(-TOUCH)):
            continue
        shared = [geometry.node(n).box.inset(-_FAN) for n in {a.tail, a.head} & {b.tail, b.head}]
        for a0, a1 in zip(a.points, a.points[1:], strict=False):
            for b0, b1 in zip(b.points, b.points[1:], strict=False):
                point = _segments_cross(a0, a1, b0, b1)
                if point is not None and not any(box.contains(point) for box in shared):
                    count += 1
    return count


def measure(geometry: Geometry, *, image_width: float | None = None, column: float = COLUMN_PX) -> Metric:
    """The defects and figures of one laid-out view.

    `image_width` is the width of the whole image in CSS px when it differs from the body's
    (a header wider than the diagram); the smallest text is measured with it shown `column` wide.
    """
    defects = (
        *_text_over_text(geometry),
        *_text_over_node(geometry),
        *_edge_through_node(geometry),
        *_edge_through_text(geometry),
        *_edge_through_own_label(geometry),
        *_badge_covered(geometry),
    )
    width = image_width if image_width is not None else geometry.width
    sizes = [text.size for text in geometry.texts()]
    scale = min(1.0, column / width) if width > 0 else 1.0
    return Metric(
        defects=defects,
        crossings=_crossings(geometry),
        edge_length=sum(edge.length for edge in geometry.edges),
        width=width,
        height=geometry.height,
        smallest_text=min(sizes, default=0.0) * scale,
    )


def measure_views(design: Design) -> dict[str, Metric]:
    """Every view of `design` (the overview keyed "overview", each flow by its view key), measured.

    Every view is drawn from one layout (kit/drawing/layout.py) and differs only in colour, so one
    measurement holds for all of them; the image width is the canvas's, header included.
    """
    from kit.drawing.layout import lay_out
    from kit.drawing.raster import CSS_PX_PER_PT
    from kit.drawing.restyle import canvas_of

    laid = lay_out(design)
    metric = measure(laid.geometry, image_width=canvas_of(laid).width * CSS_PX_PER_PT)
    return {view.key or "overview": metric for view in (OVERVIEW, *flow_views(design))}
