"""Errors the kit raises, each naming the file, the element at fault and what would be valid."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BlueprintError", "GraphvizError", "GraphvizNotFound", "Problem", "describe_os_error"]

# The shape of `write_atomic`'s temporary files (see kit.publishing.tempfiles): `.NAME.<pid>.<random>.tmp`.
_TEMP_FILE = re.compile(r"^\.(?P<name>.+)\.[0-9]+\.[a-z0-9_]{8}\.tmp$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a blueprint: where it is, which element, and what is wrong."""

    element: str
    message: str
    line: int | None = None

    def format(self, source: str | None) -> str:
        where = source or "<blueprint>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.element}: {self.message}"


class BlueprintError(ValueError):
    """A blueprint that cannot be built, validated or rendered."""

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._describe())

    def _describe(self) -> str:
        lines = [problem.format(self.source) for problem in self.problems]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} problems:")
        return "\n".join(lines)

    def with_source(self, source: str) -> BlueprintError:
        """The same problems, attributed to `source` (a blueprint file path)."""
        return BlueprintError(self.problems, source=source)


class GraphvizNotFound(RuntimeError):
    """Graphviz's `dot` is not on PATH."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's `dot` was not found on PATH. Install it with "
            "`sudo apt-get install -y graphviz fonts-liberation2` (Debian/Ubuntu), "
            "`brew install graphviz` (macOS), or run `make`, which installs it where it can."
        )


#: Longest part of dot's stderr quoted in an error: a paragraph, not the 25 KB some failures print.
_STDERR_CHARS = 320
# dot follows some errors with its internal state, one "<node> <count>" line per node after a tab.
_DUMP_LINE = re.compile(r"^\t\S+ -?\d+$")
#: What dot's own words usually mean for a blueprint, found while testing random designs.
_LIKELY_CAUSES = {
    "trouble in init_rank": (
        "a link between two components of the same lane where one of them is in a group "
        "(Graphviz 2.43 cannot always lay such a link out; move one end out of the lane or the group)"
    ),
    "lost ": (
        "Graphviz could not route a link's curve, most often a link within one lane that has to pass "
        "around a group, or a label with one very long word (move an end out of the group, or wrap the label)"
    ),
}


class GraphvizError(RuntimeError):
    """`dot` failed or warned; carries its stderr whole, and says in one paragraph what it was."""

    def __init__(self, message: str, stderr: str) -> None:
        self.stderr = stderr
        # One paragraph: each line of dot's stderr is a sentence of the same report, repeats once.
        lines = [line.strip() for line in stderr.splitlines() if line.strip() and not _DUMP_LINE.match(line)]
        detail = " ".join(dict.fromkeys(lines))
        dumped = any(_DUMP_LINE.match(line) for line in stderr.splitlines())
        if len(detail) > _STDERR_CHARS:
            detail = detail[:_STDERR_CHARS].rsplit(" ", 1)[0] + " …"
        if dumped or detail.endswith(" …"):
            detail += f" (shortened from {len(stderr.encode()):,} bytes of stderr)"
        causes = [cause for words, cause in _LIKELY_CAUSES.items() if words in stderr]
        hint = f"; likely cause: {causes[0]}" if causes else ""
        super().__init__(f"{message}; Graphviz said: {detail or '(nothing on stderr)'}{hint}")


def describe_os_error(error: OSError) -> str:
    """`PATH: cause` in one line, naming the file the kit meant to write rather than its temporary.

    >>> describe_os_error(FileNotFoundError(2, "No such file or directory", "out/.a.svg.42.abcd1234.tmp"))
    'out/a.svg: No such file or directory'
    """
    cause = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        return cause
    path = os.fsdecode(error.filename)
    folder, name = os.path.split(path)
    if match := _TEMP_FILE.match(name):
        path = os.path.join(folder, match["name"])
    return f"{path}: {cause}"
