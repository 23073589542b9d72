"""The layout metric sees what it claims: each defect kind is found where it is, and only there.

Designs laid out by Graphviz show the defects Graphviz really makes (and a clean layout); the
kinds Graphviz will not produce for a small design are shown on geometry built by hand.
"""

from __future__ import annotations

import json

import pytest

from kit import Blueprint
from kit.drawing.geometry import Badge, Box, EdgeShape, Geometry, GroupShape, NodeShape, Point, Text
from kit.drawing.metric import DEFECT_KINDS, TOUCH, measure, measure_views


def _node(node_id: str, left: float, top: float, right: float = -1, bottom: float = -1) -> NodeShape:
    right = left + 100 if right < 0 else right
    bottom = top + 40 if bottom < 0 else bottom
    text = Text(node_id.upper(), Box(left + 30, top + 5, left + 60, top + 19), 14.7)
    return NodeShape(node_id, Box(left, top, right, bottom), (text,))


def _edge(
    tail: str,
    head: str,
    points: tuple[Point, ...],
    label: tuple[Box, ...] = (),
    badges: tuple[Box, ...] = (),
) -> EdgeShape:
    return EdgeShape(
        f"link-{tail}-{head}",
        tail,
        head,
        points,
        tuple(Text(f"line {i}", box, 12) for i, box in enumerate(label)),
        tuple(Badge(str(i + 1), box) for i, box in enumerate(badges)),
    )


def _geometry(
    nodes: tuple[NodeShape, ...], edges: tuple[EdgeShape, ...], groups: tuple[GroupShape, ...] = ()
) -> Geometry:
    return Geometry(width=1000, height=600, nodes=nodes, groups=groups, edges=edges)


# Three cards in a row, 100 px apart, and a clean link between each neighbour.
A, B, C = _node("a", 0, 100), _node("b", 200, 100), _node("c", 400, 100)
AB = _edge("a", "b", ((100, 120), (200, 120)), label=(Box(120, 95, 180, 107),))
BC = _edge("b", "c", ((300, 120), (400, 120)), label=(Box(320, 95, 380, 107),), badges=(Box(300, 95, 316, 109),))
CLEAN = _geometry((A, B, C), (AB, BC))


def _kinds(geometry: Geometry) -> dict[str, int]:
    return {kind: count for kind, count in measure(geometry).counts.items() if count}


def test_a_clean_hand_built_layout_has_no_defect() -> None:
    metric = measure(CLEAN)
    assert metric.defects == () and set(metric.counts) == set(DEFECT_KINDS)
    assert metric.crossings == 0
    assert metric.edge_length == pytest.approx(200)


def test_text_over_text_between_two_labels_and_a_badge_on_a_title() -> None:
    over = _edge("a", "c", ((100, 140), (400, 140)), label=(Box(150, 100, 210, 112),))
    metric = measure(_geometry((A, B, C), (AB, BC, over)))
    pairs = [d.elements for d in metric.defects if d.kind == "text-over-text"]
    assert pairs == [("label:link-a-b", "label:link-a-c")]
    title = GroupShape("tier", Box(0, 0, 600, 300), Box(290, 100, 330, 112), (), 0)
    metric = measure(_geometry((A, B, C), (AB, BC), (title,)))
    assert {d.elements for d in metric.defects if d.kind == "text-over-text"} == {
        ("group:tier", "label:link-b-c"),
        ("group:tier", "badge:link-b-c:1"),
    }


def test_touching_is_not_overlapping() -> None:
    near = _edge("a", "c", ((100, 140), (400, 140)), label=(Box(120, 107 - TOUCH / 2, 180, 119 - TOUCH / 2),))
    assert "text-over-text" not in _kinds(_geometry((A, B, C), (AB, BC, near)))


def test_text_over_a_node_it_does_not_belong_to() -> None:
    on_b = _edge("a", "c", ((100, 170), (400, 170)), label=(Box(230, 130, 290, 142),))
    metric = measure(_geometry((A, B, C), (AB, BC, on_b)))
    assert [d.elements for d in metric.defects if d.kind == "text-over-node"] == [("label:link-a-c", "component:b")]


def test_an_edge_through_a_node_it_does_not_join_but_not_through_its_own_ends() -> None:
    through = _edge("a", "c", ((100, 130), (400, 130)))
    assert [d.elements for d in measure(_geometry((A, B, C), (through,))).defects] == [("edge:link-a-c", "component:b")]
    # The same line joining b itself is no defect.
    assert measure(_geometry((A, B, C), (_edge("a", "b", ((100, 130), (300, 130))),))).defects == ()


