"""Model -> files: the one module that runs Graphviz and writes into rendered/.

`render_design` draws every view of a design (the overview and one per flow) in every theme,
each with a single `dot` run that writes the SVG and the 2x PNG together, then the walkthrough
GIF and the summary, all in memory; `write_design` puts them in place atomically. Nothing is
written for a design whose rendering failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kit.drawing.animate import walkthrough_gif
from kit.drawing.dot import to_dot
from kit.drawing.icons import icon_image, icons_root, write_faint_icons
from kit.drawing.svg import finish_svg
from kit.drawing.theme import LIGHT, THEMES
from kit.drawing.views import OVERVIEW, View, file_stem, flow_views, walkthrough_frames
from kit.errors import GraphvizError, GraphvizNotFound
from kit.model.catalog import icon_for
from kit.model.model import Design
from kit.publishing.files import write_atomic
from kit.publishing.summary import summary_markdown
from kit.publishing.tempfiles import temp_dir

__all__ = [
    "FRAME_DPI",
    "GIF_BUDGET_BYTES",
    "RASTER_DPI",
    "DotJob",
    "Rendered",
    "dot_executable",
    "dot_jobs",
    "output_dir",
    "output_files",
    "prepare_icons",
    "render_design",
    "render_designs",
    "run_dot",
    "write_design",
]

#: 2x pixel density: the SVG is W CSS px wide (96 per inch), the PNG 2W pixels (192 per inch).
RASTER_DPI = 192
#: Walkthrough frames at 1x: a GIF has no high-density variant, and 2x would quadruple its size.
FRAME_DPI = 96
#: Largest walkthrough GIF the kit accepts for a blueprint: small enough to embed in an article.
GIF_BUDGET_BYTES = 3_000_000
#: How long a walkthrough shows the overview, a step, and the last step of a flow.
OVERVIEW_MS, STEP_MS, FLOW_END_MS = 3000, 1300, 2600


@dataclass(frozen=True, slots=True)
class Rendered:
    """Every output of one design, in memory (file name -> bytes), plus what Graphviz warned about."""

    slug: str
    files: tuple[tuple[str, bytes], ...]
    warnings: tuple[str, ...]

    def file(self, name: str) -> bytes:
        for file_name, data in self.files:
            if file_name == name:
                return data
        raise KeyError(name)


def dot_executable() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFound()
    return found


def run_dot(
    source: str, formats: tuple[str, ...], *, dpi: int = RASTER_DPI, extra_image_dirs: tuple[Path, ...] = ()
) -> tuple[dict[str, bytes], str]:
    """Lay `source` out once and write every format; returns the bytes per format and dot's stderr."""
    with temp_dir("dot") as tmp:
        outputs = {fmt: Path(tmp) / f"out.{fmt}" for fmt in formats}
        image_path = os.pathsep.join(str(folder) for folder in (icons_root(), *extra_image_dirs))
        command = [dot_executable(), f"-Gimagepath={image_path}", f"-Gdpi={dpi}"]
        for fmt, path in outputs.items():
            command += [f"-T{fmt}", f"-o{path}"]
        result = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, check=False)
        stderr = result.stderr.decode("utf-8", "replace")
        if result.returncode != 0:
            raise GraphvizError(f"dot exited with status {result.returncode}", stderr)
        return {fmt: path.read_bytes() for fmt, path in outputs.items()}, stderr


@dataclass(frozen=True, slots=True)
class DotJob:
    """One `dot` run: a view in a theme (`stem` names its files) or a walkthrough frame (no stem)."""

    stem: str
    source: str
    dpi: int
    formats: tuple[str, ...]


def dot_jobs(design: Design) -> list[DotJob]:
    """Every `dot` run a design needs: each view in each theme, then the walkthrough's frames."""
    views = (OVERVIEW, *flow_views(design))
    jobs = [
        DotJob(file_stem(design.slug, view, theme.suffix), to_dot(design, theme, view), RASTER_DPI, ("svg", "png"))
        for theme in THEMES
        for view in views
    ]
    if design.flows:
        jobs += [DotJob("", to_dot(design, LIGHT, frame), FRAME_DPI, ("png",)) for frame in walkthrough_frames(design)]
    return jobs


def prepare_icons(design: Design, folder: Path) -> None:
    """The faint icons a design's flow views name, written where `dot` will look for them."""
    if design.flows:
        write_faint_icons(folder, {icon for c in design.components if (icon := icon_for(c.kind, c.tech))})


def render_designs(designs: Sequence[Design], *, workers: int = 1) -> Iterator[Rendered | GraphvizError]:
    """Each design's outputs (or the GraphvizError that stopped it), in the order given.

    Every `dot` run of every design goes to one pool of `workers` threads, each waiting on its own
    `dot` process, so the cores stay busy while finished designs are post-processed here. The
    output does not depend on `workers`. GraphvizNotFound propagates: no design can render.
    """
    with temp_dir("icons") as tmp, ThreadPoolExecutor(max(1, workers)) as pool:
        planned = []
        for index, design in enumerate(designs):
            icon_dir = Path(tmp) / str(index)
            prepare_icons(design, icon_dir)
            jobs = dot_jobs(design)
            futures = [
                pool.submit(run_dot, job.source, job.formats, dpi=job.dpi, extra_image_dirs=(icon_dir,)) for job in jobs
            ]
            planned.append((design, jobs, futures))
        for design, jobs, futures in planned:
            try:
                results = [future.result() for future in futures]
            except GraphvizError as error:
                yield error
                continue
            yield _assemble(design, jobs, results)


