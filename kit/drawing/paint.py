"""Colour roles: what each coloured thing of a drawing is, and its colour in one view and theme.

The DOT generator never picks a colour itself; it asks a `Paint` for the colour of a `Role` (the
accent of component `ledger`, the fill of the second badge on link `api->ledger`, ...). Two paints
answer:

- `ViewPaint(design, theme, view)` gives the real colour for that view and theme;
- `TokenPaint()` gives every distinct role a unique placeholder colour (`#0a0001`, ...) and
  remembers which role it stands for.

The renderer lays a design out once with a `TokenPaint`, then draws every view and theme by
replacing each placeholder with what `ViewPaint` says for its role: positions are equal in every
view by construction, and both paths share one drawing code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kit.drawing.theme import Theme
from kit.drawing.views import View, badge_runs, link_key
from kit.model.model import Design, Link

__all__ = ["Paint", "Role", "TokenPaint", "ViewPaint", "is_receded", "link_state"]


@dataclass(frozen=True, slots=True, order=True)
class Role:
    """One coloured thing: `kind` says what it is, `element` which one, `index` which of several.

    Kinds: background, text, muted, card-fill; accent, plate, card-text, card-detail (of a component);
    link, link-text (of a link); badge, badge-text (run `index` of a link's badges); group-border,
    group-fill, group-text (of a group kind); caption (the view's heading); legend-line,
    legend-receded, legend-border, legend-fill (of a group kind), flow (flow `index`), badge-ink.
    """

    kind: str
    element: str = ""
    index: int = 0


class Paint(Protocol):
    """Answers the colour of a role; the only source of colour for the DOT generator."""

    def __call__(self, role: Role) -> str: ...


def is_receded(view: View, component_id: str) -> bool:
    """A flow view lets every component its revealed steps do not touch recede."""
    return view.flow is not None and not view.involves(component_id)


def link_state(view: View, link: Link) -> str:
    """'' on the overview; on a flow view 'current' (the step a frame just revealed), 'active' or 'receded'."""
    if view.flow is None:
        return ""
    if not view.emphasises(link):
        return "receded"
    current = view.current_step
    return "current" if current is not None and current.key == link.key else "active"


@dataclass(frozen=True, slots=True)
class ViewPaint:
    """The real colours of one view of `design` in `theme`."""

    design: Design
    theme: Theme
    view: View

    def _flow_color(self, name: str) -> str:
        names = [flow.name for flow in self.design.flows]
        return self.theme.flow_color(names.index(name))

    def _badge_lit(self, link: Link, index: int) -> bool:
        if self.view.flow is None:
            return True
        first, last, _ = badge_runs(self.design, link)[index]
        revealed = {step.number for step in self.view.active_steps}
        return any(number in revealed for number in range(first, last + 1))

    def __call__(self, role: Role) -> str:
        theme, view, kind = self.theme, self.view, role.kind
        if kind == "background":
            return theme.background
        if kind in ("text", "legend-text"):
            return theme.text
        if kind == "muted":
            return theme.muted
        if kind == "card-fill":
            return theme.card_fill
        if kind in ("accent", "plate", "card-text", "card-detail"):
            receded = is_receded(view, role.element)
            if kind == "accent":
                component = self.design.component(role.element)
                return theme.receded_edge if receded else theme.lane_accents[component.lane]
            if kind == "plate":
                plate = theme.receded_plate if receded else theme.icon_plate
                return plate or theme.card_fill
            if kind == "card-text":
                return theme.receded_text if receded else theme.text
            return theme.receded_text if receded else theme.muted
        if kind in ("link", "link-text", "badge", "badge-text"):
            link = self._link(role.element)
            state = link_state(view, link)
            if kind == "link":
                if state == "receded":
                    return theme.receded_edge
                return self._flow_color(view.flow.name) if view.flow is not None else theme.edge
            if kind == "link-text":
                return theme.receded_text if state == "receded" else theme.text
            lit = self._badge_lit(link, role.index)
            if kind == "badge":
                if not lit:
                    return theme.receded_badge
                return theme.flow_color(badge_runs(self.design, link)[role.index][2])
            return theme.badge_text if lit else theme.receded_text
        if kind in ("group-border", "legend-border"):
            return theme.group_borders[role.element]
        if kind in ("group-fill", "legend-fill"):
            return theme.group_fills[role.element]
        if kind == "group-text":
            return theme.muted
        if kind == "caption":
            return self._flow_color(view.flow.name) if view.flow is not None else theme.text
        if kind == "legend-line":
            return theme.edge
        if kind == "legend-receded":
            return theme.receded_edge
        if kind == "flow":
            return theme.flow_color(role.index)
        if kind == "badge-ink":
            return theme.badge_text
        raise ValueError(f"unknown colour role: {role!r}")

    def _link(self, key: str) -> Link:
        for link in self.design.links:
            if link_key(link) == key:
                return link
        raise KeyError(key)


@dataclass(slots=True)
class TokenPaint:
    """A unique placeholder colour per distinct role, and the table to read them back.

    Placeholders count up from `#0a0001`; every one is a valid colour, so Graphviz lays the
    drawing out exactly as it would with real colours (colour never affects geometry).
    """

    roles: dict[str, Role] = field(default_factory=dict)
    _tokens: dict[Role, str] = field(default_factory=dict)

    def __call__(self, role: Role) -> str:
        token = self._tokens.get(role)
        if token is None:
            token = f"#{0x0A0001 + len(self._tokens):06x}"
            self._tokens[role] = token
            self.roles[token] = role
        return token
