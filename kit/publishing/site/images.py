"""The files of rendered/<slug>/ that a case study's page shows, and how the site gets the ones git does not carry.

A page shows every view as SVG in both themes, the article PNG of every view in both themes, the
overview PNG and the walkthrough GIF. The SVGs and two PNGs are committed; the other article PNGs and
the GIF are built only by a local `blueprint render`. When they are missing, `local_images` draws just
those from the layout the manifest recorded (no layout search, no SVG or full-size PNG redrawn), with
the renderer's own functions, so they are byte for byte what `blueprint render` writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.drawing.article import article_files, article_name
from kit.drawing.render import is_local
from kit.drawing.theme import DARK, LIGHT
from kit.drawing.views import OVERVIEW, View, file_stem, flow_views
from kit.model.model import Design
from kit.publishing.summary import alt_text, flow_alt_text

__all__ = ["ViewImages", "gif_name", "local_images", "site_files", "view_images"]


@dataclass(frozen=True, slots=True)
class ViewImages:
    """One view's files, by name in rendered/<slug>/, with what a reader is told it shows."""

    key: str
    title: str
    alt: str
    svg: str
    dark_svg: str
    article: str
    dark_article: str


def _images(design: Design, view: View) -> ViewImages:
    flow = view.flow
    return ViewImages(
        key=view.key,
        title="Overview" if flow is None else flow.name,
        alt=alt_text(design) if flow is None else flow_alt_text(design, flow),
        svg=file_stem(design.slug, view, LIGHT.suffix) + ".svg",
        dark_svg=file_stem(design.slug, view, DARK.suffix) + ".svg",
        article=article_name(design.slug, view, LIGHT.suffix),
        dark_article=article_name(design.slug, view, DARK.suffix),
    )


def view_images(design: Design) -> tuple[ViewImages, ...]:
    """The overview, then one view per flow in declaration order."""
    return tuple(_images(design, view) for view in (OVERVIEW, *flow_views(design)))


def gif_name(design: Design) -> str | None:
    """The walkthrough's file name; None for a design with no flow, which has no walkthrough."""
    return f"{design.slug}.gif" if design.flows else None


def site_files(design: Design) -> tuple[str, ...]:
    """Every file name the design's page needs from rendered/<slug>/, sorted."""
    names = {f"{design.slug}.png"}
    for images in view_images(design):
        names |= {images.svg, images.dark_svg, images.article, images.dark_article}
    gif = gif_name(design)
    if gif:
        names.add(gif)
    return tuple(sorted(names))


def local_images(design: Design, recorded: tuple[str, ...]) -> dict[str, bytes]:
    """The article PNGs and the GIF that `blueprint render` builds but git does not carry, drawn
    with the layouts `recorded` in the manifest (searched again only when they no longer fit).

    Raises GraphvizError when `dot` fails.
    """
    # The renderer's own preparation and walkthrough: the same code path gives the same bytes.
    from kit.drawing.render import prepare, walkthrough

    prepared = prepare(design, recorded)
    files = article_files(prepared.article, design)
    if design.flows:
        files.update(walkthrough(prepared, design))
    return {name: data for name, data in sorted(files.items()) if is_local(design.slug, name)}
