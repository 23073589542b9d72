"""One layout -> every view and theme, by substitution: the same positions in every image by construction.

A view differs from the layout only in colours (each placeholder replaced by its role's colour
in the view and theme), in the pen width and class of each link, the class of each card, and the
opacity of receded icons. `draw_view` applies those to the laid-out body, puts the view's header
above it on a canvas that every view of the design shares, and inlines each icon once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kit.drawing.dot import component_class, link_class, link_penwidth
from kit.drawing.icons import icon_image
from kit.drawing.layout import Box, Drawing, Element, Layout, header_key
from kit.drawing.paint import ViewPaint, is_receded, link_state
from kit.drawing.theme import Theme
from kit.drawing.views import View, link_key
from kit.model.model import Design

__all__ = [
    "FAINT_OPACITY",
    "FONT_FAMILY",
    "Canvas",
    "ViewDrawing",
    "canvas_of",
    "draw_view",
    "view_drawing",
    "whole_px",
]

#: How much of its opacity a receded component's icon keeps.
FAINT_OPACITY = 0.3
#: Graphviz names one family; a renderer without fontconfig's aliases needs the metric twins too.
FONT_FAMILY = "Arial, Liberation Sans, Helvetica, sans-serif"
#: Space around the header, in pt; the body brings its own padding.
HEADER_PAD = 14.0


@dataclass(frozen=True, slots=True)
class Canvas:
    """The size every view of a design is drawn at (pt), and where the body starts."""

    width: float
    height: float
    body_top: float


def canvas_of(layout: Layout) -> Canvas:
    """One canvas for all views and frames: the widest header or the body, the tallest header."""
    header_width = max((h.width for h in layout.headers.values()), default=0.0) + 2 * HEADER_PAD
    header_height = max((h.height for h in layout.headers.values()), default=0.0) + HEADER_PAD
    width = max(layout.body.width, header_width)
    # Whole CSS px (3/4 pt): every density then maps the canvas onto whole pixels at exactly its
    # scale, so a part of an image redrawn alone matches the same pixels of the whole.
    return Canvas(whole_px(width), whole_px(header_height + layout.body.height), whole_px(header_height))


def whole_px(length: float) -> float:
    """`length` in pt rounded up to whole CSS px (3/4 pt), so every density maps it onto whole pixels."""
    return math.ceil(length / 0.75) * 0.75


_COLOR = re.compile(r'(fill|stroke)="(#[0-9a-f]{6})"(?: stroke-width="([\d.]+)")?')
_GROUP = re.compile(r'<g id="([^"]+)" class="(node|edge) [^"]*">')
_IMAGE = re.compile(
    r'<image xlink:href="(?P<href>[^"]+)" width="(?P<w>[\d.]+)px" height="(?P<h>[\d.]+)px" '
    r'preserveAspectRatio="xMinYMin meet" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)"/>'
)


def _svg_id(text: str) -> str:
    """An id as Graphviz writes it into SVG."""
    return text.replace("-", "&#45;")


@dataclass(frozen=True, slots=True)
class _Style:
    """What one view changes, resolved from the model before any text is touched."""

    colors: dict[str, str]
    widths: dict[str, float]
    classes: dict[str, str]


def _style(layout: Layout, design: Design, theme: Theme, view: View) -> _Style:
    paint = ViewPaint(design, theme, view)
    colors = {token: paint(role) for token, role in layout.roles.items()}
    widths: dict[str, float] = {}
    classes: dict[str, str] = {}
    links = {link_key(link): link for link in design.links}
    for token, role in layout.roles.items():
        if role.kind == "link":
            link = links[role.element]
            widths[token] = link_penwidth(theme, link, link_state(view, link))
    for link in design.links:
        classes[_svg_id(f"link-{link.source}-{link.target}")] = "edge " + link_class(link, link_state(view, link))
    for component in design.components:
        receded = is_receded(view, component.id)
        classes[_svg_id(f"component-{component.id}")] = "node " + component_class(component, receded=receded)
    return _Style(colors, widths, classes)


def _restyle(content: str, style: _Style) -> str:
    def color(match: re.Match[str]) -> str:
        attribute, token, width = match.groups()
        if token not in style.colors:
            raise ValueError(f"the layout holds a colour no role explains: {token}")
        text = f'{attribute}="{style.colors[token]}"'
        new_width = style.widths.get(token) if attribute == "stroke" else None
        if new_width is not None:
            return text + f' stroke-width="{new_width:g}"'
        return text + (f' stroke-width="{width}"' if width else "")

    def group(match: re.Match[str]) -> str:
        element_id = match.group(1)
        return f'<g id="{element_id}" class="{style.classes.get(element_id, match.group(2))}">'

    return _GROUP.sub(group, _COLOR.sub(color, content))


def _symbol_id(icon: str) -> str:
    """A stable id for an icon path: 'onprem/queue/kafka.png' -> 'icon-onprem-queue-kafka'."""
    return "icon-" + re.sub(r"[^A-Za-z0-9]+", "-", icon.rsplit(".", 1)[0]).strip("-")


def _place_icons(content: str, layout: Layout, view: View, used: dict[str, str]) -> str:
    def use(match: re.Match[str]) -> str:
        icon, component_id = layout.icons[match["href"]]
        symbol = _symbol_id(icon)
        used[symbol] = icon
        faded = f' opacity="{FAINT_OPACITY:g}"' if is_receded(view, component_id) else ""
        return (
            f'<use xlink:href="#{symbol}" x="{match["x"]}" y="{match["y"]}" '
            f'width="{match["w"]}" height="{match["h"]}"{faded}/>'
        )

    placed = _IMAGE.sub(use, content)
    if "<image " in placed:
        raise ValueError("the layout holds an <image> the kit did not place; the SVG would not be self-contained")
    return placed


def _translated(drawing: Drawing, x: float, y: float) -> str:
    """A group that moves a drawing's elements so that its top left corner sits at (x, y)."""
    tx, ty = drawing.origin
    return f'<g transform="translate({x + tx:g} {y + ty:g})">\n'


