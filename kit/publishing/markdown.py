"""Markdown escaping for text that comes from a blueprint.

Authors may use `code spans`; everything else is plain text: characters that would become HTML,
emphasis, links, headings or list markers are escaped, and runs of whitespace collapse to one
space (a browser would show them as one anyway). Newlines become <br> inside table cells.
"""

from __future__ import annotations

import re

__all__ = ["md", "md_cell", "md_code", "md_strong", "md_url", "slugify_anchor"]

_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
#: Only an ampersand that starts something a browser would read as an entity needs escaping.
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
#: Characters that start inline Markdown (emphasis, links, strikethrough, a heading's closing #), and
#: backticks left over once code spans are split off, which would pair with a later one.
_INLINE_MARKUP = re.compile(r"([\\*_\[\]~#`])")
#: GitHub-only syntax that plain text must not trigger: `$...$` math and bare-URL autolinks.
_DOLLAR = re.compile(r"\$")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)|\b(www)(\.)(?=\w)")
#: At the start of a line, `- `, `+ ` and `1. ` would open a list.
_BLOCK_START = re.compile(r"^(\s?(?:\d{1,9})?)([-+.)])(?=\s|$)")
_SPACES = re.compile(r"[^\S\n]+")


def _escape_text(text: str) -> str:
    text = _INLINE_MARKUP.sub(r"\\\1", text)
    text = _DOLLAR.sub(r"\\$", text)  # GitHub renders $...$ as math
    # GitHub links a bare URL; an escaped ':' (or '.' after www) keeps it text, shown the same.
    text = _AUTOLINK.sub(lambda m: f"{m[1]}\\:" if m[1] else f"{m[3]}\\.", text)
    return _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def _escape(text: str) -> str:
    parts = _CODE_SPAN.split(text)
    out = "".join(part if _CODE_SPAN.fullmatch(part) else _escape_text(_SPACES.sub(" ", part)) for part in parts)
    return _BLOCK_START.sub(r"\1\\\2", out)


def md(text: str) -> str:
    """Inline Markdown for running text: markup characters escaped, code spans kept, one line.

    >>> md("a <b> & `x<y` &lt; *not bold*")
    'a &lt;b&gt; & `x<y` &amp;lt; \\\\*not bold\\\\*'
    >>> md("- not a list")
    '\\\\- not a list'
    >>> md("$3 per M tokens, $15 per M; see https://x.org")
    '\\\\$3 per M tokens, \\\\$15 per M; see https\\\\://x.org'
    """
    return _escape(text.replace("\r\n", "\n").replace("\n", " "))


def md_cell(text: str) -> str:
    r"""Inline Markdown safe inside a table cell: pipes escaped (in code spans too), newlines as <br>.

    >>> md_cell("a | b\nc")
    'a \\| b<br>c'
    """
    out = _escape(text.replace("\r\n", "\n"))
    return out.replace("|", "\\|").replace("\n", "<br>")


def md_strong(text: str) -> str:
    """Bold text; spaces at either end would stop `**` from making it bold, so they go.

    >>> md_strong(" Wallet API ")
    '**Wallet API**'
    """
    return "**" + md(text).strip() + "**"


def md_code(text: str) -> str:
    """A code span holding `text` as is: fenced by more backticks than it holds in a row.

    >>> md_code("a `b` c")
    '``a `b` c``'
    """
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_url(url: str) -> str:
    """A link destination that stays one: characters that would end or alter it percent-encoded.

    >>> md_url("https://example.com/a b(c)?x=1&amp;y")
    'https://example.com/a%20b%28c%29?x=1&amp;amp;y'
    """
    encoded = re.sub(r"[\s()<>\\\x00-\x1f\x7f]", lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)
    return _ENTITY_LIKE.sub("&amp;", encoded)


def slugify_anchor(text: str) -> str:
    """GitHub's heading anchor for `text`.

    >>> slugify_anchor("Transfer (critical path)")
    'transfer-critical-path'
    """
    anchor = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
    return anchor
