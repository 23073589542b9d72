"""The catalogue as the index shows it: the playbook's categories in order, each with its case studies.

This is the one place the site learns the categories and their order. It reads the kit's
category table today; when the playbook becomes data of its own, this function reads that instead
(and may then list one blueprint under two categories), and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kit.model.catalog import CATEGORIES
from kit.model.model import Design

__all__ = ["Section", "catalogue_sections"]


@dataclass(frozen=True, slots=True)
class Section:
    """One category of the index: its key (the anchor), heading, and case studies in the order shown."""

    key: str
    heading: str
    designs: tuple[Design, ...]


def catalogue_sections(designs: Iterable[Design]) -> tuple[Section, ...]:
    """Every category that has a case study, in playbook order; case studies by title within each.

    A design whose category the playbook does not know is an error: the index would have nowhere
    to put it, and a reader could not find it.
    """
    designs = list(designs)
    unknown = sorted(f"{d.slug} ({d.category!r})" for d in designs if d.category not in CATEGORIES)
    if unknown:
        raise ValueError(
            f"blueprints in no playbook category: {', '.join(unknown)} (categories: {', '.join(CATEGORIES)})"
        )
    return tuple(
        Section(key, heading, tuple(sorted(members, key=lambda d: (d.title.lower(), d.slug))))
        for key, heading in CATEGORIES.items()
        if (members := [d for d in designs if d.category == key])
    )
