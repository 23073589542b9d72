"""Themes as data: palette, font and line styles. Light is the default; another is a few lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = ["LIGHT", "LineStyle", "Theme"]


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
    """Everything visual a view needs; the DOT generator reads nothing else."""

    name: str
    background: str
    text: str
    muted: str
    edge: str
    card_fill: str
    badge_text: str
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
    lines: dict[str, LineStyle] = field(default_factory=_lines)

    def flow_color(self, index: int) -> str:
        return self.flow_colors[index % len(self.flow_colors)]


LIGHT: Final = Theme(
    name="light",
    background="#ffffff",
    text="#1f2328",
    muted="#59636e",
    edge="#57606a",
    card_fill="#ffffff",
    badge_text="#ffffff",
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
