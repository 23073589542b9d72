"""Benchmark: the gallery site built by the kit's own Jinja2 build against MkDocs + Material.

Run with `make site-bench` (it installs the pinned MkDocs and Material first). Prints figures;
asserts nothing. Both builds publish the same content from the same rendered/: the index with its
thumbnails, a page per case study (its summary, every view, the article images, the walkthrough and
the embed snippets) and a search. MkDocs gets Markdown pages holding the same HTML blocks, the
Material theme and its built-in full-text search. rendered/ must be up to date and complete (`make
site` once draws what git does not carry), so neither build draws an image.

Figures, each the median of --runs builds, with ratios MkDocs / kit:
  build time   wall time from loaded designs to a finished site folder (MkDocs: writing its docs
               folder, then `mkdocs build`)
  output size  every file of the site, and the same without the images both copy from rendered/
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kit.authoring.discovery import find_blueprint_files, load_design  # noqa: E402
from kit.model.model import Design  # noqa: E402
from kit.publishing.manifest import current_kit_hash, read_manifest  # noqa: E402
from kit.publishing.site.build import build_site, site_contents  # noqa: E402
from kit.publishing.site.sections import catalogue_sections  # noqa: E402

RENDERED = REPO / "rendered"
_MAIN = re.compile(r"<main>\n(.*)</main>", re.S)
_GALLERY = re.compile(r'(<section id="views".*)</main>', re.S)


def _tree_size(folder: Path, *, images: bool) -> int:
    """Bytes of every file under `folder`; with images=False, without the diagrams' SVG, PNG and GIF."""
    suffixes = {".svg", ".png", ".gif"}
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and (images or p.suffix not in suffixes))


def _kit_build(designs: list[Design], out: Path) -> None:
    build_site(designs, read_manifest(RENDERED), current_kit_hash(), RENDERED, out)


def _mkdocs_docs(designs: list[Design], docs: Path) -> None:
    """The same site as MkDocs input: the kit's pages' HTML blocks inside Markdown, images beside them."""
    generated, copies, _ = site_contents(designs, RENDERED, None)
    for relative, source in copies.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    index = _MAIN.search(generated["index.html"].decode("utf-8"))
    assert index is not None
    # Material has its own search and header: the kit's search box and scripts stay out.
    (docs / "index.md").write_text(index[1], encoding="utf-8")
    for section in catalogue_sections(designs):
        for design in section.designs:
            page = generated[f"{design.slug}/index.html"].decode("utf-8")
            gallery = _GALLERY.search(page)
            assert gallery is not None
            summary = (RENDERED / design.slug / "README.md").read_text(encoding="utf-8")
            (docs / design.slug / "index.md").write_text(f"{summary}\n\n{gallery[1]}\n", encoding="utf-8")
    assets = docs / "assets"
    assets.mkdir(exist_ok=True)
    for name in ("site.css", "site.js"):
        shutil.copyfile(REPO / "kit" / "publishing" / "site" / "static" / name, assets / name)


def _mkdocs_build(designs: list[Design], out: Path) -> None:
    work = out.with_name(out.name + "-src")
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    docs.mkdir(parents=True)
    _mkdocs_docs(designs, docs)
    (work / "mkdocs.yml").write_text(
        "site_name: System Design Blueprints\n"
        "theme:\n  name: material\n  palette:\n"
        "    - media: '(prefers-color-scheme: light)'\n      scheme: default\n"
        "    - media: '(prefers-color-scheme: dark)'\n      scheme: slate\n"
        "plugins:\n  - search\n"
        "extra_css: [assets/site.css]\n"
        "extra_javascript: [assets/site.js]\n"
        "markdown_extensions: [tables, md_in_html]\n",
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-f", str(work / "mkdocs.yml"), "-d", str(out)],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind; the median is reported")
    args = parser.parse_args()
    designs = [load_design(f) for f in find_blueprint_files(REPO / "blueprints")]
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        results = {}
        for name, build in (("kit (Jinja2)", _kit_build), ("MkDocs + Material", _mkdocs_build)):
            times = []
            out = Path(tmp) / name.split()[0].lower()
            for _ in range(args.runs):
                start = time.perf_counter()
                build(designs, out)
                times.append(time.perf_counter() - start)
            results[name] = (statistics.median(times), _tree_size(out, images=True), _tree_size(out, images=False))
        print(f"{len(designs)} case studies, median of {args.runs} builds each\n")
        print(f"{'build':<20} {'time':>8} {'output':>10} {'without images':>16}")
        for name, (seconds, total, pages) in results.items():
            print(f"{name:<20} {seconds:>7.2f}s {total / 1e6:>8.1f}MB {pages / 1e6:>14.2f}MB")
        (kit_s, kit_total, kit_pages), (mk_s, mk_total, mk_pages) = results.values()
        print(
            f"\nMkDocs / kit: build time {mk_s / kit_s:.1f}x, output {mk_total / kit_total:.2f}x, "
            f"output without images {mk_pages / kit_pages:.1f}x"
        )


if __name__ == "__main__":
    main()
