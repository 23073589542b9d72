"""Freshness of rendered/: what each blueprint's files were made from, and what has fallen behind.

`rendered/manifest.json` records, per blueprint, a hash of its model (a canonical serialisation of
the frozen `Design`), a hash of the kit's rendering code (kit/*.py, kit/templates/* and the
`diagrams` version that supplies the icons), and the files rendering wrote for it. Hashing inputs
rather than image bytes keeps the record identical on every machine, whatever its font rasteriser.

The hashing and the comparison are pure; reading and writing the manifest and listing rendered/
are the small I/O helpers at the bottom. Several `blueprint render` runs may share one output
folder, so a run never writes back the whole manifest it read when it started: it changes only
its own blueprints' entries with `update_manifest`, which re-reads, merges and writes under an
exclusive lock (`manifest_lock`, a `flock` on the output folder itself, so no lock file is left).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import re
import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Final

from kit.model.model import Design
from kit.publishing.files import write_atomic

__all__ = [
    "INDEX",
    "MANIFEST",
    "Entry",
    "canonical",
    "current_kit_hash",
    "freshness_problems",
    "is_fresh",
    "kit_files",
    "kit_hash",
    "list_rendered",
    "manifest_json",
    "manifest_lock",
    "model_hash",
    "parse_manifest",
    "read_manifest",
    "update_manifest",
    "write_manifest",
]

#: Where the manifest and the index live, inside the output folder.
MANIFEST: Final = "manifest.json"
INDEX: Final = "README.md"
_KIT_ROOT: Final = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Entry:
    """What one blueprint's rendered folder was made from: `files` are committed, `local` are
    built by `make` and git-ignored (a fresh clone lacks them, and that is not staleness); `layout`
    records the layouts the search chose, so a re-render of the same model and kit skips the search."""

    source: str
    model: str
    kit: str
    files: tuple[str, ...]
    local: tuple[str, ...] = ()
    #: The layouts chosen by the search (`kit.drawing.search.Choice.keys`): reused while model and kit match.
    layout: tuple[str, ...] = ()


def canonical(value: object) -> object:
    """`value` as plain JSON data: dataclasses as dicts of their compared fields, tuples as lists.

    Fields excluded from comparison (source lines, the file path) are left out, so moving a
    component down a line or the file to another checkout changes nothing.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, tuple | list):
        return [canonical(item) for item in value]
    return value


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def model_hash(design: Design) -> str:
    """A hash of everything in `design` that can change what is rendered."""
    text = json.dumps(canonical(design), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _sha256(text.encode("utf-8"))


def kit_hash(kit_files: Mapping[str, bytes], versions: str) -> str:
    """A hash of the kit's rendering code and templates (by relative path) and of the versions of
    the packages that draw (`versions`, one `name==version` per line)."""
    digest = hashlib.sha256(f"{versions}\n".encode())
    for name in sorted(kit_files):
        digest.update(f"{name}\n{len(kit_files[name])}\n".encode())
        digest.update(kit_files[name])
    return digest.hexdigest()


def is_fresh(entry: Entry | None, design: Design, kit: str, present: frozenset[str]) -> bool:
    """Whether `entry` was rendered from this very design and kit and all its files are there."""
    return (
        entry is not None
        and entry.model == model_hash(design)
        and entry.kit == kit
        and set(entry.files) | set(entry.local) <= present
    )


def manifest_json(entries: Mapping[str, Entry]) -> str:
    """The manifest's text: sorted keys, one stable layout, so it changes in git only when renders do."""
    data = {
        "about": "Written by `blueprint render`; checked by `blueprint check-rendered`. Do not edit.",
        "blueprints": {slug: dataclasses.asdict(entries[slug]) for slug in sorted(entries)},
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse_manifest(text: str, where: str) -> dict[str, Entry]:
    """The entries of a manifest's text; raises ValueError naming `where` when it is not one."""
    try:
        raw = json.loads(text)["blueprints"]
        return {
            slug: Entry(
                source=str(item["source"]),
                model=str(item["model"]),
                kit=str(item["kit"]),
                files=tuple(str(name) for name in item["files"]),
                local=tuple(str(name) for name in item.get("local", ())),
                layout=tuple(str(key) for key in item.get("layout", ())),
            )
            for slug, item in raw.items()
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(
            f"{where} is not a rendering manifest ({type(error).__name__}: {error}); "
            "delete it and run `blueprint render --force`"
        ) from None


def freshness_problems(
    designs: Mapping[str, Design],
    sources: Mapping[str, str],
    entries: Mapping[str, Entry],
    rendered: Mapping[str, frozenset[str]],
    kit: str,
    *,
    out: str,
    index_ok: bool,
    blocked: Collection[str] = (),
) -> list[str]:
    """Everything in rendered/ that does not match the blueprints, one line each with the fix.

    `designs` are the blueprints that loaded, by slug; `sources` every blueprint file, by slug
    (including those that failed to load); `rendered` maps each folder under `out` to its files;
    `blocked` names the slugs whose `out/<slug>` is something other than a folder.
    """
    problems = []
    for slug in sorted(designs):
        design, entry, present = designs[slug], entries.get(slug), rendered.get(slug, frozenset())
        fix = f"run `blueprint render {slug}`"
        if slug in blocked:
            # Rendering cannot fix this one: advising it would only repeat the render's error.
            problems.append(f"blocked: {out}/{slug} is a file, not a folder (move it away, then {fix})")
            continue
        if entry is None:
            problems.append(f"not rendered: {slug} ({sources[slug]} has no entry in {out}/{MANIFEST}; {fix})")
            continue
        if entry.model != model_hash(design):
            problems.append(f"stale: {slug} ({sources[slug]} changed since it was rendered; {fix})")
        elif entry.kit != kit:
            problems.append(f"stale: {slug} (the kit's rendering code changed since it was rendered; {fix})")
        for name in entry.files:
            if name not in present:
                problems.append(f"missing: {out}/{slug}/{name} (rendering wrote it last time; {fix})")
        for name in sorted(present - set(entry.files) - set(entry.local)):
            problems.append(f"orphaned: {out}/{slug}/{name} (rendering did not write it; delete it)")
    for slug in sorted(set(rendered) - set(sources)):
        problems.append(f"orphaned: {out}/{slug}/ (no blueprint has the slug {slug!r}; delete the folder)")
    for slug in sorted(set(entries) - set(sources)):
        problems.append(
            f"orphaned: {slug} in {out}/{MANIFEST} (no blueprint has this slug; `blueprint render` drops it)"
        )
    if not index_ok:
        problems.append(f"stale: {out}/{INDEX} (the index does not match the blueprints; run `blueprint render`)")
    return problems


# -- I/O at the edge ---------------------------------------------------------------------------------


#: Where rendering starts: every module these import, directly or inside a function, shapes outputs.
RENDERING_ROOTS: Final = ("kit.drawing.render", "kit.publishing.summary")
#: Modules rendering imports that only move bytes to disk; they cannot change what is written.
_IO_ONLY: Final = frozenset({"kit.publishing.files", "kit.publishing.tempfiles"})
#: Packages whose version changes the pixels or icons: rasteriser, image encoder, icon set.
RENDERING_PACKAGES: Final = ("diagrams", "pillow", "svg2png-py")
_IMPORT: Final = re.compile(r"^\s*(?:from\s+(kit(?:\.\w+)*)\s+import\s+([\w, ()]+)|import\s+(kit(?:\.\w+)*))", re.M)


def rendering_modules(root: Path = _KIT_ROOT) -> list[Path]:
    """The kit's modules that rendering imports, followed from RENDERING_ROOTS through every
    `from kit... import` (function-level ones too), without the I/O-only helpers.

    An edit to any other module (the CLI, the watcher, the scaffold, the checks) cannot change a
    rendered byte, so it does not make rendered/ stale.
    """
    seen: set[str] = set()
    pending = list(RENDERING_ROOTS)
    while pending:
        name = pending.pop()
        if name in seen or name in _IO_ONLY:
            continue
        path = _module_path(root, name)
        if path is None:
            continue
        seen.add(name)
        for match in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            module = match.group(1) or match.group(3)
            pending.append(module)
            for imported in (match.group(2) or "").replace("(", " ").replace(")", " ").split(","):
                pending.append(f"{module}.{imported.strip()}")  # `from kit.x import y` may import a module
    return sorted(path for name in seen if (path := _module_path(root, name)) is not None)


def _module_path(root: Path, name: str) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (root / relative.with_suffix(".py"), root / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def kit_files(root: Path = _KIT_ROOT) -> dict[str, bytes]:
    """What shapes rendered output, by path relative to the kit folder: the rendering modules
    and the templates beside them."""
    modules = rendering_modules(root)
    templates = [p for folder in {m.parent for m in modules} for p in (folder / "templates").glob("*") if p.is_file()]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted({*modules, *templates})}


def current_kit_hash() -> str:
    """The installed kit's hash, as `render` records it."""
    versions = "\n".join(f"{name}=={version(name)}" for name in RENDERING_PACKAGES)
    return kit_hash(kit_files(), versions)


def read_manifest(out_root: Path) -> dict[str, Entry]:
    """The entries of OUT/manifest.json; none when it does not exist yet."""
    path = out_root / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return parse_manifest(text, str(path))


def write_manifest(out_root: Path, entries: Mapping[str, Entry]) -> bool:
    """Write OUT/manifest.json atomically; returns whether it changed."""
    return write_atomic(out_root / MANIFEST, manifest_json(entries).encode("utf-8"))


# Per folder: a lock that keeps this process's threads apart (re-entrant, so a thread may nest),
# and the descriptor holding the flock with how deeply it is held. flock alone would not do: it
# conflicts between two opens of one folder even within one process, so nesting would wait on itself.
_thread_locks: dict[str, threading.RLock] = {}
_flocks: dict[str, tuple[int, int]] = {}
_registry = threading.Lock()


@contextlib.contextmanager
def manifest_lock(out_root: Path) -> Iterator[None]:
    """Hold OUT's manifest exclusively against other processes and other threads (re-entrant).

    The lock is a `flock` on the folder itself: it needs no file that could be left behind or
    committed, and the kernel releases it when a holder dies, even by SIGKILL.
    """
    out_root.mkdir(parents=True, exist_ok=True)
    key = str(out_root.resolve())
    with _registry:
        local = _thread_locks.setdefault(key, threading.RLock())
    with local:  # _flocks[key] is only touched while holding it
        fd, depth = _flocks.get(key, (-1, 0))
        if depth == 0:
            fd = os.open(key, os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # waits for another run's update to finish
            except BaseException:
                os.close(fd)
                raise
        _flocks[key] = (fd, depth + 1)
        try:
            yield
        finally:
            if depth == 0:
                del _flocks[key]
                os.close(fd)  # closing the descriptor releases the flock
            else:
                _flocks[key] = (fd, depth)


def update_manifest(
    out_root: Path, changes: Mapping[str, Entry | None], *, keep: Collection[str] | None = None
) -> dict[str, Entry]:
    """Apply `changes` (an entry, or None to drop it) to OUT/manifest.json as it is now, under the lock.

    Entries of other blueprints stay as the last writer left them; with `keep`, entries of slugs
    not in it (blueprints that no longer exist) are dropped too. Returns the entries written.
    """
    with manifest_lock(out_root):
        entries = read_manifest(out_root)
        for slug, entry in changes.items():
            if entry is None:
                entries.pop(slug, None)
            else:
                entries[slug] = entry
        if keep is not None:
            entries = {slug: entry for slug, entry in entries.items() if slug in keep}
        write_manifest(out_root, entries)
        return entries


def list_rendered(out_root: Path) -> dict[str, frozenset[str]]:
    """Each folder under OUT with the names of its files (temporary files of a running write excluded)."""
    if not out_root.is_dir():
        return {}
    return {
        folder.name: frozenset(p.name for p in folder.iterdir() if not p.name.startswith(".") or p.name == ".gitignore")
        for folder in sorted(out_root.iterdir())
        if folder.is_dir() and not folder.name.startswith(".")
    }
