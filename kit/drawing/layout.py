"""Design -> one Graphviz layout: the body laid out once, every distinct header once.

This is the only module that runs Graphviz. The body is laid out with placeholder colours
(`TokenPaint`) and icons named per component (`c/<n>.png`, symlinks to the catalogue's icons),
so that every view and theme can be drawn from it by substitution alone (kit/drawing/restyle.py).
Headers differ from view to view in text (caption, legend), so each distinct one is laid out too,
all of them in a single `dot` process.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.drawing.dot import DEFAULT_LAYOUT, LayoutOptions, body_dot, catalog_icon, header_dot, legend_dots
from kit.drawing.geometry import Geometry, from_json
from kit.drawing.icons import icon_file
from kit.drawing.paint import Role, TokenPaint
from kit.drawing.views import OVERVIEW, View, flow_views, walkthrough_frames
from kit.errors import GraphvizError, GraphvizNotFound
from kit.model.catalog import icons_root
from kit.model.model import Design
from kit.publishing.tempfiles import temp_dir

__all__ = [
    "Box",
    "Drawing",
    "Element",
    "Layout",
    "dot_executable",
    "dot_warnings",
    "end_running_dots",
    "header_key",
    "lay_out",
    "parse_json",
    "run_dot",
]

#: Prefix of the per-component icon paths the body is laid out with.
ICON_ALIAS_DIR = "c"


#: A rectangle (left, top, right, bottom), in pt.
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Element:
    """One component, link or group as Graphviz drew it: its SVG and a box that holds all its ink."""

    svg_id: str
    content: str
    box: Box


@dataclass(frozen=True, slots=True)
class Drawing:
    """One laid-out graph: its size in pt and its SVG elements in Graphviz's coordinates (y grows
    upwards as negative numbers; `origin` is where Graphviz put (0, 0)), background left out.
    `elements` splits the content into its components, links and groups, in drawing order."""

    width: float
    height: float
    origin: tuple[float, float]
    content: str
    elements: tuple[Element, ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything a design's views are drawn from.

    `roles` reads each placeholder colour back; `icons` maps each component's icon alias to the
    catalogue icon it stands for; `headers` holds one drawing per distinct header, keyed by
    `header_key(view)`.
    """

    body: Drawing
    headers: dict[str, Drawing]
    roles: dict[str, Role]
    icons: dict[str, tuple[str, str]]
    warnings: tuple[str, ...]
    geometry: Geometry


def header_key(view: View) -> str:
    """The key of a view's header: the view and, for a walkthrough frame, how far it has got."""
    return f"{view.key}#{view.reveal}" if view.reveal is not None else view.key


def dot_executable() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFound()
    return found


#: The `dot` processes running now, so that an interrupted render can end them at once.
_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


def end_running_dots() -> None:
    """Kill every `dot` this process is waiting on (an interrupted render has no use for them)."""
    with _RUNNING_LOCK:
        for process in _RUNNING:
            with contextlib.suppress(ProcessLookupError):
                process.kill()


def dot_warnings(stderr: str) -> list[str]:
    """The lines of dot's stderr that are warnings about the drawing."""
    # The JSON writer cannot load images, and needs none: the SVG (or the search) does not draw them.
    return [line for line in stderr.splitlines() if line.strip() and "No loadimage plugin for" not in line]


def run_dot(
    source: str, formats: tuple[str, ...] = ("svg",), *, image_dirs: Sequence[Path] = ()
) -> tuple[dict[str, bytes], str]:
    """Lay `source` out once and write it in every format; returns the bytes per format and dot's stderr.

    A `dot` killed by a signal is an error even when it wrote something: its output may be cut.
    """
    image_path = os.pathsep.join(str(folder) for folder in (icons_root(), *image_dirs))
    with temp_dir("dot") as tmp:
        # One format goes to stdout, where several graphs in one source come out one after
        # another (`-o` would keep only one); several formats each get a file.
        outputs = {fmt: Path(tmp) / f"out.{fmt}" for fmt in formats} if len(formats) > 1 else {}
        command = [dot_executable(), f"-Gimagepath={image_path}"]
        for fmt in formats:
            command += [f"-T{fmt}", *([f"-o{outputs[fmt]}"] if outputs else [])]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with _RUNNING_LOCK:
            _RUNNING.add(process)
        try:
            stdout, raw_errors = process.communicate(source.encode("utf-8"))
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(process)
        stderr = raw_errors.decode("utf-8", "replace")
        if process.returncode < 0:
            name = signal.Signals(-process.returncode).name
            raise GraphvizError(f"dot was killed by {name}", stderr)
        if process.returncode != 0:
            raise GraphvizError(f"dot exited with status {process.returncode}", stderr)
        if not outputs:
            return {formats[0]: stdout}, stderr
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}, stderr


