"""Design -> DOT, as a pure function: same design and theme, same text, on any machine.

Node ids are component ids, attributes are sorted, and icons are named by their path inside the
`diagrams` resources (the renderer tells `dot` where those live with -Gimagepath), so the DOT holds
no machine-specific path. Links are laid out from left lane to right lane: a link that points
"backwards" (a worker consuming from a queue to its left) is emitted reversed with `dir=back`,
which keeps the lanes in order while the arrowhead still shows the true direction. Consumers of
the async lane are the exception and sit downstream of the queue they read.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping

from kit.catalog import GROUP_KINDS, LANES, NATURES, icon_for, lane_index
from kit.model import Component, Design, Group, Link
from kit.theme import LIGHT, Theme

__all__ = ["HtmlLabel", "edge_id", "group_dom_id", "html", "node_id", "quote", "to_dot", "tooltip"]


def quote(text: str) -> str:
    r"""A DOT double-quoted string.

    >>> quote('say "hi" \\ bye')
    '"say \\"hi\\" \\\\ bye"'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def html(text: str) -> str:
    r"""Text escaped for a Graphviz HTML-like label.

    Graphviz expands `\N`, `\G`, `\L` (node, graph, label) in label text and reads `\\` as one
    backslash, so every backslash is doubled to stay a backslash.

    >>> html('a < b & "c" \\N')
    'a &lt; b &amp; &quot;c&quot; \\\\N'
    """
    return (
        text.replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("]", "&#93;")
        .replace("[", "&#91;")
    )


def tooltip(text: str) -> str:
    r"""Text for a tooltip, before `quote`: it is unescaped twice by Graphviz, and written to SVG as is.

    Graphviz reads `\\` as a backslash once in the DOT string and once more when it expands
    `\N` and friends, so a backslash is doubled here and again by `quote`. Its SVG writer leaves
    anything that looks like an entity (`&amp;`) unescaped, so every `&` is written as `&amp;`.

    >>> tooltip("a & b \\N")
    'a &amp; b \\\\N'
    """
    return text.replace("\\", "\\\\").replace("&", "&amp;")


def _wrapped(text: str, width: int) -> str:
    """Escaped text broken into lines of about `width` characters."""
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    return '<BR ALIGN="LEFT"/>'.join(html(line) for line in lines)


def node_id(component: Component) -> str:
    return component.id


def edge_id(link: Link) -> str:
    return f"link-{link.source}-{link.target}"


def group_dom_id(group: Group) -> str:
    return "group-" + group.id.replace("/", "--")


class HtmlLabel(str):
    """A Graphviz HTML-like label, built from escaped text; written to DOT as is.

    A distinct type, so plain text that merely looks like `<...>` is never mistaken for markup.
    """


def _attrs(attrs: Mapping[str, str | float]) -> str:
    parts = []
    for key in sorted(attrs):
        value = attrs[key]
        if isinstance(value, HtmlLabel):
            parts.append(f"{key}=<{value}>")
        elif isinstance(value, str):
            parts.append(f"{key}={quote(value)}")
        else:
            parts.append(f"{key}={value:g}")
    return "[" + ", ".join(parts) + "]"


def _card(component: Component, theme: Theme) -> HtmlLabel:
    accent = theme.lane_accents[component.lane]
    icon = icon_for(component.kind, component.tech)
    detail = component.tech
    if component.replicas > 1:
        detail = f"{detail} · ×{component.replicas}" if detail else f"×{component.replicas}"
    rows = 2 if detail else 1
    icon_cell = (
        f'<TD ROWSPAN="{rows}" FIXEDSIZE="TRUE" WIDTH="34" HEIGHT="34"><IMG SRC="{html(icon)}" SCALE="TRUE"/></TD>'
        if icon
        else f'<TD ROWSPAN="{rows}" FIXEDSIZE="TRUE" WIDTH="8" HEIGHT="34" BGCOLOR="{accent}"></TD>'
    )
    label = (
        f'<TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.label_size:g}"><B>'
        f"{_wrapped(component.label, 22)}</B></FONT></TD>"
    )
    # A narrow spacer keeps bold text off the rounded border, whose curve Graphviz does not measure.
    spacer = f'<TD ROWSPAN="{rows}" WIDTH="4"></TD>'
    body = f"<TR>{icon_cell}{label}{spacer}</TR>"
    if detail:
        body += (
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.detail_size:g}" '
            f'COLOR="{theme.muted}">{_wrapped(detail, 28)}</FONT></TD></TR>'
        )
    return HtmlLabel(
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="rounded" '
        f'COLOR="{accent}" BGCOLOR="{theme.card_fill}">{body}</TABLE>'
    )


