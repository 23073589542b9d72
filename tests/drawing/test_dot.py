"""DOT generation: pure, deterministic, lane-ordered, and free of machine-specific paths."""

from __future__ import annotations

import re

import pytest

from kit import Blueprint, Design
from kit.drawing.dot import to_dot


def test_same_design_gives_identical_dot(make_blueprint) -> None:  # type: ignore[no-untyped-def]
    assert to_dot(make_blueprint().build()) == to_dot(make_blueprint().build())


def test_node_ids_are_component_ids(design: Design) -> None:
    dot = to_dot(design)
    for component in design.components:
        assert re.search(rf'^\s+"{component.id}" \[', dot, re.MULTILINE), component.id
    assert "uuid" not in dot


def test_attributes_are_sorted(design: Design) -> None:
    dot = to_dot(design)
    for attrs in re.findall(r"\[((?:[a-z]+=(?:<<.*?>>|\"(?:[^\"\\]|\\.)*\"|[\d.]+)(?:, )?)+)\]", dot):
        keys = re.findall(r"(?:^|, )([a-z]+)=", attrs)
        assert keys == sorted(keys)


def test_no_paths_outside_the_icon_set(design: Design) -> None:
    dot = to_dot(design)
    sources = re.findall(r'SRC="([^"]+)"', dot)
    assert sources and all(not s.startswith("/") and ".." not in s for s in sources)
    assert "site-packages" not in dot


def test_backward_links_keep_lanes_in_order_and_their_arrowhead(design: Design) -> None:
    dot = to_dot(design)
    # psp (external lane) -> api (services lane) is laid out api -> psp with the arrow drawn back at api.
    assert re.search(r'"api" -> "psp" \[[^\n]*dir="back"', dot)
    # A consumer sits downstream of the stream it reads.
    assert re.search(r'"events" -> "notifier" \[', dot)
    assert not re.search(r'"events" -> "notifier" \[[^\n]*dir="back"', dot)


def test_each_lane_is_one_column(design: Design) -> None:
    dot = to_dot(design)
    assert '{ rank=same; "api"; "notifier" }' in dot
    assert '{ rank=same; "ledger"; "replica" }' in dot


def test_each_nature_has_its_line_style(design: Design) -> None:
    dot = to_dot(design)

    def style(link_id: str) -> str:
        match = re.search(rf'id="{link_id}"[^\n]*style="(\w+)"', dot)
        assert match, link_id
        return match.group(1)

    assert style("link-app-api") == "solid"
    assert style("link-events-notifier") == "dashed"
    assert style("link-ledger-replica") == "dotted"


def test_step_badges_sit_on_their_links(design: Design) -> None:
    dot = to_dot(design)
    for flow in design.flows:
        for step in flow.steps:
            edge = re.search(rf'id="link-{step.source}-{step.target}".*', dot)
            assert edge and f"<B>\u00a0{step.number}\u00a0</B>" in edge.group(0)


def test_legend_shows_only_what_the_diagram_uses() -> None:
    bp = Blueprint("only-sync", title="Only sync", category="domain")
    a = bp.component("a", "user", "A")
    b = bp.component("b", "service", "B")
    bp.link(a, b, "call")
    dot = to_dot(bp.build())
    assert "synchronous call" in dot
    assert "asynchronous message" not in dot and "replication" not in dot


def test_group_labels_become_clusters_with_their_nesting(design: Design) -> None:
    dot = to_dot(design)
    outer = dot.index('subgraph "cluster_wallet-core"')
    inner = dot.index('subgraph "cluster_wallet-core/storage"')
    assert outer < inner
    assert dot.index('"ledger" [') > inner


