"""Does a blueprint agree with its playbook entry? Slug, category, title and learn line, as errors.

A blueprint is matched to the playbook by its slug. One whose slug the playbook does not list is
an error too: either its title names an entry under another slug (the slug is what disagrees), or
the playbook lacks it and needs an entry (which `blueprint new` appends for what it writes).
"""

from __future__ import annotations

from kit.analysis.content import Finding, Severity
from kit.authoring.playbook import Playbook, entry_text
from kit.model.model import Design

__all__ = ["playbook_findings"]


def playbook_findings(design: Design, playbook: Playbook) -> list[Finding]:
    """Every way `design` disagrees with `playbook`; each finding quotes the playbook's value."""
    entry = playbook.primary(design.slug)
    if entry is None:
        titled = playbook.with_title(design.title)
        if titled is not None:
            where = f"{playbook.source}:{titled.line}, entry {titled.number}"
            return [
                Finding(
                    Severity.ERROR,
                    "slug",
                    f"{design.slug!r} disagrees with the playbook ({where}), which lists {design.title!r} "
                    f"as {titled.slug!r}",
                    f'Blueprint("{titled.slug}", ...) in {titled.category.replace("-", "_")}/'
                    f"{titled.slug.replace('-', '_')}.py",
                )
            ]
        listed = {"slug": design.slug, "category": design.category, "title": design.title, "learn": design.learn}
        return [
            Finding(
                Severity.ERROR,
                "slug",
                f"{design.slug!r} is not in the playbook ({playbook.source}); add its entry at the end "
                "(it is then listed last in its category)",
                "\n" + entry_text(listed).rstrip("\n"),
            )
        ]
    where = f"{playbook.source}:{entry.line}, entry {entry.number}"
    findings = []
    for field, value, expected in (
        ("category", design.category, entry.category),
        ("title", design.title, entry.title),
        ("learn", design.learn, entry.learn),
    ):
        if value != expected:
            findings.append(
                Finding(
                    Severity.ERROR,
                    field,
                    f"{value!r} disagrees with the playbook ({where}), which has {expected!r}",
                    f"{field}={expected!r}",
                )
            )
    return findings
