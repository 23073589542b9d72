"""Geometry from Graphviz's JSON: units, orientation, and every element where Graphviz drew it."""

from __future__ import annotations

import json
import re

import pytest

from kit import Design
from kit.drawing.dot import body_dot
from kit.drawing.geometry import PX_PER_PT, Geometry, from_json
from kit.drawing.layout import lay_out, run_dot
from kit.drawing.paint import ViewPaint
from kit.drawing.theme import LIGHT
from kit.drawing.views import OVERVIEW


def layout_json(design: Design) -> dict[str, object]:
    """The body laid out alone, as Graphviz's JSON."""
    outputs, _ = run_dot(body_dot(design, ViewPaint(design, LIGHT, OVERVIEW)), ("json",))
    parsed: dict[str, object] = json.loads(outputs["json"])
    return parsed


# A hand-written `-Tjson` graph: 72 x 36 pt with 0.5 in of pad, one node, one cluster, one labelled
# edge with a badge. Numbers chosen so the expected CSS px are easy to check by hand.
TINY = {
    "bb": "0,0,72,36",
    "pad": "0.5",
    "_subgraph_cnt": 1,
    "objects": [
        {
            "_gvid": 0,
            "name": "cluster_tier",
            "bb": "0,0,72,36",
            "nodes": [1, 2],
            "_ldraw_": [
                {"op": "F", "size": 9.0, "face": "Arial"},
                {"op": "T", "pt": [36, 4], "align": "c", "width": 30.0, "text": "Tier"},
                {"op": "T", "pt": [60, 4], "align": "l", "width": 6.0, "text": "  "},
            ],
        },
        {"_gvid": 1, "name": "a", "pos": "18,18", "width": "0.5", "height": "0.25"},
        {"_gvid": 2, "name": "b", "pos": "54,18", "width": "0.25", "height": "0.25"},
    ],
    "edges": [
        {
            "_gvid": 0,
            "tail": 1,
            "head": 2,
            "id": "link-a-b",
            "_draw_": [{"op": "b", "points": [[36, 18], [40, 18], [44, 18], [48, 18]]}],
            "_ldraw_": [
                {"op": "C", "grad": "none", "color": "#0969da"},
                {"op": "B", "points": [[36, 30], [44, 30], [44, 36], [36, 36]]},
                {"op": "F", "size": 6.0, "face": "Arial"},
                {"op": "T", "pt": [40, 31], "align": "c", "width": 6.0, "text": " 7 "},
                {"op": "T", "pt": [45, 31], "align": "l", "width": 20.0, "text": "hello"},
            ],
        }
    ],
}


def test_points_become_css_px_with_y_down_and_the_pad_included() -> None:
    geometry = from_json(TINY)
    # 72 pt + 2 x 36 pt of pad = 144 pt = 192 CSS px.
    assert geometry.width == pytest.approx(192) and geometry.height == pytest.approx(144)
    a = geometry.node("a")
    # Centre (18, 18) pt, 36 x 18 pt: x from 0 to 36 pt, plus 36 pt of pad, times 4/3.
    box = a.box
    assert (box.left, box.top, box.right, box.bottom) == pytest.approx((48, 60, 96, 84))


def test_text_boxes_follow_justification_and_skip_blank_text() -> None:
    group = from_json(TINY).groups[0]
    assert [t.text for t in group.texts] == ["Tier"]
    title = group.texts[0]
    # Centred on x = 36 pt, 30 pt wide: 21 to 51 pt; the baseline at y = 4 pt is 68 pt from the top.
    assert title.box.left == pytest.approx((21 + 36) * PX_PER_PT)
    assert title.box.right == pytest.approx((51 + 36) * PX_PER_PT)
    assert title.box.bottom == pytest.approx((36 + 36 - 4 + 0.2 * 9) * PX_PER_PT)
    assert title.box.top < title.box.bottom
    assert title.size == pytest.approx(12)  # 9 pt
    assert group.title == title.box and group.depth == 0


