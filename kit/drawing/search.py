"""The layout search: a small fixed set of candidate layouts per design, the best kept by the metric.

Each candidate is one `dot -Tjson` run of the body alone (no SVG, no header: ~0.1-0.3 s), measured
with `kit.drawing.metric.measure`, in candidate order. A candidate with defects is refined: what
the metric found an edge running through is moved, one element at a time, and each move kept when
it ranks strictly better (a group's title to the other side of its box, to its right end, or
both; a link's label or badges beside its line), for up to `REFINE_ROUNDS` rounds. The first
candidate without a defect ends the search. Otherwise the best has the fewest defects (Graphviz
warnings count as defects: the visual standard allows none; so does an article form whose text
would be under 8 px in a 700 px column), then the fewest edge crossings, then the shortest total
edge length (to the whole px), then comes first in `CANDIDATES`: deterministic on any machine.

An author's `bp.layout(direction=...)` keeps only the candidates in that direction. The choice is
recorded in rendered/manifest.json (`Entry.layout`), so a re-render of an unchanged blueprint with
an unchanged kit lays it out once, with the recorded options, and searches nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import product

from kit.drawing.dot import LayoutOptions, body_dot, catalog_icon
from kit.drawing.geometry import from_json
from kit.drawing.layout import dot_warnings, parse_json, run_dot
from kit.drawing.metric import Metric, measure
from kit.drawing.paint import TokenPaint
from kit.drawing.theme import LIGHT
from kit.errors import GraphvizError
from kit.model.model import Design

__all__ = [
    "ARTICLE_CANDIDATES",
    "ARTICLE_MIN_TEXT",
    "CANDIDATES",
    "Candidate",
    "Search",
    "candidates_for",
    "rank",
    "search",
]

#: Every layout the search tries, in tie-break order: the kit's default first.
CANDIDATES: tuple[LayoutOptions, ...] = tuple(
    LayoutOptions(rankdir, lane_labels, group_title, nodesep, ranksep, lanes=lanes)
    # Lanes as columns first: the reading order the kit promises. Ranked freely only as a last
    # resort, when no layout with lane columns is clean (links within one lane that touch groups,
    # whose labels `dot` can only place beside the line there).
    for lanes, rankdir, lane_labels, group_title, (nodesep, ranksep) in product(
        (True, False), ("LR", "TB"), ("label", "xlabel"), ("b", "t"), ((0.3, 0.4), (0.45, 0.7))
    )
)
#: The article form's candidates: badges only, top to bottom first, lanes as columns or ranked freely
#: (narrower: lanes as rows make a row as wide as the busiest lane).
ARTICLE_CANDIDATES: tuple[LayoutOptions, ...] = tuple(
    LayoutOptions(rankdir, "label", group_title, nodesep, ranksep, compact=True, lanes=lanes)
    for lanes, rankdir, group_title, (nodesep, ranksep) in product(
        (False, True), ("TB", "LR"), ("b", "t"), ((0.2, 0.3), (0.35, 0.55), (0.5, 0.8))
    )
)
#: Smallest text, in CSS px with the image shown 700 px wide, an article image must have.
ARTICLE_MIN_TEXT = 8.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One tried layout: its options, its metric, and how many warnings `dot` printed for it."""

    options: LayoutOptions
    metric: Metric
    warnings: int

    @property
    def defects(self) -> int:
        """Defects and warnings; an article form whose text is too small counts one more."""
        small = self.options.compact and self.metric.smallest_text < ARTICLE_MIN_TEXT
        return self.metric.total + self.warnings + small


@dataclass(frozen=True, slots=True)
class Search:
    """What the search tried, in candidate order, which one it kept, and what it cost."""

    tried: tuple[Candidate, ...]
    best: Candidate
    cpu_seconds: float

    @property
    def runs(self) -> int:
        return len(self.tried)


def candidates_for(design: Design, pool: tuple[LayoutOptions, ...] = CANDIDATES) -> tuple[LayoutOptions, ...]:
    """The candidates the design allows: those in its author's direction, when it pins one (for
    the article form, the article's direction when pinned, else the diagram's)."""
    compact = any(o.compact for o in pool)
    direction = (design.article_direction or design.direction) if compact else design.direction
    return tuple(o for o in pool if not direction or o.rankdir == direction) or pool


def rank(candidate: Candidate, index: int) -> tuple[int, int, int, int]:
    """The sort key: fewest defects, crossings, edge length (whole px), then candidate order."""
    return (candidate.defects, candidate.metric.crossings, round(candidate.metric.edge_length), index)


def _try(design: Design, options: LayoutOptions) -> Candidate:
    # The catalogue's icon paths size the cards exactly as lay_out's aliases do (fixed 34x34 cells).
    source = body_dot(design, TokenPaint(), icons=catalog_icon, options=options)
    out, stderr = run_dot(source, ("json",))
    warnings = len(dot_warnings(stderr))
    return Candidate(options, measure(from_json(parse_json(out["json"], stderr))), warnings)