def views_of(design: Design) -> tuple[View, ...]:
    """Every view a design is drawn in: the overview, each flow, each walkthrough frame."""
    return (OVERVIEW, *flow_views(design), *walkthrough_frames(design)[1:])


def lay_out(design: Design, options: LayoutOptions = DEFAULT_LAYOUT) -> Layout:
    """Lay the design's body out once (with `options`) and each distinct header once. Raises GraphvizError."""
    paint = TokenPaint()
    aliases: dict[str, tuple[str, str]] = {}
    alias_of: dict[str, str] = {}
    with temp_dir("icons") as tmp:
        (Path(tmp) / ICON_ALIAS_DIR).mkdir()
        for index, component in enumerate(design.components):
            icon = catalog_icon(component)
            if icon:
                alias = f"{ICON_ALIAS_DIR}/{index}.png"
                (Path(tmp) / alias).symlink_to(icon_file(icon))
                aliases[alias] = (icon, component.id)
                alias_of[component.id] = alias
        body_source = body_dot(design, paint, icons=lambda component: alias_of.get(component.id), options=options)
        body, body_errors = run_dot(body_source, ("svg", "json"), image_dirs=(Path(tmp),))
    # Title blocks differ per frame, legends per view; each distinct one is laid out once, and
    # header graphs have no ranks, so unlike full layouts they can share one `dot` process.
    parts: dict[str, None] = {}
    wanted: dict[str, list[str]] = {}
    for view in views_of(design):
        sources = [header_dot(design, view, paint), *legend_dots(design, view, paint)]
        parts.update(dict.fromkeys(sources))
        wanted[header_key(view)] = sources
    header_svg, header_errors = run_dot("".join(parts))
    documents = _split_documents(header_svg["svg"].decode("utf-8"))
    if len(documents) != len(parts):
        raise GraphvizError(f"dot drew {len(documents)} headers of {len(parts)}", header_errors)
    drawn = {source: parse_drawing(document) for source, document in zip(parts, documents, strict=True)}
    headers = {key: stacked([drawn[source] for source in sources]) for key, sources in wanted.items()}
    warnings = tuple(dict.fromkeys(dot_warnings(body_errors + header_errors)))
    geometry = from_json(parse_json(body["json"], body_errors))
    drawing = parse_drawing(body["svg"].decode("utf-8"))
    return Layout(drawing, headers, dict(paint.roles), aliases, warnings, geometry)


def parse_json(data: bytes, stderr: str) -> dict[str, Any]:
    """Graphviz's JSON output, parsed; output cut short (a `dot` interrupted mid-write) is a GraphvizError."""
    try:
        parsed = json.loads(data)
    except ValueError as error:
        raise GraphvizError(f"dot wrote JSON that is cut short or malformed ({error})", stderr) from None
    if not isinstance(parsed, dict):
        raise GraphvizError("dot wrote JSON that is not a graph", stderr)
    return parsed


def stacked(drawings: Sequence[Drawing]) -> Drawing:
    """Drawings as one, each under the one before, all at the left edge."""
    height = sum(drawing.height for drawing in drawings)
    content, y = [], 0.0
    for drawing in drawings:
        # The stack's origin is its bottom left; each part is moved to its own top left.
        x0, y0 = drawing.origin
        content.append(f'<g transform="translate({x0:g} {y + y0 - height:g})">\n{drawing.content}</g>\n')
        y += drawing.height
    return Drawing(max(drawing.width for drawing in drawings), height, (0.0, height), "".join(content))


_DOCUMENT = re.compile(r"<\?xml ")
_SIZE = re.compile(r'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"')
_GRAPH_OPEN = re.compile(
    r'<g id="[^"]*" class="graph" transform="scale\(1 1\) rotate\(0\) translate\(([-\d.]+) ([-\d.]+)\)">\n'
    r"<title>[^<]*</title>\n"
)
_BACKGROUND = re.compile(r'<polygon fill="#[0-9a-f]{6}" stroke="transparent" points="[^"]*"/>\n')
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)


def _split_documents(svg: str) -> list[str]:
    starts = [match.start() for match in _DOCUMENT.finditer(svg)]
    return [svg[start:end] for start, end in zip(starts, [*starts[1:], len(svg)], strict=True)]


