"""The site's pages and search index, as pure functions of the designs and what rendered/ holds.

Pages are Jinja templates (templates/*.html.j2) with autoescaping on: every blueprint string is
escaped once, here; the summary's HTML comes from kit/publishing/site/markup.py. Every link and
image is relative, so the site works from any folder, host or path (GitHub Pages serves a project
at /<repo>/). The embed snippets name their files as `./<file>`; site.js turns those into absolute
URLs of wherever the site is served, so a copied snippet works on GitHub or Medium as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kit.model.model import Design
from kit.publishing.index import THUMBNAIL_WIDTH
from kit.publishing.site.images import ViewImages, gif_name, view_images
from kit.publishing.site.sections import Section

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "CaseStudy",
    "Snippet",
    "case_page",
    "index_page",
    "search_index",
    "snippets",
    "svg_size",
    "thumbnail_height",
]

_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')
#: 1 pt = 4/3 CSS px: the kit's SVGs give their size in points.
_CSS_PX_PER_PT = 4 / 3


@dataclass(frozen=True, slots=True)
class Snippet:
    """One way to embed a view: its label, the text copied, and a hint on where it works."""

    key: str
    label: str
    text: str
    hint: str


@dataclass(frozen=True, slots=True)
class CaseStudy:
    """What one page shows: the design, its summary as HTML, and where it sits in the index."""

    design: Design
    summary_html: str
    section: Section
    #: The overview's size in CSS px (the thumbnail keeps its aspect ratio).
    size: tuple[float, float]


def svg_size(svg: bytes, name: str) -> tuple[float, float]:
    """An SVG's width and height in CSS px, from its root element; ValueError naming `name` otherwise."""
    match = _SVG_SIZE.search(svg[:4096])
    if match is None:
        raise ValueError(f"{name}: no <svg width=...pt height=...pt> in its first 4 KB (is it a kit SVG?)")
    return float(match[1]) * _CSS_PX_PER_PT, float(match[2]) * _CSS_PX_PER_PT


def thumbnail_height(size: tuple[float, float]) -> int:
    """The thumbnail's height at THUMBNAIL_WIDTH, so the page reserves its box before it loads."""
    width, height = size
    return max(1, round(THUMBNAIL_WIDTH * height / width))


def _markdown_alt(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", " ".join(text.split()))


def _attribute(text: str) -> str:
    return " ".join(text.split()).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def snippets(images: ViewImages) -> tuple[Snippet, ...]:
    """Markdown (GitHub, most blogs), HTML `<picture>` (follows the reader's colour scheme) and
    Medium (which takes a PNG by URL, not SVG), each naming its files as `./<file>`."""
    picture = (
        "<picture>\n"
        f'  <source media="(prefers-color-scheme: dark)" srcset="./{images.dark_svg}">\n'
        f'  <img src="./{images.svg}" alt="{_attribute(images.alt)}">\n'
        "</picture>"
    )
    return (
        Snippet(
            "markdown", "Markdown", f"![{_markdown_alt(images.alt)}](./{images.svg})", "GitHub, GitLab, most blogs"
        ),
        Snippet("html", "HTML", picture, "follows the reader's light or dark scheme"),
        Snippet(
            "medium",
            "Medium",
            f"./{images.article}",
            "Medium takes PNG, not SVG: paste this URL in the image dialog, or download the PNG and drop it in",
        ),
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kit.publishing.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["thumbnail_width"] = THUMBNAIL_WIDTH
    env.globals["thumbnail_height"] = thumbnail_height
    return env


def index_page(sections: Sequence[Section], sizes: Mapping[str, tuple[float, float]]) -> str:
    """index.html: every category in order, each case study with its thumbnail, learn line and promise.

    `sizes` holds each overview's size in CSS px, by slug.
    """
    count = len({d.slug for s in sections for d in s.designs})
    return (
        _environment()
        .get_template("index.html.j2")
        .render(root="", title="System Design Blueprints", sections=sections, sizes=sizes, count=count, mermaid=False)
    )


def case_page(case: CaseStudy, *, mermaid: bool) -> str:
    """<slug>/index.html: the summary, then every view in both themes with its article images and
    embed snippets, then the walkthrough. `mermaid`: load Mermaid to draw the summary's diagrams."""
    design = case.design
    views = [(images, snippets(images)) for images in view_images(design)]
    return (
        _environment()
        .get_template("case.html.j2")
        .render(
            root="../",
            title=design.title,
            case=case,
            design=design,
            views=views,
            gif=gif_name(design),
            mermaid=mermaid,
        )
    )


def _technologies(design: Design) -> list[str]:
    return sorted({c.tech for c in design.components if c.tech}, key=str.lower)


def search_index(sections: Sequence[Section]) -> str:
    """assets/search-index.js: one entry per case study, in index order, for site.js to search.

    A script rather than a .json file: a page opened from disk (file://) may load a script but
    not fetch a file, so the search works there too.
    """
    entries = []
    seen: set[str] = set()
    for section in sections:
        for design in section.designs:
            if design.slug in seen:
                continue
            seen.add(design.slug)
            entries.append(
                {
                    "slug": design.slug,
                    "title": design.title,
                    "category": section.heading,
                    "learn": design.learn,
                    "components": [c.label for c in design.components],
                    "tech": _technologies(design),
                }
            )
    data = json.dumps(entries, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # ensure_ascii leaves '<' as is; escaped, no text can close the script element early.
    return f"window.BLUEPRINT_SEARCH = {data.replace('<', chr(92) + 'u003c')};\n"
