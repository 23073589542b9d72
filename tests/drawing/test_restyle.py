"""Every view drawn from one layout: self-contained SVG, icons once, positions equal by construction."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kit import Blueprint, Design
from kit.drawing.layout import Layout, lay_out
from kit.drawing.restyle import FONT_FAMILY, canvas_of, draw_view, view_drawing
from kit.drawing.theme import DARK, LIGHT, THEMES
from kit.drawing.views import OVERVIEW, flow_views, walkthrough_frames

pytestmark = pytest.mark.graphviz

XLINK = "{http://www.w3.org/1999/xlink}href"
SVG = "{http://www.w3.org/2000/svg}"
_COLOR = re.compile(r'(fill|stroke)="#[0-9a-f]{6}"')
_WIDTH = re.compile(r' stroke-width="[\d.]+"')
_CLASS = re.compile(r' class="[^"]*"')
_OPACITY = re.compile(r' opacity="[\d.]+"')


@pytest.fixture
def laid(design: Design) -> Layout:
    return lay_out(design)


@pytest.fixture
def finished(laid: Layout, design: Design) -> str:
    return draw_view(laid, design, LIGHT, OVERVIEW, canvas_of(laid))


def geometry(svg: str) -> str:
    """An SVG with everything a view may change taken out: what is left is where things are."""
    body = svg[svg.index('<g class="body">') :]
    for pattern in (_COLOR, _WIDTH, _CLASS, _OPACITY):
        body = pattern.sub("", body)
    return body


def test_svg_references_nothing_outside_itself(finished: str) -> None:
    root = ET.fromstring(finished.encode())
    hrefs = [href for el in root.iter() if (href := el.get(XLINK) or el.get("href"))]
    assert hrefs
    for href in hrefs:
        assert href.startswith(("#", "data:image/png;base64,")), href
    assert "file:" not in finished and "/site-packages/" not in finished and '<image xlink:href="c/' not in finished


def test_each_distinct_icon_is_stored_once(finished: str, design: Design) -> None:
    root = ET.fromstring(finished.encode())
    symbols = [s.get("id", "") for s in root.iter(f"{SVG}symbol")]
    uses = [u.get(XLINK, "") for u in root.iter(f"{SVG}use")]
    assert len(symbols) == len(set(symbols))
    assert sorted(set(uses)) == sorted(f"#{s}" for s in symbols)
    # Two Postgres components share one icon.
    assert len(uses) == len(design.components) > len(symbols)
    assert finished.count("data:image/png") == len(symbols)


def test_a_receded_icon_is_the_same_symbol_drawn_faint(laid: Layout, design: Design) -> None:
    notify = flow_views(design)[1]  # ledger -> events -> notifier: the app and the API recede
    svg = draw_view(laid, design, LIGHT, notify, canvas_of(laid))
    faint = re.findall(r'<use xlink:href="#([^"]+)"[^>]* opacity="0.3"/>', svg)
    assert faint and svg.count("data:image/png") == len(set(re.findall(r'<symbol id="([^"]+)"', svg)))


def test_no_graphviz_comment_or_placeholder_colour_survives(laid: Layout, design: Design) -> None:
    canvas = canvas_of(laid)
    for theme in THEMES:
        for view in (OVERVIEW, *walkthrough_frames(design)):
            svg = draw_view(laid, design, theme, view, canvas)
            assert "<!--" not in svg and "graphviz version" not in svg.lower()
            assert not set(re.findall(r'"(#[0-9a-f]{6})"', svg)) & set(laid.roles)


def test_every_view_and_theme_has_the_overviews_geometry(laid: Layout, design: Design) -> None:
    canvas = canvas_of(laid)
    reference = geometry(draw_view(laid, design, LIGHT, OVERVIEW, canvas))
    for theme in THEMES:
        for view in (OVERVIEW, *flow_views(design), *walkthrough_frames(design)):
            assert geometry(draw_view(laid, design, theme, view, canvas)) == reference


def test_a_flow_view_colours_its_links_and_recedes_the_rest(laid: Layout, design: Design) -> None:
    transfer = flow_views(design)[0]
    svg = draw_view(laid, design, DARK, transfer, canvas_of(laid))
    flow_color = DARK.flow_color(0)
    active = re.search(r'<g id="link&#45;app&#45;api" class="edge link sync active">.*?</g>', svg, re.S)
    receded = re.search(r'<g id="link&#45;events&#45;notifier" class="edge link async receded">.*?</g>', svg, re.S)
    assert active and f'stroke="{flow_color}" stroke-width="2.2"' in active.group(0)
    assert receded and f'stroke="{DARK.receded_edge}" stroke-width="1.3"' in receded.group(0)


def test_texts_carry_a_font_list_a_renderer_without_aliases_can_draw(finished: str) -> None:
    assert f'font-family="{FONT_FAMILY}"' in finished
    assert 'font-family="Arial"' not in finished
    assert "Liberation Sans" in FONT_FAMILY and FONT_FAMILY.endswith("sans-serif")


def test_step_badges_are_padded_with_spaces_svg_keeps(finished: str) -> None:
    badges = re.findall(r'font-weight="bold"[^>]*>([^<]*)</text>', finished)
    numbered = [b for b in badges if b.strip("\u00a0").isdigit()]
    assert numbered and all(b.startswith("\u00a0") and b.endswith("\u00a0") for b in numbered)


def test_graphvizs_rounded_boxes_become_rects(finished: str) -> None:
    assert finished.count("<rect ") > 6  # the background, every card, badge and group
    assert not re.search(r'<path [^>]*d="M[-\d.,]+C(?:[-\d.,]+ ){23}[-\d.,]+"', finished)


def test_a_window_keeps_only_what_reaches_it(laid: Layout, design: Design) -> None:
    drawing = view_drawing(laid, design, LIGHT, OVERVIEW, canvas_of(laid))
    element, _ = drawing.elements[-1]
    left, top, right, bottom = drawing.box_of(element)
    window = drawing.window_svg((left, top, right, bottom))
    assert element.svg_id in window
    assert len(window) < len(drawing.svg())
    assert f'viewBox="{left:g} {top:g} {right - left:g} {bottom - top:g}"' in window


def test_hostile_labels_stay_text_in_the_svg() -> None:
    bp = Blueprint("hostile", title="<script>alert(1)</script>", category="domain")
    a = bp.component("a", "user", '"><img src=x onerror=alert(1)>')
    b = bp.component("b", "service", "<script>alert(2)</script>")
    bp.link(a, b, "</text><script>alert(3)</script>")
    design = bp.build()
    laid = lay_out(design)
    svg = draw_view(laid, design, LIGHT, OVERVIEW, canvas_of(laid))
    root = ET.fromstring(svg.encode())
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert "script" not in tags and "img" not in tags
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    texts = "".join(el.text or "" for el in root.iter(f"{SVG}text"))
    assert "<script>alert(2)</script>" in texts
