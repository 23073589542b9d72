"""Benchmark: the kit against plain `dot` and plain `diagrams`, every figure a ratio from one run.

Run with `make bench`. Prints figures; asserts nothing. Every baseline runs on the same machine in
the same process tree, at the same parallelism (`--jobs`, default: the number of CPUs), so a
noisy machine shifts all figures alike and the ratios stay meaningful.

Figures:
  full render       `blueprint render --force` from scratch, every view, theme, frame and summary
  plain dot         the same DOT files rendered by `dot` with the same formats, dpi and parallelism
  overview, kit     only the overview SVG + 2x PNG of each blueprint, one process per blueprint
  overview, diagrams  one `diagrams` script per blueprint writing png and svg, as its users do
  no-op render      `blueprint render` with nothing changed
  one edit          `blueprint render` after editing one blueprint's title: which ones re-render
  peak memory       largest resident set of any process the kit's full render started
  stages            where one in-process full render spends its time
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(command: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def in_parallel(commands: Iterable[list[str]], jobs: int, cwd: Path = REPO) -> None:
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda command: run(command, cwd), commands))


def blueprint(*args: str, blueprints: Path = REPO / "blueprints") -> list[str]:
    return [PYTHON, "-m", "kit", "--blueprints", str(blueprints), *args]


# -- baselines ---------------------------------------------------------------------------------------


def plain_dot_commands(work: Path) -> list[list[str]]:
    """Every DOT file the kit renders, written out, and the `dot` command that renders it."""
    from kit.authoring.discovery import find_blueprint_files, load_design
    from kit.drawing.icons import icons_root
    from kit.drawing.render import dot_jobs, prepare_icons

    commands = []
    for file in find_blueprint_files(REPO / "blueprints"):
        design = load_design(file)
        icon_dir = work / "icons" / design.slug
        prepare_icons(design, icon_dir)
        for index, job in enumerate(dot_jobs(design)):
            source = work / f"{design.slug}-{index}.dot"
            source.write_text(job.source, encoding="utf-8")
            command = ["dot", f"-Gimagepath={icons_root()}{os.pathsep}{icon_dir}", f"-Gdpi={job.dpi}"]
            for fmt in job.formats:
                command += [f"-T{fmt}", f"-o{source.with_suffix('.' + fmt)}"]
            commands.append([*command, str(source)])
    return commands


def _diagrams_class(icon: str) -> tuple[str, str] | None:
    """The `diagrams` node class a user would pick for an icon path, e.g. ('diagrams.onprem.queue', 'Kafka')."""
    module_name = "diagrams." + ".".join(icon.split("/")[:-1])
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    for name, value in inspect.getmembers(module, inspect.isclass):
        if getattr(value, "_icon", None) == icon.split("/")[-1] and not name.startswith("_"):
            return module_name, name
    return None


def diagrams_script(design_file: Path, out: Path) -> str:
    """A plain `diagrams` script drawing the same components, groups and links."""
    from kit.authoring.discovery import BlueprintFile, load_design
    from kit.model.catalog import icon_for

    design = load_design(BlueprintFile(design_file))
    imports = {"from diagrams import Cluster, Diagram, Edge", "from diagrams.generic.blank import Blank"}
    lines = [f"with Diagram({design.title!r}, filename={str(out)!r}, outformat=['png', 'svg'], show=False):"]

    def node(component_id: str, indent: str) -> None:
        component = design.component(component_id)
        icon = icon_for(component.kind, component.tech)
        found = _diagrams_class(icon) if icon else None
        if found:
            imports.add(f"from {found[0]} import {found[1]}")
        label = component.label + (f"\\n{component.tech}" if component.tech else "")
        lines.append(f"{indent}n_{component.id.replace('-', '_')} = {found[1] if found else 'Blank'}({label!r})")

    def contents(group_id: str | None, indent: str) -> None:
        for group in design.subgroups(group_id):
            lines.append(f"{indent}with Cluster({group.label!r}):")
            contents(group.id, indent + "    ")
        for component in design.members(group_id):
            node(component.id, indent)

    contents(None, "    ")
    styles = {"sync": "solid", "async": "dashed", "replication": "dotted", "stream": "bold"}
    for link in design.links:
        source, target = (f"n_{x.replace('-', '_')}" for x in (link.source, link.target))
        edge = f"Edge(label={link.label!r}, style={styles[link.nature]!r})"
        lines.append(f"    {source} >> {edge} >> {target}")
    return "\n".join(sorted(imports)) + "\n\n" + "\n".join(lines) + "\n"


OVERVIEW_ONLY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kit.authoring.discovery import BlueprintFile, load_design
    from kit.drawing.dot import to_dot
    from kit.publishing.files import write_atomic
    from kit.drawing.icons import icon_image
    from kit.drawing.render import run_dot
    from kit.drawing.svg import finish_svg

    design = load_design(BlueprintFile(Path(sys.argv[1])))
    outputs, _ = run_dot(to_dot(design), ("svg", "png"))
    out = Path(sys.argv[2])
    write_atomic(out / f"{design.slug}.svg", finish_svg(outputs["svg"].decode(), icon_image).encode())
    write_atomic(out / f"{design.slug}.png", outputs["png"])
    """
)


# -- stages ------------------------------------------------------------------------------------------


