"""Random 20-25 component designs with three groups: the shape that made `dot` fail with
"trouble in init_rank" (issue 14, item 7). Also a script reproducing it:

    .venv/bin/python -m tests.drawing.random_designs [COUNT] [VARIANT]

lays COUNT designs out with `dot` and prints how many failed. VARIANT rewrites the DOT before
`dot` sees it, to find what the failure depends on: `as-is`, `no-newrank`, `no-groups`,
`no-lanes` (no `rank=same` columns), `labels` (the fix undone: in-lane links touching a group
labelled with `label` rather than `xlabel`).
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Callable

from kit import Blueprint, Design
from kit.drawing.dot import to_dot
from kit.model.catalog import KINDS, icons_root

__all__ = ["VARIANTS", "layout_fails", "random_design"]

_KINDS = sorted(KINDS)
_NATURES = ("sync", "sync", "sync", "async", "replication", "stream")


def random_design(seed: int, *, groups: int = 3) -> Design:
    """A design of 20-25 components of random kinds, `groups` groups, and about 1.4 links each."""
    rng = random.Random(seed)
    count = rng.randint(20, 25)
    bp = Blueprint(f"random-{seed}", title=f"Random {seed}", category="domain")
    ids = [f"c{i}" for i in range(count)]
    grouped = {cid: rng.randrange(groups + 1) if groups else 0 for cid in ids}  # 0: in no group
    for index in range(1, groups + 1):  # no group is empty
        grouped[ids[index]] = index
    for index in range(groups + 1):
        members = [cid for cid in ids if grouped[cid] == index]
        if index == 0:
            for cid in members:
                bp.component(cid, rng.choice(_KINDS), f"Component {cid}")
            continue
        with bp.group(f"Group {index}"):
            for cid in members:
                bp.component(cid, rng.choice(_KINDS), f"Component {cid}")
    pairs: set[tuple[str, str]] = set()
    for i in range(1, count):  # a spanning tree, so the graph is connected
        pairs.add((ids[rng.randrange(i)], ids[i]))
    while len(pairs) < int(count * 1.4):
        a, b = rng.sample(ids, 2)
        if (b, a) not in pairs:
            pairs.add((a, b))
    for a, b in sorted(pairs):
        bp.link(a, b, f"{a} to {b}", nature=rng.choice(_NATURES))
    return bp.build()


def _no_groups(source: str) -> str:
    """The same DOT without clusters: their headers and closing braces (each indented lone `}`) go."""
    source = re.sub(r'^ *subgraph "cluster_[^\n]*\n *graph \[[^\n]*\n', "", source, flags=re.M)
    return re.sub(r"^ +}\n", "", source, flags=re.M)


VARIANTS: dict[str, Callable[[str], str]] = {
    "as-is": lambda source: source,
    "no-newrank": lambda source: source.replace('newrank="true", ', ""),
    "no-groups": _no_groups,
    "no-lanes": lambda source: re.sub(r"^  \{ rank=same;[^\n]*\n", "", source, flags=re.M),
    # The kit's fix undone: in-lane links touching a group get their label back as a `label`.
    "labels": lambda source: source.replace(", xlabel=<", ", label=<"),
}


def layout_fails(source: str) -> str:
    """dot's stderr when it cannot lay `source` out (exit status not 0), else ''."""
    command = ["dot", f"-Gimagepath={icons_root()}", "-Tplain"]
    result = subprocess.run(command, input=source.encode(), capture_output=True, check=False)
    return result.stderr.decode("utf-8", "replace") if result.returncode else ""


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 40
    variants = argv[1:] or list(VARIANTS)
    for variant in variants:
        failed = [seed for seed in range(count) if layout_fails(VARIANTS[variant](to_dot(random_design(seed))))]
        print(f"{variant:<11} {len(failed)}/{count} failed  seeds: {failed[:12]}")


if __name__ == "__main__":
    main(sys.argv[1:])