def test_an_edge_through_a_group_title_another_label_and_a_badge() -> None:
    title = GroupShape("tier", Box(0, 0, 600, 300), Box(330, 250, 390, 262), (), 0)
    # Down from a's bottom edge, across b's label, c's badge and the title, into c from below.
    wander = _edge(
        "a", "c", ((50, 140), (50, 200), (150, 200), (150, 90), (310, 90), (310, 256), (450, 256), (450, 140))
    )
    found = {
        d.elements[1]
        for d in measure(_geometry((A, B, C), (AB, BC, wander), (title,))).defects
        if d.kind == "edge-through-text"
    }
    assert found == {"label:link-a-b", "badge:link-b-c:1", "group:tier"}


def test_an_edge_through_its_own_label() -> None:
    own = _edge("a", "b", ((100, 120), (200, 120)), label=(Box(120, 114, 180, 126),))
    metric = measure(_geometry((A, B, C), (own,)))
    assert [(d.kind, d.elements) for d in metric.defects] == [
        ("edge-through-own-label", ("edge:link-a-b", "label:link-a-b"))
    ]


def test_a_step_badge_covered_by_a_card_or_a_later_label() -> None:
    under_card = _edge("a", "c", ((100, 170), (400, 170)), badges=(Box(290, 130, 306, 144),))
    metric = measure(_geometry((A, B, C), (under_card,)))
    assert ("badge:link-a-c:1", "component:b") in [d.elements for d in metric.defects if d.kind == "badge-covered"]
    # A label drawn after the badge hides it; one drawn before lies under it (text over text only).
    later = _edge("a", "c", ((100, 170), (400, 170)), label=(Box(305, 100, 360, 112),))
    assert [
        d.elements for d in measure(_geometry((A, B, C), (AB, BC, later))).defects if d.kind == "badge-covered"
    ] == [("badge:link-b-c:1", "label:link-a-c")]
    earlier = _edge("a", "c", ((100, 170), (400, 170)), label=(Box(305, 100, 360, 112),))
    kinds = _kinds(_geometry((A, B, C), (AB, earlier, BC)))
    assert "badge-covered" not in kinds and kinds["text-over-text"] >= 1


def test_crossings_count_where_lines_cross_not_where_they_fan_out() -> None:
    d = _node("d", 200, 300)
    x1 = _edge("a", "c", ((100, 120), (400, 320)))
    x2 = _edge("d", "b", ((200, 120), (300, 320)))
    assert measure(_geometry((A, B, C, d), (x1, x2))).crossings == 1
    fan1 = _edge("a", "b", ((100, 120), (200, 110)))
    fan2 = _edge("a", "c", ((100, 121), (200, 111), (400, 115)))
    assert measure(_geometry((A, B, C), (fan1, fan2))).crossings == 0


def test_smallest_text_shown_700_px_wide_is_never_enlarged() -> None:
    assert measure(CLEAN).smallest_text == pytest.approx(12 * 0.7)  # 1000 px wide -> 0.7
    assert measure(CLEAN, image_width=1400).smallest_text == pytest.approx(6)
    assert measure(CLEAN, image_width=500).smallest_text == pytest.approx(12)


def test_json_form_names_every_kind_and_element() -> None:
    over = _edge("a", "c", ((100, 130), (400, 130)))
    data = json.loads(measure(_geometry((A, B, C), (AB, BC, over))).to_json())
    assert set(data["counts"]) == set(DEFECT_KINDS) and data["counts"]["edge-through-node"] == 1
    assert data["defects"][0]["elements"] == ["edge:link-a-c", "component:b"]
    assert {"crossings", "edge_length", "width", "height", "smallest_text"} <= set(data)


# -- laid out by Graphviz --------------------------------------------------------------------


def _chain(slug: str) -> Blueprint:
    bp = Blueprint(slug, title="Chain", category="domain", promise="A clean left-to-right chain.")
    web = bp.component("web", "web-client", "Web")
    api = bp.component("api", "service", "API")
    db = bp.component("db", "relational-db", "DB", tech="Postgres")
    bp.link(web, api, "GET /items")
    bp.link(api, db, "SELECT by id")
    bp.flow("Read", [(web, api, "Ask for an item"), (api, db, "Read it")])
    return bp


@pytest.mark.graphviz
def test_a_clean_design_has_no_defect_in_any_view() -> None:
    metrics = measure_views(_chain("chain").build())
    assert list(metrics) == ["overview", "read"]
    for metric in metrics.values():
        assert metric.defects == () and metric.crossings == 0
        assert metric.width > 0 and metric.edge_length > 0


@pytest.mark.graphviz
def test_graphviz_draws_a_link_within_one_lane_through_its_own_label() -> None:
    bp = Blueprint("in-lane", title="In lane", category="domain", promise="Two services in one lane.")
    api = bp.component("api", "service", "API")
    other = bp.component("other", "service", "Other API")
    bp.link(api, other, "a long label on an in-lane link")
    metric = measure_views(bp.build())["overview"]
    assert [(d.kind, d.elements) for d in metric.defects] == [
        ("edge-through-own-label", ("edge:link-api-other", "label:link-api-other"))
    ]