def stages(jobs: int, out: Path) -> dict[str, float]:
    """One full render in this process, stage by stage (layout measured as `dot -Tdot`)."""
    spent: dict[str, float] = {}

    def clock(stage: str, action: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = action()
        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
        return result

    clock("import", lambda: importlib.import_module("kit.drawing.render"))
    from kit.authoring.discovery import find_blueprint_files, load_design
    from kit.drawing.render import _assemble, dot_jobs, prepare_icons, run_dot, write_design

    files = find_blueprint_files(REPO / "blueprints")
    designs = [clock("model build", lambda f=f: load_design(f)) for f in files]  # type: ignore[misc]
    for design in designs:
        icon_dir = out / "icons" / design.slug
        clock("post-processing", lambda d=design, i=icon_dir: prepare_icons(d, i))  # type: ignore[misc]
        all_jobs = clock("DOT", lambda d=design: dot_jobs(d))  # type: ignore[misc]
        assert isinstance(all_jobs, list)

        def layout(job: object, i: Path = icon_dir) -> object:
            return run_dot(job.source, ("dot",), dpi=job.dpi, extra_image_dirs=(i,))  # type: ignore[attr-defined]

        def draw(job: object, i: Path = icon_dir) -> object:
            return run_dot(job.source, job.formats, dpi=job.dpi, extra_image_dirs=(i,))  # type: ignore[attr-defined]

        with ThreadPoolExecutor(jobs) as pool:
            clock("layout", lambda p=pool, j=all_jobs: list(p.map(layout, j)))  # type: ignore[misc]
            results = clock("layout + rasterising", lambda p=pool, j=all_jobs: list(p.map(draw, j)))  # type: ignore[misc]
        rendered = clock("post-processing", lambda d=design, j=all_jobs, r=results: _assemble(d, j, r))  # type: ignore[misc]
        clock("writing", lambda r=rendered: write_design(r, out / "rendered"))  # type: ignore[misc]
    spent["rasterising"] = spent.pop("layout + rasterising") - spent["layout"]
    return spent


# -- main --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallelism for every contender")
    jobs = parser.parse_args().jobs
    sys.path.insert(0, str(REPO))
    from kit.authoring.discovery import find_blueprint_files

    files = find_blueprint_files(REPO / "blueprints")
    print(f"{len(files)} blueprints, parallelism {jobs}, Python {sys.version.split()[0]}")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="blueprint-bench-") as tmp:
        work = Path(tmp)

        full_out = work / "full"
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        full = timed(lambda: run(blueprint("render", "--force", "--jobs", str(jobs), "--out", str(full_out))))
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        outputs = sum(1 for p in full_out.rglob("*") if p.is_file())

        (work / "dot").mkdir()
        commands = plain_dot_commands(work / "dot")
        dot = timed(lambda: in_parallel(commands, jobs))
        rows.append(("full render (kit)", f"{full:6.2f} s", f"{outputs} files"))
        rows.append(("same DOT, plain dot", f"{dot:6.2f} s", f"{len(commands)} dot runs; kit/dot = {full / dot:.2f}x"))

        kit_out, diagrams_out = work / "kit-overview", work / "diagrams"
        kit_out.mkdir()
        diagrams_out.mkdir()
        (work / "overview.py").write_text(OVERVIEW_ONLY)
        kit_commands = [[PYTHON, str(work / "overview.py"), str(f.path), str(kit_out)] for f in files]
        overview = timed(lambda: in_parallel(kit_commands, jobs))
        scripts = []
        for file in files:
            script = work / f"diagrams_{file.slug.replace('-', '_')}.py"
            script.write_text(diagrams_script(file.path, diagrams_out / file.slug))
            scripts.append([PYTHON, str(script)])
        plain_diagrams = timed(lambda: in_parallel(scripts, jobs, cwd=work))
        rows.append(("overviews, kit", f"{overview:6.2f} s", "SVG + 2x PNG per blueprint"))
        rows.append(
            (
                "overviews, plain diagrams",
                f"{plain_diagrams:6.2f} s",
                f"png + svg per blueprint; diagrams/kit = {plain_diagrams / overview:.2f}x",
            )
        )

        noop = timed(lambda: run(blueprint("render", "--jobs", str(jobs), "--out", str(full_out))))
        rows.append(("no-op render", f"{noop:6.2f} s", f"{noop / full:.1%} of a full render"))

        edited = work / "blueprints"
        shutil.copytree(REPO / "blueprints", edited)
        run(blueprint("render", "--jobs", str(jobs), "--out", str(full_out), blueprints=edited))
        target = files[0]
        copy = edited / target.path.relative_to(REPO / "blueprints")
        text = copy.read_text()
        copy.write_text(text.replace("title=", "title='Edited ' + ", 1))
        result = subprocess.run(
            blueprint("render", "--jobs", str(jobs), "--out", str(full_out), blueprints=edited),
            capture_output=True,
            text=True,
            check=False,
        )
        again = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("rendered ")]
        rows.append(("after editing one", ", ".join(again) or "(none)", f"edited {target.slug}"))
        rows.append(("peak memory (full render)", f"{peak_mb:6.0f} MB", "largest child process RSS"))

        spent = stages(jobs, work / "stages")

    width = max(len(row[0]) for row in rows)
    for name, figure, note in rows:
        print(f"  {name:<{width}}  {figure:>10}  {note}")
    total = sum(spent.values())
    print("stages of one in-process full render (layout and rasterising at the same parallelism):")
    for stage in ("import", "model build", "DOT", "layout", "rasterising", "post-processing", "writing"):
        print(f"  {stage:<{width}}  {spent.get(stage, 0.0):8.2f} s  {spent.get(stage, 0.0) / total:6.1%}")


if __name__ == "__main__":
    main()
