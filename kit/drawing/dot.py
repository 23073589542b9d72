"""Design -> DOT, as a pure function: same design and theme, same text, on any machine.

Node ids are component ids, attributes are sorted, and icons are named by their path inside the
`diagrams` resources (the renderer tells `dot` where those live with -Gimagepath), so the DOT holds
no machine-specific path. Links are laid out from left lane to right lane: a link that points
"backwards" (a worker consuming from a queue to its left) is emitted reversed with `dir=back`,
which keeps the lanes in order while the arrowhead still shows the true direction. Consumers of
the async lane are the exception and sit downstream of the queue they read.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Mapping

from kit.analysis.loadmodel import evaluate
from kit.drawing.icons import FAINT_PREFIX
from kit.drawing.theme import LIGHT, Theme
from kit.drawing.views import OVERVIEW, View, flow_views, walkthrough_frames
from kit.model.catalog import GROUP_KINDS, LANES, NATURES, icon_for, lane_index
from kit.model.model import Component, Design, Flow, Group, Link

__all__ = [
    "CAPTION_CHARS",
    "HtmlLabel",
    "caption",
    "edge_id",
    "group_dom_id",
    "html",
    "legend_flow_text",
    "node_id",
    "quote",
    "to_dot",
    "tooltip",
]


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


def _card(component: Component, theme: Theme, *, receded: bool) -> HtmlLabel:
    accent = theme.receded_edge if receded else theme.lane_accents[component.lane]
    icon = icon_for(component.kind, component.tech)
    detail = component.tech
    if component.replicas > 1:
        detail = f"{detail} · ×{component.replicas}" if detail else f"×{component.replicas}"
    rows = 2 if detail else 1
    plate = theme.receded_plate if receded else theme.icon_plate
    plate_attrs = f' BGCOLOR="{plate}"' if plate else ""
    icon_cell = (
        f'<TD ROWSPAN="{rows}" FIXEDSIZE="TRUE" WIDTH="34" HEIGHT="34" STYLE="rounded"{plate_attrs}>'
        f'<IMG SRC="{html((FAINT_PREFIX if receded else "") + icon)}" SCALE="TRUE"/></TD>'
        if icon
        else f'<TD ROWSPAN="{rows}" FIXEDSIZE="TRUE" WIDTH="8" HEIGHT="34" BGCOLOR="{accent}"></TD>'
    )
    text_color = theme.receded_text if receded else theme.text
    label = (
        f'<TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.label_size:g}" COLOR="{text_color}"><B>'
        f"{_wrapped(component.label, 22)}</B></FONT></TD>"
    )
    # A narrow spacer keeps bold text off the rounded border, whose curve Graphviz does not measure.
    spacer = f'<TD ROWSPAN="{rows}" WIDTH="4"></TD>'
    body = f"<TR>{icon_cell}{label}{spacer}</TR>"
    if detail:
        detail_color = theme.receded_text if receded else theme.muted
        body += (
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.detail_size:g}" '
            f'COLOR="{detail_color}">{_wrapped(detail, 28)}</FONT></TD></TR>'
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


# A paragraph takes its direction from its first strong letter, so after an Arabic or Hebrew flow
# name the range "1–2" was laid out right to left and read "2–1". Left-to-right marks around the
# range make it a left-to-right run in any paragraph. (Unicode isolates, LRI ... PDI, would be the
# modern way, but the Pango that Debian's Graphviz draws with ignores them: tried, still "2–1".)
_LRM = "\u200e"


def _run_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _run_in_text(first: int, last: int) -> str:
    """A step range inside other text (a badge holds it alone): reads left to right in any paragraph."""
    return str(first) if first == last else f"{_LRM}{first}–{last}{_LRM}"


def legend_flow_text(flow: Flow) -> str:
    """A flow's legend entry, its name then its step range: "Pay a merchant (1 to 8)" with an en dash."""
    first, last = flow.numbers
    return f"{flow.name} ({_run_in_text(first, last)})"


def _badge(text: str, fill: str, text_color: str, theme: Theme) -> str:
    return (
        f'<TD BGCOLOR="{fill}" STYLE="rounded" CELLPADDING="2"><FONT COLOR="{text_color}" '
        f'POINT-SIZE="{theme.edge_size:g}"><B> {text} </B></FONT></TD>'
    )


def _flow_index(design: Design) -> dict[str, int]:
    return {flow.name: i for i, flow in enumerate(design.flows)}