def search(design: Design, pool: tuple[LayoutOptions, ...] = CANDIDATES) -> Search:
    """Lay out every candidate the design allows, each refined, and keep the best. Raises GraphvizError."""
    started = time.process_time()
    children = _children_cpu()
    tried: list[Candidate] = []
    best: tuple[tuple[int, int, int, int], Candidate] | None = None
    for index, options in enumerate(candidates_for(design, pool)):
        candidate = _try(design, options)
        tried.append(candidate)
        if candidate.defects and not _unreadable(candidate):
            candidate = _refine(design, candidate, tried)
        if best is None or rank(candidate, index) < best[0]:
            best = (rank(candidate, index), candidate)
        if best[1].defects == 0:
            # The first clean layout in candidate order is kept: trying the rest could only trade
            # a few crossings for seconds of CPU on every first render.
            break
    assert best is not None, "candidates_for never returns an empty pool"
    cpu = time.process_time() - started + _children_cpu() - children
    return Search(tuple(tried), best[1], cpu)


#: Bumped whenever the search itself changes (its moves, its ranking), so recorded layouts are
#: chosen again by the kit that draws them.
SEARCH_VERSION = 3
#: Rounds of moves the refining pass makes at most: a moved title or label can uncover another.
REFINE_ROUNDS = 3


def _refine(design: Design, best: Candidate, tried: list[Candidate]) -> Candidate:
    """Move what the metric found an edge running through, one element at a time, and keep each
    move that ranks strictly better: a group's title to the other side of its box, to its right
    end, or both; a link's label or badges beside its line (an `xlabel`)."""
    for _ in range(REFINE_ROUNDS):
        improved = False
        for moved in _moves(best.options, best.metric):
            try:
                candidate = _try(design, moved)
            except GraphvizError:
                continue  # `dot` refused this move (a label on a flat edge in a group): not a layout
            tried.append(candidate)
            if rank(candidate, 0) < rank(best, 0):
                best, improved = candidate, True
                break  # the next moves are read off the new layout's defects
        if not improved or best.defects == 0:
            break
    return best


def _moves(base: LayoutOptions, metric: Metric) -> Iterator[LayoutOptions]:
    """Each move once, in the order the defects are reported."""
    seen = {base.key}
    for moved in _each_move(base, metric):
        if moved.key not in seen:
            seen.add(moved.key)
            yield moved


def _each_move(base: LayoutOptions, metric: Metric) -> Iterator[LayoutOptions]:
    for group in _crossed_titles(metric):
        yield replace(base, flipped=(*base.flipped, group))
        yield replace(base, right=(*base.right, group))
        yield replace(base, flipped=(*base.flipped, group), right=(*base.right, group))
    for link in _crossed_labels(metric):
        if link not in base.beside:
            yield replace(base, beside=(*base.beside, link))
        if link not in base.on:
            # A label may be beside its line already (forced for a link within one lane touching
            # a group, where moving it beside changes nothing): try it on its line.
            yield replace(base, on=(*base.on, link))


def _unreadable(candidate: Candidate) -> bool:
    """An article form whose text is too small: no move of a title or label makes it readable."""
    return candidate.options.compact and candidate.metric.smallest_text < ARTICLE_MIN_TEXT


def _crossed_titles(metric: Metric) -> list[str]:
    """Groups whose title an edge runs through or text covers, each once, in the order reported."""
    groups = [
        name.removeprefix("group:")
        for defect in metric.defects
        for name in defect.elements
        if name.startswith("group:")
    ]
    return list(dict.fromkeys(groups))


def _crossed_labels(metric: Metric) -> list[str]:
    """Links (edge ids) whose label or badge a line runs through or text covers, each once."""
    links = [
        name.split(":")[1]
        for defect in metric.defects
        for name in defect.elements
        if name.startswith(("label:", "badge:"))
    ]
    return list(dict.fromkeys(links))


def _children_cpu() -> float:
    """CPU seconds of the finished `dot` processes (they do the work, not this one)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True, slots=True)
class Choice:
    """The layouts a design is drawn with, the body's and the article form's, and what choosing cost."""

    body: LayoutOptions
    article: LayoutOptions
    fingerprint: str = ""
    runs: int = 0
    cpu_seconds: float = 0.0

    @property
    def keys(self) -> tuple[str, str, str]:
        """As the manifest records them (`Entry.layout`): both layouts and what they were chosen for."""
        return (self.body.key, self.article.key, self.fingerprint)


def fingerprint(design: Design) -> str:
    """A hash of all that shapes the layout: the body's DOT with placeholder colours (structure,
    every label, every edge figure). Prose, targets and trade-offs do not enter it, so editing
    them keeps the recorded choice and renders without searching."""
    source = body_dot(design, TokenPaint(), icons=catalog_icon)
    # The author's direction limits the candidates without entering the default DOT: hash it too,
    # and the search itself (its candidates, the article form's type), so a kit that searches
    # differently searches again.
    searched = repr(
        (
            SEARCH_VERSION,
            design.direction,
            design.article_direction,
            CANDIDATES,
            ARTICLE_CANDIDATES,
            REFINE_ROUNDS,
            LIGHT.article(),
        )
    )
    return hashlib.sha256(f"{searched}\n{source}".encode()).hexdigest()[:16]


def choose(design: Design, recorded: tuple[str, ...] = ()) -> Choice:
    """The recorded layouts when they were chosen for this very layout input (same fingerprint),
    else both searched. Raises GraphvizError."""
    current = fingerprint(design)
    if len(recorded) == 3 and recorded[2] == current:
        try:
            return Choice(LayoutOptions.from_key(recorded[0]), LayoutOptions.from_key(recorded[1]), current)
        except ValueError:
            pass  # written by another kit: search again
    body, article = search(design, CANDIDATES), search(design, ARTICLE_CANDIDATES)
    cost = body.cpu_seconds + article.cpu_seconds
    return Choice(body.best.options, article.best.options, current, body.runs + article.runs, cost)