def parse_drawing(svg: str) -> Drawing:
    """Graphviz's SVG of one graph -> its size and its elements, without the background polygon."""
    size = _SIZE.search(svg)
    opening = _GRAPH_OPEN.search(svg)
    if size is None or opening is None:
        raise GraphvizError("dot wrote an SVG without the expected size and graph group", svg[:400])
    rest = svg[opening.end() :]
    background = _BACKGROUND.match(rest)
    if background is not None:
        rest = rest[background.end() :]
    end = rest.rfind("</g>\n</svg>")
    if end < 0:
        raise GraphvizError("dot wrote an SVG that is cut short", svg[-400:])
    content = _ROUNDED.sub(_as_rect, _COMMENT.sub("", rest[:end]))
    origin = (float(opening.group(1)), float(opening.group(2)))
    return Drawing(float(size.group(1)), float(size.group(2)), origin, content, _elements(content))


_ROUNDED = re.compile(r'<path (?P<attrs>[^>]*?) d="M(?P<points>[-\d., C]+)"/>')
_NUMBER_PAIR = re.compile(r"(-?[\d.]+),(-?[\d.]+)")


def _as_rect(match: re.Match[str]) -> str:
    """Graphviz's rounded box (eight Bézier pieces, every point on the box's border) as an SVG
    `<rect rx>`: the same shape in a third of the bytes, on every card, badge and group."""
    points = [(float(x), float(y)) for x, y in _NUMBER_PAIR.findall(match["points"])]
    if len(points) != 25 or points[0] != points[-1] or match["points"].count("C") != 1:
        return match.group(0)
    xs, ys = [x for x, _ in points], [y for _, y in points]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if any(x not in (left, right) and y not in (top, bottom) for x, y in points):
        return match.group(0)
    radius = round(points[0][0] - left, 2)
    if not 0 < radius <= (right - left) / 2:
        return match.group(0)
    return (
        f'<rect {match["attrs"]} x="{left:g}" y="{top:g}" width="{right - left:.2f}" height="{bottom - top:.2f}" '
        f'rx="{radius:g}"/>'
    )


_ELEMENT = re.compile(r'<g id="([^"]*)" class="(?:node|edge|cluster)\b[^"]*">')
_PAIR = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")
_TEXT = re.compile(r'<text[^>]* x="(-?[\d.]+)" y="(-?[\d.]+)"[^>]* font-size="([\d.]+)"[^>]*>([^<]*)</text>')
_PLACED = re.compile(r' x="(-?[\d.]+)" y="(-?[\d.]+)"[^>]* width="([\d.]+)(?:px)?" height="([\d.]+)(?:px)?"')
_STROKE = re.compile(r'stroke-width="([\d.]+)"')
#: Room around an element's outline for half its stroke and the rasteriser's anti-aliasing, in pt.
_INK_MARGIN = 3.0
#: An upper bound of a character's advance, in ems (Liberation Sans' widest common glyphs are ~0.95).
_CHAR_EM = 1.0


def _elements(content: str) -> tuple[Element, ...]:
    """The drawing's top-level components, links and groups, each with a box around its ink.

    The box is generous by design (every coordinate of the element, texts at an em per
    character): it decides what may be left out when only part of an image is redrawn.
    """
    starts = [(match.start(), match.group(1)) for match in _ELEMENT.finditer(content)]
    ends = [start for start, _ in starts[1:]] + ([len(content)] if starts else [])
    elements = []
    for (start, svg_id), end in zip(starts, ends, strict=True):
        text = content[start:end]
        xs: list[float] = []
        ys: list[float] = []
        for x, y in _PAIR.findall(text):
            xs.append(float(x))
            ys.append(float(y))
        for x, y, size, words in _TEXT.findall(text):
            em = float(size)
            xs += [float(x) - len(words) * em * _CHAR_EM, float(x) + len(words) * em * _CHAR_EM]
            ys += [float(y) - em, float(y) + em / 2]
        for x, y, w, h in _PLACED.findall(text):
            xs += [float(x), float(x) + float(w)]
            ys += [float(y), float(y) + float(h)]
        margin = _INK_MARGIN + max((float(w) for w in _STROKE.findall(text)), default=1.0)
        box = (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin) if xs else (0.0, 0.0, 0.0, 0.0)
        elements.append(Element(svg_id, text, box))
    return tuple(elements)
