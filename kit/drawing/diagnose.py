"""What in a design makes Graphviz fail, named in the design's own terms (issue 14, item 7).

Graphviz 2.43 (Debian's) lays out with `newrank=true` so that each lane is one column across
groups. It then fails with "trouble in init_rank" on some designs that have a link between two
components of one lane while either of them sits in a group: the lane's `rank=same` column makes
the link a flat edge, which newrank cannot rank once a cluster holds an end. On random 20-25
component designs with three groups, removing exactly those links took the failures from 9 in 60
to 0 in 60; `constraint=false`, `minlen=0`, `weight=0`, reordering the statements, nested rank
sets and invisible lane anchors did not (tests/drawing/random_designs.py reproduces it).
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
    """The sentence naming the links that likely made `dot` fail with "trouble in init_rank" ('' if none)."""
    links = in_lane_links_touching_groups(design)
    if not links:
        return ""
    named = ", ".join(f"{link.source} -> {link.target}" for link in links[:6])
    more = f" and {len(links) - 6} more" if len(links) > 6 else ""
    return f"in {design.slug!r} that is {named}{more} (same lane, an end in a group)"
