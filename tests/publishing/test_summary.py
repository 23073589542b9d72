"""The trade-off summary: every section from the model, the same names and step numbers as the diagram."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from kit import Blueprint, Design
from kit.publishing.index import index_markdown
from kit.publishing.summary import alt_text, source_display_path, summary_markdown
from tests.conftest import render_once

SVG = "{http://www.w3.org/2000/svg}"


def test_sections_in_the_order_of_the_standard(design: Design) -> None:
    text = summary_markdown(design)
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == [
        "Scope",
        "Targets",
        "Assumptions",
        "Components",
        "Flows",
        "Availability",
        "Single points of failure",
        "Trade-offs",
        "Failure modes",
        "Scaling path",
        "References",
    ]


def test_load_model_availability_and_budgets_get_their_sections(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.quantity("tweets", "500e6 tweets", "Tweets a day", basis="Twitter, 2013")
    bp.derive("tweet_rate", "tweets / day", "Average tweet rate", unit="tweets/s")
    bp.flow("Timed", [("app", "api", "Call", "40 ms"), ("api", "ledger", "Write", "280 ms")], latency_target="300 ms")
    text = summary_markdown(bp.build())
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings.index("Assumptions") < headings.index("Back of the envelope") < headings.index("Components")
    assert headings.index("Flows") < headings.index("Availability") < headings.index("Latency budgets")
    assert "| Tweets a day `tweets` | 500 M tweets | Twitter, 2013 |" in text
    assert "- Average tweet rate: `tweet_rate = tweets / day = (500 M tweets) / day` = **\\~5.8 K tweets/s**" in text
    assert "| Transfer | Wallet API 6 × 99.5%; Ledger 2 × 99.5% | 99.997% | 1.08 min |" in text
    assert "No synchronous path (asynchronous only): Notify." in text
    assert "### Timed · target 300 ms" in text
    assert "| 5 | Wallet app → Wallet API | 40 ms | 40 ms |" in text
    assert "| 6 | Wallet API → Ledger | 280 ms | 320 ms |" in text
    assert "**Over budget:** 320 ms against a target of 300 ms (20 ms over)." in text


def test_single_points_of_failure_are_listed_with_their_flows(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.link("api", "replica", "read balance")
    bp.flow("Balance", [("app", "api", "Ask"), ("api", "replica", "Read the replica")])
    text = summary_markdown(bp.build())
    assert "- **Ledger replica** (Postgres 16), on Balance" in text


def test_title_promise_and_diagram_with_alt_text(design: Design) -> None:
    text = summary_markdown(design)
    assert text.splitlines()[1] == "# Mini Wallet"
    assert "> Transfers in p99 &lt; 300 ms; the ledger always balances." in text
    image = re.search(r'<img src="(.+?)" alt="(.+?)">', text)
    assert image and image.group(1) == "mini-wallet.svg"
    assert "Wallet app" in image.group(2) and "Ledger" in image.group(2)


def test_pictures_follow_the_reader_colour_scheme_with_light_as_fallback(design: Design) -> None:
    text = summary_markdown(design)
    pictures = re.findall(
        r'<picture>\n  <source media="\(prefers-color-scheme: dark\)" srcset="(.+?)">\n  <img src="(.+?)"', text
    )
    assert pictures == [
        ("mini-wallet.dark.svg", "mini-wallet.svg"),
        ("mini-wallet.transfer.dark.svg", "mini-wallet.transfer.svg"),
        ("mini-wallet.notify.dark.svg", "mini-wallet.notify.svg"),
    ]
    assert "(mini-wallet.gif)" in text


def test_each_flow_view_sits_above_its_numbered_steps(design: Design) -> None:
    text = summary_markdown(design)
    transfer = text.index("### Transfer")
    view = text.index('<img src="mini-wallet.transfer.svg"', transfer)
    assert transfer < view < text.index("\n1. ", transfer) < text.index("### Notify")


def test_alt_text_cannot_break_out_of_its_attribute() -> None:
    bp = Blueprint("quotes", title='Say "hi" <b>', category="domain")
    a, b = bp.component("a", "user", 'A "quoted"\nname'), bp.component("b", "service", "B & <C>")
    bp.link(a, b, "call")
    text = summary_markdown(bp.build())
    (alt,) = re.findall(r'<img src="quotes.svg" alt="([^"]*)">', text)
    assert "&quot;quoted&quot; name" in alt and "B &amp; &lt;C&gt;" in alt


def test_components_are_named_as_on_the_diagram(design: Design) -> None:
    text = summary_markdown(design)
    assert "- **Wallet API** (Go), ×6: Moves money" in text
    assert "- **Notifier**" in text


def test_sections_without_content_are_left_out() -> None:
    bp = Blueprint("bare", title="Bare", category="domain")
    a = bp.component("a", "user", "A")
    b = bp.component("b", "service", "B")
    bp.link(a, b, "call")
    headings = re.findall(r"^## (.+)$", summary_markdown(bp.build()), re.MULTILINE)
    assert headings == ["Components"]


def test_tables_survive_pipes_and_newlines_in_text(make_blueprint) -> None:  # type: ignore[no-untyped-def]
    bp = make_blueprint()
    bp.tradeoff(decision="A | B", chosen="x\ny", rejected="z", why="w", cost="c", revisit_when="r")
    text = summary_markdown(bp.build())
    row = next(line for line in text.splitlines() if line.startswith("| A \\| B"))
    assert row.count(" | ") == 5 and "x<br>y" in row


@pytest.mark.graphviz
def test_step_numbers_match_the_diagram(design: Design) -> None:
    """Each numbered step in the summary sits, with that number, on the arrow between the same two boxes."""
    rendered = render_once(design)
    root = ET.fromstring(rendered.file("mini-wallet.svg"))
    badges_on: dict[str | None, set[str]] = {}
    for group in root.iter(f"{SVG}g"):
        if (group.get("id") or "").startswith("link-"):
            numbers = badges_on.setdefault(group.get("id"), set())
            for text in group.iter(f"{SVG}text"):
                run = re.fullmatch(r"(\d+)(?:–(\d+))?", (text.text or "").strip())
                if run:  # a badge: one step, or a run of consecutive steps "10–13"
                    first, last = int(run.group(1)), int(run.group(2) or run.group(1))
                    numbers.update(str(n) for n in range(first, last + 1))
    labels = {c.label: c.id for c in design.components}
    steps = re.findall(r"^(\d+)\. \*\*(.+?)\*\* → \*\*(.+?)\*\*", rendered.file("README.md").decode(), re.MULTILINE)
    assert len(steps) == sum(len(f.steps) for f in design.flows)
    for number, source, target in steps:
        assert number in badges_on[f"link-{labels[source]}-{labels[target]}"], (number, source, target)


def test_async_hops_and_the_critical_path_are_marked(design: Design) -> None:
    text = summary_markdown(design)
    assert "### Transfer · critical path" in text
    assert re.search(r"^4\. .*\*\(async message\)\*:", text, re.MULTILINE)
    assert re.search(r"^3\. .*\*\(async stream\)\*:", text, re.MULTILINE)
    assert not re.search(r"^1\. .*async", text, re.MULTILINE)


def test_alt_text_reads_the_lanes_and_flows(design: Design) -> None:
    alt = alt_text(design)
    assert alt.startswith("Architecture diagram of Mini Wallet, read left to right.")
    assert "clients: Wallet app" in alt
    assert "Transfer (steps 1 to 2)" in alt


def test_source_path_is_the_same_on_every_machine() -> None:
    assert source_display_path("/home/a/repo/blueprints/domain/x.py") == "blueprints/domain/x.py"
    assert source_display_path("/tmp/other/x.py") == "x.py"


def test_index_lists_blueprints_by_category_with_thumbnails(design: Design) -> None:
    text = index_markdown([design])
    assert "## Domain Case Studies (Product Architectures)" in text
    assert '<img src="mini-wallet/mini-wallet.svg" width="480"' in text
    assert '<source media="(prefers-color-scheme: dark)" srcset="mini-wallet/mini-wallet.dark.svg">' in text
    assert "| Diagram |" not in text  # a table cell shrinks the thumbnail
    assert "[Mini Wallet](mini-wallet/README.md)" in text


def test_technology_with_its_own_brackets_is_not_double_bracketed() -> None:
    bp = Blueprint("brackets", title="Brackets", category="domain")
    a = bp.component("a", "user", "A")
    b = bp.component("b", "stream", "Events", tech="Kafka (RF 3)")
    bp.link(a, b, "publish")
    assert "- **Events**, Kafka (RF 3)" in summary_markdown(bp.build())
