"""`blueprint site`: the whole catalogue as a static site in one folder, read from rendered/.

Nothing is drawn again that rendered/ holds: pages link the SVGs and PNGs `blueprint render` wrote,
copied beside them. The article PNGs and walkthrough GIFs that git does not carry are drawn once
when missing (see images.py) and written into rendered/<slug>/, where `blueprint render` would
put the same bytes, so the next build copies them. rendered/ must be fresh: a site is never built
from images of an older blueprint.

The site is assembled in a temporary folder beside the target and moved into place at the end,
so the target holds the previous site or the new one, never half of one. Same inputs, same bytes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kit.authoring.playbook import Playbook
from kit.drawing.render import is_local
from kit.errors import GraphvizError
from kit.model.model import Design
from kit.publishing.files import write_atomic
from kit.publishing.manifest import Entry, model_hash
from kit.publishing.site.images import local_images, site_files
from kit.publishing.site.markup import has_mermaid, summary_html
from kit.publishing.site.pages import CaseStudy, case_page, index_page, search_index, svg_size
from kit.publishing.site.sections import Section, catalogue_sections

__all__ = ["SiteError", "SiteReport", "build_site", "complete_local", "freshness_problems", "site_contents"]

#: The static files every page uses, from kit/publishing/site/static/.
STATIC = ("site.css", "site.js")
#: Where the site keeps what every page shares.
ASSETS = "assets"
#: A file only a site this command built has: an existing folder without it is never replaced.
_MARK = f"{ASSETS}/site.js"


class SiteError(Exception):
    """The site cannot be built; the message names the file or blueprint at fault and what to do."""


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What a build wrote: pages, files and bytes in the site, images it had to draw, and Mermaid's use."""

    pages: int
    files: int
    size: int
    drawn: tuple[str, ...]
    mermaid_pages: int
    mermaid_loaded: bool


def freshness_problems(designs: Iterable[Design], entries: Mapping[str, Entry], kit: str, rendered: Path) -> list[str]:
    """Why rendered/ cannot be published as it is, one line per blueprint at fault (none when it can)."""
    problems = []
    for design in designs:
        folder = rendered / design.slug
        entry = entries.get(design.slug)
        if entry is None:
            problems.append(f"{folder}/: never rendered")
        elif entry.model != model_hash(design):
            problems.append(f"{folder}/: rendered from an older version of {entry.source}")
        elif entry.kit != kit:
            problems.append(f"{folder}/: rendered by another version of the kit")
        else:
            committed = ["README.md", *(n for n in site_files(design) if not is_local(design.slug, n))]
            problems += [f"{folder / name}: missing" for name in committed if not (folder / name).is_file()]
    return problems


def complete_local(
    designs: Sequence[Design],
    entries: Mapping[str, Entry],
    rendered: Path,
    *,
    workers: int = 1,
    progress: Callable[[str], None] = lambda _: None,
) -> list[str]:
    """Draw the article PNGs and GIFs the site needs that rendered/ lacks, and write them there.

    Returns `<slug>/<file>` for each file written. Raises SiteError when Graphviz fails on one.
    """
    due = [
        design
        for design in designs
        if any(not (rendered / design.slug / name).is_file() for name in site_files(design))
    ]

    def draw(design: Design) -> list[str]:
        files = local_images(design, entries[design.slug].layout)
        for name, data in files.items():
            write_atomic(rendered / design.slug / name, data)
        progress(f"drew    {design.slug:<28} ({len(files)} files git does not carry: article images, walkthrough)")
        return [f"{design.slug}/{name}" for name in files]

    written: list[str] = []
    with ThreadPoolExecutor(max(1, workers)) as pool:
        try:
            for names in pool.map(draw, due):
                written += names
        except GraphvizError as error:
            raise SiteError(f"Graphviz could not draw the missing images: {error}") from error
    return written


def _static(name: str) -> bytes:
    return resources.files("kit.publishing.site").joinpath("static", name).read_bytes()


