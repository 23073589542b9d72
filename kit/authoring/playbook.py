"""The playbook's catalogue as data: `blueprints/playbook.yaml`, read, validated and frozen.

The playbook lists the case studies the blueprints cover, in its reading order: the twelve
categories, then every entry (slug, category, title and "what you'll learn" line). A blueprint the
playbook lists in two categories has a second entry marked `same_as: <category of the first>`;
the blueprint carries the first listing's title and learn line.

Parsing is pure (`parse_playbook`); `read_playbook` reads the file, and `append_entry` adds one
entry at the end for `blueprint new`. Every problem comes back at once as a `PlaybookError`
naming the file, the line, the entry and the field at fault, with what is allowed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

from kit.analysis.validate import SLUG_PATTERN
from kit.errors import Problem
from kit.model.catalog import CATEGORIES
from kit.publishing.files import write_atomic

__all__ = [
    "ENTRY_FIELDS",
    "PLAYBOOK_FILE",
    "Playbook",
    "PlaybookEntry",
    "PlaybookError",
    "append_entry",
    "entry_text",
    "parse_playbook",
    "read_playbook",
]

#: The catalogue's file name, in the blueprints folder it describes.
PLAYBOOK_FILE: Final = "playbook.yaml"
#: An entry's fields: the required ones, then the optional `same_as`.
ENTRY_FIELDS: Final = ("slug", "category", "title", "learn", "same_as")
_REQUIRED: Final = ENTRY_FIELDS[:4]
_TOP: Final = ("categories", "entries")


class PlaybookError(ValueError):
    """A playbook file the kit cannot use, with every problem in it."""

    def __init__(self, problems: Sequence[Problem], *, source: str) -> None:
        self.problems = tuple(problems)
        self.source = source
        lines = [problem.format(source) for problem in self.problems]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} problems in the playbook:")
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class PlaybookEntry:
    """One listing of the playbook; `same_as` is set on the second listing of a shared blueprint."""

    slug: str
    category: str
    title: str
    learn: str
    same_as: str = ""
    #: Its number within its category, as the playbook prints it ("2.2" is the 2nd of category 2).
    number: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Playbook:
    """The catalogue: categories in order, entries in order."""

    categories: tuple[str, ...]
    entries: tuple[PlaybookEntry, ...]
    source: str = PLAYBOOK_FILE

    def primary(self, slug: str) -> PlaybookEntry | None:
        """The first listing of `slug`: the one its blueprint must agree with."""
        return next((e for e in self.entries if e.slug == slug and not e.same_as), None)

    def with_title(self, title: str) -> PlaybookEntry | None:
        """The first listing whose title is `title`, ignoring case and spacing."""
        wanted = " ".join(title.split()).casefold()
        return next((e for e in self.entries if not e.same_as and " ".join(e.title.split()).casefold() == wanted), None)

    def in_category(self, category: str) -> tuple[PlaybookEntry, ...]:
        return tuple(e for e in self.entries if e.category == category)

    @property
    def slugs(self) -> tuple[str, ...]:
        """Every distinct slug, in order of first listing."""
        return tuple(dict.fromkeys(e.slug for e in self.entries))


def _text(node: yaml.Node, where: str, field: str, problems: list[Problem]) -> str:
    """A scalar written as text (quoted or not); anything else is a problem."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        kind = (
            "a list"
            if isinstance(node, yaml.SequenceNode)
            else "a mapping"
            if isinstance(node, yaml.MappingNode)
            else repr(node.value)
        )
        problems.append(Problem(where, f"{field}: must be text, not {kind} (quote it if it looks like a number)", line))
        return ""
    value = " ".join(str(node.value).split())
    if not value:
        problems.append(Problem(where, f"{field}: is empty", line))
    return value


def _mapping(
    node: yaml.MappingNode, where: str, allowed: Sequence[str], problems: list[Problem]
) -> dict[str, yaml.Node]:
    """A mapping's fields by name; unknown and repeated keys are problems."""
    fields: dict[str, yaml.Node] = {}
    for key_node, value in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key not in allowed:
            problems.append(Problem(where, f"unknown field {key!r} (allowed: {', '.join(allowed)})", line))
        elif key in fields:
            problems.append(Problem(where, f"field {key!r} is given twice", line))
        else:
            fields[key] = value
    return fields