def render_design(design: Design, *, workers: int = 1) -> Rendered:
    """All outputs of `design`, in memory. Raises GraphvizError when `dot` fails."""
    (result,) = render_designs([design], workers=workers)
    if isinstance(result, GraphvizError):
        raise result
    return result


def _assemble(design: Design, jobs: list[DotJob], results: list[tuple[dict[str, bytes], str]]) -> Rendered:
    """Graphviz's outputs -> the design's files: finished SVGs, PNGs as drawn, the GIF, the summary."""
    files: dict[str, bytes] = {}
    stderr = ""
    frame_pngs = []
    for job, (outputs, errors) in zip(jobs, results, strict=True):
        stderr += errors
        if job.stem:
            files[f"{job.stem}.svg"] = finish_svg(outputs["svg"].decode("utf-8"), icon_image).encode("utf-8")
            # Graphviz's cairo PNG as is: re-encoding with Pillow's optimiser saved 1.7% for 2.9 s.
            files[f"{job.stem}.png"] = outputs["png"]
        else:
            frame_pngs.append(outputs["png"])
    if frame_pngs:
        frames = walkthrough_frames(design)
        gif = walkthrough_gif(frame_pngs, _frame_durations(frames), _palette_frames(frames))
        if len(gif) > GIF_BUDGET_BYTES:
            stderr += f"walkthrough GIF is {len(gif) / 1e6:.1f} MB, over its {GIF_BUDGET_BYTES / 1e6:.1f} MB budget\n"
        files[f"{design.slug}.gif"] = gif
    files["README.md"] = summary_markdown(design).encode("utf-8")
    warnings = tuple(dict.fromkeys(line for line in stderr.splitlines() if line.strip()))
    return Rendered(slug=design.slug, files=tuple(sorted(files.items())), warnings=warnings)


def _frame_durations(frames: tuple[View, ...]) -> list[int]:
    durations = []
    for frame in frames:
        if frame.flow is None:
            durations.append(OVERVIEW_MS)
        else:
            durations.append(FLOW_END_MS if frame.reveal == len(frame.flow.steps) else STEP_MS)
    return durations


def _palette_frames(frames: tuple[View, ...]) -> list[int]:
    """The overview and each flow's last frame: between them they hold every colour drawn."""
    return [i for i, frame in enumerate(frames) if frame.flow is None or frame.reveal == len(frame.flow.steps)]


def output_dir(out_root: Path, slug: str) -> Path:
    """rendered/<slug>/, refusing any slug that would resolve outside `out_root`, and a symlinked folder.

    A symlink is refused even when it points inside `out_root`: writing through it would put one
    blueprint's files in another's folder.
    """
    root = out_root.resolve()
    # One plain name: no separator, no '.' or '..', no NUL (which the OS would refuse obscurely).
    if not slug.strip(".") or any(char in slug for char in ("/", os.sep, "\0")):
        raise ValueError(f"slug {slug!r} would write outside {out_root}")
    target = root / slug
    if target.is_symlink():
        raise ValueError(f"{out_root / slug} is a symlink; the kit writes only into real folders (remove it)")
    return target


def output_files(rendered: Rendered, out_root: Path) -> dict[Path, bytes]:
    """Every file of one design's rendered/<slug>/ folder with its bytes: what `write_design` writes
    and what the freshness manifest lists."""
    folder = output_dir(out_root, rendered.slug)
    files = {}
    for name, data in rendered.files:
        if "/" in name or name.startswith("."):
            raise ValueError(f"output name {name!r} would leave {folder}")
        files[folder / name] = data
    return files


def write_design(rendered: Rendered, out_root: Path) -> list[Path]:
    """Write the outputs into rendered/<slug>/ atomically; returns the files that changed.

    Files of an earlier render that this one no longer makes (a renamed flow's view) are removed
    after the new ones are in place, so the folder never holds a mix that matches no blueprint.
    """
    files = output_files(rendered, out_root)
    changed = [path for path, data in files.items() if write_atomic(path, data)]
    folder = output_dir(out_root, rendered.slug)
    for stale in sorted(folder.iterdir()):
        if stale.is_file() and stale not in files and _is_output_name(rendered.slug, stale.name):
            stale.unlink()
            changed.append(stale)
    return changed


def _is_output_name(slug: str, name: str) -> bool:
    """A file name the renderer makes for `slug` (and so may remove), never anything else."""
    return name == "README.md" or (name.startswith(slug + ".") and name.rsplit(".", 1)[-1] in ("svg", "png", "gif"))