def site_contents(
    designs: Sequence[Design], rendered: Path, mermaid_js: Path | None, playbook: Playbook | None = None
) -> tuple[dict[str, bytes], dict[str, Path], int]:
    """The site: generated files by path (pages, search index, styles, scripts), files copied from
    rendered/ (and Mermaid) by path, and how many pages have a Mermaid block."""
    sections = catalogue_sections(designs, playbook)
    generated: dict[str, bytes] = {f"{ASSETS}/{name}": _static(name) for name in STATIC}
    generated[f"{ASSETS}/search-index.js"] = search_index(sections).encode("utf-8")
    copies: dict[str, Path] = {}
    sizes: dict[str, tuple[float, float]] = {}
    section_of: dict[str, Section] = {}
    for section in sections:
        for design in section.designs:
            section_of.setdefault(design.slug, section)
    with_mermaid = 0
    for design in designs:
        folder = rendered / design.slug
        overview = folder / f"{design.slug}.svg"
        sizes[design.slug] = svg_size(overview.read_bytes(), str(overview))
        markdown = (folder / "README.md").read_text(encoding="utf-8")
        mermaid = has_mermaid(markdown)
        with_mermaid += mermaid
        case = CaseStudy(design, summary_html(markdown), section_of[design.slug], sizes[design.slug])
        page = case_page(case, mermaid=mermaid and mermaid_js is not None)
        generated[f"{design.slug}/index.html"] = page.encode("utf-8")
        for name in site_files(design):
            copies[f"{design.slug}/{name}"] = folder / name
    generated["index.html"] = index_page(sections, sizes).encode("utf-8")
    if mermaid_js is not None and with_mermaid:
        copies[f"{ASSETS}/mermaid.min.js"] = mermaid_js
    return generated, copies, with_mermaid


def _replaceable(out: Path) -> bool:
    """An existing target is replaced only when it is an earlier site (or an empty folder)."""
    if not out.exists():
        return True
    if out.is_symlink() or not out.is_dir():
        return False
    return (out / _MARK).is_file() or not any(out.iterdir())


def _write(out: Path, generated: Mapping[str, bytes], copies: Mapping[str, Path]) -> None:
    """Everything into a temporary folder beside `out`, then moved into place in two renames."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{os.getpid()}.", suffix=".tmp", dir=out.parent))
    old = staging.with_suffix(".old")
    try:
        for relative, data in sorted(generated.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for relative, source in sorted(copies.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        for path in sorted(staging.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        staging.chmod(0o755)
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out.exists():
            os.replace(old, out)  # the previous site comes back
        raise
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(old)


def build_site(
    designs: Sequence[Design],
    entries: Mapping[str, Entry],
    kit: str,
    rendered: Path,
    out: Path,
    *,
    mermaid_js: Path | None = None,
    playbook: Playbook | None = None,
    workers: int = 1,
    progress: Callable[[str], None] = lambda _: None,
) -> SiteReport:
    """Check rendered/, draw what it lacks, and write the site into `out` (replacing an earlier site).

    `mermaid_js` is Mermaid's browser bundle (node_modules/mermaid/dist/mermaid.min.js), copied in
    when a summary has a ```mermaid block; without it those blocks show as their source text.
    """
    if not _replaceable(out):
        raise SiteError(f"{out} exists and is not a site this command built; name an empty or new folder")
    problems = freshness_problems(designs, entries, kit, rendered)
    if problems:
        listed = "\n  ".join(problems)
        raise SiteError(f"{rendered}/ is not up to date; run `make` (blueprint render) first:\n  {listed}")
    drawn = complete_local(designs, entries, rendered, workers=workers, progress=progress)
    try:
        generated, copies, with_mermaid = site_contents(designs, rendered, mermaid_js, playbook)
    except ValueError as error:
        raise SiteError(str(error)) from error
    _write(out, generated, copies)
    size = sum(len(data) for data in generated.values()) + sum(p.stat().st_size for p in copies.values())
    return SiteReport(
        pages=sum(name.endswith(".html") for name in generated),
        files=len(generated) + len(copies),
        size=size,
        drawn=tuple(drawn),
        mermaid_pages=with_mermaid,
        mermaid_loaded=mermaid_js is not None and with_mermaid > 0,
    )
