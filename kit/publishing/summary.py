"""The trade-off summary, `rendered/<slug>/README.md`, as a pure function of the design.

Names, technologies and step numbers come from the same model the diagram is drawn from, so the
two cannot disagree. The layout of the page is the template `templates/summary.md.j2`.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING

from kit.analysis.availability import flow_availability, format_availability, format_downtime, single_points_of_failure
from kit.analysis.latency import format_ms, latency_budget
from kit.analysis.loadmodel import LoadModel, evaluate
from kit.analysis.prose import cite
from kit.analysis.targets import TargetCheck, quota_checks, target_checks, target_value
from kit.analysis.units import CALENDAR
from kit.drawing.theme import DARK, LIGHT
from kit.drawing.views import View, file_stem, flow_views
from kit.exports.mermaid import sequence_diagram
from kit.model.catalog import CATEGORIES, LANES
from kit.model.model import Component, Design, Flow, Target
from kit.publishing.markdown import md, md_cell, md_code, md_strong, md_url

if TYPE_CHECKING:
    import jinja2

__all__ = ["HOP_TAGS", "alt_text", "flow_alt_text", "picture", "source_display_path", "summary_markdown"]

#: How a flow step off the plain synchronous path is tagged in the summary.
HOP_TAGS = {"async": "async message", "stream": "async stream", "replication": "replication / CDC"}


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # here, not at the top: a no-op render never builds a summary

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kit.publishing", "templates"),
        autoescape=False,  # Markdown, escaped by the md/md_cell filters
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["cell"] = md_cell
    env.filters["attr"] = _attribute
    env.filters["percent"] = format_availability
    env.filters["downtime"] = format_downtime
    env.filters["ms"] = format_ms
    env.filters["strong"] = md_strong
    env.filters["code"] = md_code
    env.filters["url"] = md_url
    env.filters["cite"] = cite
    return env


def _attribute(text: str) -> str:
    """Text for a double-quoted HTML attribute; a newline would end GitHub's HTML block."""
    return html.escape(" ".join(text.split()), quote=True)


def picture(slug: str, view: View, alt: str) -> str:
    """A `<picture>` that shows the dark image to readers in dark mode and the light one otherwise."""
    light, dark = file_stem(slug, view, LIGHT.suffix) + ".svg", file_stem(slug, view, DARK.suffix) + ".svg"
    return (
        "<picture>\n"
        f'  <source media="(prefers-color-scheme: dark)" srcset="{_attribute(dark)}">\n'
        f'  <img src="{_attribute(light)}" alt="{_attribute(alt)}">\n'
        "</picture>"
    )


def article_picture(slug: str, alt: str, width: int | None = None) -> str:
    """The summary's first image: the overview's article form, which reads in a column as narrow
    as 700 px, in the reader's colour scheme, linked to the full-size light SVG. `width` (CSS px)
    is the image's own at 1x: its PNG is drawn at 2x, and GitHub shrinks it to the column."""
    size = f' width="{width}"' if width else ""
    # The link on a line of its own: Markdown then takes the whole as one HTML block, not a
    # paragraph of inline HTML.
    return (
        f'<a href="{_attribute(slug)}.svg">\n<picture>\n'
        f'  <source media="(prefers-color-scheme: dark)" srcset="{_attribute(slug)}.article{DARK.suffix}.png">\n'
        f'  <img src="{_attribute(slug)}.article.png"{size} alt="{_attribute(alt)}">\n'
        "</picture>\n</a>"
    )


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


def flow_alt_text(design: Design, flow: Flow) -> str:
    """What a flow's view shows, step by step, for readers who cannot see it."""
    hops = "; ".join(
        f"{step.number}: {design.component(step.source).label} to {design.component(step.target).label}"
        for step in flow.steps
    )
    return f"{design.title}, {flow.name} highlighted on the architecture diagram. Steps {hops}."


def source_display_path(source: str | None) -> str | None:
    """The blueprint file from the repository's `blueprints/` folder on, the same on every machine."""
    if not source:
        return None
    parts = PurePath(source).parts
    if "blueprints" in parts:
        index = len(parts) - 1 - parts[::-1].index("blueprints")
        return "/".join(parts[index:])
    return PurePath(source).name


def _uses_calendar(design: Design) -> bool:
    """Whether any figure counts in months or years, so the page states what they are once."""
    words = " ".join([*(q.value for q in design.quantities), *(f"{e.formula} {e.unit}" for e in design.estimates)])
    return any(unit in words for unit in ("month", "year"))


def summary_markdown(design: Design, *, article_width: int | None = None) -> str:
    """The whole README.md for `design`."""
    lanes = [
        (heading, [c for c in design.components if c.lane == lane])
        for lane, heading in LANES.items()
        if any(c.lane == lane for c in design.components)
    ]
    flows = []
    for view in flow_views(design):
        flow = view.flow
        assert flow is not None
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
        flows.append(
            {
                "flow": flow,
                "steps": steps,
                "picture": picture(design.slug, view, flow_alt_text(design, flow)),
                "sequence": sequence_diagram(design, flow),
            }
        )
    availability = [flow_availability(design, flow) for flow in design.flows]
    load: LoadModel | None = evaluate(design) if design.quantities or design.estimates else None
    checks = target_checks(design)
    budgets = [b for b in (latency_budget(flow) for flow in design.flows) if b is not None]

    def checks_of(target: Target) -> list[TargetCheck]:
        return [c for c in checks if c.subject == target.name and c.line == target.line]

    template = _environment().get_template("summary.md.j2")
    return template.render(
        design=design,
        category=CATEGORIES.get(design.category, design.category),
        overview=article_picture(design.slug, alt_text(design), article_width),
        lanes=lanes,
        flows=flows,
        source=source_display_path(design.source),
        load=load,
        key_numbers=[load.figure(name) for name in design.key_numbers] if load else [],
        checks=checks,
        checks_of=checks_of,
        value=target_value,
        quotas=quota_checks(design),
        calendar=CALENDAR,
        uses_calendar=_uses_calendar(design),
        any_outside=any(b.outside for b in budgets),
        availability=[a for a in availability if a is not None],
        async_only=[flow for flow, a in zip(design.flows, availability, strict=True) if a is None],
        single_points=single_points_of_failure(design),
        budgets=budgets,
        label=lambda component_id: design.component(component_id).label,
    )
