"""Finding blueprint files under blueprints/ and importing each into a validated `Design`.

A blueprint file is `blueprints/<category>/<slug with underscores>.py` and defines
`BLUEPRINT = bp.build()`. Whatever goes wrong while importing it (a syntax error, an exception,
a validation failure, a missing BLUEPRINT, a `sys.exit`, an import that does not finish within
the time limit) comes back as a `BlueprintError` naming the file and line, so one broken
blueprint never stops the others. Only KeyboardInterrupt keeps its meaning: the user asked to stop.

Each file is imported on a daemon thread the caller waits on for at most `load_timeout()` seconds
(BLUEPRINT_LOAD_TIMEOUT, default 5). Measured per file on the 2-core development machine: the
thread adds about 0.2 ms to a 9 ms import, where a forked process took at least 35 ms and a fresh
interpreter importing the kit about 1 s (both under load); and `load_design` still returns the
very `Design` object the file built, with no pickling. Its limit: a thread cannot be killed, so a stuck
import keeps running in the background until the command ends.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from kit.errors import BlueprintError, Problem
from kit.model.catalog import CATEGORIES
from kit.model.model import Design

__all__ = ["DEFAULT_LOAD_TIMEOUT", "BlueprintFile", "find_blueprint_files", "load_design", "load_timeout"]

#: Seconds a blueprint file may take to import: building a model takes milliseconds, so anything
#: near this is waiting, looping or doing I/O, which a blueprint file must not do.
DEFAULT_LOAD_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class BlueprintFile:
    """A blueprint file on disk; its slug and category follow from its name and folder."""

    path: Path

    @property
    def slug(self) -> str:
        return self.path.stem.replace("_", "-")

    @property
    def category(self) -> str:
        return self.path.parent.name.replace("_", "-")

    @property
    def display(self) -> str:
        """The path as the user would type it: relative to the working directory when inside it."""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            return str(self.path)


def find_blueprint_files(root: Path) -> list[BlueprintFile]:
    """Every blueprint file under `root`, sorted; files and folders starting with '_' are skipped."""
    if not root.is_dir():
        return []
    found = [
        BlueprintFile(path)
        for path in root.rglob("*.py")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)
    ]
    return sorted(found, key=lambda f: (f.category, f.slug))


def _line_in(error: BaseException, path: Path) -> int | None:
    """The last line of `path` in the traceback of `error`."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno
    return line


def load_timeout() -> float:
    """The import time limit in seconds: BLUEPRINT_LOAD_TIMEOUT when set, else DEFAULT_LOAD_TIMEOUT."""
    raw = os.environ.get("BLUEPRINT_LOAD_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_LOAD_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:  # also refuses nan
        raise ValueError(f"BLUEPRINT_LOAD_TIMEOUT={raw!r} is not a number of seconds above 0 (e.g. 10)")
    return seconds


def _import(file: BlueprintFile) -> object:
    module_name = f"_blueprint_{file.category}_{file.slug}".replace("-", "_")
    spec = importlib.util.spec_from_file_location(module_name, file.path)
    if spec is None or spec.loader is None:
        raise BlueprintError([Problem("file", "cannot be imported as Python")], source=file.display)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except BlueprintError as error:
        raise error.with_source(file.display) from None
    except SyntaxError as error:
        problem = Problem("syntax error", f"{error.msg} (Python could not parse the file)", error.lineno)
        raise BlueprintError([problem], source=file.display) from None
    except KeyboardInterrupt:
        raise
    except SystemExit as error:
        # sys.exit() in a blueprint must not end `render` or `check` (it did, silently, with 0).
        problem = Problem(
            "import",
            f"called sys.exit({error.code!r}) (a blueprint file must not exit; it defines BLUEPRINT)",
            _line_in(error, file.path),
        )
        raise BlueprintError([problem], source=file.display) from None
    except BaseException as error:
        problem = Problem(
            "import",
            f"raised {type(error).__name__}: {error} (a blueprint file must run without errors)",
            _line_in(error, file.path),
        )
        raise BlueprintError([problem], source=file.display) from error
    return getattr(module, "BLUEPRINT", None)


def _line_running(thread: threading.Thread, path: Path) -> int | None:
    """The line of `path` that `thread` is executing now (innermost call from the file)."""
    frame = sys._current_frames().get(thread.ident or -1)
    target = str(path.resolve())
    while frame is not None:
        if str(Path(frame.f_code.co_filename).resolve()) == target:
            return frame.f_lineno
        frame = frame.f_back
    return None


def _import_within(file: BlueprintFile, timeout: float) -> object:
    """`_import(file)` on a daemon thread, waited on for `timeout` seconds at most."""
    outcome: list[object] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(_import(file))
        except BaseException as error:  # handed to the caller's thread, which reports it
            failure.append(error)

    # Daemon: a blueprint stuck for good must not keep the command from exiting.
    thread = threading.Thread(target=run, name=f"blueprint-import:{file.slug}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        problem = Problem(
            "import",
            f"still running after {timeout:g} s, so it was left behind (a blueprint file must not wait, "
            "loop or do I/O at import; if it is just slow, raise the limit with BLUEPRINT_LOAD_TIMEOUT=<seconds>)",
            _line_running(thread, file.path),
        )
        raise BlueprintError([problem], source=file.display)
    if failure:
        raise failure[0]
    return outcome[0]


def load_design(file: BlueprintFile, *, timeout: float | None = None) -> Design:
    """Import `file` and return its validated design; raises BlueprintError naming the file.

    `timeout` is the import's time limit in seconds (default: `load_timeout()`).
    """
    design = _import_within(file, load_timeout() if timeout is None else timeout)
    if not isinstance(design, Design):
        raise BlueprintError(
            [Problem("BLUEPRINT", "the file defines no `BLUEPRINT = bp.build()` at module level")],
            source=file.display,
        )
    problems = []
    if design.slug != file.slug:
        expected = design.slug.replace("-", "_") + ".py"
        problems.append(
            Problem(
                "slug",
                f"{design.slug!r} does not match the file name {file.path.name!r} (rename it {expected!r})",
            )
        )
    if file.category in CATEGORIES and design.category != file.category:
        problems.append(
            Problem(
                "category",
                f"{design.category!r} does not match the folder {file.path.parent.name!r} "
                f"(move the file to blueprints/{design.category.replace('-', '_')}/)",
            )
        )
    if problems:
        raise BlueprintError(problems, source=file.display)
    return design
