"""A checker for the part of the Structurizr DSL the export writes, after its documented grammar.

No parser of the DSL is published to PyPI, npm or Debian (Structurizr's own is Java, on Maven
Central), so the tests hold the export to the language reference (docs.structurizr.com/dsl/language):
a file is read line by line; a line is split into tokens at spaces, a token in double quotes may
hold spaces and `\\"` keeps a quote inside it (the DSL's tokenizer); a block opens with `{` at the
end of its statement's line and closes with `}` alone on a line; each statement has its keyword's
arguments in order (`person <name> [description] [tags]`, `container <name> [description]
[technology] [tags]`, ...); identifiers are letters, digits, `_` and `-`, each assigned once before
it is used; a relationship's ends are declared elements; a dynamic view's `N: a -> b` steps follow
relationships of the model, in order; element names are unique in their scope (people and
software systems in the model, containers in their system); nested groups need the
`structurizr.groupSeparator` property, and no group name may hold the separator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["DslError", "Workspace", "parse", "tokenize"]

_IDENTIFIER = re.compile(r"^[a-zA-Z0-9_-]+$")
_ORDER = re.compile(r"^(\d+):$")
#: How many arguments each element keyword takes after its name: (required, at most).
_ELEMENTS = {"person": (1, 3), "softwareSystem": (1, 3), "container": (1, 4)}
_STYLE_PROPERTIES = {"shape", "background", "color", "dashed", "thickness", "stroke", "fontSize", "border"}


class DslError(ValueError):
    """What is wrong, and on which line."""


@dataclass
class Workspace:
    """What a checked workspace declares."""

    elements: dict[str, str] = field(default_factory=dict)  # identifier -> person, softwareSystem, container
    relationships: set[tuple[str, str]] = field(default_factory=set)
    dynamic_views: dict[str, list[tuple[int, str, str, str]]] = field(default_factory=dict)  # key -> steps
    groups: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # identifier -> element name


def tokenize(line: str, number: int) -> list[str]:
    """The DSL's tokenizer: spaces split, double quotes group, `\\"` is a quote inside a quoted token."""
    tokens: list[str] = []
    i, text = 0, line.strip()
    while i < len(text):
        if text[i] == " ":
            i += 1
        elif text[i] == '"':
            j = i + 1
            while j < len(text) and not (text[j] == '"' and text[j - 1] != "\\"):
                j += 1
            if j >= len(text):
                raise DslError(f"line {number}: unterminated string: {line.strip()}")
            tokens.append(text[i + 1 : j].replace('\\"', '"'))
            i = j + 1
            if i < len(text) and text[i] != " ":
                raise DslError(f"line {number}: text runs on after a closing quote: {line.strip()}")
        else:
            j = text.find(" ", i)
            j = len(text) if j < 0 else j
            token = text[i:j]
            if '"' in token:
                raise DslError(f"line {number}: a quote inside an unquoted token: {token}")
            tokens.append(token)
            i = j
    return tokens


def _opener(stack: list[str], opens: bool, number: int, head: str) -> Callable[[str], None]:
    """What enters a block: the statement must end with `{`."""

    def push(context: str) -> None:
        if not opens:
            raise DslError(f"line {number}: {head!r} needs a block ('{{' at the end of the line)")
        stack.append(context)

    return push


def _counter(tokens: list[str], number: int) -> Callable[[int, int], list[str]]:
    """What checks a statement's argument count and returns its arguments."""

    def arguments(low: int, high: int) -> list[str]:
        args = tokens[1:]
        if not low <= len(args) <= high:
            raise DslError(f"line {number}: {tokens[0]!r} takes {low} to {high} arguments, not {len(args)}")
        return args

    return arguments


