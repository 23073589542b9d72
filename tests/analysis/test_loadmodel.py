"""The load model: units checked, formulas evaluated against hand-computed figures, one rounding rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit import Blueprint, BlueprintError
from kit.analysis.loadmodel import duration_ms, evaluate, human


def model(make_blueprint: Callable[..., Blueprint], *declare: tuple[str, ...]) -> Blueprint:
    bp = make_blueprint()
    for spec in declare:
        if spec[0] == "q":
            bp.quantity(spec[1], spec[2], spec[1].replace("_", " "), basis="test")
        else:
            bp.derive(spec[1], spec[2], spec[1].replace("_", " "), unit=spec[3])
    return bp


def test_500m_tweets_a_day_is_about_5_8k_tweets_per_second(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = model(make_blueprint, ("q", "tweets", "500e6 tweets/day"), ("d", "rate", "tweets", "tweets/s"))
    figure = evaluate(bp.build()).figure("rate")
    assert figure.value == pytest.approx(5787.04, rel=1e-5)
    assert figure.text == "~5.8 K tweets/s"


def test_10m_devices_times_3_pushes_a_day_is_about_350_pushes_per_second(
    make_blueprint: Callable[..., Blueprint],
) -> None:
    bp = model(
        make_blueprint,
        ("q", "devices", "10e6 devices"),
        ("q", "pushes_per_device", "3 pushes/device/day"),
        ("d", "push_rate", "devices * pushes_per_device", "pushes/s"),
    )
    figure = evaluate(bp.build()).figure("push_rate")
    assert figure.value == pytest.approx(347.22, rel=1e-4)
    assert figure.text == "~350 pushes/s"
    assert figure.substituted == "(10 M devices) * (3 pushes/device/day)"


def test_storage_with_replication_and_fleet_size_with_ceil(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = model(
        make_blueprint,
        ("q", "writes", "100e6 events/day"),
        ("q", "size", "1 KB/event"),
        ("q", "copies", "3"),
        ("q", "peak_rps", "12000 req/s"),
        ("q", "per_node", "1500 req/s/node"),
        ("q", "headroom", "70 %"),
        ("d", "per_day", "writes * size * day", "B"),
        ("d", "per_year", "per_day * 365 * copies", "B"),
        ("d", "fleet", "ceil(peak_rps / (per_node * headroom))", "nodes"),
    )
    load = evaluate(bp.build())
    assert load.figure("per_day").text == "100 GB"  # 1e8 x 1e3 B, exact
    assert load.figure("per_year").text == "~110 TB"  # 100 GB x 365 x 3 = 109.5 TB
    assert load.figure("fleet").value == 12  # 12,000 / (1,500 x 0.7) = 11.4 -> 12
    assert load.figure("fleet").text == "12 nodes"
    assert [heading for heading, _ in load.by_section()] == ["Storage", "Fleet sizes"]


def test_littles_law_in_the_queues_section(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.quantity("arrivals", "2000 fans/s", "Admission rate", basis="test")
    bp.quantity("stay", "5 min", "Time inside", basis="test")
    bp.derive("inside", "arrivals * stay", "Fans inside", unit="fans", section="queues")
    load = evaluate(bp.build())
    assert load.figure("inside").text == "600 K fans"
    assert load.by_section()[0][0] == "Queues (Little's law)"


def test_adding_bytes_to_seconds_names_the_formula(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = model(make_blueprint, ("q", "size", "2 KB"), ("q", "wait", "3 s"), ("d", "bad", "size + wait", "B"))
    with pytest.raises(BlueprintError) as error:
        bp.build()
    message = str(error.value)
    assert "estimate 'bad'" in message
    assert "units do not match in 'size + wait'" in message
    assert "'size' is in KB but 'wait' is in s" in message


def test_requests_per_second_shown_as_bytes_per_second_is_refused(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = model(make_blueprint, ("q", "rps", "100 req/s"), ("d", "bw", "rps * 2", "B/s"))
    with pytest.raises(BlueprintError, match=r"formula 'rps \* 2' gives req / s .* cannot be shown in unit='B/s'"):
        bp.build()


def test_unknown_names_units_and_syntax_are_reported_with_what_is_allowed(
    make_blueprint: Callable[..., Blueprint],
) -> None:
    bp = model(
        make_blueprint,
        ("q", "users", "1e6 widgets"),
        ("q", "dau", "1e6 users"),
        ("d", "later", "dau * missing", "users"),
        ("d", "code", "__import__('os')", "users"),
    )
    bp.link("app", "events", "x", figure="nowhere")
    with pytest.raises(BlueprintError) as error:
        bp.build()
    message = str(error.value)
    assert "quantity 'users': unknown unit in '1e6 widgets'" in message and "counts: request, user" in message
    assert "unknown name 'missing' (declare it first" in message
    assert "estimate 'code'" in message and "is not allowed" in message
    assert "unknown figure 'nowhere' (known: code, dau, later, users)" in message


def test_bad_latencies_are_refused(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.flow("Timed", [("app", "api", "Call", "40 KB")], latency_target="soon")
    with pytest.raises(BlueprintError) as error:
        bp.build()
    assert "latency: '40 KB' is not a duration" in str(error.value)
    assert "flow 'Timed': latency_target: 'soon' must start with a number" in str(error.value)


def test_one_rounding_rule() -> None:
    assert human(3.2e12, "B/day") == "3.2 TB/day"
    assert human(14.4, "h") == "14 h"
    assert human(999.6, "req/s") == "1 K req/s"
    assert human(3.5e9, "req") == "3.5 bn req"
    assert human(0.0347, "s") == "0.035 s"
    assert duration_ms("1.5 s") == 1500


def test_edge_figure_is_the_summary_value(make_blueprint: Callable[..., Blueprint]) -> None:
    from kit.drawing.dot import to_dot
    from kit.publishing.summary import summary_markdown

    bp = model(make_blueprint, ("q", "tweets", "500e6 tweets/day"), ("d", "rate", "tweets", "tweets/s"))
    bp.link("api", "events", "publish", figure="rate")
    design = bp.build()
    assert 'publish<BR ALIGN="LEFT"/><B>~5.8 K tweets/s</B>' in to_dot(design)
    assert "**\\~5.8 K tweets/s**" in summary_markdown(design)
