"""The `blueprint` command (also `python -m kit`): list, check, render and print blueprints.

Exit codes: 0 success, 1 a blueprint failed (the others were still processed), 2 bad usage.
"""

from __future__ import annotations

import contextlib
import errno
import faulthandler
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kit.authoring.discovery import BlueprintFile, find_blueprint_files, load_design, load_timeout
from kit.drawing.theme import THEMES
from kit.errors import BlueprintError, GraphvizError, GraphvizNotFound, Problem, describe_os_error
from kit.exports import FORMATS
from kit.model.catalog import KINDS, LANES
from kit.model.model import Design

if TYPE_CHECKING:
    from kit.authoring.playbook import Playbook
    from kit.drawing.render import Rendered
    from kit.publishing.manifest import Entry

__all__ = ["cli", "main"]


@dataclass(frozen=True)
class Workspace:
    blueprints: Path


def _error(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def _all_files(ctx: click.Context) -> list[BlueprintFile]:
    """Every blueprint file of the workspace; having none is a usage error."""
    workspace: Workspace = ctx.obj
    files = find_blueprint_files(workspace.blueprints)
    if not files:
        raise click.UsageError(f"no blueprint files found under {workspace.blueprints}/")
    return files


def _playbook(ctx: click.Context) -> Playbook | None:
    """The workspace's playbook (blueprints/playbook.yaml), None when it has none; a bad one stops the command."""
    from kit.authoring.playbook import PlaybookError, read_playbook

    workspace: Workspace = ctx.obj
    try:
        return read_playbook(workspace.blueprints)
    except PlaybookError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot read the playbook: {describe_os_error(error)}") from None


def _select(files: Sequence[BlueprintFile], slugs: Sequence[str]) -> list[BlueprintFile]:
    """The files named by `slugs` (all of them when none is named); an unknown slug is a usage error."""
    if not slugs:
        return list(files)
    by_slug = {f.slug: f for f in files}
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        raise click.BadParameter(
            f"unknown blueprint {', '.join(map(repr, unknown))} (known: {', '.join(sorted(by_slug))})",
            param_hint="SLUG",
        )
    return [by_slug[s] for s in dict.fromkeys(slugs)]


Outcome = Design | BlueprintError


def _load_each(files: Sequence[BlueprintFile]) -> list[tuple[BlueprintFile, Outcome]]:
    """Each file with its design, or the error that stopped it; one failure never stops the rest.

    A slug names one rendered/ folder, so a second file with the same name (in another category
    folder) is refused rather than allowed to overwrite the first one's outputs.
    """
    outcomes: list[tuple[BlueprintFile, Outcome]] = []
    first_with: dict[str, BlueprintFile] = {}
    for file in files:
        earlier = first_with.setdefault(file.slug, file)
        if earlier is not file:
            problem = Problem(
                "slug", f"slug {file.slug!r} is already used by {earlier.display} (rename one of the two files)"
            )
            outcomes.append((file, BlueprintError([problem], source=file.display)))
            continue
        try:
            outcomes.append((file, load_design(file)))
        except BlueprintError as error:
            outcomes.append((file, error))
    return outcomes


def _report(outcomes: Sequence[tuple[BlueprintFile, Outcome]]) -> int:
    """Print every load error; return how many there were."""
    errors = [outcome for _, outcome in outcomes if isinstance(outcome, BlueprintError)]
    for error in errors:
        _error(str(error))
    return len(errors)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--blueprints",
    "blueprints_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("blueprints"),
    show_default=True,
    help="Folder holding the blueprint files, one folder per category.",
)
@click.pass_context
def cli(ctx: click.Context, blueprints_dir: Path) -> None:
    """Render system-design blueprints into diagrams and trade-off summaries.

    Each blueprint file must import within BLUEPRINT_LOAD_TIMEOUT seconds (default 5).
    """
    try:
        load_timeout()  # a bad value is a usage error now, not one per blueprint later
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    ctx.obj = Workspace(blueprints=blueprints_dir)


