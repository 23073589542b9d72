"""Model -> files: the one module that runs Graphviz and writes into rendered/.

`render_design` lays a design out with a single `dot` run that writes the SVG and the 2x PNG
together, then finishes the SVG in memory; `write_design` puts them and the summary in place
atomically. Nothing is written for a design whose rendering failed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kit.dot import to_dot
from kit.errors import GraphvizError, GraphvizNotFound
from kit.files import write_atomic
from kit.icons import icon_image, icons_root
from kit.model import Design
from kit.summary import summary_markdown
from kit.svg import finish_svg
from kit.theme import LIGHT, Theme

__all__ = [
    "RASTER_DPI",
    "Rendered",
    "dot_executable",
    "output_dir",
    "output_files",
    "render_design",
    "run_dot",
    "write_design",
]

#: 2x pixel density: the SVG is W CSS px wide (96 per inch), the PNG 2W pixels (192 per inch).
RASTER_DPI = 192


@dataclass(frozen=True, slots=True)
class Rendered:
    """Every output of one design, in memory, plus whatever Graphviz warned about."""

    slug: str
    svg: bytes
    png: bytes
    summary: bytes
    warnings: tuple[str, ...]


def dot_executable() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFound()
    return found


def run_dot(source: str, formats: tuple[str, ...], *, dpi: int = RASTER_DPI) -> tuple[dict[str, bytes], str]:
    """Lay `source` out once and write every format; returns the bytes per format and dot's stderr."""
    with tempfile.TemporaryDirectory(prefix="blueprint-dot-") as tmp:
        outputs = {fmt: Path(tmp) / f"out.{fmt}" for fmt in formats}
        command = [dot_executable(), f"-Gimagepath={icons_root()}", f"-Gdpi={dpi}"]
        for fmt, path in outputs.items():
            command += [f"-T{fmt}", f"-o{path}"]
        result = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, check=False)
        stderr = result.stderr.decode("utf-8", "replace")
        if result.returncode != 0:
            raise GraphvizError(f"dot exited with status {result.returncode}", stderr)
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}, stderr


def render_design(design: Design, theme: Theme = LIGHT) -> Rendered:
    """All outputs of `design`, in memory. Raises GraphvizError when `dot` fails."""
    outputs, stderr = run_dot(to_dot(design, theme), ("svg", "png"))
    svg = finish_svg(outputs["svg"].decode("utf-8"), icon_image)
    warnings = tuple(line for line in stderr.splitlines() if line.strip())
    return Rendered(
        slug=design.slug,
        svg=svg.encode("utf-8"),
        # Graphviz's cairo PNG as is: re-encoding with Pillow's optimiser saved 1.7% for 2.9 s.
        png=outputs["png"],
        summary=summary_markdown(design).encode("utf-8"),
        warnings=warnings,
    )


def output_dir(out_root: Path, slug: str) -> Path:
    """rendered/<slug>/, refusing any slug that would resolve outside `out_root`."""
    root = out_root.resolve()
    target = (root / slug).resolve()
    if target.parent != root:
        raise ValueError(f"slug {slug!r} would write outside {out_root}")
    return target


def output_files(rendered: Rendered, out_root: Path) -> dict[Path, bytes]:
    """Every file of one design's rendered/<slug>/ folder with its bytes: what `write_design` writes
    and what the freshness manifest lists."""
    folder = output_dir(out_root, rendered.slug)
    return {
        folder / f"{rendered.slug}.svg": rendered.svg,
        folder / f"{rendered.slug}.png": rendered.png,
        folder / "README.md": rendered.summary,
    }


def write_design(rendered: Rendered, out_root: Path) -> list[Path]:
    """Write the outputs into rendered/<slug>/ atomically; returns the files that changed."""
    return [path for path, data in output_files(rendered, out_root).items() if write_atomic(path, data)]
