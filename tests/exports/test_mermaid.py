"""Mermaid: the sequence diagram of each flow (in the summary) and the flowchart export.

The browser tests render every block the catalogue produces with the real `mermaid` package in
headless Chromium, in one run (tests/browser/mermaid_harness.py): every block parses and draws,
every sequence diagram numbers its messages with the flow's step numbers, and every label shows
as the text it is.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from kit.exports.mermaid import flowchart, mermaid_text, sequence_diagram
from kit.model.model import Design
from kit.publishing.summary import summary_markdown
from tests.browser.mermaid_harness import Drawn, HarnessUnavailable, render_mermaid
from tests.conftest import wallet_blueprint

#: A summary's sequence diagram: a fenced mermaid block in a <details> titled "Sequence diagram".
SUMMARY_BLOCK = re.compile(r"<details><summary>Sequence diagram</summary>\n\n```mermaid\n(.*?)```\n\n</details>", re.S)
STEP_NUMBER = re.compile(r'<text[^>]*class="sequenceNumber"[^>]*>(\d+)</text>')


def words(text: str) -> str:
    return " ".join(text.split())


def test_participants_follow_the_lanes_and_messages_carry_the_step_numbers(design: Design) -> None:
    transfer, notify = (sequence_diagram(design, flow).splitlines() for flow in design.flows)
    assert transfer == [
        "sequenceDiagram",
        "    participant c_app as Wallet app<br>iOS / Android",
        "    participant c_api as Wallet API<br>Go",
        "    participant c_ledger as Ledger<br>Postgres 16",
        "    autonumber 1",
        "    c_app->>c_api: Send the transfer with an Idempotency-Key",
        "    c_api->>c_ledger: Write both legs in one transaction",
    ]
    # Services, then async, then data: the lanes' order, not the order the steps meet them.
    assert [line.split()[1] for line in notify if line.lstrip().startswith("participant")] == [
        "c_notifier",
        "c_events",
        "c_ledger",
    ]
    assert "    autonumber 3" in notify


def test_async_hops_get_the_open_arrow_and_replication_a_dotted_one() -> None:
    bp = wallet_blueprint()
    bp.flow("Replicate", [("api", "ledger", "Commit"), ("ledger", "replica", "Ship the WAL")])
    design = bp.build()
    notify, replicate = (sequence_diagram(design, flow) for flow in design.flows[1:])
    assert "c_ledger-)c_events: Relay the outbox row" in notify  # a stream
    assert "c_events-)c_notifier: Push a notification" in notify  # an async message
    assert "c_api->>c_ledger: Commit" in replicate
    assert "c_ledger--)c_replica: Ship the WAL" in replicate


def test_latency_is_shown_where_the_model_has_it() -> None:
    bp = wallet_blueprint()
    bp.flow("Timed", [("app", "api", "Call", "40 ms", "120 ms"), ("api", "ledger", "Commit", "7 ms")])
    design = bp.build()
    text = sequence_diagram(design, design.flows[-1])
    assert "c_app->>c_api: Call<br>p50 40 ms, p99 120 ms" in text
    assert "c_api->>c_ledger: Commit<br>7 ms" in text


def test_a_gap_in_the_numbers_restarts_the_numbering_there(design: Design) -> None:
    flow = design.flows[0]
    gapped = dataclasses.replace(
        flow, steps=(flow.steps[0], dataclasses.replace(flow.steps[1], number=flow.steps[1].number + 5))
    )
    lines = sequence_diagram(design, gapped).splitlines()
    assert [line.strip() for line in lines if "autonumber" in line] == ["autonumber 1", "autonumber 7"]
    assert lines.index("    autonumber 7") == len(lines) - 2  # just before the step it numbers


def test_long_actions_wrap_between_words() -> None:
    bp = wallet_blueprint()
    action = "The gateway validates the JWT and the per-user rate limit, then holds a 30 s lock on the key"
    bp.flow("Long", [("app", "api", action)])
    design = bp.build()
    message = sequence_diagram(design, design.flows[-1]).splitlines()[-1].split(": ", 1)[1]
    lines = message.split("<br>")
    assert len(lines) > 1 and all(len(line) <= 44 for line in lines)
    assert " ".join(lines) == action  # nothing lost, no word cut ("per-user", "30 s" stay whole)


def test_reserved_text_becomes_entity_codes(hostile: Design) -> None:
    blocks = [sequence_diagram(hostile, flow) for flow in hostile.flows] + [flowchart(hostile)]
    labels = []
    for block in blocks:
        for line in block.splitlines()[1:]:
            # A label is what follows `as` or `: ` in a sequence diagram, or sits in quotes in a flowchart.
            labels += re.findall(r' as (.*)$|: (.*)$|"([^"]*)"', line)
    assert len(labels) > 10
    for label in ("".join(parts) for parts in labels):
        plain = re.sub(r"#\d+;", "", label.replace("<br>", ""))
        assert not re.search(r'[;#%`<>&{}"\[\]|:]', plain), label
    assert mermaid_text("end; %% `x`") == "end#59; #37;#37; #96;x#96;"


def test_each_flow_of_the_summary_has_its_sequence_diagram_after_its_images(design: Design) -> None:
    summary = summary_markdown(design)
    blocks = SUMMARY_BLOCK.findall(summary)
    assert blocks == [sequence_diagram(design, flow) for flow in design.flows]
    for flow in design.flows:
        section = summary.split(f"### {flow.name}", 1)[1].split("\n### ", 1)[0]
        # The flow's view and steps come first; the diagram is folded away below them.
        assert section.index("<picture>") < section.index("Sequence diagram") < section.index("```mermaid")


# --- the real mermaid, in Chromium ------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn(designs: list[Design], hostile: Design) -> dict[str, Drawn]:
    """Every sequence diagram of every summary and every flowchart export, drawn in one browser run."""
    blocks: dict[str, str] = {}
    for design in [*designs, hostile]:
        for index, block in enumerate(SUMMARY_BLOCK.findall(summary_markdown(design))):
            blocks[f"{design.slug}/flow-{index}"] = block
        blocks[f"{design.slug}/flowchart"] = flowchart(design)
    try:
        return render_mermaid(blocks)
    except HarnessUnavailable as error:
        pytest.skip(str(error))


def test_every_block_of_the_catalogue_parses_and_draws(designs: list[Design], drawn: dict[str, Drawn]) -> None:
    assert len(designs) == 41
    expected = sum(len(d.flows) + 1 for d in designs)  # each flow's sequence diagram, and the flowchart
    assert len([key for key in drawn if not key.startswith("hostile-export/")]) == expected
    failed = {key: d.error for key, d in drawn.items() if d.error or "<svg" not in d.svg}
    assert not failed, failed


def test_every_sequence_diagram_shows_its_step_numbers_in_order(designs: list[Design], drawn: dict[str, Drawn]) -> None:
    for design in designs:
        for index, flow in enumerate(design.flows):
            shown = [int(n) for n in STEP_NUMBER.findall(drawn[f"{design.slug}/flow-{index}"].svg)]
            assert shown == [step.number for step in flow.steps], (design.slug, flow.name)


def test_every_flowchart_shows_every_component_and_group(designs: list[Design], drawn: dict[str, Drawn]) -> None:
    for design in designs:
        text = drawn[f"{design.slug}/flowchart"].text
        for name in [c.label for c in design.components] + [g.label for g in design.groups]:
            assert words(name) in text, (design.slug, name)


def test_hostile_labels_draw_as_the_text_they_are(hostile: Design, drawn: dict[str, Drawn]) -> None:
    chart = drawn["hostile-export/flowchart"]
    assert not chart.error
    for text in [c.label for c in hostile.components] + [g.label for g in hostile.groups]:
        assert words(text) in chart.text
    assert "<script" not in chart.svg
    flow = drawn[f"hostile-export/flow-{len(hostile.flows) - 1}"]
    assert not flow.error
    for step in hostile.flows[-1].steps:
        assert words(step.action) in flow.text
    assert [int(n) for n in STEP_NUMBER.findall(flow.svg)] == [s.number for s in hostile.flows[-1].steps]
