"""Views of one model: flow views keep the overview's layout, show their steps, and get safe names."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kit import Blueprint, Design
from kit.authoring.discovery import find_blueprint_files, load_design
from kit.drawing.dot import CAPTION_CHARS, caption, to_dot
from kit.drawing.theme import DARK, LIGHT, THEMES
from kit.drawing.views import OVERVIEW, file_stem, flow_slug, flow_views, walkthrough_frames
from tests.conftest import REPO, render_once

SVG = "{http://www.w3.org/2000/svg}"
FLAGSHIPS = {f.slug: f for f in find_blueprint_files(REPO / "blueprints")}


def _svg(design: Design, stem: str) -> ET.Element:
    return ET.fromstring(render_once(design).file(f"{stem}.svg"))


def card_outlines(root: ET.Element) -> dict[str, str]:
    """Each component's card outline (the first shape in its group), as drawn."""
    outlines = {}
    for group in root.iter(f"{SVG}g"):
        if (group.get("id") or "").startswith("component-"):
            shape = next(e for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}rect"))
            geometry = [shape.get(name) or "" for name in ("d", "points", "x", "y", "width", "height", "rx")]
            outlines[group.get("id", "")] = " ".join(geometry)
    return outlines


def badge_numbers(group: ET.Element) -> set[int]:
    numbers: set[int] = set()
    for text in group.iter(f"{SVG}text"):
        run = re.fullmatch(r"(\d+)(?:–(\d+))?", (text.text or "").strip())
        if run:
            numbers.update(range(int(run.group(1)), int(run.group(2) or run.group(1)) + 1))
    return numbers


# -- the view model ------------------------------------------------------------------------------


def test_flow_slugs_are_file_name_safe() -> None:
    assert flow_slug("Pay a merchant, same shard") == "pay-a-merchant-same-shard"
    assert flow_slug("Résumé → ../../etc") == "resume-etc"
    assert flow_slug("支払い") == ""


def test_flow_view_keys_are_unique_and_never_a_theme_suffix() -> None:
    bp = Blueprint("keys", title="Keys", category="domain")
    a, b = bp.component("a", "user", "A"), bp.component("b", "service", "B")
    bp.link(a, b, "call")
    for name in ("Top up", "Top-up", "支払い", "Dark"):
        bp.flow(name, [(a, b, "call")])
    keys = [view.key for view in flow_views(bp.build())]
    assert keys == ["top-up", "top-up-2", "flow-3", "dark-2"]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in keys)
    assert file_stem("keys", flow_views(bp.build())[3], DARK.suffix) == "keys.dark-2.dark"


def test_the_walkthrough_has_the_overview_then_one_frame_per_step(design: Design) -> None:
    frames = walkthrough_frames(design)
    assert frames[0] == OVERVIEW
    assert len(frames) == 1 + sum(len(flow.steps) for flow in design.flows)
    assert [frame.current_step.number for frame in frames[1:] if frame.current_step] == list(range(1, len(frames)))


def test_views_and_themes_change_colours_only(design: Design) -> None:
    """Same nodes, edges and label text in every view: what keeps Graphviz's layout identical."""

    def skeleton(dot: str) -> str:
        # The header (title, caption, legend) differs by design; its height is tested by the positions.
        dot = "\n".join(line for line in dot.splitlines() if not line.startswith("  graph [bgcolor"))
        dot = re.sub(r'(COLOR|BGCOLOR|color|fillcolor|fontcolor|bgcolor|penwidth|class)=("[^"]*"|[\d.]+)', "", dot)
        return re.sub(r" +>", ">", re.sub(r'SRC="faint/', 'SRC="', dot))

    overview = skeleton(to_dot(design))
    for theme in THEMES:
        for view in (OVERVIEW, *walkthrough_frames(design)[1:]):
            assert skeleton(to_dot(design, theme, view)) == overview


def test_captions_never_outgrow_their_line(design: Design) -> None:
    for frame in walkthrough_frames(design):
        assert all(len(line) <= CAPTION_CHARS for line in caption(design, frame))
        assert "\n" not in "".join(caption(design, frame))


def test_the_legend_lists_only_what_the_view_draws(design: Design) -> None:
    overview = to_dot(design)
    for entry in ("synchronous call", "asynchronous message", "replication / CDC", "stream", "trust zone", "tier"):
        assert entry in overview
    notify = to_dot(design, LIGHT, flow_views(design)[1])  # ledger -> events (stream), events -> notifier (async)
    header = notify.splitlines()[1]
    legend = header[header.index('<TABLE BORDER="0" CELLSPACING="3"') :]
    assert "stream" in legend and "asynchronous message" in legend
    assert "synchronous call</" not in legend and "replication" not in legend
    assert "Notify (\u200e3–4\u200e)" in legend and "Transfer" not in legend
    assert "not on this flow" in legend


# -- rendered views --------------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.parametrize("slug", ["mini-wallet", *sorted(FLAGSHIPS)])
def test_every_view_and_theme_keeps_the_overview_positions(slug: str, design: Design) -> None:
    subject = design if slug == "mini-wallet" else load_design(FLAGSHIPS[slug])
    expected = card_outlines(_svg(subject, slug))
    assert len(expected) == len(subject.components)
    for view in (OVERVIEW, *flow_views(subject)):
        for theme in THEMES:
            stem = file_stem(slug, view, theme.suffix)
            assert card_outlines(_svg(subject, stem)) == expected, stem


@pytest.mark.graphviz
@pytest.mark.parametrize("slug", ["mini-wallet", *sorted(FLAGSHIPS)])
def test_each_flow_view_shows_its_steps_in_its_colour(slug: str, design: Design) -> None:
    subject = design if slug == "mini-wallet" else load_design(FLAGSHIPS[slug])
    for index, view in enumerate(flow_views(subject)):
        assert view.flow is not None
        root = _svg(subject, file_stem(slug, view, ""))
        links = {g.get("id"): g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("link-")}
        color = LIGHT.flow_color(index)
        for step in view.flow.steps:
            group = links[f"link-{step.source}-{step.target}"]
            assert step.number in badge_numbers(group), (view.key, step.number)
            strokes = {e.get("stroke") for e in group.iter(f"{SVG}path")}
            assert color in strokes, (view.key, step.number)
        on_flow = {f"link-{s.source}-{s.target}" for s in view.flow.steps}
        for link_id, group in links.items():
            if link_id not in on_flow:
                assert color not in {e.get("stroke") for e in group.iter(f"{SVG}path")}, (view.key, link_id)
