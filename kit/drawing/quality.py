"""`blueprint check`'s layout report: the metric of the layouts a blueprint is drawn with.

Every view of a design (overview and flows, light and dark) is drawn from one body layout, so
one measurement holds for all of them and is reported once. The article images are drawn from
the compact article layout and are reported one by one, each held to `ARTICLE_MIN_TEXT` as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.drawing.article import article_layout, article_name, article_width
from kit.drawing.layout import lay_out
from kit.drawing.metric import Metric, measure
from kit.drawing.raster import CSS_PX_PER_PT
from kit.drawing.restyle import canvas_of
from kit.drawing.search import ARTICLE_MIN_TEXT, Choice, choose
from kit.drawing.theme import THEMES
from kit.drawing.views import OVERVIEW, flow_views
from kit.model.model import Design

__all__ = ["Quality", "assess"]


@dataclass(frozen=True, slots=True)
class Quality:
    """The layout report of one design: the body metric (shared by `views`) and each article image's."""

    slug: str
    choice: Choice
    views: tuple[str, ...]
    body: Metric
    articles: tuple[tuple[str, Metric], ...]

    def problems(self, source: str) -> list[str]:
        """One line per defect or too-small article text, naming the blueprint file and the elements."""
        lines = [
            f"{source}: layout: {defect.kind}: {' / '.join(defect.elements)} (every view: {', '.join(self.views)})"
            for defect in self.body.defects
        ]
        # Article images drawn from one layout share a metric: each problem once, naming them all.
        shared: dict[Metric, list[str]] = {}
        for name, metric in self.articles:
            shared.setdefault(metric, []).append(name)
        for metric, names in shared.items():
            where = f"article image{'s' if len(names) > 1 else ''} {', '.join(names)}"
            lines += [f"{source}: layout: {d.kind}: {' / '.join(d.elements)} ({where})" for d in metric.defects]
            if metric.smallest_text < ARTICLE_MIN_TEXT:
                lines.append(
                    f"{source}: layout: text-too-small: {metric.smallest_text:.1f} px < {ARTICLE_MIN_TEXT:g} px "
                    f"shown 700 px wide, {metric.width:.0f} px wide ({where})"
                )
        return lines

    def summary(self) -> str:
        """One line: the figures of the views' layout and of the article form."""
        b = self.body
        articles = self.articles[0][1] if self.articles else None
        text = (
            f"layout {self.choice.body.key}: {b.total} defect(s), {b.crossings} crossing(s), "
            f"{b.width:.0f}x{b.height:.0f} px, smallest text {b.smallest_text:.1f} px at 700 px "
            f"(same for all {len(self.views)} views)"
        )
        if articles is not None:
            text += f"; article {articles.width:.0f} px wide, smallest text {articles.smallest_text:.1f} px"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable form: per view and per article image, defects and figures."""
        return {
            "layout": self.choice.body.key,
            "article_layout": self.choice.article.key,
            "search": {"dot_runs": self.choice.runs, "cpu_seconds": round(self.choice.cpu_seconds, 2)},
            "views": {view: self.body.as_dict() for view in self.views},
            "views_share_one_layout": True,
            "articles": {name: metric.as_dict() for name, metric in self.articles},
            "article_min_text": ARTICLE_MIN_TEXT,
        }

    @property
    def failed(self) -> bool:
        return bool(self.body.defects) or any(m.defects or m.smallest_text < ARTICLE_MIN_TEXT for _, m in self.articles)


def assess(design: Design, recorded: tuple[str, ...] = ()) -> Quality:
    """Choose (or take the `recorded`) layouts, lay them out and measure. Raises GraphvizError."""
    choice = choose(design, recorded)
    body = lay_out(design, choice.body)
    views = tuple(view.key or "overview" for view in (OVERVIEW, *flow_views(design)))
    metric = measure(body.geometry, image_width=canvas_of(body).width * CSS_PX_PER_PT)
    compact = article_layout(lay_out(design, choice.article))
    # Every article image shows the whole compact body: one measurement, reported per file.
    article = measure(compact.geometry, image_width=article_width(compact))
    names = tuple(
        article_name(design.slug, view, theme.suffix) for theme in THEMES for view in (OVERVIEW, *flow_views(design))
    )
    return Quality(design.slug, choice, views, metric, tuple((name, article) for name in names))
