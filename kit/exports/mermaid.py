"""Mermaid text from a design: the architecture as a `flowchart`, and one flow as a `sequenceDiagram`.

GitHub draws a ```mermaid block in Markdown by itself, so the summary carries each flow's sequence
diagram, and `blueprint export --to mermaid` prints the architecture.

Model text never reaches Mermaid's parser as syntax: identifiers are generated (`c_<id>`, `g_<n>`),
so no label can be a keyword such as `end`, and every label character outside letters, digits and
a few plain punctuation marks is written as Mermaid's entity code `#<decimal>;`, which Mermaid turns
back into the character when it draws. That covers the characters Mermaid reserves (`;` ends a
statement, `#` starts an entity, `%%` a comment, quotes, brackets and pipes delimit labels, `<` and
`&` would be HTML), and a backtick, which would end the Markdown code fence around the block.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import Final

from kit.analysis.latency import format_ms
from kit.analysis.loadmodel import duration_ms
from kit.model.catalog import LANES
from kit.model.model import Component, Design, Flow, Step

__all__ = ["FLOWCHART_EDGES", "SEQUENCE_ARROWS", "component_ids", "flowchart", "mermaid_text", "sequence_diagram"]

#: Characters written as they are; anything else (besides letters and digits) becomes `#<code>;`.
_PLAIN: Final = frozenset(" .,-_/()'+?!=@*")
_NUMBER_AND_WORD: Final = re.compile(r"(\d) (?=\S)")
#: Where a message's text wraps onto a new line (Mermaid does not wrap sequence messages itself).
MESSAGE_WIDTH: Final = 44

#: How each link nature is drawn in a sequence diagram: a synchronous call waits (`->>`, filled
#: arrowhead); asynchronous hops get Mermaid's open "async" arrowhead, replication a dotted line.
SEQUENCE_ARROWS: Final[dict[str, str]] = {"sync": "->>", "async": "-)", "stream": "-)", "replication": "--)"}
#: How each link nature is drawn in the flowchart, after the diagram's own line styles: solid,
#: dotted for asynchronous messages, thick for streams, dotted with a circle end for replication.
FLOWCHART_EDGES: Final[dict[str, str]] = {"sync": "-->", "async": "-.->", "stream": "==>", "replication": "-.-o"}
#: Kinds drawn as a person in a sequence diagram.
_PEOPLE: Final = frozenset({"user", "users", "operator"})


def mermaid_text(text: str) -> str:
    """`text` as one line of Mermaid label text: reserved characters as entity codes, spaces collapsed.

    >>> mermaid_text('end; "x" #1 <b>')
    'end#59; #34;x#34; #35;1 #60;b#62;'
    """
    return "".join(ch if ch.isalnum() or ch in _PLAIN else f"#{ord(ch)};" for ch in " ".join(text.split()))


def _lines(text: str, width: int = MESSAGE_WIDTH) -> str:
    """Wrapped at `width` characters, each line escaped, joined with Mermaid's `<br>` line break."""
    # A number stays on the line of the word after it ("30 s", "12 shards"): joined while wrapping.
    joined = _NUMBER_AND_WORD.sub("\\1\u00a0", " ".join(text.split()))
    wrapped = textwrap.wrap(joined, width, break_on_hyphens=False, break_long_words=False) or [""]
    return "<br>".join(mermaid_text(line) for line in wrapped)


def component_ids(design: Design) -> dict[str, str]:
    """Each component's Mermaid identifier: `c_` and its id with `-` as `_`, unique within the design.

    The prefix keeps an id such as `end` or `graph` from reading as a keyword; ids that meet once
    hyphens become underscores (`a-b`, `a_b`) get `_2`, `_3`... in declaration order."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for component in design.components:
        base = "c_" + component.id.replace("-", "_")
        name, suffix = base, 2
        while name in taken:
            name, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(name)
        ids[component.id] = name
    return ids


def _lane_order(design: Design, component_ids_: Iterable[str]) -> list[Component]:
    """Components left to right as the diagram's lanes place them; declaration order within a lane."""
    lanes = list(LANES)
    position = {c.id: i for i, c in enumerate(design.components)}
    chosen = {design.component(cid) for cid in component_ids_}
    return sorted(chosen, key=lambda c: (lanes.index(c.lane), position[c.id]))


def _latency(step: Step) -> str:
    """`p50 7 ms, p99 40 ms`, or `7 ms` when the step has no p99 of its own; empty without a latency."""
    if not step.latency:
        return ""
    p50 = format_ms(duration_ms(step.latency))
    if not step.latency_p99:
        return p50
    return f"p50 {p50}, p99 {format_ms(duration_ms(step.latency_p99))}"


def sequence_diagram(design: Design, flow: Flow) -> str:
    """The flow as a Mermaid sequence diagram, numbered with the diagram's step numbers.

    Participants are the components the flow touches, in lane order; each message is the step's
    action, with its latency on a second line where the model has one. `autonumber N` sets the
    number of the next message, so it is written again wherever the numbers jump."""
    ids = component_ids(design)
    lines = ["sequenceDiagram"]
    for component in _lane_order(design, (cid for step in flow.steps for cid in step.key)):
        keyword = "actor" if component.kind in _PEOPLE else "participant"
        name = mermaid_text(component.label) + (f"<br>{mermaid_text(component.tech)}" if component.tech else "")
        lines.append(f"    {keyword} {ids[component.id]} as {name}")
    expected: int | None = None
    for step in flow.steps:
        if step.number != expected:
            lines.append(f"    autonumber {step.number}")
        expected = step.number + 1
        arrow = SEQUENCE_ARROWS[design.link(step.source, step.target).nature]
        text = _lines(step.action)
        latency = _latency(step)
        if latency:
            text += f"<br>{mermaid_text(latency)}"
        lines.append(f"    {ids[step.source]}{arrow}{ids[step.target]}: {text}")
    return "\n".join(lines) + "\n"


def _node(component: Component, node_id: str) -> str:
    label = mermaid_text(component.label) + (f"<br>{mermaid_text(component.tech)}" if component.tech else "")
    if component.lane == "data":
        return f'{node_id}[("{label}")]'
    if component.lane == "clients":
        return f'{node_id}(["{label}"])'
    return f'{node_id}["{label}"]'


def flowchart(design: Design) -> str:
    """The architecture as a Mermaid flowchart, left to right: a subgraph per group, nested as the
    groups are, a node per component, and an edge per link drawn in its nature's line style."""
    ids = component_ids(design)
    group_ids = {group.id: f"g_{index}" for index, group in enumerate(design.groups, start=1)}
    lines = [
        f"%% {mermaid_text(design.title)}, from blueprint export {design.slug} --to mermaid",
        "flowchart LR",
    ]

    def emit(parent: str | None, depth: int) -> None:
        pad = "    " * depth
        for group in design.subgroups(parent):
            lines.append(f'{pad}subgraph {group_ids[group.id]}["{mermaid_text(group.label)}"]')
            emit(group.id, depth + 1)
            lines.append(f"{pad}end")
        for component in design.members(parent):
            lines.append(pad + _node(component, ids[component.id]))

    emit(None, 1)
    for link in design.links:
        edge = FLOWCHART_EDGES[link.nature]
        label = f'|"{mermaid_text(link.label)}"|' if link.label.strip() else ""
        lines.append(f"    {ids[link.source]} {edge}{label} {ids[link.target]}")
    return "\n".join(lines) + "\n"
