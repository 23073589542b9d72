"""What Graphviz laid out, as plain frozen data: every box, title, spline, label and step badge.

`from_json` is a pure function of Graphviz's `-Tjson` output (the parsed JSON of a laid-out body
graph, which kit/drawing/layout.py writes in the same `dot` run as the body's SVG; the header is
laid out apart, and Graphviz 2.43 crashes writing JSON for the legend's dashed rounded cells).
It reads the xdot drawing operations (`_draw_`, `_ldraw_`, `_hdraw_`, `_tdraw_`): `T` text
ops (baseline point, justification, width), filled polygons and beziers (`P`, `B`: step badges are
the filled cells of an edge label), and the edge's bezier (`b`).

Units: everything here is in CSS px of the image shown at 1x, origin at its top-left corner, y
pointing down. Graphviz works in points (72 per inch) with y pointing up, and its SVG declares its
size in `pt`, which a browser shows at 96 px per inch: 1 pt = 4/3 CSS px (the 2x PNG has 8/3 pixels
per point, the same 4/3 CSS px). The image includes the graph's `pad` around the bounding box.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

__all__ = [
    "PX_PER_PT",
    "Badge",
    "Box",
    "EdgeShape",
    "Geometry",
    "GroupShape",
    "NodeShape",
    "Point",
    "Text",
    "from_json",
]

#: CSS px per typographic point: 96 px and 72 pt per inch.
PX_PER_PT = 96 / 72
#: Ink above and below a text's baseline, in ems of its font (Arial: caps 0.72, descenders 0.21).
#: Line spacing is left out so that the lines of one label do not count as touching each other.
_ASCENT, _DESCENT = 0.8, 0.2
#: Points sampled on each cubic bezier segment of an edge; about every 5-10 px on this kit's edges.
_SAMPLES = 12
#: Graphviz's default `pad` (inches) when a graph sets none.
_DEFAULT_PAD = 0.0555

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in CSS px, y down: `left <= right`, `top <= bottom`."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlap(self, other: Box) -> tuple[float, float]:
        """How far the two boxes overlap along x and along y (negative: the gap between them)."""
        return (
            min(self.right, other.right) - max(self.left, other.left),
            min(self.bottom, other.bottom) - max(self.top, other.top),
        )

    def inset(self, by: float) -> Box:
        """The box shrunk by `by` on every side (grown when negative); never inverted."""
        cx, cy = (self.left + self.right) / 2, (self.top + self.bottom) / 2
        half_w, half_h = max(0.0, self.width / 2 - by), max(0.0, self.height / 2 - by)
        return Box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)

    def contains(self, point: Point) -> bool:
        return self.left <= point[0] <= self.right and self.top <= point[1] <= self.bottom

    @staticmethod
    def around(points: Iterable[Point]) -> Box:
        xs, ys = zip(*points, strict=True)
        return Box(min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text as drawn: its string, the box its glyphs cover, its font size in CSS px."""

    text: str
    box: Box
    size: float


@dataclass(frozen=True, slots=True)
class NodeShape:
    """A component's card: `id` is the component id (the DOT node name)."""

    id: str
    box: Box
    texts: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class GroupShape:
    """A group's boundary and its title. `id` is the group id (the cluster name without `cluster_`);
    `title` is the box around the title's words, None when the title is blank; `depth` is 0 at the top."""

    id: str
    box: Box
    title: Box | None
    texts: tuple[Text, ...]
    depth: int


@dataclass(frozen=True, slots=True)
class Badge:
    """A step badge ("3", or "10-12" drawn with an en dash) on an edge's label: the filled cell and its number."""

    text: str
    box: Box


@dataclass(frozen=True, slots=True)
class EdgeShape:
    """A link as laid out: `id` is its DOM id (`link-<source>-<target>`); `tail` and `head` are the
    components it joins in layout order (reversed for a link drawn with `dir=back`); `points` is its
    spline as a polyline sampled from the bezier; `label` its label's lines; `badges` its step badges."""

    id: str
    tail: str
    head: str
    points: tuple[Point, ...]
    label: tuple[Text, ...]
    badges: tuple[Badge, ...]

    @property
    def length(self) -> float:
        return sum(math.dist(a, b) for a, b in pairwise(self.points))