@cli.command("list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """Print every blueprint: slug, title and category."""
    outcomes = _load_each(_all_files(ctx))
    designs = [d for _, d in outcomes if isinstance(d, Design)]
    width = max((len(d.slug) for d in designs), default=0)
    for design in designs:
        click.echo(f"{design.slug:<{width}}  {design.title}  [{design.category}]")
    ctx.exit(1 if _report(outcomes) else 0)


_OUT_OPTION = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("rendered"),
    show_default=True,
    help="Where rendered/<slug>/ folders, the index and the manifest are written.",
)


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("--strict", is_flag=True, help="Fail on content warnings too, not only on errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the layout report as JSON on stdout.")
@_OUT_OPTION
@click.pass_context
def check(ctx: click.Context, slugs: tuple[str, ...], strict: bool, as_json: bool, out_dir: Path) -> None:
    """Validate blueprints (all, or the SLUGs given) and check their content and layout, without rendering.

    Structural problems, content errors and layout defects fail; content warnings inform, and fail
    with --strict.
    """
    from kit.analysis.content import Severity, check_content, fails
    from kit.authoring.playbook_check import playbook_findings
    from kit.cli.layout_check import layout_report
    from kit.publishing.manifest import read_manifest

    playbook = _playbook(ctx)
    outcomes = _load_each(_select(_all_files(ctx), slugs))
    failed = _report(outcomes)
    reports: dict[str, object] = {}
    try:
        # The layouts the last render chose; reused when still valid, so check searches only what changed.
        entries = read_manifest(out_dir)
    except ValueError:
        entries = {}
    for file, outcome in outcomes:
        if not isinstance(outcome, Design):
            continue
        findings = check_content(outcome)
        if playbook is not None:
            findings = playbook_findings(outcome, playbook) + findings
        for finding in findings:
            click.echo(finding.format(file.display), err=True)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        counts = f"{errors} error(s), {len(findings) - errors} warning(s)" if findings else "no findings"
        recorded = entries[outcome.slug].layout if outcome.slug in entries else ()
        layout_failed = layout_report(outcome, file.display, reports, recorded)
        verdict = "FAIL" if fails(findings, strict=strict) or layout_failed else "ok "
        failed += verdict == "FAIL"
        click.echo(f"{verdict} {outcome.slug}  ({counts})", err=as_json)
    if as_json:
        click.echo(json.dumps(reports, indent=2, sort_keys=True, ensure_ascii=False))
    summary = f"{len(outcomes) - failed} ok, {failed} failed" + ("  (--strict: warnings fail)" if strict else "")
    click.echo(summary, err=as_json)
    ctx.exit(1 if failed else 0)


def _guarded(results: Iterator[Rendered | GraphvizError]) -> Iterator[Rendered | GraphvizError]:
    """Rendering results, with a missing Graphviz turned into the install hint instead of a traceback."""
    try:
        yield from results
    except GraphvizNotFound as error:
        raise click.ClickException(str(error)) from None


def _source_name(ctx: click.Context, file: BlueprintFile) -> str:
    """The blueprint's path as the manifest records it: from the blueprints folder's name, with '/'."""
    workspace: Workspace = ctx.obj
    return (Path(workspace.blueprints.name) / file.path.relative_to(workspace.blueprints)).as_posix()


def _write_recorded(rendered: Rendered, out_dir: Path, entry: Entry) -> list[Path]:
    """Write one blueprint's files and record them in the manifest; returns the files that changed.

    Under the manifest lock, so another run at the same time cannot record this folder between the
    two. The entry is dropped while the files change (killed half-way, the blueprint must not pass
    as up to date later) and written back only once every file is in place. An OSError (folder not
    writable, disk full, OUT/<slug> a regular file) propagates for the caller to report.
    """
    from kit.drawing.render import write_design
    from kit.publishing.manifest import manifest_lock, read_manifest, update_manifest

    folder = out_dir / rendered.slug
    if folder.exists() and not folder.is_dir():
        # Checked here for a clear cause; writing would fail with "Not a directory" on a file inside.
        raise NotADirectoryError(
            errno.ENOTDIR, "is a file, not a folder (move it away; the kit writes a folder there)", str(folder)
        )
    with manifest_lock(out_dir):
        if rendered.slug in read_manifest(out_dir):
            update_manifest(out_dir, {rendered.slug: None})
        changed = write_design(rendered, out_dir)
        update_manifest(out_dir, {rendered.slug: entry})
    return changed


def _render_each(
    ctx: click.Context,
    due: dict[str, tuple[BlueprintFile, Design]],
    results: Iterator[Rendered | GraphvizError],
    out_dir: Path,
    kit: str,
    written: list[str],
) -> int:
    """Write each rendered blueprint as its result arrives, recording it at once; returns the failures.

    `written` collects the slugs written so far, so that an interrupted run can say what it finished.
    """
    from kit.drawing.render import output_files
    from kit.publishing.manifest import Entry, model_hash

    failed = 0
    for (file, outcome), result in zip(due.values(), _guarded(results), strict=True):
        if isinstance(result, GraphvizError):
            from kit.drawing.diagnose import explain_rank_failure

            layout_fault = any(words in result.stderr for words in ("trouble in init_rank", "lost "))
            culprits = explain_rank_failure(outcome) if layout_fault else ""
            _error(
                f"{file.display}: Graphviz could not draw {outcome.slug!r}: {result}"
                + (f"; {culprits}" if culprits else "")
            )
            failed += 1
            continue
        rendered = result
        for warning in rendered.warnings:
            click.echo(f"warning: {file.display}: Graphviz: {warning}", err=True)
        try:
            output_files(rendered, out_dir)  # refuses unsafe paths before the manifest entry is dropped
        except ValueError as error:
            _error(f"{file.display}: cannot write {outcome.slug!r}: {error}")
            failed += 1
            continue
        try:
            changed = _write_recorded(
                rendered,
                out_dir,
                Entry(
                    source=_source_name(ctx, file),
                    model=model_hash(outcome),
                    kit=kit,
                    files=tuple(sorted(rendered.committed)),
                    local=tuple(sorted(rendered.local)),
                    layout=rendered.choice.keys if rendered.choice else (),
                ),
            )
        except OSError as error:
            _error(f"{file.display}: cannot write {outcome.slug!r}: {describe_os_error(error)}")
            failed += 1
            continue
        state = f"{len(changed)} file(s) updated" if changed else "unchanged"
        choice = rendered.choice
        searched = (
            f", layout searched: {choice.runs} dot runs, {choice.cpu_seconds:.1f} s CPU"
            if choice and choice.runs
            else ""
        )
        click.echo(f"rendered {outcome.slug:<28} -> {out_dir / outcome.slug}/  ({state}{searched})")
        written.append(outcome.slug)
    return failed


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that a render stops the way Ctrl-C stops it."""


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """While rendering, SIGTERM raises `_Terminated` in the main thread instead of killing the
    process outright: queued work is cancelled, `dot` processes ended, finished blueprints kept."""

    def stop(signum: int, frame: object) -> None:
        raise _Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a test runner's worker): keep the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@_OUT_OPTION
@click.option("--force", is_flag=True, help="Render even the blueprints whose outputs are up to date.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="number of CPUs",
    help="Graphviz processes to run at once.",
)
@click.pass_context
def render(ctx: click.Context, slugs: tuple[str, ...], out_dir: Path, force: bool, jobs: int) -> None:
    """Render blueprints (all, or the SLUGs given) into OUT/<slug>/.

    Each blueprint gets its overview and one view per flow, each as SVG and 2x PNG in light and
    dark, an animated GIF walkthrough, and README.md. A blueprint whose model, kit and files
    match OUT/manifest.json is skipped unless --force.
    """
    from kit.drawing.render import render_designs
    from kit.publishing.files import write_atomic
    from kit.publishing.index import index_markdown
    from kit.publishing.manifest import (
        current_kit_hash,
        is_fresh,
        list_rendered,
        read_manifest,
        update_manifest,
    )
    from kit.publishing.tempfiles import sweep_rendered

    files = _all_files(ctx)
    selected = {f.slug for f in _select(files, slugs)}
    playbook = _playbook(ctx)
    try:
        entries = read_manifest(out_dir)
        sweep_rendered(out_dir)  # temporary files of a run that was killed
        present = list_rendered(out_dir)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot use the output folder {out_dir}: {describe_os_error(error)}") from None
    kit = current_kit_hash()
    # Every blueprint is loaded (it is cheap) because the index lists them all.
    outcomes = _load_each(files)
    failed = _report([(f, o) for f, o in outcomes if f.slug in selected])
    due: dict[str, tuple[BlueprintFile, Design]] = {}
    for file, outcome in outcomes:
        if file.slug not in selected or not isinstance(outcome, Design):
            continue
        if not force and is_fresh(entries.get(outcome.slug), outcome, kit, present.get(outcome.slug, frozenset())):
            click.echo(f"skipped  {outcome.slug:<28} (up to date; --force renders it anyway)")
            continue
        due[outcome.slug] = (file, outcome)
    # All blueprints' Graphviz runs share one pool, so one blueprint's post-processing overlaps
    # the next one's drawing; results still arrive in blueprint order.
    # A layout chosen for the same layout input is reused (the search checks its fingerprint).
    recorded = {slug: entry.layout for slug, entry in entries.items() if slug in due}
    results = render_designs([design for _, design in due.values()], workers=jobs, recorded=recorded)
    written: list[str] = []
    try:
        with _stopped_by_sigterm():
            failed += _render_each(ctx, due, results, out_dir, kit, written)
    except (KeyboardInterrupt, _Terminated) as stop:
        # render_designs has cancelled the queued work and ended its dot processes on the way out.
        results.close()
        code = 143 if isinstance(stop, _Terminated) else 130
        done = ", ".join(written) or "none"
        click.echo(
            f"interrupted: {len(written)} of {len(due)} blueprint(s) rendered and recorded ({done}); "
            "`blueprint render` finishes the rest",
            err=True,
        )
        ctx.exit(code)
    try:
        # Entries of blueprints that no longer exist go; other runs' entries stay (see update_manifest).
        update_manifest(out_dir, {}, keep={f.slug for f in files})
    except OSError as error:
        _error(f"cannot record the renders in {out_dir / 'manifest.json'}: {describe_os_error(error)}")
        failed += 1
    designs = [o for _, o in outcomes if isinstance(o, Design)]
    if len(designs) == len(outcomes):
        try:
            write_atomic(out_dir / "README.md", index_markdown(designs, playbook).encode("utf-8"))
        except OSError as error:
            _error(f"cannot write the index {out_dir / 'README.md'}: {describe_os_error(error)}")
            failed += 1
    else:
        click.echo(f"note: {out_dir / 'README.md'} left as it was while a blueprint fails to load", err=True)
    ctx.exit(1 if failed else 0)


@cli.command()
@click.option(
    "--out",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/site"),
    show_default=True,
    help="The folder the site is written into (replaced whole; only an earlier site or an empty folder).",
)
@click.option(
    "--rendered",
    "rendered_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("rendered"),
    show_default=True,
    help="The rendered/ folder the site is built from.",
)
@click.option(
    "--mermaid",
    "mermaid_js",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("node_modules/mermaid/dist/mermaid.min.js"),
    show_default=True,
    help="Mermaid's browser bundle, to draw the summaries' ```mermaid blocks (left as text when it is missing).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="number of CPUs",
    help="Images drawn at once, when rendered/ lacks the ones git does not carry.",
)
@click.pass_context
def site(ctx: click.Context, site_dir: Path, rendered_dir: Path, mermaid_js: Path, jobs: int) -> None:
    """Build the gallery site of every blueprint from RENDERED into OUT (a static site for GitHub Pages).

    RENDERED must be up to date (`blueprint render`); the article images and walkthroughs that git
    does not carry are drawn into it first when missing.
    """
    from kit.publishing.manifest import current_kit_hash, read_manifest
    from kit.publishing.site.build import SiteError, build_site

    outcomes = _load_each(_all_files(ctx))
    if _report(outcomes):
        raise click.ClickException("the site needs every blueprint; fix the ones above first")
    designs = [o for _, o in outcomes if isinstance(o, Design)]
    try:
        entries = read_manifest(rendered_dir)
        report = build_site(
            designs,
            entries,
            current_kit_hash(),
            rendered_dir,
            site_dir,
            mermaid_js=mermaid_js if mermaid_js.is_file() else None,
            playbook=_playbook(ctx),
            workers=jobs,
            progress=click.echo,
        )
    except (SiteError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot build the site in {site_dir}: {describe_os_error(error)}") from None
    if report.mermaid_pages and not report.mermaid_loaded:
        click.echo(
            f"note: {report.mermaid_pages} summaries have ```mermaid blocks, shown as text: "
            f"{mermaid_js} is missing (npm ci installs it)",
            err=True,
        )
    click.echo(
        f"site: {report.pages} pages, {report.files} files, {report.size / 1e6:.1f} MB in {site_dir}/"
        + (f"; drew {len(report.drawn)} images rendered/ lacked" if report.drawn else "")
    )


@cli.command("check-rendered")
@_OUT_OPTION
@click.pass_context
def check_rendered(ctx: click.Context, out_dir: Path) -> None:
    """Report every stale, missing or orphaned file in OUT, without rendering anything."""
    from kit.publishing.index import index_markdown
    from kit.publishing.manifest import INDEX, current_kit_hash, freshness_problems, list_rendered, read_manifest

    files = _all_files(ctx)
    playbook = _playbook(ctx)
    outcomes = _load_each(files)
    failed = _report(outcomes)
    try:
        entries = read_manifest(out_dir)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    designs = {o.slug: o for _, o in outcomes if isinstance(o, Design)}
    try:
        index_ok = failed > 0 or (out_dir / INDEX).read_text(encoding="utf-8") == index_markdown(
            designs.values(), playbook
        )
    except FileNotFoundError:
        index_ok = False
    problems = freshness_problems(
        designs,
        {f.slug: _source_name(ctx, f) for f in files},
        entries,
        list_rendered(out_dir),
        current_kit_hash(),
        out=out_dir.as_posix(),
        index_ok=index_ok,
        blocked={f.slug for f in files if (out_dir / f.slug).exists() and not (out_dir / f.slug).is_dir()},
    )
    for problem in problems:
        click.echo(problem, err=True)
    if problems or failed:
        click.echo(f"{out_dir}/ is out of date: {len(problems)} problem(s); `blueprint render` fixes the stale ones")
        ctx.exit(1)
    click.echo(f"{out_dir}/ is up to date with all {len(designs)} blueprints")


@cli.command()
@click.argument("slug")
@_OUT_OPTION
@click.option("--interval", default=0.5, show_default=True, help="Seconds between two looks at the file.")
@click.pass_context
def watch(ctx: click.Context, slug: str, out_dir: Path, interval: float) -> None:
    """Render SLUG now and again each time its blueprint file is saved; Ctrl-C stops."""
    from kit.cli.watch import watch as poll

    (file,) = _select(_all_files(ctx), (slug,))

    def render_once() -> None:
        # render reports its own outcome and exits; watching goes on after a failure.
        with contextlib.suppress(click.exceptions.Exit):
            ctx.invoke(render, slugs=(slug,), out_dir=out_dir, force=False)

    render_once()
    click.echo(f"watching {file.display} (Ctrl-C stops)")
    try:
        poll([file.path], lambda _: render_once(), interval=interval)
    except KeyboardInterrupt:
        click.echo("stopped")


@cli.command()
@click.argument("slug")
@click.option("--view", "view_key", default="", metavar="FLOW", help="A flow view's name, as in its file name.")
@click.option("--theme", "theme_name", type=click.Choice([t.name for t in THEMES]), default=THEMES[0].name)
@click.pass_context
def dot(ctx: click.Context, slug: str, view_key: str, theme_name: str) -> None:
    """Print the Graphviz DOT source of one view of a blueprint (the overview by default)."""
    from kit.drawing.dot import to_dot
    from kit.drawing.views import OVERVIEW, flow_views

    (file,) = _select(_all_files(ctx), (slug,))
    try:
        design = load_design(file)
    except BlueprintError as error:
        _error(str(error))
        ctx.exit(1)
    views = {view.key: view for view in (OVERVIEW, *flow_views(design))}
    if view_key not in views:
        known = ", ".join(key for key in views if key)
        raise click.BadParameter(
            f"{view_key!r} is not a view of {slug}; its flow views are: {known}", param_hint="--view"
        )
    theme = next(t for t in THEMES if t.name == theme_name)
    click.echo(to_dot(design, theme, views[view_key]), nl=False)


@cli.command("diff")
@click.argument("slug")
@click.argument("revision", default="HEAD", metavar="[REV]")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON (versioned) instead of text.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where the marked overview goes, .png or .svg [default: diff/<SLUG>-vs-<REV>.png at the repository's root, "
    "which git ignores].",
)
@click.option("--no-image", is_flag=True, help="Compare only; draw no image.")
@click.option(
    "--rendered",
    "rendered_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("rendered"),
    show_default=True,
    help="The rendered folder whose manifest says how the overview was laid out (the image follows it).",
)
@click.pass_context
def diff_command(
    ctx: click.Context,
    slug: str,
    revision: str,
    as_json: bool,
    out_path: Path | None,
    no_image: bool,
    rendered_dir: Path,
) -> None:
    """Compare SLUG's blueprint with its version at git revision REV (default HEAD).

    Prints the components, groups, links, flows and steps added, removed or changed (each changed
    field old -> new), the write-up's changes, and every computed figure that moved; and draws the
    overview with what was added (green), changed (amber) and removed (red, faded) marked.
    """
    import re

    from kit.analysis.diff import diff_designs
    from kit.authoring.revision import RevisionError, design_at
    from kit.publishing.diff_report import diff_json, diff_text
    from kit.publishing.files import write_atomic

    (file,) = _select(_all_files(ctx), (slug,))
    try:
        new = load_design(file)
    except BlueprintError as error:
        _error(str(error))
        ctx.exit(1)
    try:
        old = design_at(file, revision)
    except RevisionError as error:
        if error.usage:
            raise click.BadParameter(str(error), param_hint="REV") from None
        raise click.ClickException(str(error)) from None
    changes = diff_designs(old.design, new)
    image: str | None = None
    if not no_image:
        from kit.drawing.diff_image import diff_png, diff_svg
        from kit.drawing.dot import LayoutOptions
        from kit.publishing.manifest import read_manifest

        options = None
        with contextlib.suppress(ValueError, OSError, KeyError, IndexError):  # no usable record: default layout
            options = LayoutOptions.from_key(read_manifest(rendered_dir)[slug].layout[0])

        out = out_path or old.root / "diff" / f"{slug}-vs-{re.sub(r'[^A-Za-z0-9._]+', '-', revision)}.png"
        if out.suffix not in (".png", ".svg"):
            raise click.BadParameter(f"{out} must end in .png or .svg", param_hint="--out")
        try:
            svg = diff_svg(changes, f"{revision} ({old.commit[:12]})", options)
        except GraphvizNotFound as error:
            raise click.ClickException(str(error)) from None
        except GraphvizError as error:
            raise click.ClickException(f"{file.display}: Graphviz could not draw the diff: {error}") from None
        try:
            write_atomic(out, svg.encode("utf-8") if out.suffix == ".svg" else diff_png(svg))
        except OSError as error:
            raise click.ClickException(f"cannot write the image: {describe_os_error(error)}") from None
        image = BlueprintFile(out).display
    if as_json:
        report = diff_json(changes, revision, old.commit, image)
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(diff_text(changes, revision, old.commit, image), nl=False)


@cli.command()
@click.argument("slug")
@click.option(
    "--to",
    "format_name",
    required=True,
    type=click.Choice(FORMATS),
    help="mermaid (flowchart), d2, structurizr (DSL workspace) or json (the model, per kit/exports/schema).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, slug: str, format_name: str, out_file: Path | None) -> None:
    """Print a blueprint in another tool's format: the architecture, its groups and its flows."""
    from kit.exports import exporter
    from kit.publishing.files import write_atomic

    (file,) = _select(_all_files(ctx), (slug,))
    try:
        design = load_design(file)
    except BlueprintError as error:
        _error(str(error))
        ctx.exit(1)
    text = exporter(format_name)(design)
    if out_file is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(out_file, text.encode("utf-8"))
    except OSError as error:
        _error(f"cannot write the {format_name} export of {slug}: {describe_os_error(error)}")
        ctx.exit(1)
    click.echo(f"wrote {out_file}", err=True)


@cli.command()
@click.argument("title")
@click.option("--category", "-c", required=True, help="The playbook category, e.g. load-balancing.")
@click.option("--slug", default=None, help="The slug, when the one derived from TITLE does not suit.")
@click.pass_context
def new(ctx: click.Context, title: str, category: str, slug: str | None) -> None:
    """Write a new blueprint for TITLE from the template, in blueprints/<category>/."""
    from kit.authoring.playbook import PLAYBOOK_FILE, PlaybookError, append_entry
    from kit.authoring.scaffold import ScaffoldError, plan_new, write_new

    workspace: Workspace = ctx.obj
    existing = {f.slug: f.path for f in find_blueprint_files(workspace.blueprints)}
    playbook = _playbook(ctx)
    try:
        planned = plan_new(title, category, workspace.blueprints, slug=slug, playbook=playbook)
        write_new(planned, existing)
    except ScaffoldError as error:
        raise click.BadParameter(str(error), param_hint="TITLE, --category or --slug") from None
    shown = BlueprintFile(planned.path).display
    click.echo(f"wrote {shown}")
    if planned.new_entry:
        try:
            append_entry(workspace.blueprints, planned.slug, planned.category, planned.title, planned.learn)
        except (PlaybookError, OSError) as error:
            detail = describe_os_error(error) if isinstance(error, OSError) else str(error)
            raise click.ClickException(f"wrote {shown}, but could not add its playbook entry: {detail}") from None
        playbook_path = BlueprintFile(workspace.blueprints / PLAYBOOK_FILE).display
        click.echo(
            f"added {planned.slug!r} to {playbook_path}, last under {planned.category!r}; edit its learn line there too"
        )
    click.echo(f"next: edit it, then `blueprint check --strict {planned.slug}` and `blueprint render {planned.slug}`")


@cli.command()
def kinds() -> None:
    """Print the component kinds a blueprint may use, lane by lane."""
    for lane, heading in LANES.items():
        click.echo(f"{heading}:")
        for kind, spec in KINDS.items():
            if spec.lane == lane:
                click.echo(f"  {kind:<18} {spec.description}")


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    # A crash of this process (seen once in a 41-blueprint render, issue 14) cannot be caught, but
    # with faulthandler it prints every thread's Python stack: which blueprint or stage it was in.
    with contextlib.suppress(AttributeError, ValueError, OSError):  # stderr without a descriptor
        faulthandler.enable()
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="blueprint")
