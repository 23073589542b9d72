"""A design diff for a reader: plain text for a reviewer's terminal, JSON for tools.

The text groups the changes by element (components, groups, links, flows and steps, then the
write-up), one line each with `+` added, `-` removed or `~` changed, a changed element's fields
indented under it as `field: old -> new`, then every computed figure that moved, old -> new.
"""

from __future__ import annotations

from typing import Any, Final

from kit.analysis.diff import Change, DesignDiff

__all__ = ["JSON_VERSION", "diff_json", "diff_text"]

#: The version of `diff_json`'s shape; raised when a field is renamed or removed.
JSON_VERSION: Final = 1
_SIGNS: Final = {"added": "+", "removed": "-", "changed": "~"}
_HEADINGS: Final = {
    "meta": "Title and meta",
    "component": "Components",
    "group": "Groups",
    "link": "Links",
    "flow": "Flows",
    "step": "Steps",
}


def _change_lines(change: Change) -> list[str]:
    lines = [f"  {_SIGNS[change.status]} {change.key}" + (f": {change.name}" if change.name else "")]
    if change.kind == "meta":
        return [f"  ~ {field}: {old} -> {new}" for field, old, new in change.fields]
    lines += [f"      {field}: {old} -> {new}" for field, old, new in change.fields]
    return lines


def diff_text(diff: DesignDiff, revision: str, commit: str, image: str | None = None) -> str:
    """The report: what changed in `diff.new` since `revision` (`commit`), and where its image is."""
    new = diff.new
    lines = [f"{new.slug}: changes since {revision} ({commit[:12]})"]
    if diff.empty:
        lines.append("no change to the model or its figures")
    kinds = list(dict.fromkeys([*_HEADINGS, *(c.kind for c in diff.changes)]))
    for kind in kinds:
        changes = [c for c in diff.changes if c.kind == kind]
        if not changes:
            continue
        counts = ", ".join(f"{n} {status}" for status in _SIGNS if (n := sum(c.status == status for c in changes)))
        heading = _HEADINGS.get(kind, f"Write-up: {kind}s")
        lines += ["", f"{heading} ({counts})" if kind != "meta" else heading]
        for change in changes:
            lines += _change_lines(change)
    if diff.figures:
        lines += ["", f"Figures that moved ({len(diff.figures)})"]
        for move in diff.figures:
            lines.append(f"  ~ {move.label}: {move.old or '(none)'} -> {move.new or '(none)'}")
    if image:
        lines += ["", f"image: {image}"]
    return "\n".join(lines) + "\n"


def diff_json(diff: DesignDiff, revision: str, commit: str, image: str | None = None) -> dict[str, Any]:
    """The report as data: `{"version", "slug", "revision", "commit", "changes", "figures", "image"}`."""
    return {
        "version": JSON_VERSION,
        "slug": diff.new.slug,
        "revision": revision,
        "commit": commit,
        "changes": [c.as_dict() for c in diff.changes],
        "figures": [m.as_dict() for m in diff.figures],
        "image": image,
    }
