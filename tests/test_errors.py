"""Errors read as one paragraph a person can act on (issue 14, item 7)."""

from __future__ import annotations

from kit.errors import GraphvizError

INIT_RANK = "Error: trouble in init_rank\n" + "".join(f"\t%{i} {i % 7}\n\tc{i} 1\n" for i in range(2000))


def test_graphviz_internal_dumps_are_left_out_and_the_likely_cause_is_named() -> None:
    assert len(INIT_RANK) > 25_000
    message = str(GraphvizError("dot exited with status 1", INIT_RANK))
    assert "\n" not in message
    assert len(message) < 600, message
    assert "Graphviz said: Error: trouble in init_rank" in message
    assert "%0" not in message and "c1 1" not in message
    assert "likely cause:" in message and "same lane" in message
    assert f"{len(INIT_RANK):,} bytes" in message  # says how much was left out


def test_a_long_stderr_is_cut_with_a_note() -> None:
    stderr = "".join(f"Warning: node n{i}, port p unrecognized\n" for i in range(1000))
    message = str(GraphvizError("dot exited with status 1", stderr))
    assert len(message) < 600 and message.count("unrecognized") < 10
    assert "more in" not in message or "bytes" in message


def test_a_short_stderr_is_kept_whole_as_one_paragraph() -> None:
    message = str(GraphvizError("dot exited with status 1", 'Error: <stdin>: syntax error in line 3 near "->"\n'))
    assert message == 'dot exited with status 1; Graphviz said: Error: <stdin>: syntax error in line 3 near "->"'
