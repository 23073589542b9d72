"""What in a design makes Graphviz fail, named in the design's own terms (issue 14, item 7).

Each lane is one column across groups: `newrank=true` and a `rank=same` per lane. A link between
two components of one lane is then a flat edge, and dot lays a flat edge's label out as a node of
its own beside the pair; with a group around either end, Graphviz 2.43 (Debian's) failed with
"trouble in init_rank" on 9 of 60 random 20-25 component designs with three groups. Measured with
tests/drawing/random_designs.py: no failures without newrank, without groups or without the lane
columns; none with exactly those links removed, or with their labels as `xlabel`s (placed after
layout), which is what `kit.drawing.dot` now does (none of 420). `constraint=false`, `minlen=0`,
`weight=0`, flipping the link, reordering statements, rank sets nested in the groups and invisible
lane anchors changed nothing: the failing constraints are the label node's, not the link's.

What is left is rarer (4 of 420): dot cannot route such a link's curve around a group and reports
"lost <tail> <head> edge". The links named here are where to look in either case.
"""

from __future__ import annotations

from kit.model.model import Design, Link

__all__ = ["explain_rank_failure", "in_lane_links_touching_groups"]


def in_lane_links_touching_groups(design: Design) -> list[Link]:
    """The links joining two components of one lane where either end is in a group, in declaration order."""
    found = []
    for link in design.links:
        source, target = design.component(link.source), design.component(link.target)
        if source.lane == target.lane and (source.group is not None or target.group is not None):
            found.append(link)
    return found


def explain_rank_failure(design: Design) -> str:
    """The sentence naming the links that likely made `dot` fail to rank or route ('' if none)."""
    links = in_lane_links_touching_groups(design)
    if not links:
        return ""
    named = ", ".join(f"{link.source} -> {link.target}" for link in links[:6])
    more = f" and {len(links) - 6} more" if len(links) > 6 else ""
    return f"in {design.slug!r} that is {named}{more} (same lane, an end in a group)"
