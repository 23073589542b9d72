"""Design -> DOT, as a pure function: same design and paint, same text, on any machine.

A drawing has two graphs: the body (components, groups, links) and the header (title, promise,
caption, legend). Every colour comes from a `Paint` (kit/drawing/paint.py), so the renderer can
lay the body out once with placeholder colours and restyle it into every view and theme.
`to_dot` joins both into one graph of one view, for `blueprint dot` and for reading.

Node ids are component ids, attributes are sorted, and icons are named by their path inside the
`diagrams` resources (the renderer tells `dot` where those live with -Gimagepath), so the DOT holds
no machine-specific path. Links are laid out from left lane to right lane: a link that points
"backwards" (a worker consuming from a queue to its left) is emitted reversed with `dir=back`,
which keeps the lanes in order while the arrowhead still shows the true direction. Consumers of
the async lane are the exception and sit downstream of the queue they read.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from kit.analysis.loadmodel import evaluate
from kit.drawing.paint import Paint, Role, ViewPaint, is_receded, link_state
from kit.drawing.theme import LIGHT, Theme
from kit.drawing.views import OVERVIEW, View, badge_runs, link_key
from kit.model.catalog import GROUP_KINDS, LANES, NATURES, icon_for, lane_index
from kit.model.model import Component, Design, Flow, Group, Link

__all__ = [
    "CAPTION_CHARS",
    "DEFAULT_LAYOUT",
    "HtmlLabel",
    "IconSource",
    "LayoutOptions",
    "body_dot",
    "caption",
    "edge_id",
    "group_dom_id",
    "header_dot",
    "html",
    "legend_dots",
    "legend_flow_text",
    "node_id",
    "quote",
    "to_dot",
    "tooltip",
]


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """How the body is laid out, when more than one layout is tried (kit/drawing/search.py).

    `rankdir` runs the lanes left to right ("LR") or top to bottom ("TB"); `lane_labels` places the
    label of a link within one lane on the link ("label", where Graphviz centres it on the line)
    or beside it ("xlabel", placed after layout away from nodes and other labels); `group_title`
    puts group titles at the bottom ("b") or top ("t") of their box; `nodesep` and `ranksep` are
    Graphviz's spacing in inches; `compact` draws the article form: badges only on links (the
    numbered steps are in the text under the image) and no technology line on cards; `lanes`
    False lets Graphviz rank components freely instead of one column per lane (narrower);
    `flipped` names the groups whose title goes on the other side, `right` those whose title sits
    at the right end (the search moves a title an edge runs through); `beside` names the links
    (by edge id) whose label or badges are placed beside the line after layout, as an `xlabel`
    (the search moves a label that a line runs through); `on` names the links within one lane
    whose label stays on the line even though an end is in a group (which `dot` may refuse).
    """

    rankdir: str = "LR"
    lane_labels: str = "label"
    group_title: str = "b"
    nodesep: float = 0.3
    ranksep: float = 0.4
    compact: bool = False
    flipped: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    lanes: bool = True
    beside: tuple[str, ...] = ()
    on: tuple[str, ...] = ()

    def title_side(self, group: Group) -> str:
        """Where `group`'s title goes: `group_title`, or the other side when the group is flipped."""
        if group.id in self.flipped:
            return "t" if self.group_title == "b" else "b"
        return self.group_title

    def __post_init__(self) -> None:
        if self.rankdir not in ("LR", "TB"):
            raise ValueError(f"rankdir must be 'LR' or 'TB', not {self.rankdir!r}")
        if self.lane_labels not in ("label", "xlabel"):
            raise ValueError(f"lane_labels must be 'label' or 'xlabel', not {self.lane_labels!r}")
        if self.group_title not in ("b", "t"):
            raise ValueError(f"group_title must be 'b' or 't', not {self.group_title!r}")

    @property
    def key(self) -> str:
        """A short, stable name for the manifest and reports: `LR-label-b-0.3-0.4|flip=a,b/c`."""
        return "-".join(
            (self.rankdir, self.lane_labels, self.group_title, f"{self.nodesep:g}", f"{self.ranksep:g}")
            + (("free",) if not self.lanes else ())
            + (("compact",) if self.compact else ())
        ) + "".join(
            f"|{name}={','.join(names)}"
            for name, names in (
                ("flip", self.flipped),
                ("right", self.right),
                ("beside", self.beside),
                ("on", self.on),
            )
            if names
        )

    @classmethod
    def from_key(cls, key: str) -> LayoutOptions:
        """The options `key` names; raises ValueError for a key this kit does not write."""
        key, *moves = key.split("|")
        moved = {name: tuple(groups.split(",")) for name, _, groups in (move.partition("=") for move in moves)}
        if not set(moved) <= {"flip", "right", "beside", "on"}:
            raise ValueError(f"not a layout key: {key!r}")
        parts = key.split("-")
        compact = parts[-1:] == ["compact"]
        if compact:
            parts = parts[:-1]
        lanes = parts[-1:] != ["free"]
        if not lanes:
            parts = parts[:-1]
        if len(parts) != 5:
            raise ValueError(f"not a layout key: {key!r}")
        try:
            return cls(
                parts[0],
                parts[1],
                parts[2],
                float(parts[3]),
                float(parts[4]),
                compact,
                moved.get("flip", ()),
                moved.get("right", ()),
                lanes,
                moved.get("beside", ()),
                moved.get("on", ()),
            )
        except ValueError as error:
            raise ValueError(f"not a layout key: {key!r} ({error})") from None


