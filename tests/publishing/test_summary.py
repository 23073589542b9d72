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
        "Inputs and assumptions",
        "Components",
        "Flows",
        "Availability",
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
    assert headings.index("Inputs and assumptions") < headings.index("Back of the envelope")
    assert headings.index("Back of the envelope") < headings.index("Components")
    assert headings.index("Targets") < headings.index("Inputs and assumptions")  # budgets sit with the targets
    assert headings.index("Flows") < headings.index("Availability")
    assert "| Tweets a day `tweets` | 500 M tweets | Twitter, 2013 |" in text
    assert "Average tweet rate **\\~5.8 K tweets/s** = `tweets / day`" in text
    assert "- `tweet_rate = (500 M tweets) / day` = \\~5.8 K tweets/s" in text
    assert "| Transfer | 99.9975% | 1.08 min |" in text  # two digits of unavailability: 0.0025%
    assert "Transfer: Wallet API (6 x 99.5%); Ledger (2 x 99.5%)" in text
    assert "No synchronous path (asynchronous only): Notify." in text
    assert "- Timed: p50 320 ms, p99 320 ms against 300 ms **over by 20 ms**" in text
    assert "| 5 | Wallet app → Wallet API | 40 ms | 40 ms | 40 ms / 40 ms |" in text
    assert "| 6 | Wallet API → Ledger | 280 ms | 280 ms | 320 ms / 320 ms |" in text


def test_single_points_of_failure_are_listed_with_their_flows(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.link("api", "replica", "read balance")
    bp.flow("Balance", [("app", "api", "Ask"), ("api", "replica", "Read the replica")])
    text = summary_markdown(bp.build())
    assert "**Single points of failure:** **Ledger replica** (Postgres 16), on Balance." in text


def test_title_promise_and_diagram_with_alt_text(design: Design) -> None:
    text = summary_markdown(design)
    assert text.splitlines()[1] == "# Mini Wallet"
    assert "> Transfers in p99 &lt; 300 ms; the ledger always balances." in text
    # The first image is the article form, which reads in the column, linked to the full diagram.
    image = re.search(r'<a href="(.+?)">\n<picture>\n.*\n  <img src="(.+?)"( width="\d+")? alt="(.+?)">', text)
    assert image and image.group(1) == "mini-wallet.svg" and image.group(2) == "mini-wallet.article.png"
    assert "Wallet app" in image.group(4) and "Ledger" in image.group(4)
    assert "[light](mini-wallet.svg) · [dark](mini-wallet.dark.svg)" in text
    sized = summary_markdown(design, article_width=812)
    assert '<img src="mini-wallet.article.png" width="812" alt=' in sized


def test_pictures_follow_the_reader_colour_scheme_with_light_as_fallback(design: Design) -> None:
    text = summary_markdown(design)
    pictures = re.findall(
        r'<picture>\n  <source media="\(prefers-color-scheme: dark\)" srcset="(.+?)">\n  <img src="(.+?)"', text
    )
    assert pictures == [
        ("mini-wallet.article.dark.png", "mini-wallet.article.png"),
        ("mini-wallet.transfer.dark.svg", "mini-wallet.transfer.svg"),
        ("mini-wallet.notify.dark.svg", "mini-wallet.notify.svg"),
    ]
    # The GIF is built locally, not committed: the page names it but never links a file GitHub lacks.
    assert "walkthrough, mini-wallet.gif," in text and "(mini-wallet.gif)" not in text


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
    (alt,) = re.findall(r'<img src="quotes.article.png" alt="([^"]*)">', text)
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


def test_key_numbers_open_the_page_and_the_data_model_has_its_section(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.quantity("transfers", "20e6 transfers", "Transfers a day", basis="Planning value")
    records = bp.table(
        "entries",
        primary_key="entry_id",
        fields=[("entry_id", "bigint", 8), ("amount", "bigint", 8), ("header", "tuple header", 24)],
        indexes=[("(account_id, created_at)", "history pages read one account in time order")],
        per="transfer",
    )
    bp.derive("daily", f"transfers * {records} / day", "Ledger growth", unit="B/day")
    bp.key_numbers("daily", "transfers")
    bp.api("sends money to another wallet", "POST /transfers", "201 Created")
    text = summary_markdown(bp.build())
    assert text.index("> **Key numbers:** Ledger growth **800 MB/day** · Transfers a day **20 M transfers**") < (
        text.index("<picture>")
    )
    assert "## Data model and API" in text
    assert "`entry_id` bigint 8 B + `amount` bigint 8 B + `header` tuple header 24 B = **40 B**" in text
    assert "- Index `(account_id, created_at)`: history pages read one account in time order" in text
    assert "```http\nPOST /transfers\n```" in text


def test_targets_show_what_the_model_computes_and_an_accepted_miss(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.flow("Timed", [("app", "api", "Call"), ("api", "ledger", "Write", "40 ms", "90 ms")])
    bp.target("Write latency", flow="Timed", p50="50 ms", p99="80 ms", accepted_miss="Measured 75 ms in the load test")
    text = summary_markdown(bp.build())
    row = next(line for line in text.splitlines() if line.startswith("| Write latency"))
    assert "p50 &lt; 50 ms, p99 &lt; 80 ms" in row
    assert "p50 latency: 40 ms ✓" in row
    assert "p99 latency: 90 ms ✗ 10 ms over. Accepted: Measured 75 ms" in row
    assert "| 5 | Wallet app → Wallet API | — | — |" in text  # outside the budget, not dropped
    assert "outside the budget: step 5" in text


def test_prose_cites_model_figures_and_github_syntax_stays_text(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.quantity("peak", "2300 transfers/s", "Peak", basis="Planning value")
    bp.tradeoff(
        decision="Price",
        chosen="$3 per M tokens, $15 per M out",
        rejected="See https://example.com",
        why="{peak} fits one primary",
        cost="c",
        revisit_when="r",
    )
    text = summary_markdown(bp.build())
    row = next(line for line in text.splitlines() if line.startswith("| Price"))
    assert "\\$3 per M tokens, \\$15 per M out" in row  # not a $...$ math span
    assert "https\\://example.com" in row  # not an autolink
    assert "2.3 K transfers/s fits one primary" in row


def test_the_calendar_is_stated_once_when_months_or_years_are_used(make_blueprint: Callable[..., Blueprint]) -> None:
    bp = make_blueprint()
    bp.quantity("daily", "1 GB/day", "Growth", basis="Planning value")
    bp.derive("yearly", "daily * year", "Per year", unit="B")
    text = summary_markdown(bp.build())
    assert text.count("A month is 30 days and a year 365 days") == 1


def test_a_use_case_with_a_flow_but_no_mode_names_its_flow() -> None:
    from tests.conftest import wallet_blueprint

    bp = wallet_blueprint("modeless")
    bp.use_case("Auditor", "replays a day of transfers", flow="Transfer")
    text = summary_markdown(bp.build())
    assert "replays a day of transfers *(flow: Transfer)*" in text and "*(: " not in text
