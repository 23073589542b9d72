"""Themes as data: palette, fonts and line styles. Light and dark are two instances of `Theme`.

The DOT generator reads colours from nothing else, and every theme draws the same geometry
(same fonts, sizes and line widths), so a dark image lays out exactly like its light twin.
A third theme is one more `Theme(...)` with a palette.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

__all__ = ["DARK", "LIGHT", "THEMES", "LineStyle", "Theme"]


@dataclass(frozen=True, slots=True)
class LineStyle:
    """How one link nature is drawn, on the diagram and in its legend."""

    style: str
    penwidth: float
    arrowhead: str


def _lines() -> dict[str, LineStyle]:
    return {
        "sync": LineStyle("solid", 1.3, "normal"),
        "async": LineStyle("dashed", 1.3, "normal"),
        "replication": LineStyle("dotted", 1.6, "normal"),
        "stream": LineStyle("dashed", 2.4, "vee"),
    }


@dataclass(frozen=True, slots=True)
class Theme:
    """Everything visual a view needs.

    `receded_*` colours draw what a flow view pushes into the background; `icon_plate` is the
    tile behind each icon (None draws the icon straight on the card), which keeps dark line-art
    icons legible on a dark card.
    """

    name: str
    suffix: str
    background: str
    text: str
    muted: str
    edge: str
    card_fill: str
    badge_text: str
    receded_edge: str
    receded_text: str
    receded_badge: str
    icon_plate: str | None
    receded_plate: str | None
    lane_accents: dict[str, str]
    group_fills: dict[str, str]
    group_borders: dict[str, str]
    flow_colors: tuple[str, ...]
    font: str = "Arial"
    title_size: float = 20
    subtitle_size: float = 11
    label_size: float = 11
    detail_size: float = 9
    edge_size: float = 9
    group_size: float = 10
    #: About how many characters of a card's label, or a group's title, fit one line.
    card_wrap: int = 22
    group_wrap: int = 40
    lines: dict[str, LineStyle] = field(default_factory=_lines)
    #: A group's border width by nesting depth (0 at the top level, the last for anything deeper):
    #: the outer boundary weighs most, so nested groups read as inside it at a glance.
    group_penwidths: tuple[float, ...] = (1.5, 1.1, 0.8)

    def flow_color(self, index: int) -> str:
        return self.flow_colors[index % len(self.flow_colors)]

    def group_penwidth(self, depth: int) -> float:
        return self.group_penwidths[min(depth, len(self.group_penwidths) - 1)]

    def article(self) -> Theme:
        """The article form's type: shown at 700 CSS px, an image ~1.4x that wide keeps its smallest
        text at 8 px only when that text is set at 11.2 px or more; the narrower wrap keeps the
        larger text from widening every card."""
        return replace(self, label_size=12, detail_size=12, edge_size=12, group_size=12, card_wrap=14, group_wrap=24)


LIGHT: Final = Theme(
    name="light",
    suffix="",
    background="#ffffff",
    text="#1f2328",
    muted="#59636e",
    edge="#57606a",
    card_fill="#ffffff",
    badge_text="#ffffff",
    receded_edge="#d8dee4",
    receded_text="#a5adb6",
    receded_badge="#e4e8ec",
    icon_plate=None,
    receded_plate=None,
    lane_accents={
        "clients": "#8c959f",
        "edge": "#8250df",
        "gateways": "#6639ba",
        "services": "#0969da",
        "async": "#bc4c00",
        "data": "#1a7f37",
        "external": "#6e7781",
        "ops": "#57606a",
    },
    group_fills={
        "tier": "#f6f8fa",
        "region": "#ffffff",
        "zone": "#fff8f5",
        "cell": "#f3f9ff",
        "cluster": "#f6f8fa",
    },
    group_borders={
        "tier": "#d0d7de",
        "region": "#8c959f",
        "zone": "#e5534b",
        "cell": "#54aeff",
        "cluster": "#afb8c1",
    },
    flow_colors=("#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#1b7c83"),
)

DARK: Final = Theme(
    name="dark",
    suffix=".dark",
    background="#0d1117",
    text="#e6edf3",
    muted="#9aa4ae",
    edge="#8b949e",
    card_fill="#1b2129",
    badge_text="#0d1117",
    receded_edge="#2d333b",
    receded_text="#545d68",
    receded_badge="#262c35",
    # Many `diagrams` icons are dark line art; a light tile keeps them readable on a dark card.
    icon_plate="#dce3ea",
    receded_plate="#3a424c",
    lane_accents={
        "clients": "#768390",
        "edge": "#a371f7",
        "gateways": "#8957e5",
        "services": "#4493f8",
        "async": "#db6d28",
        "data": "#3fb950",
        "external": "#768390",
        "ops": "#6e7681",
    },
    group_fills={
        "tier": "#151b23",
        "region": "#0d1117",
        "zone": "#1c1412",
        "cell": "#0c1829",
        "cluster": "#151b23",
    },
    group_borders={
        "tier": "#3d444d",
        "region": "#768390",
        "zone": "#e5534b",
        "cell": "#4493f8",
        "cluster": "#484f58",
    },
    flow_colors=("#58a6ff", "#ff7b72", "#56d364", "#bc8cff", "#f0883e", "#39c5cf"),
)

#: Every theme each view is drawn in; the first is the default and the fallback.
THEMES: Final = (LIGHT, DARK)
