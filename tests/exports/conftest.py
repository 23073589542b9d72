"""The catalogue's designs, and a design whose every label tries to break out of the formats' syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.authoring.discovery import find_blueprint_files, load_design
from kit.model.model import Design
from tests.conftest import wallet_blueprint

REPO = Path(__file__).resolve().parents[2]

#: Text each format reserves: Mermaid keywords and separators, D2 keywords and substitutions,
#: Structurizr's quotes and directives, Markdown's fence, HTML.
HOSTILE = [
    'end; graph TD; A-->B %% comment #35; "quoted" `fence` ```',
    "subgraph x\nend\nclick A callback <script>alert(1)</script>",
    "shape: person; style.fill: red; ${var} \\ back\\slash {braces} [brackets] |pipe|",
    '!include evil.dsl" -> x "y" \\',
    "participant end as end; autonumber 99; Note over A: x; box Aqua",
]


def catalogue() -> list[Design]:
    return [load_design(file) for file in find_blueprint_files(REPO / "blueprints")]


def hostile_design() -> Design:
    """The small wallet with a hostile title, group, labels, technology, link label and step."""
    bp = wallet_blueprint("hostile-export")
    bp.title = HOSTILE[0]
    bp.promise = HOSTILE[3]
    with bp.group(HOSTILE[4]):
        front = bp.component("end", "service", HOSTILE[1], tech=HOSTILE[2], responsibility=HOSTILE[3])
    back = bp.component("graph", "cache", HOSTILE[0], tech="Redis")
    bp.link("app", front, HOSTILE[2])
    bp.link(front, back, HOSTILE[4], nature="async")
    bp.flow(HOSTILE[1], [("app", front, HOSTILE[0]), (front, back, HOSTILE[3], "5 ms", "20 ms")])
    return bp.build()


@pytest.fixture(scope="session")
def designs() -> list[Design]:
    return catalogue()


@pytest.fixture(scope="session")
def hostile() -> Design:
    return hostile_design()
