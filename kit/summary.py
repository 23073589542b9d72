"""The trade-off summary, `rendered/<slug>/README.md`, as a pure function of the design.

Names, technologies and step numbers come from the same model the diagram is drawn from, so the
two cannot disagree. The layout of the page is the template `templates/summary.md.j2`.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePath

import jinja2

from kit.catalog import CATEGORIES, LANES
from kit.markdown import md, md_cell, md_code, md_strong, md_url
from kit.model import Component, Design

__all__ = ["HOP_TAGS", "alt_text", "source_display_path", "summary_markdown"]

#: How a flow step off the plain synchronous path is tagged in the summary.
HOP_TAGS = {"async": "async message", "stream": "async stream", "replication": "replication / CDC"}


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kit", "templates"),
        autoescape=False,  # Markdown, escaped by the md/md_cell filters
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["cell"] = md_cell
    env.filters["strong"] = md_strong
    env.filters["code"] = md_code
    env.filters["url"] = md_url
    return env


def _names(components: list[Component]) -> str:
    labels = [c.label for c in components]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def alt_text(design: Design) -> str:
    """A description of the diagram for readers who cannot see it, written from the model."""
    lanes = []
    for lane, heading in LANES.items():
        members = [c for c in design.components if c.lane == lane]
        if members:
            lanes.append(f"{heading.lower()}: {_names(members)}")
    text = f"Architecture diagram of {design.title}, read left to right. " + "; ".join(lanes) + "."
    if design.flows:
        flows = []
        for flow in design.flows:
            first, last = flow.numbers
            flows.append(f"{flow.name} (steps {first} to {last})" if first != last else f"{flow.name} (step {first})")
        text += " Numbered flows: " + ", ".join(flows) + "."
    return text


def source_display_path(source: str | None) -> str | None:
    """The blueprint file from the repository's `blueprints/` folder on, the same on every machine."""
    if not source:
        return None
    parts = PurePath(source).parts
    if "blueprints" in parts:
        index = len(parts) - 1 - parts[::-1].index("blueprints")
        return "/".join(parts[index:])
    return PurePath(source).name


def summary_markdown(design: Design) -> str:
    """The whole README.md for `design`."""
    lanes = [
        (heading, [c for c in design.components if c.lane == lane])
        for lane, heading in LANES.items()
        if any(c.lane == lane for c in design.components)
    ]
    flows = []
    for flow in design.flows:
        steps = []
        for step in flow.steps:
            link = design.link(step.source, step.target)
            steps.append(
                {
                    "number": step.number,
                    "source": design.component(step.source).label,
                    "target": design.component(step.target).label,
                    "link": link,
                    "tag": HOP_TAGS.get(link.nature, ""),
                    "action": step.action,
                }
            )
        flows.append({"flow": flow, "steps": steps})
    template = _environment().get_template("summary.md.j2")
    return template.render(
        design=design,
        category=CATEGORIES.get(design.category, design.category),
        alt=alt_text(design),
        lanes=lanes,
        flows=flows,
        source=source_display_path(design.source),
    )
