"""A new blueprint from a title: the slug, the file's place under blueprints/, and its starting text.

Everything here is pure except `write_new`, which refuses to overwrite and writes the one file.
The starting text comes from `templates/blueprint.py.j2`: a small but complete case study that
already passes `blueprint check --strict` and renders, using every part of the authoring API.

Given the workspace's playbook, a case study the playbook lists (by slug, or by title when no slug
is given) takes the playbook's slug, title and learn line, so that it agrees with its entry from
the start; one it does not list is planned with `new_entry` set, for the caller to append.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2

from kit.analysis.validate import SLUG_PATTERN
from kit.authoring.playbook import Playbook
from kit.model.catalog import CATEGORIES

__all__ = [
    "DEFAULT_LEARN",
    "MAX_SLUG_LENGTH",
    "MAX_TITLE_LENGTH",
    "NewBlueprint",
    "ScaffoldError",
    "blueprint_text",
    "plan_new",
    "slugify",
    "write_new",
]

#: Long enough for any playbook title; short enough for a readable URL and file name.
MAX_SLUG_LENGTH = 60
#: A title longer than this would not fit the blueprint file's 120-column lines, nor a diagram's heading.
MAX_TITLE_LENGTH = 80
#: The learn line of the starting content, for a case study the playbook does not list yet.
DEFAULT_LEARN = "Caching in front of a primary database, and publishing changes through an outbox"


class ScaffoldError(ValueError):
    """A title, slug or category the scaffold refuses, with what would be accepted."""


@dataclass(frozen=True, slots=True)
class NewBlueprint:
    """What `blueprint new` will write: where, and the text."""

    slug: str
    title: str
    category: str
    path: Path
    text: str
    learn: str = DEFAULT_LEARN
    #: Whether the playbook lacks an entry for it, which `blueprint new` then appends.
    new_entry: bool = False


def slugify(title: str) -> str:
    """The slug a title gives: ASCII lower-case words joined by '-'.

    >>> slugify("Rate Limiter")
    'rate-limiter'
    >>> slugify("  Café  Menu: Search & Ranking (v2)! ")
    'cafe-menu-search-ranking-v2'
    >>> slugify("../../etc")
    'etc'
    >>> slugify("¿?")
    ''
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_title.lower()).split()
    return "-".join(words)


def _category(name: str) -> str:
    """The catalogue name of a category given as `load-balancing` or as its folder `load_balancing`."""
    category = name.strip().replace("_", "-")
    if category not in CATEGORIES:
        listed = "\n".join(f"  {key:<16} {heading}" for key, heading in CATEGORIES.items())
        raise ScaffoldError(f"unknown category {name!r}; use one of:\n{listed}")
    return category


def _py_string(text: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are all valid Python), as ruff formats it."""
    return json.dumps(text, ensure_ascii=False)


def blueprint_text(slug: str, title: str, category: str, learn: str = DEFAULT_LEARN) -> str:
    """The starting blueprint file for `slug`."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kit.authoring", "templates"),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["py"] = _py_string
    return env.get_template("blueprint.py.j2").render(slug=slug, title=title, category=category, learn=learn)


def plan_new(
    title: str, category: str, blueprints: Path, *, slug: str | None = None, playbook: Playbook | None = None
) -> NewBlueprint:
    """Where the blueprint for `title` goes and what it holds; raises ScaffoldError on a bad request."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("the title is empty; give the case study's name, e.g. 'Rate Limiter'")
    if len(title) > MAX_TITLE_LENGTH:
        raise ScaffoldError(f"the title is {len(title)} characters long; keep it to {MAX_TITLE_LENGTH} at most")
    category = _category(category)
    given_slug = slug is not None
    slug = slugify(title) if slug is None else slug
    if not slug:
        raise ScaffoldError(
            f"the title {title!r} gives an empty slug (it needs letters or digits); "
            "give a title such as 'Rate Limiter', or a slug with --slug"
        )
    if not SLUG_PATTERN.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise ScaffoldError(
            f"unsafe slug {slug!r}: a slug is at most {MAX_SLUG_LENGTH} lower-case letters or digits "
            "in words joined by '-', e.g. 'rate-limiter'"
        )
    learn, new_entry = DEFAULT_LEARN, playbook is not None
    if playbook is not None:
        entry = playbook.primary(slug)
        if entry is None and not given_slug:
            entry = playbook.with_title(title)
        if entry is not None:
            if entry.category != category:
                raise ScaffoldError(
                    f"the playbook ({playbook.source}:{entry.line}) lists {entry.slug!r} under {entry.category!r}, "
                    f"not {category!r}; use --category {entry.category}"
                )
            slug, title, learn, new_entry = entry.slug, entry.title, entry.learn, False
    root = blueprints.resolve()
    path = (root / category.replace("-", "_") / f"{slug.replace('-', '_')}.py").resolve()
    if not path.is_relative_to(root):
        raise ScaffoldError(f"{path} is outside {blueprints}/; a blueprint must live under it")
    return NewBlueprint(slug, title, category, path, blueprint_text(slug, title, category, learn), learn, new_entry)


def write_new(new: NewBlueprint, existing_slugs: dict[str, Path]) -> None:
    """Create the file; refuses to overwrite it or to reuse a slug another blueprint has."""
    if new.path.exists():
        raise ScaffoldError(f"{new.path} already exists; edit it, or pick another title")
    if new.slug in existing_slugs:
        raise ScaffoldError(
            f"the slug {new.slug!r} is already used by {existing_slugs[new.slug]}; "
            "pick another title, or a slug with --slug"
        )
    new.path.parent.mkdir(parents=True, exist_ok=True)
    # "x" mode: a file that appeared since the check above is still never overwritten.
    with new.path.open("x", encoding="utf-8") as out:
        out.write(new.text)
