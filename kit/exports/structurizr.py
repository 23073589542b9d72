"""The design as a Structurizr DSL workspace: a C4 model plus a container view and one dynamic view per flow.

Mapping: people-kinds (user, users, operator) become `person`, components in the external lane their
own `softwareSystem`, everything else a `container` of one software system named after the design.
Groups become `group` blocks, nested with the `structurizr.groupSeparator` property; a group
holding people or external systems appears at model level too, holding just those. Each link is a
relationship whose technology is its nature and whose tag names it, so the styles dash asynchronous
hops. Each flow is a `dynamic` view whose steps carry the diagram's step numbers (`9: a -> b "..."`).

Structurizr reads a file line by line and splits a line into tokens at spaces; a token in double
quotes may hold spaces, and `\\"` keeps a quote inside it. So every name and description is one
line in double quotes, its quotes escaped; a backslash becomes the look-alike U+29F5, since a
backslash before the closing quote would escape it. Identifiers are generated (`c_<id>`), and
element names are made unique where Structurizr requires it (people and software systems across
the model, containers within their system) by adding the component's id in brackets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from kit.drawing.views import flow_views
from kit.exports.mermaid import component_ids
from kit.model.catalog import NATURES
from kit.model.model import Component, Design

__all__ = ["GROUP_SEPARATOR", "SYSTEM_ID", "dsl_string", "element_type", "structurizr"]

#: Joins a nested group's name to its parent's; a character group labels do not use.
GROUP_SEPARATOR: Final = "¦"
#: The identifier of the software system the containers belong to.
SYSTEM_ID: Final = "system"
_PEOPLE: Final = frozenset({"user", "users", "operator"})


def dsl_string(text: str) -> str:
    """`text` as one double-quoted Structurizr token.

    >>> dsl_string('say "hi" \\\\ bye') == '"say \\\\"hi\\\\" \\u29f5 bye"'
    True
    """
    one_line = " ".join(text.split()).replace("\\", "\u29f5")
    return '"' + one_line.replace('"', '\\"') + '"'


def element_type(component: Component) -> str:
    """`person`, `softwareSystem` (the external lane) or `container`."""
    if component.kind in _PEOPLE:
        return "person"
    return "softwareSystem" if component.lane == "external" else "container"


def _names(design: Design) -> dict[str, str]:
    """Each component's element name: its label, with ` [id]` where the label is taken in its scope."""
    scopes: dict[str, set[str]] = {"model": {design.title}, "system": set()}
    names = {}
    for component in design.components:
        scope = scopes["system" if element_type(component) == "container" else "model"]
        name = component.label if component.label not in scope else f"{component.label} [{component.id}]"
        scope.add(name)
        names[component.id] = name
    return names


def structurizr(design: Design) -> str:
    """The whole workspace, in Structurizr DSL."""
    ids = component_ids(design)
    names = _names(design)
    out = [
        f"// {' '.join(design.title.split())}: from blueprint export {design.slug} --to structurizr",
        f"workspace {dsl_string(design.title)} {dsl_string(design.promise)} {{",
        "    model {",
        "        properties {",
        f'            "structurizr.groupSeparator" "{GROUP_SEPARATOR}"',
        "        }",
    ]

    def element(component: Component, pad: str) -> str:
        kind = element_type(component)
        words = [ids[component.id], "=", kind, dsl_string(names[component.id]), dsl_string(component.responsibility)]
        if kind == "container":
            words.append(dsl_string(component.tech))
        tags = ["Database"] if component.lane == "data" else []
        if kind == "softwareSystem":
            tags.append("External")
        if tags:
            words.append(dsl_string(",".join(tags)))
        return pad + " ".join(words)

    def emit(parent: str | None, depth: int, keep: Callable[[Component], bool]) -> None:
        pad = "    " * depth
        for group in design.subgroups(parent):
            if not any(keep(c) for c in _within(design, group.id)):
                continue
            out.append(f"{pad}group {dsl_string(group.label.replace(GROUP_SEPARATOR, '|'))} {{")
            emit(group.id, depth + 1, keep)
            out.append(f"{pad}}}")
        out.extend(element(c, pad) for c in design.members(parent) if keep(c))

    emit(None, 2, lambda c: element_type(c) != "container")
    out.append(f"        {SYSTEM_ID} = softwareSystem {dsl_string(design.title)} {dsl_string(design.promise)} {{")
    emit(None, 3, lambda c: element_type(c) == "container")
    out.append("        }")
    out.append("")
    for link in design.links:
        out.append(
            f"        {ids[link.source]} -> {ids[link.target]} {dsl_string(link.label)} "
            f"{dsl_string(NATURES[link.nature])} {dsl_string(link.nature)}"
        )
    out += [
        "    }",
        "",
        "    views {",
        f'        container {SYSTEM_ID} "architecture" {dsl_string(design.title)} {{',
        "            include *",
        "            autoLayout lr",
        "        }",
    ]
    for view in flow_views(design):
        flow = view.flow
        assert flow is not None
        out.append(f"        dynamic {SYSTEM_ID} {dsl_string(view.key)} {dsl_string(flow.description or flow.name)} {{")
        out.append(f"            title {dsl_string(flow.name)}")
        for step in flow.steps:
            out.append(f"            {step.number}: {ids[step.source]} -> {ids[step.target]} {dsl_string(step.action)}")
        out.append("            autoLayout lr")
        out.append("        }")
    out += [
        "        styles {",
        '            element "Person" {',
        "                shape Person",
        "            }",
        '            element "Database" {',
        "                shape Cylinder",
        "            }",
        '            element "External" {',
        "                background #999999",
        "            }",
        '            relationship "Relationship" {',
        "                dashed false",
        "            }",
        '            relationship "async" {',
        "                dashed true",
        "            }",
        '            relationship "stream" {',
        "                dashed true",
        "                thickness 4",
        "            }",
        '            relationship "replication" {',
        "                dashed true",
        "            }",
        "        }",
        "    }",
        "}",
    ]
    return "\n".join(out) + "\n"


def _within(design: Design, group_id: str) -> list[Component]:
    """Every component in the group or in any group nested inside it."""
    found = list(design.members(group_id))
    for child in design.subgroups(group_id):
        found += _within(design, child.id)
    return found
