"""Validation: each structural error is caught before drawing, with a message naming the element."""

from __future__ import annotations

import re

import pytest

from kit import Blueprint, BlueprintError


def minimal(**overrides: str) -> Blueprint:
    meta = {"slug": "tiny", "title": "Tiny", "category": "domain"} | overrides
    bp = Blueprint(meta.pop("slug"), **meta)
    return bp


def errors_of(bp: Blueprint) -> str:
    with pytest.raises(BlueprintError) as caught:
        bp.build()
    return str(caught.value)


def two_linked(bp: Blueprint) -> tuple[str, str]:
    a = bp.component("a", "user", "A")
    b = bp.component("b", "service", "B")
    bp.link(a, b, "call")
    return a, b


def test_a_valid_blueprint_builds(design: object) -> None:
    assert design is not None


def test_error_names_the_file_and_line() -> None:
    bp = minimal()
    bp.component("a", "user", "A")  # this line is reported
    message = errors_of(bp)
    assert re.search(r"test_validate\.py:\d+: component 'a': is in no link", message)


def test_unknown_kind_lists_allowed_kinds_and_suggests_one() -> None:
    bp = minimal()
    bp.component("a", "servce", "A")
    message = errors_of(bp)
    assert "unknown kind: 'servce' (did you mean 'service'? must be one of [" in message
    assert "'relational-db'" in message


def test_duplicate_component_id() -> None:
    bp = minimal()
    two_linked(bp)
    bp.component("a", "cache", "Other A")
    assert "component 'a': duplicate component id" in errors_of(bp)


def test_link_to_unknown_component_suggests_the_close_id() -> None:
    bp = minimal()
    a, _ = two_linked(bp)
    bp.link(a, "bb", "typo")
    message = errors_of(bp)
    assert "link 'a' -> 'bb': unknown component: 'bb' (did you mean 'b'?" in message


def test_flow_step_naming_unknown_component() -> None:
    bp = minimal()
    a, _ = two_linked(bp)
    bp.flow("Read", [(a, "ghost", "look")])
    assert "flow 'Read' step 1 'a' -> 'ghost': unknown component: 'ghost'" in errors_of(bp)


def test_flow_step_without_a_link() -> None:
    bp = minimal()
    a, _ = two_linked(bp)
    c = bp.component("c", "cache", "C")
    bp.link(a, c, "get")
    bp.flow("Read", [(c, a, "reply")])
    message = errors_of(bp)
    assert "no link matches this step (there is a link 'a' -> 'c'; steps follow the link's direction)" in message


def test_flow_step_with_no_link_either_way() -> None:
    bp = minimal()
    a, b = two_linked(bp)
    c = bp.component("c", "cache", "C")
    bp.link(b, c, "get")
    bp.flow("Read", [(a, c, "skip a hop")])
    assert "add bp.link('a', 'c', ...) first" in errors_of(bp)


def test_empty_title() -> None:
    bp = minimal(title="  ")
    two_linked(bp)
    assert "title: the title is empty" in errors_of(bp)


def test_bad_slug_and_unknown_category() -> None:
    bp = minimal(slug="Bad Slug!", category="domian")
    two_linked(bp)
    message = errors_of(bp)
    assert "slug: 'Bad Slug!' is not a valid slug" in message
    assert "unknown category: 'domian' (did you mean 'domain'?" in message


def test_component_in_no_link() -> None:
    bp = minimal()
    two_linked(bp)
    bp.component("lonely", "cache", "Lonely")
    assert "component 'lonely': is in no link" in errors_of(bp)


def test_groups_with_the_same_label_under_one_parent() -> None:
    bp = minimal()
    _, b = two_linked(bp)
    with bp.group("Core"):
        c = bp.component("c", "cache", "C")
    with bp.group("Core"):
        d = bp.component("d", "cache", "D")
    bp.link(b, c, "get")
    bp.link(b, d, "get")
    assert "group 'Core': another group with the same label sits under the same parent" in errors_of(bp)


def test_same_group_label_under_different_parents_is_fine() -> None:
    bp = minimal()
    _, b = two_linked(bp)
    for region in ("us-east", "eu-west"):
        with bp.group(region, kind="region"), bp.group("Cache tier"):
            cache = bp.component(f"cache-{region}", "cache", "Cache")
            bp.link(b, cache, "get")
    bp.build()


def test_empty_group() -> None:
    bp = minimal()
    two_linked(bp)
    with bp.group("Nothing here"):
        pass
    assert "group 'Nothing here': the group is empty" in errors_of(bp)


def test_unknown_nature_and_group_kind() -> None:
    bp = minimal()
    a = bp.component("a", "user", "A")
    with bp.group("Zone", kind="zoen"):
        b = bp.component("b", "service", "B")
    bp.link(a, b, "call", nature="rpc")
    message = errors_of(bp)
    assert "unknown nature: 'rpc' (must be one of ['sync', 'async', 'replication', 'stream'])" in message
    assert "unknown group kind: 'zoen' (did you mean 'zone'?" in message


def test_duplicate_link_and_self_link() -> None:
    bp = minimal()
    a, b = two_linked(bp)
    bp.link(a, b, "again")
    bp.link(b, b, "self")
    message = errors_of(bp)
    assert "link 'a' -> 'b': duplicate link" in message
    assert "link 'b' -> 'b': a link cannot go from a component to itself" in message


def test_bad_replicas() -> None:
    bp = minimal()
    a = bp.component("a", "user", "A", replicas=0)
    b = bp.component("b", "service", "B")
    bp.link(a, b, "call")
    assert "replicas must be a whole number >= 1, not 0" in errors_of(bp)


def test_flow_without_steps() -> None:
    bp = minimal()
    two_linked(bp)
    bp.flow("Empty", [])
    assert "flow 'Empty': the flow has no steps" in errors_of(bp)


def test_every_problem_is_reported_at_once() -> None:
    bp = minimal(title="")
    two_linked(bp)
    bp.component("x", "cache", "")
    with pytest.raises(BlueprintError) as caught:
        bp.build()
    error = caught.value
    assert len(error.problems) == 3  # empty title, empty label, x in no link
    assert str(error).startswith("3 problems:")
