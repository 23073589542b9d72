"""The views of one design: the overview, a view per flow, and the frames of the walkthrough.

Every view draws the same components, groups, links and labels at the same size, and differs
only in colour: a flow view emphasises its flow's links and lets the rest recede. That is what
keeps node positions identical from view to view (Graphviz sees the same geometry every time).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kit.model.model import Design, Flow, Link, Step

__all__ = [
    "OVERVIEW",
    "View",
    "badge_runs",
    "file_stem",
    "flow_slug",
    "flow_views",
    "link_key",
    "step_runs",
    "walkthrough_frames",
]


@dataclass(frozen=True, slots=True)
class View:
    """What one image shows.

    `flow` is None for the overview. `reveal` counts how many of the flow's steps are drawn as
    taken (a walkthrough frame); None means all of them.
    """

    key: str = ""
    flow: Flow | None = None
    reveal: int | None = None

    @property
    def active_steps(self) -> tuple[Step, ...]:
        if self.flow is None:
            return ()
        steps = self.flow.steps
        return steps if self.reveal is None else steps[: self.reveal]

    @property
    def current_step(self) -> Step | None:
        """The step a walkthrough frame has just revealed."""
        if self.flow is None or self.reveal is None or self.reveal == 0:
            return None
        return self.flow.steps[self.reveal - 1]

    def emphasises(self, link: Link) -> bool:
        return any(step.key == link.key for step in self.active_steps)

    def involves(self, component_id: str) -> bool:
        return any(component_id in step.key for step in self.active_steps)


OVERVIEW = View()


def flow_slug(name: str) -> str:
    """A file-name-safe slug for a flow name (ASCII letters, digits and hyphens), possibly empty.

    >>> flow_slug("Top-up (card → wallet)")
    'top-up-card-wallet'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")


def flow_views(design: Design) -> tuple[View, ...]:
    """One view per flow, keyed by a slug unique within the design.

    A name with no usable characters becomes `flow-<n>`; a slug already taken, or one that would
    read as a theme suffix, gets `-2`, `-3`...
    """
    views = []
    # A flow called "Dark" must not take the file name of the dark overview.
    taken: set[str] = {"dark", "light"}
    for index, flow in enumerate(design.flows, start=1):
        base = flow_slug(flow.name) or f"flow-{index}"
        key, suffix = base, 2
        while key in taken:
            key, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(key)
        views.append(View(key=key, flow=flow))
    return tuple(views)


def walkthrough_frames(design: Design) -> tuple[View, ...]:
    """The overview, then every flow step by step: one frame per step."""
    frames = [OVERVIEW]
    for view in flow_views(design):
        assert view.flow is not None
        frames.extend(View(key=view.key, flow=view.flow, reveal=n) for n in range(1, len(view.flow.steps) + 1))
    return tuple(frames)


def file_stem(slug: str, view: View, theme_suffix: str = "") -> str:
    """`<slug>[.<flow>][.dark]`: the name every format of one view and theme shares."""
    return slug + (f".{view.key}" if view.key else "") + theme_suffix


def link_key(link: Link) -> str:
    """The one name of a link across roles, ids and plans: `source->target`."""
    return f"{link.source}->{link.target}"


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


def badge_runs(design: Design, link: Link) -> list[tuple[int, int, int]]:
    """The step badges a link carries: (first, last, flow index) runs, as every view draws them."""
    flows = {flow.name: index for index, flow in enumerate(design.flows)}
    return step_runs([(step.number, flows[design.flow_of(step).name]) for step in design.steps_on(link)])
