"""Benchmark: the kit against plain `dot` and plain `diagrams`, every figure a ratio from one run.

Run with `make bench`. Prints figures; asserts nothing. Every baseline runs on the same machine in
the same process tree, at the same parallelism (`--jobs`, default: the number of CPUs), so a
noisy machine shifts all figures alike and the ratios stay meaningful.

Figures:
  full render        `blueprint render --force` from scratch: every view, theme, frame and summary
  plain dot          the same images drawn by `dot`, one layout per image (each view and theme as
                     SVG + 2x PNG, each walkthrough frame as a 1x PNG), at the same parallelism
  overview, kit      the overview SVG + 2x PNG of each blueprint, one process per blueprint
  overview, diagrams one `diagrams` script per blueprint writing the same picture as SVG + PNG at
                     the same 2x density, as its users do
  no-op render       `blueprint render` with nothing changed
  one edit           `blueprint render` after editing one blueprint: which ones re-render, how long
  catalogue          41 blueprints (the flagships copied under new slugs) from scratch: wall, peak memory
  growth             one synthetic blueprint of 10, 25, 50 and 100 components: time and peak memory
  stages             where one in-process full render spends its CPU
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
CATALOGUE_SIZE = 41


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(command: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def peak_of(command: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one command run in a fresh child (GNU time's report)."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/env", PYTHON, "-c", _PEAK, *command], cwd=cwd, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return wall, float(result.stdout.strip().splitlines()[-1]) / 1024


# Runs the command as a grandchild and prints the largest resident set of it and its children (KB).
_PEAK = textwrap.dedent(
    """
    import resource, subprocess, sys
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """
)


def in_parallel(commands: Iterable[list[str]], jobs: int, cwd: Path = REPO) -> None:
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda command: run(command, cwd), commands))


def blueprint(*args: str, blueprints: Path = REPO / "blueprints") -> list[str]:
    return [PYTHON, "-m", "kit", "--blueprints", str(blueprints), *args]


# -- baselines ---------------------------------------------------------------------------------------


def plain_dot_commands(work: Path) -> list[list[str]]:
    """The images the kit draws, each as the DOT of its own view laid out and drawn by `dot`."""
    from kit.authoring.discovery import find_blueprint_files, load_design
    from kit.drawing.dot import to_dot
    from kit.drawing.theme import LIGHT, THEMES
    from kit.drawing.views import OVERVIEW, flow_views, walkthrough_frames
    from kit.model.catalog import icons_root, repo_root

    image_path = f"-Gimagepath={icons_root()}{os.pathsep}{repo_root()}"
    commands = []
    for file in find_blueprint_files(REPO / "blueprints"):
        design = load_design(file)
        views = (OVERVIEW, *flow_views(design))
        jobs: list[tuple[str, int, tuple[str, ...]]] = [
            (to_dot(design, theme, view), 192, ("svg", "png")) for theme in THEMES for view in views
        ]
        jobs += [(to_dot(design, LIGHT, frame), 96, ("png",)) for frame in walkthrough_frames(design)[1:]]
        for index, (source, dpi, formats) in enumerate(jobs):
            path = work / f"{design.slug}-{index}.dot"
            path.write_text(source, encoding="utf-8")
            command = ["dot", image_path, f"-Gdpi={dpi}"]
            for fmt in formats:
                command += [f"-T{fmt}", f"-o{path.with_suffix('.' + fmt)}"]
            commands.append([*command, str(path)])
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
    """A plain `diagrams` script drawing the same components, groups and links, at the kit's 2x density."""
    from kit.authoring.discovery import BlueprintFile, load_design
    from kit.model.catalog import icon_for

    design = load_design(BlueprintFile(design_file))
    imports = {"from diagrams import Cluster, Diagram, Edge", "from diagrams.generic.blank import Blank"}
    lines = [
        f"with Diagram({design.title!r}, filename={str(out)!r}, outformat=['png', 'svg'], show=False, "
        "graph_attr={'dpi': '192'}):"
    ]

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
    from kit.drawing.layout import lay_out
    from kit.drawing.palette import build_palette, encode_png, quantise
    from kit.drawing.raster import rasterise
    from kit.drawing.restyle import canvas_of, draw_view
    from kit.drawing.theme import LIGHT
    from kit.drawing.views import OVERVIEW
    from kit.publishing.files import write_atomic

    design = load_design(BlueprintFile(Path(sys.argv[1])))
    laid = lay_out(design)
    svg = draw_view(laid, design, LIGHT, OVERVIEW, canvas_of(laid))
    image = rasterise(svg, 2.0)
    out = Path(sys.argv[2])
    write_atomic(out / f"{design.slug}.svg", svg.encode())
    write_atomic(out / f"{design.slug}.png", encode_png(quantise(image, build_palette([image]))))
    """
)


# -- synthetic inputs --------------------------------------------------------------------------------


def catalogue(folder: Path, size: int) -> Path:
    """`size` blueprints: the flagships again and again under new slugs (a stand-in of their size)."""
    from kit.authoring.discovery import find_blueprint_files

    flagships = find_blueprint_files(REPO / "blueprints")
    for index in range(size):
        source = flagships[index % len(flagships)]
        slug = f"{source.slug}-{index:02d}"
        target = folder / source.path.parent.name / f"{slug.replace('-', '_')}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.path.read_text().replace(f'"{source.slug}"', f'"{slug}"', 1))
    return folder


def grown(folder: Path, components: int) -> Path:
    """One blueprint of `components` services in five groups, a chain of calls plus cross links, two flows."""
    lines = [
        "from kit import Blueprint",
        f"bp = Blueprint('grown-{components}', title='Grown to {components}', category='fundamentals',",
        "    promise='A synthetic design to measure how cost grows.')",
        "nodes = []",
        f"for g in range({(components + 9) // 10}):",
        "    with bp.group(f'Group {g}'):",
        f"        for i in range(g * 10, min({components}, g * 10 + 10)):",
        "            kind = ('service', 'worker', 'relational-db', 'cache', 'queue')[i % 5]",
        "            nodes.append(bp.component(f'c{i}', kind, f'Component {i}', tech='Go', replicas=2))",
        "for a, b in zip(nodes, nodes[1:]):",
        "    bp.link(a, b, f'call {a}')",
        "for a, b in zip(nodes[::3], nodes[2::3]):",
        "    bp.link(a, b, f'cross {a}')",
        "bp.flow('Forward', [(a, b, f'step from {a}') for a, b in list(zip(nodes, nodes[1:]))[:8]])",
        "bp.flow('Cross', [(a, b, f'jump from {a}') for a, b in list(zip(nodes[::3], nodes[2::3]))[:6]])",
        "BLUEPRINT = bp.build()",
    ]
    target = folder / "fundamentals" / f"grown_{components}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n")
    return folder


# -- stages ------------------------------------------------------------------------------------------


def stages(jobs: int) -> dict[str, float]:
    """CPU seconds per stage of one in-process render of the flagships, from wrappers around each stage."""
    import kit.drawing.render as render

    spent: dict[str, float] = {}

    def clocked(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.thread_time() - start

        return wrapper

    for name, attribute in (
        ("layout (dot processes not counted)", "lay_out"),
        ("restyling views", "view_drawing"),
        ("rasterising", "rasterise"),
        ("palette", "build_palette"),
        ("quantising", "quantise"),
        ("PNG encoding", "encode_png"),
        ("summary", "summary_markdown"),
    ):
        setattr(render, attribute, clocked(name, getattr(render, attribute)))
    from kit.authoring.discovery import find_blueprint_files, load_design

    # The three flagships: the breakdown's shares do not need the whole catalogue.
    flagships = ("payment-wallet", "ticket-booking", "agent-era-platform")
    designs = [load_design(f) for f in find_blueprint_files(REPO / "blueprints") if f.slug in flagships]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    list(render.render_designs(designs, workers=jobs))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent["dot processes"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return spent


# -- main --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallelism for every contender")
    parser.add_argument("--quick", action="store_true", help="skip the 41-blueprint catalogue and the growth series")
    arguments = parser.parse_args()
    jobs = arguments.jobs
    sys.path.insert(0, str(REPO))
    from kit.authoring.discovery import find_blueprint_files

    files = find_blueprint_files(REPO / "blueprints")
    print(f"{len(files)} blueprints, parallelism {jobs}, Python {sys.version.split()[0]}")
    rows: list[tuple[str, str, str]] = []

    def report(name: str, figure: str, note: str) -> None:
        # Printed as measured, so a failure late in the run keeps the figures already taken.
        rows.append((name, figure, note))
        print(f"  {name:<34}  {figure:>10}  {note}", flush=True)

    with tempfile.TemporaryDirectory(prefix="blueprint-bench-") as tmp:
        work = Path(tmp)

        full_out = work / "full"
        full, full_peak = peak_of(blueprint("render", "--force", "--jobs", str(jobs), "--out", str(full_out)))
        outputs = sum(1 for p in full_out.rglob("*") if p.is_file())
        (work / "dot").mkdir()
        commands = plain_dot_commands(work / "dot")
        dot = timed(lambda: in_parallel(commands, jobs))
        report("full render (kit)", f"{full:6.2f} s", f"{outputs} files, peak {full_peak:.0f} MB")
        report("same images, plain dot", f"{dot:6.2f} s", f"{len(commands)} dot runs; kit/dot = {full / dot:.2f}x")

        kit_out, diagrams_out = work / "kit-overview", work / "diagrams"
        kit_out.mkdir()
        diagrams_out.mkdir()
        (work / "overview.py").write_text(OVERVIEW_ONLY)
        kit_commands = [[PYTHON, str(work / "overview.py"), str(f.path), str(kit_out)] for f in files]
        scripts = []
        for file in files:
            script = work / f"diagrams_{file.slug.replace('-', '_')}.py"
            script.write_text(diagrams_script(file.path, diagrams_out / file.slug))
            scripts.append([PYTHON, str(script)])
        # Interleaved rounds: a passing load on the machine falls on both contenders alike.
        overview = plain_diagrams = 0.0
        rounds = 3 if len(files) < 10 else 1
        for _ in range(rounds):
            overview += timed(lambda: in_parallel(kit_commands, jobs))
            plain_diagrams += timed(lambda: in_parallel(scripts, jobs, cwd=work))
        report("overviews, kit", f"{overview / rounds:6.2f} s", f"SVG + 2x PNG per blueprint, mean of {rounds}")
        report(
            "overviews, plain diagrams",
            f"{plain_diagrams / rounds:6.2f} s",
            f"SVG + PNG at 192 dpi per blueprint; kit/diagrams = {overview / plain_diagrams:.2f}x",
        )

        noop = timed(lambda: run(blueprint("render", "--jobs", str(jobs), "--out", str(full_out))))
        report("no-op render", f"{noop:6.2f} s", f"{noop / full:.1%} of a full render")

        edited = work / "blueprints"
        shutil.copytree(REPO / "blueprints", edited)
        run(blueprint("render", "--jobs", str(jobs), "--out", str(full_out), blueprints=edited))
        target = files[0]
        copy = edited / target.path.relative_to(REPO / "blueprints")
        copy.write_text(copy.read_text().replace("title=", "title='Edited ' + ", 1))
        start = time.perf_counter()
        result = run(blueprint("render", "--jobs", str(jobs), "--out", str(full_out), blueprints=edited))
        one_edit = time.perf_counter() - start
        again = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("rendered ")]
        report("after editing one", f"{one_edit:6.2f} s", f"re-rendered: {', '.join(again) or '(none)'}")

        if len(files) >= CATALOGUE_SIZE:
            report(f"catalogue of {len(files)}, from scratch", f"{full:6.2f} s", "the full render above")
        if not arguments.quick and len(files) < CATALOGUE_SIZE:
            many = catalogue(work / "catalogue", CATALOGUE_SIZE)
            wall, peak = peak_of(
                blueprint("render", "--jobs", str(jobs), "--out", str(work / "catalogue-out"), blueprints=many)
            )
            report(f"catalogue of {CATALOGUE_SIZE}, from scratch", f"{wall:6.2f} s", f"peak {peak:.0f} MB")
        if not arguments.quick:
            for size in (10, 25, 50, 100):
                folder = grown(work / f"grown-{size}", size)
                wall, peak = peak_of(
                    blueprint(
                        "render", "--jobs", str(jobs), "--out", str(work / f"grown-{size}-out"), blueprints=folder
                    )
                )
                report(f"{size} components", f"{wall:6.2f} s", f"peak {peak:.0f} MB")

    spent = stages(jobs)
    width = max(len(row[0]) for row in rows)
    total = sum(spent.values())
    print("CPU of one in-process render of the three flagships, by stage:")
    for stage, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {stage:<{width}}  {seconds:8.2f} s  {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
