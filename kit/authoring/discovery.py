"""Finding blueprint files under blueprints/ and importing each into a validated `Design`.

A blueprint file is `blueprints/<category>/<slug with underscores>.py` and defines
`BLUEPRINT = bp.build()`. Whatever goes wrong while importing it (a syntax error, an exception,
a validation failure, a missing BLUEPRINT) comes back as a `BlueprintError` naming the file and
line, so one broken blueprint never stops the others.
"""

from __future__ import annotations

import importlib.util
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from kit.errors import BlueprintError, Problem
from kit.model.catalog import CATEGORIES
from kit.model.model import Design

__all__ = ["BlueprintFile", "find_blueprint_files", "load_design"]


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
    except Exception as error:
        problem = Problem(
            "import",
            f"raised {type(error).__name__}: {error} (a blueprint file must run without errors)",
            _line_in(error, file.path),
        )
        raise BlueprintError([problem], source=file.display) from error
    return getattr(module, "BLUEPRINT", None)


def load_design(file: BlueprintFile) -> Design:
    """Import `file` and return its validated design; raises BlueprintError naming the file."""
    design = _import(file)
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