def _edge_label(design: Design, link: Link, theme: Theme, view: View) -> HtmlLabel:
    """The link's step badges, then its label; the same text in every view, only colours change."""
    flows = _flow_index(design)
    revealed = {step.number for step in view.active_steps}
    runs = step_runs([(step.number, flows[design.flow_of(step).name]) for step in design.steps_on(link)])
    badges = []
    for first, last, flow in runs:
        lit = view.flow is None or any(number in revealed for number in range(first, last + 1))
        fill = theme.flow_color(flow) if lit else theme.receded_badge
        badges.append(_badge(_run_text(first, last), fill, theme.badge_text if lit else theme.receded_text, theme))
    figure = f'<BR ALIGN="LEFT"/><B>{html(evaluate(design).figure(link.figure).text)}</B>' if link.figure else ""
    text = f'<TD ALIGN="LEFT" BALIGN="LEFT">{_wrapped(link.label, 24)}{figure}</TD>'
    return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0"><TR>{"".join(badges)}{text}</TR></TABLE>')


def _line_sample(nature: str, color: str, theme: Theme) -> str:
    line = theme.lines[nature]
    weight = max(1, round(line.penwidth))
    return f'<TD SIDES="B" BORDER="{weight}" STYLE="{line.style}" COLOR="{color}" WIDTH="30" HEIGHT="6"> </TD>'


def _legend(design: Design, theme: Theme, view: View) -> str:
    """Only what this view draws: its links' line styles, its group kinds, its flows' badges."""
    cells = []
    shown_links = design.links if view.flow is None else [link for link in design.links if view.emphasises(link)]
    for nature in NATURES:
        if any(link.nature == nature for link in shown_links):
            cells.append(_line_sample(nature, theme.edge, theme) + f'<TD ALIGN="LEFT">{html(NATURES[nature])}   </TD>')
    if view.flow is not None and len(shown_links) < len(design.links):
        cells.append(
            _line_sample("sync", theme.receded_edge, theme)
            + f'<TD ALIGN="LEFT"><FONT COLOR="{theme.muted}">not on this flow</FONT>   </TD>'
        )
    for kind, title in GROUP_KINDS.items():
        if any(group.kind == kind for group in design.groups):
            dashed = ",dashed" if kind in _DASHED_GROUPS else ""
            cells.append(
                f'<TD BORDER="1" STYLE="rounded{dashed}" COLOR="{theme.group_borders[kind]}" '
                f'BGCOLOR="{theme.group_fills[kind]}" WIDTH="18" HEIGHT="10"> </TD>'
                f'<TD ALIGN="LEFT">{html(title)}   </TD>'
            )
    flows = _flow_index(design)
    for flow in design.flows:
        if view.flow is not None and flow.name != view.flow.name:
            continue
        first, _ = flow.numbers
        color = theme.flow_color(flows[flow.name])
        cells.append(
            _badge(str(first), color, theme.badge_text, theme)
            + f'<TD ALIGN="LEFT">{html(legend_flow_text(flow))}   </TD>'
        )
    return f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="0"><TR>{"".join(cells)}</TR></TABLE>' if cells else ""


#: Longest caption line; a longer one could widen the header past the diagram and shift it.
CAPTION_CHARS = 140


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CAPTION_CHARS else text[: CAPTION_CHARS - 1].rstrip() + "…"


def caption(design: Design, view: View) -> tuple[str, str]:
    """Two lines under the title naming what this view shows: the view, then the step or the flow.

    Always two lines (the second may be blank), each clipped to CAPTION_CHARS, so the header has
    the same height in every view and frame.
    """
    if view.flow is None:
        count = len(design.flows)
        return "Overview" + (f" · {count} flow{'s' if count != 1 else ''}" if count else ""), ""
    index = [flow.name for flow in design.flows].index(view.flow.name) + 1
    first, last = view.flow.numbers
    heading = f"Flow {index} of {len(design.flows)}: {view.flow.name} · steps {_run_in_text(first, last)}"
    step = view.current_step
    if step is not None:
        return _clip(f"{heading} · now step {step.number}"), _clip(f"{step.number}. {step.action}")
    return _clip(heading), _clip(view.flow.description)


#: Upper bound of a caption character's width, in ems of its font (Liberation Sans Bold averages 0.6).
_CAPTION_EM = 0.62


def _caption_width(design: Design, theme: Theme) -> int:
    """Room for the longest caption of any view or frame, so a header is equally wide in all of them:
    a small diagram under a longer caption would otherwise shift sideways from frame to frame."""
    longest = (
        max(len(line) for view in walkthrough_frames(design)[1:] + flow_views(design) for line in caption(design, view))
        if design.flows
        else 0
    )
    return math.ceil(longest * _CAPTION_EM * theme.subtitle_size)