def test_edges_are_sampled_splines_with_their_label_and_badge() -> None:
    edge = from_json(TINY).edges[0]
    assert (edge.tail, edge.head) == ("a", "b")
    assert edge.points[0] == pytest.approx(((36 + 36) * PX_PER_PT, (36 + 36 - 18) * PX_PER_PT))
    assert edge.length == pytest.approx(12 * PX_PER_PT)
    assert [badge.text for badge in edge.badges] == ["7"]
    assert [text.text for text in edge.label] == ["hello"]
    # The padding spaces of " 7 " draw nothing: its box is the middle third of the measured width.
    assert edge.badges[0].box.width == pytest.approx(8 * PX_PER_PT)


@pytest.fixture(scope="module")
def wallet_geometry() -> tuple[Design, Geometry, dict[str, object]]:
    from tests.conftest import wallet_blueprint

    design = wallet_blueprint().build()
    graph = layout_json(design)
    return design, from_json(graph), graph


@pytest.mark.graphviz
def test_the_layout_carries_the_same_geometry(
    wallet_geometry: tuple[Design, Geometry, dict[str, object]],
) -> None:
    design, geometry, _ = wallet_geometry
    assert lay_out(design).geometry == geometry  # placeholder colours and icon aliases move nothing


@pytest.mark.graphviz
def test_every_component_group_and_link_is_read(wallet_geometry: tuple[Design, Geometry, dict[str, object]]) -> None:
    design, geometry, _ = wallet_geometry
    assert sorted(n.id for n in geometry.nodes) == sorted(c.id for c in design.components)
    assert sorted(g.id for g in geometry.groups) == sorted(g.id for g in design.groups)
    assert {g.id: g.depth for g in geometry.groups} == {"wallet-core": 0, "wallet-core/storage": 1}
    links = {frozenset(link.key): link for link in design.links}
    for edge in geometry.edges:
        link = links[frozenset((edge.tail, edge.head))]
        assert edge.id == f"link-{link.source}-{link.target}"
        assert " ".join(t.text for t in edge.label) == link.label
        assert [b.text for b in edge.badges] == [str(s.number) for s in design.steps_on(link)]


@pytest.mark.graphviz
def test_shapes_sit_where_they_are_drawn(wallet_geometry: tuple[Design, Geometry, dict[str, object]]) -> None:
    design, geometry, _ = wallet_geometry
    groups = {g.id: g for g in geometry.groups}
    for component in design.components:
        node = geometry.node(component.id)
        # Each card's lines lie on the card, each card in its group.
        assert all(node.box.inset(-1).contains((t.box.left, t.box.top)) for t in node.texts)
        if component.group:
            assert groups[component.group].box.inset(-1).contains((node.box.left, node.box.top))
    for edge in geometry.edges:
        # A spline runs from its tail's card to its head's, stopping short by an arrowhead at most
        # (at the tail for a link drawn `dir=back`).
        assert geometry.node(edge.tail).box.inset(-12).contains(edge.points[0])
        assert geometry.node(edge.head).box.inset(-12).contains(edge.points[-1])


@pytest.mark.graphviz
def test_size_is_the_svg_size_in_css_px(wallet_geometry: tuple[Design, Geometry, dict[str, object]]) -> None:
    design, geometry, _ = wallet_geometry
    svg = run_dot(body_dot(design, ViewPaint(design, LIGHT, OVERVIEW)))[0]["svg"].decode()
    match = re.search(r'<svg width="(\d+)pt" height="(\d+)pt"', svg)
    assert match is not None
    assert geometry.width == pytest.approx(int(match[1]) * PX_PER_PT, abs=1.5)
    assert geometry.height == pytest.approx(int(match[2]) * PX_PER_PT, abs=1.5)


@pytest.mark.graphviz
def test_geometry_is_deterministic(wallet_geometry: tuple[Design, Geometry, dict[str, object]]) -> None:
    design, geometry, graph = wallet_geometry
    assert from_json(graph) == geometry
    assert from_json(layout_json(design)) == geometry