#: The layout every design gets unless the search or its author picks another.
DEFAULT_LAYOUT = LayoutOptions()


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


#: Where `dot` finds a component's icon (a path under -Gimagepath), or None to draw the lane bar.
IconSource = Callable[[Component], "str | None"]


def catalog_icon(component: Component) -> str | None:
    """The icon the catalogue picks for the component's kind and technology."""
    return icon_for(component.kind, component.tech, icon=component.icon)


def _card(
    component: Component, theme: Theme, paint: Paint, icon: str | None, options: LayoutOptions = DEFAULT_LAYOUT
) -> HtmlLabel:
    cid = component.id
    accent = paint(Role("accent", cid))
    # The article form leaves the technology to the summary's component list: it widens every card.
    detail = "" if options.compact else component.tech
    if component.replicas > 1 and not options.compact:
        detail = f"{detail} · ×{component.replicas}" if detail else f"×{component.replicas}"
    rows = 2 if detail else 1
    icon_cell = (
        f'<TD ROWSPAN="{rows}" FIXEDSIZE="TRUE" WIDTH="34" HEIGHT="34" STYLE="rounded" '
        f'BGCOLOR="{paint(Role("plate", cid))}"><IMG SRC="{html(icon)}" SCALE="TRUE"/></TD>'
        if icon
        else f'<TD ROWSPAN="{rows}" FIXEDSIZE="TRUE" WIDTH="8" HEIGHT="34" BGCOLOR="{accent}"></TD>'
    )
    label = (
        f'<TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.label_size:g}" '
        f'COLOR="{paint(Role("card-text", cid))}"><B>{_wrapped(component.label, theme.card_wrap)}</B></FONT></TD>'
    )
    # A narrow spacer keeps bold text off the rounded border, whose curve Graphviz does not measure.
    spacer = f'<TD ROWSPAN="{rows}" WIDTH="4"></TD>'
    body = f"<TR>{icon_cell}{label}{spacer}</TR>"
    if detail:
        body += (
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.detail_size:g}" '
            f'COLOR="{paint(Role("card-detail", cid))}">{_wrapped(detail, 28)}</FONT></TD></TR>'
        )
    return HtmlLabel(
        f'<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="rounded" '
        f'COLOR="{accent}" BGCOLOR="{paint(Role("card-fill"))}">{body}</TABLE>'
    )


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
    # No-break spaces pad the number: SVG collapses plain spaces, which put numbers left of centre.
    return (
        f'<TD BGCOLOR="{fill}" STYLE="rounded" CELLPADDING="2"><FONT COLOR="{text_color}" '
        f'POINT-SIZE="{theme.edge_size:g}"><B>\u00a0{text}\u00a0</B></FONT></TD>'
    )


