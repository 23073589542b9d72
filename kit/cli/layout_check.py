"""`blueprint check`'s layout part: measure one design's layouts, print its defects, collect its JSON."""

from __future__ import annotations

from collections.abc import MutableMapping

import click

from kit.drawing.quality import assess
from kit.errors import GraphvizError, GraphvizNotFound
from kit.model.model import Design

__all__ = ["layout_report"]


def layout_report(
    design: Design, source: str, reports: MutableMapping[str, object], recorded: tuple[str, ...] = ()
) -> bool:
    """Print each layout defect of `design` on stderr (one line each, naming `source`) and its
    figures; store its JSON form in `reports` under its slug. Returns whether it fails."""
    try:
        quality = assess(design, recorded)
    except GraphvizNotFound as error:
        raise click.ClickException(str(error)) from None
    except GraphvizError as error:
        click.echo(f"{source}: layout: Graphviz could not lay it out: {error}", err=True)
        reports[design.slug] = {"error": str(error)}
        return True
    for line in quality.problems(source):
        click.echo(line, err=True)
    click.echo(f"     {design.slug}  {quality.summary()}", err=True)
    reports[design.slug] = {"source": source, **quality.as_dict()}
    return quality.failed
