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


class GraphvizError(RuntimeError):
    """`dot` failed or warned; carries its stderr."""

    def __init__(self, message: str, stderr: str) -> None:
        self.stderr = stderr
        # One paragraph: each line of dot's stderr is a sentence of the same report.
        detail = " ".join(line.strip() for line in stderr.splitlines() if line.strip())
        super().__init__(f"{message}; Graphviz said: {detail or '(nothing on stderr)'}")


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
