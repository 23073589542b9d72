"""The layout search, its options, the author controls and the article form."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kit import Blueprint
from kit.drawing.dot import DEFAULT_LAYOUT, LayoutOptions, body_dot
from kit.drawing.paint import TokenPaint
from kit.drawing.quality import assess
from kit.drawing.search import ARTICLE_CANDIDATES, CANDIDATES, candidates_for, choose, search
from kit.drawing.theme import LIGHT
from kit.errors import BlueprintError


def _in_lane() -> Blueprint:
    bp = Blueprint("in-lane", title="In lane", category="domain", promise="Two services in one lane.")
    api = bp.component("api", "service", "API")
    other = bp.component("other", "service", "Other API")
    bp.link(api, other, "a long label on an in-lane link")
    bp.flow("Call", [(api, other, "API calls the other one")])
    return bp


def test_layout_keys_round_trip_and_bad_keys_are_refused() -> None:
    moved = LayoutOptions(flipped=("a/b", "c"), right=("d",), beside=("link-a-b", "link-c-d"), on=("link-e-f",))
    for options in (*CANDIDATES, *ARTICLE_CANDIDATES, moved):
        assert LayoutOptions.from_key(options.key) == options
    assert DEFAULT_LAYOUT.key == "LR-label-b-0.3-0.4"
    for bad in ("LR-label", "XX-label-b-0.3-0.4", "LR-label-b-0.3-0.4|up=a"):
        with pytest.raises(ValueError):
            LayoutOptions.from_key(bad)


def test_options_reach_the_dot_source() -> None:
    design = _in_lane().build()
    default = body_dot(design, TokenPaint())
    assert 'rankdir="LR"' in default and "xlabel=" not in default and "rank=same" in default
    chosen = body_dot(design, TokenPaint(), options=LayoutOptions("TB", "xlabel", "t", 0.5, 0.6, lanes=False))
    assert 'rankdir="TB"' in chosen and "xlabel=<" in chosen and "rank=same" not in chosen
    compact = body_dot(design, TokenPaint(), options=LayoutOptions(compact=True))
    # The tooltip keeps the sentence; the drawn label holds the badge alone.
    assert "a long label on an in-lane link</TD>" not in compact and "<B>\u00a01\u00a0</B>" in compact


def test_an_author_direction_limits_the_candidates() -> None:
    bp = _in_lane()
    bp.layout(direction="TB")
    assert {o.rankdir for o in candidates_for(bp.build())} == {"TB"}
    assert {o.rankdir for o in candidates_for(_in_lane().build())} == {"LR", "TB"}


def test_author_controls_are_validated_with_clear_errors() -> None:
    bp = _in_lane()
    bp.layout(direction="down")
    bp.link("other", "api", "reply", label_position="under")
    with pytest.raises(BlueprintError) as error:
        bp.build()
    text = str(error.value)
    assert "direction must be 'LR' (lanes left to right) or 'TB' (top to bottom), not 'down'" in text
    assert "label_position must be one of '', 'on', 'beside', not 'under'" in text


@pytest.mark.graphviz
def test_the_search_fixes_a_link_through_its_own_label_and_is_deterministic() -> None:
    design = _in_lane().build()
    first, second = search(design), search(design)
    assert first.tried[0].options == DEFAULT_LAYOUT
    assert [d.kind for d in first.tried[0].metric.defects] == ["edge-through-own-label"]
    # The refining pass moves that one label beside its line; the rest of the layout stays.
    assert first.best.defects == 0 and first.best.options == replace(DEFAULT_LAYOUT, beside=("link-api-other",))
    assert first.best.options == second.best.options
    # The first clean candidate ends the search: no more runs than needed to reach it.
    assert first.runs == 2


def test_the_article_form_sets_its_text_for_a_700_px_column() -> None:
    design = _in_lane().build()
    article = body_dot(design, TokenPaint(), options=LayoutOptions(compact=True))
    full = body_dot(design, TokenPaint())
    # 12 pt is 16 CSS px: still 8 px in an image twice as wide as the column.
    assert "fontsize=12" in article and "fontsize=9" in full and 'POINT-SIZE="12"' in article
    sizes = LIGHT.article()
    smallest_pt = min(sizes.label_size, sizes.detail_size, sizes.edge_size, sizes.group_size)
    assert smallest_pt * 4 / 3 * 700 / 1400 >= 8


@pytest.mark.graphviz
def test_a_prose_edit_keeps_the_recorded_layout_and_a_label_edit_searches_again() -> None:
    design = _in_lane().build()
    searched = choose(design)
    prose = replace(design, promise="A different promise: prose does not move any box.")
    assert choose(prose, searched.keys).runs == 0
    relabelled = replace(
        design, links=(replace(design.links[0], label="a much longer label than before"), *design.links[1:])
    )
    assert choose(relabelled, searched.keys).runs > 0


@pytest.mark.graphviz
def test_an_author_label_position_wins_over_the_search() -> None:
    bp = _in_lane()
    bp.link("other", "api", "a second long label on the way back", label_position="on")
    source = body_dot(bp.build(), TokenPaint(), options=LayoutOptions(lane_labels="xlabel"))
    assert source.count("xlabel=<") == 1  # the first link beside its line, the pinned one on it


@pytest.mark.graphviz
def test_a_recorded_choice_is_reused_without_a_search() -> None:
    design = _in_lane().build()
    searched = choose(design)
    assert searched.runs > 0
    again = choose(design, searched.keys)
    assert again.runs == 0 and again.keys == searched.keys
    assert choose(design, ("not-a-key", "x")).runs > 0  # another kit's record: search again


@pytest.mark.graphviz
def test_a_small_design_passes_the_layout_report_with_its_article_images() -> None:
    quality = assess(_in_lane().build())
    assert not quality.failed, quality.problems("in_lane.py")
    assert [name for name, _ in quality.articles] == [
        "in-lane.article.png",
        "in-lane.call.article.png",
        "in-lane.article.dark.png",
        "in-lane.call.article.dark.png",
    ]
    data = quality.as_dict()
    assert set(data["views"]) == {"overview", "call"} and data["views_share_one_layout"] is True
    assert all(a["smallest_text"] >= 8 for a in data["articles"].values())


def test_the_refining_moves_follow_the_defects() -> None:
    from kit.drawing.geometry import Box
    from kit.drawing.metric import Defect, Metric
    from kit.drawing.search import _moves

    where = Box(0, 0, 1, 1)
    metric = Metric(
        (
            Defect("edge-through-text", ("edge:link-a-b", "group:tier"), where),
            Defect("edge-through-text", ("edge:link-a-b", "badge:link-c-d:3"), where),
            Defect("edge-through-own-label", ("edge:link-e-f", "label:link-e-f"), where),
        ),
        0,
        0.0,
        100.0,
        100.0,
        12.0,
    )
    moves = list(_moves(DEFAULT_LAYOUT, metric))
    # The title three ways (other side, right end, both), then each label beside its line and on
    # it, once each.
    assert [(m.flipped, m.right, m.beside, m.on) for m in moves] == [
        (("tier",), (), (), ()),
        ((), ("tier",), (), ()),
        (("tier",), ("tier",), (), ()),
        ((), (), ("link-c-d",), ()),
        ((), (), (), ("link-c-d",)),
        ((), (), ("link-e-f",), ()),
        ((), (), (), ("link-e-f",)),
    ]
    # A label already beside its line is tried on it next, never beside twice.
    again = list(_moves(moves[3], metric))
    assert not [m for m in again if m.beside.count("link-c-d") > 1]
    assert any(m.on == ("link-c-d",) for m in again)


def test_an_author_article_direction_limits_the_article_candidates_alone() -> None:
    bp = _in_lane()
    bp.layout(direction="LR", article="TB")
    design = bp.build()
    assert {o.rankdir for o in candidates_for(design)} == {"LR"}
    assert {o.rankdir for o in candidates_for(design, ARTICLE_CANDIDATES)} == {"TB"}
    bp.layout(article="sideways")
    with pytest.raises(BlueprintError, match="article must be 'LR'"):
        bp.build()


@pytest.mark.graphviz
def test_the_designs_the_tests_build_have_clean_layouts_and_readable_articles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import runpy

    from kit.authoring.scaffold import blueprint_text
    from tests.conftest import wallet_blueprint

    scaffold = tmp_path / "rate_limiter.py"
    scaffold.write_text(blueprint_text("rate-limiter", "Rate Limiter", "load-balancing"), encoding="utf-8")
    scaffolded = runpy.run_path(str(scaffold))["BLUEPRINT"]
    for design in (wallet_blueprint().build(), scaffolded, _in_lane().build()):
        quality = assess(design)
        assert not quality.failed, quality.problems(design.slug)


def test_a_kit_that_searches_differently_searches_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import kit.drawing.search as searching

    design = _in_lane().build()
    before = searching.fingerprint(design)
    monkeypatch.setattr(searching, "SEARCH_VERSION", searching.SEARCH_VERSION + 1)
    assert searching.fingerprint(design) != before
    monkeypatch.undo()
    monkeypatch.setattr(searching, "REFINE_ROUNDS", searching.REFINE_ROUNDS + 1)
    assert searching.fingerprint(design) != before
