"""A blueprint as it was at a git revision, loaded without touching the working tree.

`git show REV:path` gives the file's old text; it is written to a temporary folder under the same
category folder and file name (so its slug and category read as before) and imported there by
`load_design`, exactly as discovery imports the current file, with the current kit. What goes
wrong comes back as a `RevisionError` saying which: git missing, the file outside a repository,
a revision git does not know, a file that did not exist at it, or a blueprint that fails to load
at it (with its problems, named `REV:path`).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from kit.authoring.discovery import BlueprintFile, load_design
from kit.errors import BlueprintError
from kit.model.model import Design
from kit.publishing.tempfiles import temp_dir

__all__ = ["OldDesign", "RevisionError", "design_at"]


class RevisionError(ValueError):
    """The old version cannot be had; `usage` is True when the revision itself is at fault."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True, slots=True)
class OldDesign:
    """The design at `revision` (`commit` is the full hash it resolved to), from `path` in the repository at `root`."""

    design: Design
    revision: str
    commit: str
    path: str
    root: Path


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed (a diff reads the old blueprint with `git show`)") from None


def design_at(file: BlueprintFile, revision: str) -> OldDesign:
    """`file`'s blueprint as committed at `revision`; raises RevisionError."""
    folder = file.path.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise RevisionError(f"{file.display} is not in a git repository, so it has no revision {revision!r}")
    root = Path(top.stdout.decode().strip())
    path = file.path.resolve().relative_to(root.resolve()).as_posix()
    if revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision (it starts with '-')", usage=True)
    resolved = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], root)
    if resolved.returncode != 0:
        raise RevisionError(
            f"unknown revision {revision!r} (give a commit, branch or tag, e.g. HEAD, HEAD~1, main)", usage=True
        )
    commit = resolved.stdout.decode().strip()
    shown = _git(["show", f"{commit}:{path}"], root)
    if shown.returncode != 0:
        raise RevisionError(f"{path} did not exist at {revision} ({commit[:12]}): there is nothing to compare with")
    where = f"{revision}:{path}"
    with temp_dir("revision") as tmp:
        copy = tmp / file.path.parent.name / file.path.name
        copy.parent.mkdir()
        copy.write_bytes(shown.stdout)
        try:
            design = load_design(BlueprintFile(copy))
        except BlueprintError as error:
            detail = str(error.with_source(where))
            raise RevisionError(f"the blueprint fails to load at {revision}:\n{detail}") from None
    return OldDesign(design, revision, commit, path, root)