def _edge_label(
    design: Design, link: Link, theme: Theme, paint: Paint, options: LayoutOptions = DEFAULT_LAYOUT
) -> HtmlLabel | None:
    """The link's step badges, then its label; the same text in every view, only colours change.

    The article form draws the badges alone (None when the link carries no step): the numbered
    steps are written out in the text under the image."""
    key = link_key(link)
    badges = [
        _badge(_run_text(first, last), paint(Role("badge", key, i)), paint(Role("badge-text", key, i)), theme)
        for i, (first, last, _) in enumerate(badge_runs(design, link))
    ]
    if options.compact:
        if not badges:
            return None
        return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0"><TR>{"".join(badges)}</TR></TABLE>')
    figure = f'<BR ALIGN="LEFT"/><B>{html(evaluate(design).figure(link.figure).text)}</B>' if link.figure else ""
    text = f'<TD ALIGN="LEFT" BALIGN="LEFT">{_wrapped(link.label, 24)}{figure}</TD>'
    return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0"><TR>{"".join(badges)}{text}</TR></TABLE>')


def _line_sample(nature: str, color: str, theme: Theme) -> str:
    line = theme.lines[nature]
    weight = max(1, round(line.penwidth))
    return (
        f'<TD SIDES="B" BORDER="{weight}" STYLE="{line.style}" COLOR="{color}" FIXEDSIZE="TRUE" '
        'WIDTH="30" HEIGHT="8"></TD>'
    )


#: About how many characters of legend text fit one row before it wraps onto the next.
LEGEND_ROW_CHARS = 110


def _legend_items(design: Design, theme: Theme, view: View, paint: Paint) -> list[tuple[str, str]]:
    """Only what this view draws: its links' line styles, its group kinds, its flows' badges.
    Each item is a swatch cell and its text, as (cells, plain text)."""
    items = []
    text = paint(Role("legend-text"))
    shown_links = design.links if view.flow is None else [link for link in design.links if view.emphasises(link)]
    for nature in NATURES:
        if any(link.nature == nature for link in shown_links):
            label = NATURES[nature]
            sample = _line_sample(nature, paint(Role("legend-line")), theme)
            items.append((sample + f'<TD ALIGN="LEFT"><FONT COLOR="{text}">{html(label)}</FONT></TD>', label))
    if view.flow is not None and len(shown_links) < len(design.links):
        sample = _line_sample("sync", paint(Role("legend-receded")), theme)
        label = "not on this flow"
        items.append((sample + f'<TD ALIGN="LEFT"><FONT COLOR="{paint(Role("muted"))}">{label}</FONT></TD>', label))
    for kind, title in GROUP_KINDS.items():
        if any(group.kind == kind for group in design.groups):
            # Dashed groups (regions, zones) are outlines only; so is their swatch.
            fill = "" if kind in _DASHED_GROUPS else f' BGCOLOR="{paint(Role("legend-fill", kind))}"'
            style = "rounded,dashed" if kind in _DASHED_GROUPS else "rounded"
            items.append(
                (
                    f'<TD BORDER="1" STYLE="{style}" COLOR="{paint(Role("legend-border", kind))}"{fill} '
                    'FIXEDSIZE="TRUE" WIDTH="18" HEIGHT="10"></TD>'
                    f'<TD ALIGN="LEFT"><FONT COLOR="{text}">{html(title)}</FONT></TD>',
                    title,
                )
            )
    for index, flow in enumerate(design.flows):
        if view.flow is not None and flow.name != view.flow.name:
            continue
        first, _ = flow.numbers
        label = legend_flow_text(flow)
        items.append(
            (
                _badge(str(first), paint(Role("flow", "", index)), paint(Role("badge-ink")), theme)
                + f'<TD ALIGN="LEFT"><FONT COLOR="{text}">{html(label)}</FONT></TD>',
                label,
            )
        )
    return items


def _legend_rows(design: Design, theme: Theme, view: View, paint: Paint) -> list[str]:
    """The legend's items in rows of about LEGEND_ROW_CHARS characters, each row a table of its own,
    so a long legend wraps instead of widening the image."""
    rows: list[list[str]] = []
    width = LEGEND_ROW_CHARS
    for cells, label in _legend_items(design, theme, view, paint):
        if not rows or width + len(label) + 6 > LEGEND_ROW_CHARS:
            rows.append([])
            width = 0
        rows[-1].append(cells + '<TD WIDTH="14"></TD>')
        width += len(label) + 6
    return [f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="0"><TR>{"".join(row)}</TR></TABLE>' for row in rows]


def _legend(design: Design, theme: Theme, view: View, paint: Paint) -> str:
    """The whole legend in one table (rows may stretch to the widest: fine for `blueprint dot`)."""
    rows = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in _legend_rows(design, theme, view, paint))
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">{rows}</TABLE>' if rows else ""