@dataclass(frozen=True, slots=True)
class ViewDrawing:
    """One view in one theme, ready to write whole (`svg`) or in part (`window_svg`).

    `elements` pairs each body element with its restyled SVG, so that two views can be compared
    element by element and a part of the image redrawn with only the elements that reach it.
    """

    slug: str
    canvas: Canvas
    background: str
    defs: str
    header: str
    header_open: str
    body_open: str
    body_offset: tuple[float, float]
    elements: tuple[tuple[Element, str], ...]

    def svg(self) -> str:
        """The finished, self-contained SVG (sizes in pt, as Graphviz's)."""
        return self._document(None)

    def window_svg(self, window: Box) -> str:
        """Only the part of the image inside `window` (canvas pt), drawn from the elements that reach it."""
        return self._document(window)

    def box_of(self, element: Element) -> Box:
        """An element's box on the canvas."""
        dx, dy = self.body_offset
        left, top, right, bottom = element.box
        return left + dx, top + dy, right + dx, bottom + dy

    def _document(self, window: Box | None) -> str:
        width, height = self.canvas.width, self.canvas.height
        view_box = f"0 0 {width:g} {height:g}"
        body = [text for element, text in self.elements if window is None or _meets(self.box_of(element), window)]
        header = self.header if window is None or window[1] < self.canvas.body_top else ""
        if window is not None:
            left, top, right, bottom = window
            width, height = right - left, bottom - top
            view_box = f"{left:g} {top:g} {width:g} {height:g}"
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n',
            f'<svg width="{width:g}pt" height="{height:g}pt" viewBox="{view_box}" '
            'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n',
            self.defs,
            f'<g id="blueprint-{_svg_id(self.slug)}" class="graph" font-family="{FONT_FAMILY}">\n',
            f'<rect width="{self.canvas.width:g}" height="{self.canvas.height:g}" fill="{self.background}"/>\n',
            '<g class="header">\n',
            self.header_open,
            header,
            "</g>\n</g>\n",
            '<g class="body">\n',
            self.body_open,
            *body,
            "</g>\n</g>\n</g>\n</svg>\n",
        ]
        return "".join(parts)


def _meets(box: Box, window: Box) -> bool:
    return box[0] < window[2] and window[0] < box[2] and box[1] < window[3] and window[1] < box[3]


def view_drawing(layout: Layout, design: Design, theme: Theme, view: View, canvas: Canvas) -> ViewDrawing:
    """One view of the laid-out design in one theme."""
    style = _style(layout, design, theme, view)
    used: dict[str, str] = {}
    elements = tuple(
        (element, _strip_fonts(_place_icons(_restyle(element.content, style), layout, view, used)))
        for element in layout.body.elements
    )
    header = layout.headers[header_key(view)]
    symbols = []
    for symbol in sorted(used):
        image = icon_image(used[symbol])
        symbols.append(
            f'<symbol id="{symbol}" viewBox="0 0 {image.width} {image.height}" preserveAspectRatio="xMinYMin meet">'
            f'<image width="{image.width}" height="{image.height}" xlink:href="{image.data_uri}"/></symbol>'
        )
    tx, ty = layout.body.origin
    return ViewDrawing(
        slug=design.slug,
        canvas=canvas,
        background=theme.background,
        defs="<defs>\n" + "\n".join(symbols) + "\n</defs>\n" if symbols else "",
        header=_strip_fonts(_restyle(header.content, style)),
        header_open=_translated(header, HEADER_PAD, HEADER_PAD),
        body_open=_translated(layout.body, 0, canvas.body_top),
        body_offset=(tx, ty + canvas.body_top),
        elements=elements,
    )


def _strip_fonts(content: str) -> str:
    """Texts inherit the font list from the drawing's root, and start-anchored is SVG's default."""
    return content.replace(' text-anchor="start"', "").replace(' font-family="Arial"', "")


def draw_view(layout: Layout, design: Design, theme: Theme, view: View, canvas: Canvas) -> str:
    """The finished, self-contained SVG of one view in one theme (sizes in pt, as Graphviz's)."""
    return view_drawing(layout, design, theme, view, canvas).svg()