def test_text_is_escaped_for_html_labels() -> None:
    bp = Blueprint("escape", title='A <b>"bold"</b> & [more]', category="domain")
    a = bp.component("a", "user", "<script>alert(1)</script>")
    b = bp.component("b", "service", "B")
    bp.link(a, b, "x > y & z")
    dot = to_dot(bp.build())
    assert "<B>&lt;script&gt;alert(1)&lt;/" in dot  # the card's label, escaped
    assert 'tooltip="<script>alert(1)</script>"' in dot  # a quoted string: data, not markup
    assert "=<<script>" not in dot
    assert "x &gt; y &amp; z" in dot


def test_a_group_title_drops_its_kind_when_the_label_says_it(make_blueprint) -> None:  # type: ignore[no-untyped-def]
    bp = make_blueprint()
    with bp.group("Storage tier"):
        bp.component("archive", "object-store", "Archive")
    bp.link("ledger", "archive", "nightly export", nature="async")
    dot = to_dot(bp.build())
    storage = re.search(r'id="group-storage-tier", label=<(.*?)>, labeljust', dot)
    core = re.search(r'id="group-wallet-core", label=<(.*?)>, labeljust', dot)
    assert storage is not None and core is not None
    assert storage[1] == "<B>Storage tier</B>"
    assert core[1].endswith(">tier</FONT>")  # "Wallet core" does not say it is a tier


def test_captions_are_clipped_at_a_word_boundary(make_blueprint) -> None:  # type: ignore[no-untyped-def]
    bp = make_blueprint()
    words = "Reserve the seats then charge the card through the provider and confirm the booking by email"
    bp.flow("Long", [("app", "api", "Go")], description=f"{words} {words} and Postpone")
    design = bp.build()
    from kit.drawing.dot import CAPTION_CHARS, caption
    from kit.drawing.views import flow_views

    line = caption(design, flow_views(design)[-1])[1]
    assert len(line) <= CAPTION_CHARS and line.endswith(" …")
    kept = line.removesuffix(" …").split()
    assert kept == f"{words} {words} and Postpone".split()[: len(kept)]


def test_nested_groups_draw_lighter_borders_the_deeper_they_sit(design: Design) -> None:
    from kit.drawing.theme import LIGHT

    dot = to_dot(design)
    widths = {
        group: float(match[1])
        for group in ("wallet-core", "wallet-core--storage")
        if (match := re.search(rf'id="group-{group}",[^\n]*penwidth=([\d.]+)', dot))
    }
    assert widths == {"wallet-core": LIGHT.group_penwidth(0), "wallet-core--storage": LIGHT.group_penwidth(1)}
    assert widths["wallet-core"] > widths["wallet-core--storage"]


# -- Graphviz can rank every design (issue 14, item 7) ------------------------------------------------

# Seeds of tests/drawing/random_designs.py that failed with "trouble in init_rank" (9 of 60 did;
# seed 42 is left out: it fails in Graphviz's spline router, a different fault, with or without labels).
_INIT_RANK_SEEDS = (3, 16, 17, 32, 38, 43, 45, 58)


@pytest.mark.graphviz
@pytest.mark.parametrize("seed", _INIT_RANK_SEEDS)
def test_random_grouped_designs_lay_out(seed: int) -> None:
    from tests.drawing.random_designs import layout_fails, random_design

    assert layout_fails(to_dot(random_design(seed))) == ""


def test_a_link_within_one_lane_touching_a_group_carries_its_label_outside_the_layout() -> None:
    bp = Blueprint("lanes", title="Lanes", category="domain")
    a = bp.component("a", "user", "A")
    with bp.group("Core"):
        b = bp.component("b", "service", "B")
        c = bp.component("c", "worker", "C")
    bp.link(a, b, "call")
    bp.link(b, c, "in-lane call")
    source = to_dot(bp.build())
    in_lane = next(line for line in source.splitlines() if line.startswith('  "b" -> "c"'))
    across = next(line for line in source.splitlines() if line.startswith('  "a" -> "b"'))
    assert " xlabel=<" in in_lane and " label=<" not in in_lane
    assert " label=<" in across and "xlabel" not in across