#: Longest caption line; a longer one could widen the header past the diagram and shift it.
CAPTION_CHARS = 140


def _clip(text: str) -> str:
    """`text` on one line of at most CAPTION_CHARS, cut at a word boundary ("… and Po…" reads as a typo).

    >>> _clip("one word " * 20)[-14:]
    'one word one …'
    """
    text = " ".join(text.split())
    if len(text) <= CAPTION_CHARS:
        return text
    room = CAPTION_CHARS - 2  # for " …"
    # One character more than fits shows whether a word ends exactly at the limit.
    cut = text[: room + 1]
    # A single word longer than the line is cut inside it, as nothing else fits.
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut[:room]
    return head.rstrip(" ,;:·—–-") + " …"


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


def _title_block(design: Design, theme: Theme, view: View, paint: Paint) -> str:
    """Title, promise and the view's two caption lines, as rows of the header table."""
    text, muted = paint(Role("text")), paint(Role("muted"))
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.title_size:g}" COLOR="{text}"><B>{html(design.title)}</B>'
        "</FONT></TD></TR>"
    ]
    if design.promise:
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{theme.subtitle_size:g}" COLOR="{muted}">'
            f"{_wrapped(design.promise, 110)}</FONT></TD></TR>"
        )
    heading, detail = caption(design, view)
    rows.append(
        f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">'
        f'<FONT POINT-SIZE="{theme.subtitle_size:g}" COLOR="{paint(Role("caption"))}"><B>'
        f'{html(heading)}</B></FONT><BR ALIGN="LEFT"/><FONT POINT-SIZE="{theme.subtitle_size:g}" '
        f'COLOR="{text}">{html(detail) or " "}</FONT></TD></TR>'
    )
    return "".join(rows)


def _legend_row(design: Design, theme: Theme, view: View, paint: Paint) -> str:
    legend = _legend(design, theme, view, paint)
    return f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.edge_size:g}">{legend}</FONT></TD></TR>' if legend else ""


def _header(design: Design, theme: Theme, view: View, paint: Paint) -> HtmlLabel:
    """Title, promise, caption and legend in one table: the header `to_dot` puts on one graph."""
    rows = _title_block(design, theme, view, paint) + _legend_row(design, theme, view, paint)
    return HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3">{rows}</TABLE>')


_DASHED_GROUPS = ("region", "zone")


def _group_title(group: Group, muted: str, wrap: int = 40) -> HtmlLabel:
    """The group's label, then its kind in muted text unless the label already says it ("Storage tier").

    >>> str(_group_title(Group("s", "Storage tier", "tier"), "#59636e"))
    '<B>Storage tier</B>'
    """
    # Wrapped like a card's label: one very long unbroken line made Graphviz lose edges.
    title = f"<B>{_wrapped(group.label, wrap)}</B>"
    kind = GROUP_KINDS[group.kind]
    said = {word.strip("()[],.:;").lower() for word in group.label.split()}
    if kind.split()[-1] in said:
        return HtmlLabel(title)
    return HtmlLabel(f'{title}  <FONT COLOR="{muted}">{html(kind)}</FONT>')


def _cluster(
    design: Design, group: Group, paint: Paint, icons: IconSource, view: View, depth: int, options: LayoutOptions
) -> Iterator[str]:
    indent = "  " * depth
    theme = _theme_of(paint, options)
    style = "rounded,dashed" if group.kind in _DASHED_GROUPS else "rounded,filled"
    muted = paint(Role("group-text", group.kind))
    attrs: dict[str, str | float] = {
        "class": f"group {group.kind}",
        "color": paint(Role("group-border", group.kind)),
        "fillcolor": paint(Role("group-fill", group.kind)),
        "fontcolor": muted,
        "fontsize": theme.group_size,
        "id": group_dom_id(group),
        "label": _group_title(group, muted, theme.group_wrap),
        "labeljust": "r" if group.id in options.right else "l",
        # Below the members by default: edges mostly enter a column's groups from above, and would
        # cross it; the layout search tries the top as well.
        "labelloc": options.title_side(group),
        "margin": 10,
        # Nesting shows as a lighter border the deeper a group sits (`depth` 1 is the top level).
        "penwidth": theme.group_penwidth(depth - 1),
        "style": style,
    }
    yield f"{indent}subgraph {quote('cluster_' + group.id)} {{\n"
    yield f"{indent}  graph {_attrs(attrs)}\n"
    yield from _contents(design, group.id, paint, icons, view, depth + 1, options)
    yield f"{indent}}}\n"


