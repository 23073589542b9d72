"""The catalogue as the index shows it: the playbook's categories in order, each with its case studies.

This is the one place the site learns the categories and their order. With the workspace's
playbook (blueprints/playbook.yaml) it follows that: its categories in order, its entries in
order, a blueprint listed in two categories under both. Without one, the kit's category table,
case studies by title.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kit.authoring.playbook import Playbook
from kit.model.catalog import CATEGORIES
from kit.model.model import Design

__all__ = ["Section", "catalogue_sections"]


@dataclass(frozen=True, slots=True)
class Section:
    """One category of the index: its key (the anchor), heading, and case studies in the order shown."""

    key: str
    heading: str
    designs: tuple[Design, ...]


def catalogue_sections(designs: Iterable[Design], playbook: Playbook | None = None) -> tuple[Section, ...]:
    """Every category that has a case study, in playbook order; within each, the playbook's order
    (a blueprint it does not list last, by title), or by title without a playbook.

    A design whose category the playbook does not know is an error: the index would have nowhere
    to put it, and a reader could not find it.
    """
    designs = list(designs)
    unknown = sorted(f"{d.slug} ({d.category!r})" for d in designs if d.category not in CATEGORIES)
    if unknown:
        raise ValueError(
            f"blueprints in no playbook category: {', '.join(unknown)} (categories: {', '.join(CATEGORIES)})"
        )
    by_slug = {d.slug: d for d in designs}

    def members(key: str) -> tuple[Design, ...]:
        listed = (
            [by_slug[e.slug] for e in playbook.entries if e.category == key and e.slug in by_slug] if playbook else []
        )
        known = {e.slug for e in playbook.entries} if playbook else set()
        rest = sorted(
            (d for d in designs if d.category == key and d.slug not in known), key=lambda d: (d.title.lower(), d.slug)
        )
        return (*listed, *rest)

    order = [k for k in playbook.categories if k in CATEGORIES] if playbook else list(CATEGORIES)
    order += [k for k in CATEGORIES if k not in order]
    return tuple(Section(key, CATEGORIES[key], found) for key in order if (found := members(key)))
