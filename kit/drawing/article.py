"""Article images: each view in each theme drawn from the compact article layout, for a 700 px column.

The article form (`LayoutOptions.compact`, chosen by kit/drawing/search.py among
`ARTICLE_CANDIDATES`) draws step badges without the links' sentences and cards without their
technology line: the numbered steps and the components are written out in the summary under the
image. It has no header either (the article's own heading and caption say what the image shows),
so the body alone sets its width. Files: `<slug>[.<flow>].article[.dark].png` at 2x density.
"""

from __future__ import annotations

from dataclasses import replace

from kit.drawing.layout import Drawing, Layout
from kit.drawing.palette import build_palette, encode_png, quantise
from kit.drawing.raster import CSS_PX_PER_PT, rasterise
from kit.drawing.restyle import Canvas, draw_view, whole_px
from kit.drawing.theme import THEMES
from kit.drawing.views import OVERVIEW, View, file_stem, flow_views
from kit.model.model import Design

__all__ = ["ARTICLE_DENSITY", "article_canvas", "article_files", "article_layout", "article_name", "article_width"]

#: 2x: 1400 pixels for a 700 CSS px column.
ARTICLE_DENSITY = 2.0
_NO_HEADER = Drawing(0.0, 0.0, (0.0, 0.0), "")


def article_layout(layout: Layout) -> Layout:
    """A compact layout with every header left out."""
    return replace(layout, headers=dict.fromkeys(layout.headers, _NO_HEADER))


def article_canvas(layout: Layout) -> Canvas:
    """The body alone, on whole CSS px (3/4 pt) as every canvas is."""
    return Canvas(whole_px(layout.body.width), whole_px(layout.body.height), 0.0)


def article_width(layout: Layout) -> float:
    """The article image's width in CSS px at 1x."""
    return article_canvas(layout).width * CSS_PX_PER_PT


def article_name(slug: str, view: View, theme_suffix: str = "") -> str:
    """`<slug>[.<flow>].article[.dark].png`."""
    return f"{file_stem(slug, view)}.article{theme_suffix}.png"


def article_files(layout: Layout, design: Design) -> dict[str, bytes]:
    """Every article PNG of `design` from its compact layout: each view, in each theme."""
    layout = article_layout(layout)
    canvas = article_canvas(layout)
    files: dict[str, bytes] = {}
    for theme in THEMES:
        palette = None
        for view in (OVERVIEW, *flow_views(design)):
            image = rasterise(draw_view(layout, design, theme, view, canvas), ARTICLE_DENSITY)
            if palette is None:
                palette = build_palette([image])
            files[article_name(design.slug, view, theme.suffix)] = encode_png(quantise(image, palette))
    return files