def _categories(node: yaml.Node | None, problems: list[Problem]) -> tuple[str, ...]:
    known = ", ".join(CATEGORIES)
    if not isinstance(node, yaml.SequenceNode):
        line = node.start_mark.line + 1 if node is not None else 1
        problems.append(Problem("categories", f"must be the list of the twelve categories in order ({known})", line))
        return ()
    found: list[str] = []
    for item in node.value:
        category = _text(item, "categories", "category", problems)
        if not category:
            continue
        line = item.start_mark.line + 1
        if category not in CATEGORIES:
            problems.append(Problem("categories", f"unknown category {category!r} (known: {known})", line))
        elif category in found:
            problems.append(Problem("categories", f"{category!r} is listed twice", line))
        else:
            found.append(category)
    missing = [c for c in CATEGORIES if c not in found]
    if missing:
        problems.append(
            Problem(
                "categories",
                f"missing {', '.join(map(repr, missing))} (every category is listed once)",
                node.start_mark.line + 1,
            )
        )
    return tuple(found)


def _entry(node: yaml.Node, index: int, problems: list[Problem]) -> PlaybookEntry | None:
    line = node.start_mark.line + 1
    where = f"entry {index}"
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(where, f"must be a mapping of {', '.join(ENTRY_FIELDS)}", line))
        return None
    slug = next((v.value for k, v in node.value if k.value == "slug" and isinstance(v, yaml.ScalarNode)), None)
    if slug is not None:
        where = f"entry {index} {slug!r}"
    fields = _mapping(node, where, ENTRY_FIELDS, problems)
    missing = [name for name in _REQUIRED if name not in fields]
    if missing:
        problems.append(Problem(where, f"missing {', '.join(missing)} (an entry has {', '.join(_REQUIRED)})", line))
        return None
    values = {name: _text(value, where, name, problems) for name, value in fields.items()}
    if values["slug"] and not SLUG_PATTERN.match(values["slug"]):
        problems.append(
            Problem(
                where, f"slug: {values['slug']!r} is not lower-case words joined by '-' (e.g. 'rate-limiter')", line
            )
        )
    return PlaybookEntry(
        values["slug"], values["category"], values["title"], values["learn"], values.get("same_as", ""), line=line
    )


def _cross_check(entries: list[PlaybookEntry], categories: tuple[str, ...], problems: list[Problem]) -> None:
    """Categories exist; a slug is listed at most twice, the second time with `same_as`; titles are unique."""
    first: dict[str, PlaybookEntry] = {}
    titles: dict[str, PlaybookEntry] = {}
    listings: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"entry {index} {entry.slug!r}"
        if entry.category and entry.category not in categories:
            allowed = ", ".join(categories) or ", ".join(CATEGORIES)
            problems.append(
                Problem(where, f"category: unknown category {entry.category!r} (known: {allowed})", entry.line)
            )
        earlier = first.get(entry.slug)
        if earlier is None:
            if entry.same_as:
                problems.append(
                    Problem(
                        where,
                        f"same_as: {entry.same_as!r}, but no earlier entry lists {entry.slug!r} "
                        "(same_as marks the second listing of a blueprint; drop it from the first)",
                        entry.line,
                    )
                )
            first[entry.slug] = entry
            key = entry.title.casefold()
            if key in titles:
                other = titles[key]
                problems.append(
                    Problem(
                        where,
                        f"title: {entry.title!r} is also the title of {other.slug!r} (line {other.line})",
                        entry.line,
                    )
                )
            titles.setdefault(key, entry)
            continue
        listings[entry.slug] = listings.get(entry.slug, 1) + 1
        if listings[entry.slug] > 2:
            problems.append(
                Problem(where, f"slug: {entry.slug!r} is listed a third time (at most two categories)", entry.line)
            )
        elif not entry.same_as:
            problems.append(
                Problem(
                    where,
                    f"slug: {entry.slug!r} is already listed under {earlier.category!r} (line {earlier.line}); "
                    f"a second listing says so with `same_as: {earlier.category}`",
                    entry.line,
                )
            )
        elif entry.same_as != earlier.category:
            problems.append(
                Problem(
                    where,
                    f"same_as: {entry.same_as!r}, but {entry.slug!r} is first listed under {earlier.category!r} "
                    f"(line {earlier.line})",
                    entry.line,
                )
            )
        elif entry.category == earlier.category:
            problems.append(
                Problem(where, f"category: {entry.slug!r} is listed twice under {entry.category!r}", entry.line)
            )


