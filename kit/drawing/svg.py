"""Post-processing of Graphviz's SVG into a self-contained, machine-independent file.

Graphviz writes icons as `<image xlink:href="onprem/queue/kafka.png">`, which only works next to
the icon files. Here each distinct icon becomes one `<symbol>` holding a data URI, and every use
of it a `<use>`, so the SVG draws anywhere and repeats no icon bytes. The renderer runs `dot`
once at the raster's dpi for all formats; Graphviz 2.43 then scales the SVG's content by dpi/72
inside a viewBox that is not scaled, which clips it, so the scale is undone here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kit.drawing.icons import IconImage

__all__ = ["finish_svg"]

_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_SIZE = re.compile(r'<svg width="[^"]*" height="[^"]*"\s+viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"')
_SCALE = re.compile(r'(<g id="[^"]*" class="graph" transform=")scale\([\d.]+ [\d.]+\)')
_IMAGE = re.compile(
    r'<image xlink:href="(?P<href>[^"]+)" width="(?P<w>[\d.]+)px" height="(?P<h>[\d.]+)px" '
    r'preserveAspectRatio="xMinYMin meet" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)"/>'
)
_SVG_OPEN_END = re.compile(r"<svg\b[^>]*>\n?")


def _symbol_id(href: str) -> str:
    """A stable id for an icon path: 'onprem/queue/kafka.png' -> 'icon-onprem-queue-kafka'."""
    stem = href.rsplit(".", 1)[0]
    return "icon-" + re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")


def _undo_scale(svg: str) -> str:
    size = _SIZE.search(svg)
    if size is None:
        raise ValueError("Graphviz SVG without the expected <svg width height viewBox> header")
    width, height = float(size.group(3)), float(size.group(4))
    viewbox = " ".join(size.groups())
    header = f'<svg width="{round(width)}pt" height="{round(height)}pt"\n viewBox="{viewbox}"'
    svg = svg[: size.start()] + header + svg[size.end() :]
    return _SCALE.sub(r"\1scale(1 1)", svg, count=1)


def _inline_icons(svg: str, load: Callable[[str], IconImage]) -> str:
    symbols: dict[str, str] = {}

    def use(match: re.Match[str]) -> str:
        href = match["href"]
        symbol = _symbol_id(href)
        if symbol not in symbols:
            icon = load(href)
            symbols[symbol] = (
                f'<symbol id="{symbol}" viewBox="0 0 {icon.width} {icon.height}" '
                f'preserveAspectRatio="xMinYMin meet"><image width="{icon.width}" height="{icon.height}" '
                f'xlink:href="{icon.data_uri}"/></symbol>'
            )
        return (
            f'<use xlink:href="#{symbol}" x="{match["x"]}" y="{match["y"]}" '
            f'width="{match["w"]}" height="{match["h"]}"/>'
        )

    body = _IMAGE.sub(use, svg)
    if "<image " in body:
        raise ValueError("Graphviz SVG holds an <image> the kit did not recognise; it would not be self-contained")
    if not symbols:
        return body
    defs = "<defs>\n" + "\n".join(symbols[key] for key in sorted(symbols)) + "\n</defs>\n"
    opening = _SVG_OPEN_END.search(body)
    assert opening is not None  # _undo_scale already found the <svg> element
    return body[: opening.end()] + defs + body[opening.end() :]


def finish_svg(svg: str, load_icon: Callable[[str], IconImage]) -> str:
    """Graphviz SVG -> self-contained SVG at 1x, without comments that name the Graphviz version."""
    svg = _COMMENT.sub("", svg)
    svg = _undo_scale(svg)
    return _inline_icons(svg, load_icon)