@dataclass(frozen=True, slots=True)
class Geometry:
    """One laid-out body graph, in CSS px at 1x: the image's size and everything drawn on it."""

    width: float
    height: float
    nodes: tuple[NodeShape, ...]
    groups: tuple[GroupShape, ...]
    edges: tuple[EdgeShape, ...]

    def node(self, node_id: str) -> NodeShape:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def texts(self) -> Iterator[Text]:
        """Every line of text in the image, badges' numbers included."""
        for node in self.nodes:
            yield from node.texts
        for group in self.groups:
            yield from group.texts
        for edge in self.edges:
            yield from edge.label
            yield from (Text(badge.text, badge.box, _badge_size(edge, badge)) for badge in edge.badges)


def _badge_size(edge: EdgeShape, badge: Badge) -> float:
    # A badge's number is set in the edge font; the badge box is that font plus its padding.
    return min((text.size for text in edge.label), default=badge.box.height * 0.65)


class _Frame:
    """Graphviz points (y up, origin at the bounding box's corner) -> CSS px of the image (y down)."""

    def __init__(self, graph: Mapping[str, Any]) -> None:
        x0, y0, x1, y1 = (float(v) for v in str(graph["bb"]).split(","))
        pad = float(graph.get("pad", _DEFAULT_PAD)) * 72
        self.x0, self.top, self.pad = x0, y1, pad
        self.width = (x1 - x0 + 2 * pad) * PX_PER_PT
        self.height = (y1 - y0 + 2 * pad) * PX_PER_PT

    def point(self, x: float, y: float) -> Point:
        return ((x - self.x0 + self.pad) * PX_PER_PT, (self.top + self.pad - y) * PX_PER_PT)

    def box(self, points: Iterable[Sequence[float]]) -> Box:
        return Box.around(self.point(p[0], p[1]) for p in points)


def _transparent(color: str) -> bool:
    # xdot writes "#rrggbbaa" for translucent colours; Graphviz paints HTML cells' borders "#fffffe00".
    return color in ("", "none", "transparent") or (len(color) == 9 and color.endswith("00"))


def _ops(obj: Mapping[str, Any], *keys: str) -> list[Mapping[str, Any]]:
    return [op for key in keys for op in obj.get(key, ()) if op]


def _text(op: Mapping[str, Any], size_pt: float, frame: _Frame) -> Text | None:
    """A `T` op as a box around its glyphs; None for blank text (spacers between words)."""
    text = str(op["text"])
    if not text.strip():
        return None
    x, y = (float(v) for v in op["pt"])
    width = float(op["width"])
    left = {"l": x, "c": x - width / 2, "r": x - width}[str(op.get("align", "l"))]
    # Padding spaces (" 3 ") are measured by Graphviz but draw no ink.
    per_char = width / len(text)
    left += per_char * (len(text) - len(text.lstrip()))
    right = left + per_char * len(text.strip())
    a = frame.point(left, y + _ASCENT * size_pt)
    b = frame.point(right, y - _DESCENT * size_pt)
    return Text(text.strip(), Box(a[0], a[1], b[0], b[1]), size_pt * PX_PER_PT)


def _texts(ops: Iterable[Mapping[str, Any]], frame: _Frame) -> list[Text]:
    size, texts = 14.0, []
    for op in ops:
        if op.get("op") == "F":
            size = float(op["size"])
        elif op.get("op") == "T" and (text := _text(op, size, frame)) is not None:
            texts.append(text)
    return texts


def _node(obj: Mapping[str, Any], frame: _Frame) -> NodeShape:
    x, y = (float(v) for v in str(obj["pos"]).split(","))
    half_w, half_h = float(obj["width"]) * 36, float(obj["height"]) * 36
    box = frame.box([(x - half_w, y - half_h), (x + half_w, y + half_h)])
    return NodeShape(str(obj["name"]), box, tuple(_texts(_ops(obj, "_draw_", "_ldraw_"), frame)))


def _sample(controls: Sequence[Sequence[float]], frame: _Frame) -> list[Point]:
    """A piecewise cubic bezier (points 0-3, 3-6, ...) as a polyline of `_SAMPLES` points per piece."""
    points = [frame.point(float(controls[0][0]), float(controls[0][1]))]
    for start in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = (tuple(float(v) for v in controls[start + i]) for i in range(4))
        for step in range(1, _SAMPLES + 1):
            t = step / _SAMPLES
            u = 1 - t
            x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
            y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
            points.append(frame.point(x, y))
    return points