def _numbered(entries: list[PlaybookEntry], categories: tuple[str, ...]) -> tuple[PlaybookEntry, ...]:
    """Each entry with its number as the playbook prints it: category position, then position within."""
    seen: dict[str, int] = {}
    numbered = []
    for entry in entries:
        seen[entry.category] = seen.get(entry.category, 0) + 1
        section = categories.index(entry.category) + 1 if entry.category in categories else 0
        numbered.append(
            PlaybookEntry(
                entry.slug,
                entry.category,
                entry.title,
                entry.learn,
                entry.same_as,
                f"{section}.{seen[entry.category]}",
                entry.line,
            )
        )
    return tuple(numbered)


def parse_playbook(text: str, source: str = PLAYBOOK_FILE) -> Playbook:
    """The playbook in `text`; raises PlaybookError naming `source`, the line, entry and field at fault."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(error, "problem", None) or str(error)
        raise PlaybookError([Problem("YAML", f"{what} (the file is not valid YAML)", line)], source=source) from None
    problems: list[Problem] = []
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem("file", "must be a mapping with `categories:` and `entries:`", 1))
        raise PlaybookError(problems, source=source)
    top = _mapping(root, "file", _TOP, problems)
    categories = _categories(top.get("categories"), problems)
    entries_node = top.get("entries")
    entries: list[PlaybookEntry] = []
    if not isinstance(entries_node, yaml.SequenceNode) or not entries_node.value:
        line = entries_node.start_mark.line + 1 if entries_node is not None else 1
        problems.append(Problem("entries", "must be a non-empty list of entries (slug, category, title, learn)", line))
    else:
        for index, node in enumerate(entries_node.value, start=1):
            entry = _entry(node, index, problems)
            if entry is not None:
                entries.append(entry)
        _cross_check(entries, categories, problems)
    if problems:
        raise PlaybookError(problems, source=source)
    return Playbook(categories, _numbered(entries, categories), source)


def read_playbook(blueprints: Path) -> Playbook | None:
    """The playbook of the blueprints folder `blueprints`; None when it has none. Raises PlaybookError."""
    path = blueprints / PLAYBOOK_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as error:
        raise PlaybookError([Problem("file", f"is not UTF-8 text ({error.reason})")], source=str(path)) from None
    return parse_playbook(text, str(path))


def entry_text(fields: Mapping[str, str]) -> str:
    """One entry as the file writes it, each value double-quoted (JSON's escapes are YAML's too)."""
    lines = [f"  - slug: {fields['slug']}"]
    lines += [
        f"    {name}: {json.dumps(fields[name], ensure_ascii=False)}" for name in ENTRY_FIELDS[1:] if fields.get(name)
    ]
    return "\n".join(lines) + "\n"


def append_entry(blueprints: Path, slug: str, category: str, title: str, learn: str) -> Playbook:
    """Add an entry for `slug` at the end of the playbook (last of its category), atomically.

    The new text is parsed before it is written, so a file the kit cannot read is never written.
    """
    path = blueprints / PLAYBOOK_FILE
    text = path.read_text(encoding="utf-8")
    text = (text if text.endswith("\n") else text + "\n") + entry_text(
        {"slug": slug, "category": category, "title": title, "learn": learn}
    )
    playbook = parse_playbook(text, str(path))
    write_atomic(path, text.encode("utf-8"))
    return playbook