def parse(text: str) -> Workspace:
    """Check `text`; DslError names the first line that breaks the grammar."""
    ws = Workspace()
    stack: list[str] = []
    separator = ""
    scopes: dict[str, set[str]] = {"model": set(), "system": set()}
    group_depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw:
            raise DslError(f"line {number}: a tab (the tokenizer splits at spaces only)")
        line = raw.strip()
        if not line or line.startswith(("//", "#")):
            continue
        tokens = tokenize(line, number)
        where = stack[-1] if stack else "root"
        if tokens == ["}"]:
            if not stack:
                raise DslError(f"line {number}: '}}' closes no block")
            if stack.pop().endswith("group"):
                group_depth -= 1
            continue
        opens = tokens[-1] == "{"
        if opens:
            tokens = tokens[:-1]
        if "{" in tokens or "}" in tokens:
            raise DslError(f"line {number}: a brace must end its line or stand alone: {line}")
        head = tokens[0]
        push = _opener(stack, opens, number, head)
        arguments = _counter(tokens, number)

        if where == "root" and head == "workspace":
            arguments(0, 2)
            push("workspace")
        elif where == "workspace" and head in ("model", "views"):
            arguments(0, 0)
            push(head)
        elif where == "model" and head == "properties":
            arguments(0, 0)
            push("properties")
        elif where == "properties":
            if len(tokens) != 2:
                raise DslError(f"line {number}: a property is a name and a value")
            if tokens[0] == "structurizr.groupSeparator":
                separator = tokens[1]
        elif where in ("model", "model-group", "system", "system-group") and head == "group":
            (name,) = arguments(1, 1)
            if group_depth and not separator:
                raise DslError(f"line {number}: a nested group needs the structurizr.groupSeparator property")
            if separator and separator in name:
                raise DslError(f"line {number}: group name {name!r} holds the separator {separator!r}")
            ws.groups.append(name)
            group_depth += 1
            push(("system" if where.startswith("system") else "model") + "-group")
        elif len(tokens) >= 3 and tokens[1] == "=":
            identifier, keyword = tokens[0], tokens[2]
            if keyword not in _ELEMENTS:
                raise DslError(f"line {number}: unknown element keyword {keyword!r}")
            inside_system = where in ("system", "system-group")
            if (keyword == "container") != inside_system or where not in (
                "model",
                "model-group",
                "system",
                "system-group",
            ):
                raise DslError(f"line {number}: a {keyword} cannot be declared in {where}")
            if not _IDENTIFIER.match(identifier):
                raise DslError(f"line {number}: identifier {identifier!r} is not letters, digits, _ and -")
            if identifier.lower() in (known.lower() for known in ws.elements):
                raise DslError(f"line {number}: identifier {identifier!r} is already assigned")
            low, high = _ELEMENTS[keyword]
            args = tokens[3:]
            if not low <= len(args) <= high:
                raise DslError(f"line {number}: {keyword} takes {low} to {high} arguments, not {len(args)}")
            scope = scopes["system" if inside_system else "model"]
            if args[0] in scope:
                raise DslError(f"line {number}: an element named {args[0]!r} already exists in its scope")
            scope.add(args[0])
            ws.elements[identifier] = keyword
            ws.names[identifier] = args[0]
            if opens:
                if keyword != "softwareSystem":
                    raise DslError(f"line {number}: only a software system opens a block here")
                stack.append("system")
        elif where in ("model", "model-group") and len(tokens) >= 3 and tokens[1] == "->":
            source, target = tokens[0], tokens[2]
            for end in (source, target):
                if end not in ws.elements:
                    raise DslError(f"line {number}: relationship end {end!r} is not a declared element")
            if len(tokens) > 6:
                raise DslError(f"line {number}: a relationship takes at most description, technology and tags")
            ws.relationships.add((source, target))
        elif where == "views" and head in ("container", "dynamic"):
            args = arguments(1, 3)
            scope_id = args[0]
            if scope_id not in ws.elements or ws.elements[scope_id] != "softwareSystem":
                raise DslError(f"line {number}: a {head} view's scope must be a declared software system")
            key = args[1] if len(args) > 1 else f"view-{number}"
            if head == "dynamic":
                if key in ws.dynamic_views:
                    raise DslError(f"line {number}: view key {key!r} is already used")
                ws.dynamic_views[key] = []
            push(f"dynamic:{key}" if head == "dynamic" else "view")
        elif where == "views" and head == "styles":
            arguments(0, 0)
            push("styles")
        elif where == "view" and head in ("include", "autoLayout"):
            arguments(1 if head == "include" else 0, 3)
        elif where.startswith("dynamic:") and head in ("title", "autoLayout"):
            arguments(1 if head == "title" else 0, 3)
        elif where.startswith("dynamic:"):
            order = _ORDER.match(head)
            step = tokens[1:] if order else tokens
            if len(step) < 3 or step[1] != "->":
                raise DslError(f"line {number}: not a dynamic view step: {line}")
            if len(step) > 5:
                raise DslError(f"line {number}: a step takes at most a description and a technology")
            source, target = step[0], step[2]
            if (source, target) not in ws.relationships:
                raise DslError(f"line {number}: no relationship {source} -> {target} in the model")
            steps = ws.dynamic_views[where.split(":", 1)[1]]
            n = int(order[1]) if order else (steps[-1][0] + 1 if steps else 1)
            if steps and n < steps[-1][0]:
                raise DslError(f"line {number}: step {n} comes after step {steps[-1][0]}")
            steps.append((n, source, target, step[3] if len(step) > 3 else ""))
        elif where == "styles" and head in ("element", "relationship"):
            arguments(1, 1)
            push("style")
        elif where == "style":
            if len(tokens) != 2 or head not in _STYLE_PROPERTIES:
                raise DslError(f"line {number}: not a style property: {line}")
        else:
            raise DslError(f"line {number}: {head!r} is not allowed in {where}: {line}")
    if stack:
        raise DslError(f"the file ends inside {len(stack)} open block(s): {', '.join(stack)}")
    return ws