def _node(component: Component, paint: Paint, icons: IconSource, view: View, depth: int, options: LayoutOptions) -> str:
    receded = is_receded(view, component.id)
    attrs: dict[str, str | float] = {
        "class": component_class(component, receded=receded),
        "id": f"component-{component.id}",
        "label": _card(component, _theme_of(paint, options), paint, icons(component), options),
        "tooltip": tooltip(component.responsibility or component.display_name),
    }
    return f"{'  ' * depth}{quote(node_id(component))} {_attrs(attrs)}\n"


def component_class(component: Component, *, receded: bool) -> str:
    """The SVG class of a component's card in a view."""
    return f"component {component.kind} lane-{component.lane}" + (" receded" if receded else "")


def link_class(link: Link, state: str) -> str:
    """The SVG class of a link in a view (`state` as `paint.link_state` names it)."""
    return f"link {link.nature}" + (f" {state}" if state else "")


def link_penwidth(theme: Theme, link: Link, state: str) -> float:
    """A flow view draws its links thicker, and a frame's current step thicker still."""
    base = theme.lines[link.nature].penwidth
    return base + {"active": 0.9, "current": 2.8}.get(state, 0.0)


def _contents(
    design: Design,
    group_id: str | None,
    paint: Paint,
    icons: IconSource,
    view: View,
    depth: int,
    options: LayoutOptions = DEFAULT_LAYOUT,
) -> Iterator[str]:
    for group in design.subgroups(group_id):
        yield from _cluster(design, group, paint, icons, view, depth, options)
    for component in design.members(group_id):
        yield _node(component, paint, icons, view, depth, options)


def _lays_out_backwards(link: Link, source: Component, target: Component) -> bool:
    """True when a call points from a lane right of its target's; it is then laid out reversed.

    Flowing data (replication, CDC, streams) and anything leaving the async lane keeps its
    direction: a consumer sits downstream of the log, queue or replica stream it reads.
    """
    if source.lane == "async" or link.nature in ("replication", "stream"):
        return False
    return lane_index(source.lane) > lane_index(target.lane)


def _edge(design: Design, link: Link, paint: Paint, view: View, options: LayoutOptions = DEFAULT_LAYOUT) -> str:
    theme = _theme_of(paint, options)
    source, target = design.component(link.source), design.component(link.target)
    line = theme.lines[link.nature]
    key = link_key(link)
    state = link_state(view, link)
    attrs: dict[str, str | float] = {
        "arrowhead": line.arrowhead,
        "arrowsize": 0.7,
        "class": link_class(link, state),
        "color": paint(Role("link", key)),
        "fontcolor": paint(Role("link-text", key)),
        "id": edge_id(link),
        "penwidth": link_penwidth(theme, link, state),
        "style": line.style,
        "tooltip": tooltip(f"{source.label} → {target.label}: {link.label} ({NATURES[link.nature]})"),
    }
    label = _edge_label(design, link, theme, paint, options)
    if label is not None:
        # A link within one lane runs along its column, and Graphviz centres a `label` on it; an
        # `xlabel` is placed beside it after layout. The author's choice wins over the search's.
        beside = link.label_position == "beside" or (
            link.label_position == ""
            and ((options.lane_labels == "xlabel" and source.lane == target.lane) or edge_id(link) in options.beside)
        )
        if (
            options.lanes
            and source.lane == target.lane
            and (source.group is not None or target.group is not None)
            and edge_id(link) not in options.on
        ):
            # Both ends share their lane's rank, so dot makes this a flat edge and lays its label out
            # as a node of its own beside them; with newrank and a group around either end, that
            # node's constraints could form a cycle, and dot failed with "trouble in init_rank" (9 of
            # 60 random designs with three groups, 0 with this). An xlabel is placed after layout.
            # The search may still try the label on the line (`on`), and drops that layout when
            # `dot` fails on it.
            beside = True
        attrs["xlabel" if beside else "label"] = label
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