def step_runs(steps: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(number, flow) pairs -> (first, last, flow) runs of consecutive numbers within one flow.

    >>> step_runs([(10, 1), (11, 1), (12, 1), (14, 2)])
    [(10, 12, 1), (14, 14, 2)]
    """
    runs: list[tuple[int, int, int]] = []
    for number, flow in sorted(steps):
        if runs and runs[-1][2] == flow and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number, flow)
        else:
            runs.append((number, number, flow))
    return runs


def _run_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _badge(text: str, color: str, theme: Theme) -> str:
    return (
        f'<TD BGCOLOR="{color}" STYLE="rounded" CELLPADDING="2"><FONT COLOR="{theme.badge_text}" '
        f'POINT-SIZE="{theme.edge_size:g}"><B> {text} </B></FONT></TD>'
    )


def _edge_label(design: Design, link: Link, theme: Theme) -> HtmlLabel:
    flow_index = {flow.name: i for i, flow in enumerate(design.flows)}
    runs = step_runs([(step.number, flow_index[design.flow_of(step).name]) for step in design.steps_on(link)])
    badges = "".join(_badge(_run_text(first, last), theme.flow_color(flow), theme) for first, last, flow in runs)
    text = f'<TD ALIGN="LEFT" BALIGN="LEFT">{_wrapped(link.label, 20)}</TD>'
    return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0"><TR>{badges}{text}</TR></TABLE>')


def _legend(design: Design, theme: Theme) -> str:
    """Only what this view draws: the line styles of its links, its group kinds and its flows."""
    cells = []
    used = [nature for nature in NATURES if any(link.nature == nature for link in design.links)]
    for nature in used:
        line = theme.lines[nature]
        weight = max(1, round(line.penwidth))
        cells.append(
            f'<TD SIDES="B" BORDER="{weight}" STYLE="{line.style}" COLOR="{theme.edge}" WIDTH="30" HEIGHT="6"> </TD>'
            f'<TD ALIGN="LEFT">{html(NATURES[nature])}   </TD>'
        )
    for i, flow in enumerate(design.flows):
        first, last = flow.numbers
        span = f"{first}" if first == last else f"{first}–{last}"
        cells.append(
            _badge(str(first), theme.flow_color(i), theme) + f'<TD ALIGN="LEFT">{html(flow.name)} ({span})   </TD>'
        )
    return f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="0"><TR>{"".join(cells)}</TR></TABLE>' if cells else ""


def _title(design: Design, theme: Theme) -> HtmlLabel:
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.title_size:g}"><B>{html(design.title)}</B></FONT></TD></TR>'
    ]
    if design.promise:
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.subtitle_size:g}" COLOR="{theme.muted}">'
            f"{_wrapped(design.promise, 110)}</FONT></TD></TR>"
        )
    legend = _legend(design, theme)
    if legend:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.edge_size:g}" COLOR="{theme.text}">'
            f"{legend}</FONT></TD></TR>"
        )
    return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3">{"".join(rows)}</TABLE>')


def _cluster(design: Design, group: Group, theme: Theme, depth: int) -> Iterator[str]:
    indent = "  " * depth
    style = {"region": "rounded,dashed", "zone": "rounded,dashed"}.get(group.kind, "rounded,filled")
    attrs: dict[str, str | float] = {
        "class": f"group {group.kind}",
        "color": theme.group_borders[group.kind],
        "fillcolor": theme.group_fills[group.kind],
        "fontcolor": theme.muted,
        "fontsize": theme.group_size,
        "id": group_dom_id(group),
        "label": HtmlLabel(
            # Wrapped like a card's label: one very long unbroken line made Graphviz lose edges.
            f'<B>{_wrapped(group.label, 40)}</B>  <FONT COLOR="{theme.muted}">{html(GROUP_KINDS[group.kind])}</FONT>'
        ),
        "labeljust": "l",
        # Below the members: edges mostly enter a column's groups from above, and would cross it.
        "labelloc": "b",
        "margin": 10,
        "penwidth": 1.2,
        "style": style,
    }
    yield f"{indent}subgraph {quote('cluster_' + group.id)} {{\n"
    yield f"{indent}  graph {_attrs(attrs)}\n"
    yield from _contents(design, group.id, theme, depth + 1)
    yield f"{indent}}}\n"


def _node(component: Component, theme: Theme, depth: int) -> str:
    attrs: dict[str, str | float] = {
        "class": f"component {component.kind} lane-{component.lane}",
        "id": f"component-{component.id}",
        "label": _card(component, theme),
        "tooltip": tooltip(component.responsibility or component.display_name),
    }
    return f"{'  ' * depth}{quote(node_id(component))} {_attrs(attrs)}\n"


def _contents(design: Design, group_id: str | None, theme: Theme, depth: int) -> Iterator[str]:
    for group in design.subgroups(group_id):
        yield from _cluster(design, group, theme, depth)
    for component in design.members(group_id):
        yield _node(component, theme, depth)


def _lays_out_backwards(link: Link, source: Component, target: Component) -> bool:
    """True when a call points from a lane right of its target's; it is then laid out reversed.

    Flowing data (replication, CDC, streams) and anything leaving the async lane keeps its
    direction: a consumer sits downstream of the log, queue or replica stream it reads.
    """
    if source.lane == "async" or link.nature in ("replication", "stream"):
        return False
    return lane_index(source.lane) > lane_index(target.lane)


def _edge(design: Design, link: Link, theme: Theme) -> str:
    source, target = design.component(link.source), design.component(link.target)
    line = theme.lines[link.nature]
    attrs: dict[str, str | float] = {
        "arrowhead": line.arrowhead,
        "arrowsize": 0.7,
        "class": f"link {link.nature}",
        "color": theme.edge,
        "fontcolor": theme.text,
        "id": edge_id(link),
        "label": _edge_label(design, link, theme),
        "penwidth": line.penwidth,
        "style": line.style,
        "tooltip": tooltip(f"{source.label} → {target.label}: {link.label} ({NATURES[link.nature]})"),
    }
    tail, head = source, target
    if _lays_out_backwards(link, source, target):
        # Lay out left-to-right by lane; draw the arrowhead at the real target.
        tail, head = target, source
        attrs.update(dir="back", arrowtail=line.arrowhead)
        del attrs["arrowhead"]
    return f"  {quote(node_id(tail))} -> {quote(node_id(head))} {_attrs(attrs)}\n"


def _lane_columns(design: Design) -> Iterator[str]:
    """One column per lane: a lane's members share a rank, so links inside a lane run vertically.

    The columns' order follows the links (calls and flowing data point rightwards), which keeps
    request paths straight; forcing the catalogue's lane order as well made in-lane links loop.
    """
    for lane in LANES:
        members = [c for c in design.components if c.lane == lane]
        if members:
            yield f"  {{ rank=same; {'; '.join(quote(node_id(c)) for c in members)} }}\n"


def to_dot(design: Design, theme: Theme = LIGHT) -> str:
    """The whole diagram of `design` as DOT source.

    Pure and deterministic: no I/O, no randomness, attributes sorted, components and links in the
    order the blueprint declares them.
    """
    graph: dict[str, str | float] = {
        "bgcolor": theme.background,
        "fontcolor": theme.text,
        "fontname": theme.font,
        "fontsize": theme.label_size,
        "id": f"blueprint-{design.slug}",
        "label": _title(design, theme),
        "labeljust": "l",
        "labelloc": "t",
        "newrank": "true",
        "nodesep": 0.3,
        "outputorder": "edgesfirst",
        "pad": 0.3,
        "rankdir": "LR",
        "ranksep": 0.4,
        "splines": "spline",
    }
    node: dict[str, str | float] = {
        "fontcolor": theme.text,
        "fontname": theme.font,
        "fontsize": theme.label_size,
        "margin": 0,
        "shape": "plain",
    }
    edge: dict[str, str | float] = {"fontcolor": theme.text, "fontname": theme.font, "fontsize": theme.edge_size}
    parts = [
        f"digraph {quote(design.slug)} {{\n",
        f"  graph {_attrs(graph)}\n",
        f"  node {_attrs(node)}\n",
        f"  edge {_attrs(edge)}\n",
        *_contents(design, None, theme, 1),
        *(_edge(design, link, theme) for link in design.links),
        *_lane_columns(design),
        "}\n",
    ]
    return "".join(parts)