def _label(ops: Sequence[Mapping[str, Any]], frame: _Frame) -> tuple[list[Text], list[Badge]]:
    """An edge label's lines and its badges: each filled cell is a badge, and the text in it its number."""
    fill, cells = "", []
    for op in ops:
        if op.get("op") == "C":
            fill = str(op.get("color", ""))
        elif op.get("op") in ("B", "P") and not _transparent(fill):
            cells.append(frame.box(op["points"]))
    numbers: list[list[str]] = [[] for _ in cells]
    lines = []
    for text in _texts(ops, frame):
        centre = ((text.box.left + text.box.right) / 2, (text.box.top + text.box.bottom) / 2)
        inside = [i for i, cell in enumerate(cells) if cell.contains(centre)]
        if inside:
            numbers[inside[0]].append(text.text)
        else:
            lines.append(text)
    return lines, [Badge(" ".join(words), cell) for words, cell in zip(numbers, cells, strict=True)]


def _edge(obj: Mapping[str, Any], names: Mapping[int, str], frame: _Frame) -> EdgeShape:
    points: list[Point] = []
    for op in _ops(obj, "_draw_"):
        if op.get("op") in ("b", "B"):
            points.extend(_sample(op["points"], frame))
    lines, badges = _label(_ops(obj, "_ldraw_"), frame)
    # Head and tail labels are not used by the kit, but they are labels all the same.
    extra = _texts(_ops(obj, "_hldraw_", "_tldraw_"), frame)
    tail, head = names[int(obj["tail"])], names[int(obj["head"])]
    edge_id = str(obj.get("id") or f"{tail}->{head}")
    return EdgeShape(edge_id, tail, head, tuple(points), tuple(lines + extra), tuple(badges))


def _groups(graph: Mapping[str, Any], frame: _Frame) -> list[GroupShape]:
    objects = graph.get("objects", [])
    parents: dict[int, int] = {}
    for obj in objects:
        for child in obj.get("subgraphs", ()):
            parents[int(child)] = int(obj["_gvid"])

    def depth(gvid: int) -> int:
        # Only clusters count: rank=same subgraphs are no boundary a reader sees.
        level, parent = 0, parents.get(gvid)
        while parent is not None:
            level += str(objects[parent]["name"]).startswith("cluster")
            parent = parents.get(parent)
        return level

    groups = []
    for obj in objects[: int(graph.get("_subgraph_cnt", 0))]:
        name = str(obj["name"])
        if not name.startswith("cluster") or "bb" not in obj:
            continue
        x0, y0, x1, y1 = (float(v) for v in str(obj["bb"]).split(","))
        texts = _texts(_ops(obj, "_ldraw_"), frame)
        title = Box.around(
            p for text in texts for p in ((text.box.left, text.box.top), (text.box.right, text.box.bottom))
        )
        groups.append(
            GroupShape(
                name.removeprefix("cluster_"),
                frame.box([(x0, y0), (x1, y1)]),
                title if texts else None,
                tuple(texts),
                depth(int(obj["_gvid"])),
            )
        )
    return groups


def from_json(graph: Mapping[str, Any]) -> Geometry:
    """The geometry of a graph laid out by Graphviz: the parsed output of `dot -Tjson` (xdot 1.7).

    Expects a graph with a bounding box (`bb`); nodes are read from their `pos`, `width` and
    `height`, clusters (subgraphs named `cluster...`) from their `bb` and label ops, edges from their
    `_draw_` and `_ldraw_` ops. Deterministic: everything keeps Graphviz's order.
    """
    frame = _Frame(graph)
    count = int(graph.get("_subgraph_cnt", 0))
    node_objects = [obj for obj in graph.get("objects", [])[count:] if "pos" in obj]
    names = {int(obj["_gvid"]): str(obj["name"]) for obj in graph.get("objects", [])[count:]}
    return Geometry(
        width=frame.width,
        height=frame.height,
        nodes=tuple(_node(obj, frame) for obj in node_objects),
        groups=tuple(_groups(graph, frame)),
        edges=tuple(_edge(obj, names, frame) for obj in graph.get("edges", [])),
    )