def _theme_of(paint: Paint, options: LayoutOptions = DEFAULT_LAYOUT) -> Theme:
    """Sizes, fonts and line styles: the same in every theme, so any paint's theme (or LIGHT) serves.
    The article form sets its text larger and wraps it narrower (`Theme.article`)."""
    theme = paint.theme if isinstance(paint, ViewPaint) else LIGHT
    return theme.article() if options.compact else theme


def _graph_defaults(paint: Paint) -> dict[str, str | float]:
    """What every graph the kit lays out shares: its background, text colour and font."""
    theme = _theme_of(paint)
    return {
        "bgcolor": paint(Role("background")),
        "fontcolor": paint(Role("text")),
        "fontname": theme.font,
        "fontsize": theme.label_size,
    }


def _defaults(paint: Paint, options: LayoutOptions) -> tuple[dict[str, str | float], dict[str, str | float]]:
    theme = _theme_of(paint, options)
    text = paint(Role("text"))
    node: dict[str, str | float] = {
        "fontcolor": text,
        "fontname": theme.font,
        "fontsize": theme.label_size,
        "margin": 0,
        "shape": "plain",
    }
    edge: dict[str, str | float] = {"fontcolor": text, "fontname": theme.font, "fontsize": theme.edge_size}
    return node, edge


def body_dot(
    design: Design,
    paint: Paint,
    view: View = OVERVIEW,
    *,
    icons: IconSource = catalog_icon,
    header: HtmlLabel | None = None,
    options: LayoutOptions = DEFAULT_LAYOUT,
) -> str:
    """The body of `design` (components, groups, links) as DOT; `header` adds the title block.

    Pure and deterministic: no I/O, no randomness, attributes sorted, components and links in the
    order the blueprint declares them. `view` sets only classes and pen widths; colours come from
    `paint`, icon paths from `icons`; `options` choose among the candidate layouts.
    """
    graph: dict[str, str | float] = {
        **_graph_defaults(paint),
        "id": f"blueprint-{design.slug}",
        "newrank": "true",
        "nodesep": options.nodesep,
        "outputorder": "edgesfirst",
        "pad": 0.3,
        "rankdir": options.rankdir,
        "ranksep": options.ranksep,
        "splines": "spline",
    }
    if header is not None:
        graph.update(label=header, labeljust="l", labelloc="t")
    node, edge = _defaults(paint, options)
    parts = [
        f"digraph {quote(design.slug)} {{\n",
        f"  graph {_attrs(graph)}\n",
        f"  node {_attrs(node)}\n",
        f"  edge {_attrs(edge)}\n",
        *_contents(design, None, paint, icons, view, 1, options),
        *(_edge(design, link, paint, view, options) for link in design.links),
        *(_lane_columns(design) if options.lanes else ()),
        "}\n",
    ]
    return "".join(parts)


def _label_graph(name: str, label: str, paint: Paint, *, padding: int = 3) -> str:
    graph: dict[str, str | float] = {
        **_graph_defaults(paint),
        "label": HtmlLabel(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="{padding}">{label}</TABLE>'),
        "labeljust": "l",
        "labelloc": "t",
        "margin": 0,
        "pad": 0,
    }
    return f"digraph {name} {{\n  graph {_attrs(graph)}\n}}\n"


def header_dot(design: Design, view: View, paint: Paint) -> str:
    """The header of one view (title, promise, caption) as a graph of its own, no margin.

    The legend is laid out apart (`legend_dots`): in one table with a wider caption line,
    Graphviz would stretch its items across the caption's width.
    """
    return _label_graph("header", _title_block(design, _theme_of(paint), view, paint), paint)


def legend_dots(design: Design, view: View, paint: Paint) -> list[str]:
    """The legend of one view, a graph per row: laid out together, Graphviz would stretch every
    row's items to the widest row."""
    theme = _theme_of(paint)
    return [
        _label_graph(
            "legend", f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{theme.edge_size:g}">{row}</FONT></TD></TR>', paint
        )
        for row in _legend_rows(design, theme, view, paint)
    ]


def to_dot(design: Design, theme: Theme = LIGHT, view: View = OVERVIEW) -> str:
    """One view of `design` in one theme as a single DOT graph, header included: what
    `blueprint dot` prints. The renderer draws the same body and header, laid out once."""
    paint = ViewPaint(design, theme, view)
    return body_dot(design, paint, view, header=_header(design, theme, view, paint))