def _title(design: Design, theme: Theme, view: View) -> HtmlLabel:
    """Title, promise, caption and legend; the same height in every view so nothing shifts."""
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.title_size:g}"><B>{html(design.title)}</B></FONT></TD></TR>'
    ]
    if design.promise:
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.subtitle_size:g}" COLOR="{theme.muted}">'
            f"{_wrapped(design.promise, 110)}</FONT></TD></TR>"
        )
    flow_color = theme.text
    if view.flow is not None:
        flow_color = theme.flow_color(_flow_index(design)[view.flow.name])
    heading, detail = caption(design, view)
    rows.append(
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" WIDTH="{_caption_width(design, theme)}">'
        f'<FONT POINT-SIZE="{theme.subtitle_size:g}" COLOR="{flow_color}"><B>'
        f'{html(heading)}</B></FONT><BR ALIGN="LEFT"/><FONT POINT-SIZE="{theme.subtitle_size:g}" '
        f'COLOR="{theme.text}">{html(detail) or " "}</FONT></TD></TR>'
    )
    legend = _legend(design, theme, view)
    if legend:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.edge_size:g}" COLOR="{theme.text}">'
            f"{legend}</FONT></TD></TR>"
        )
    return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3">{"".join(rows)}</TABLE>')


_DASHED_GROUPS = ("region", "zone")


def _cluster(design: Design, group: Group, theme: Theme, view: View, depth: int) -> Iterator[str]:
    indent = "  " * depth
    style = "rounded,dashed" if group.kind in _DASHED_GROUPS else "rounded,filled"
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
    yield from _contents(design, group.id, theme, view, depth + 1)
    yield f"{indent}}}\n"


def _node(component: Component, theme: Theme, view: View, depth: int) -> str:
    receded = view.flow is not None and not view.involves(component.id)
    attrs: dict[str, str | float] = {
        "class": f"component {component.kind} lane-{component.lane}" + (" receded" if receded else ""),
        "id": f"component-{component.id}",
        "label": _card(component, theme, receded=receded),
        "tooltip": tooltip(component.responsibility or component.display_name),
    }
    return f"{'  ' * depth}{quote(node_id(component))} {_attrs(attrs)}\n"


def _contents(design: Design, group_id: str | None, theme: Theme, view: View, depth: int) -> Iterator[str]:
    for group in design.subgroups(group_id):
        yield from _cluster(design, group, theme, view, depth)
    for component in design.members(group_id):
        yield _node(component, theme, view, depth)


def _lays_out_backwards(link: Link, source: Component, target: Component) -> bool:
    """True when a call points from a lane right of its target's; it is then laid out reversed.

    Flowing data (replication, CDC, streams) and anything leaving the async lane keeps its
    direction: a consumer sits downstream of the log, queue or replica stream it reads.
    """
    if source.lane == "async" or link.nature in ("replication", "stream"):
        return False
    return lane_index(source.lane) > lane_index(target.lane)


def _edge(design: Design, link: Link, theme: Theme, view: View) -> str:
    source, target = design.component(link.source), design.component(link.target)
    line = theme.lines[link.nature]
    color, font_color, penwidth, state = theme.edge, theme.text, line.penwidth, ""
    if view.flow is not None:
        if view.emphasises(link):
            color = theme.flow_color(_flow_index(design)[view.flow.name])
            current = view.current_step is not None and view.current_step.key == link.key
            penwidth, state = line.penwidth + (2.8 if current else 0.9), " current" if current else " active"
        else:
            color, font_color, state = theme.receded_edge, theme.receded_text, " receded"
    attrs: dict[str, str | float] = {
        "arrowhead": line.arrowhead,
        "arrowsize": 0.7,
        "class": f"link {link.nature}{state}",
        "color": color,
        "fontcolor": font_color,
        "id": edge_id(link),
        "label": _edge_label(design, link, theme, view),
        "penwidth": penwidth,
        "style": line.style,
        "tooltip": tooltip(f"{source.label} → {target.label}: {link.label} ({NATURES[link.nature]})"),
    }
    if source.lane == target.lane and (source.group is not None or target.group is not None):
        # Both ends share their lane's rank, so dot makes this a flat edge and lays its label out as
        # a node of its own beside them; with newrank and a group around either end, that node's
        # constraints could form a cycle, and dot failed with "trouble in init_rank" (9 of 60 random
        # designs with three groups, 0 with this). An xlabel is placed after layout, near the edge.
        attrs["xlabel"] = attrs.pop("label")
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


def to_dot(design: Design, theme: Theme = LIGHT, view: View = OVERVIEW) -> str:
    """One view of `design`, in one theme, as DOT source.

    Pure and deterministic: no I/O, no randomness, attributes sorted, components and links in the
    order the blueprint declares them. Views and themes change colours only, never the size of
    anything, so every view of a design lays out at the same positions.
    """
    graph: dict[str, str | float] = {
        "bgcolor": theme.background,
        "fontcolor": theme.text,
        "fontname": theme.font,
        "fontsize": theme.label_size,
        "id": f"blueprint-{design.slug}",
        "label": _title(design, theme, view),
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
        *_contents(design, None, theme, view, 1),
        *(_edge(design, link, theme, view) for link in design.links),
        *_lane_columns(design),
        "}\n",
    ]
    return "".join(parts)
