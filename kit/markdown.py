"""Markdown escaping for text that comes from a blueprint.

Authors may use `code spans`; everything else is plain text, so characters that would become
HTML or break a table are escaped. Newlines become <br> inside table cells.
"""

from __future__ import annotations

import re

__all__ = ["md", "md_cell", "slugify_anchor"]

_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
#: Only an ampersand that starts something a browser would read as an entity needs escaping.
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def _escape_text(text: str) -> str:
    return _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def md(text: str) -> str:
    """Inline Markdown for running text: HTML characters escaped, code spans kept.

    >>> md("a <b> & `x<y` &lt;")
    'a &lt;b&gt; & `x<y` &amp;lt;'
    """
    parts = _CODE_SPAN.split(text)
    return "".join(part if _CODE_SPAN.fullmatch(part) else _escape_text(part) for part in parts).replace("\n", " ")


def md_cell(text: str) -> str:
    r"""Inline Markdown safe inside a table cell: pipes escaped (in code spans too), newlines as <br>.

    >>> md_cell("a | b\nc")
    'a \\| b<br>c'
    """
    parts = _CODE_SPAN.split(text)
    out = "".join(part if _CODE_SPAN.fullmatch(part) else _escape_text(part) for part in parts)
    return out.replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def slugify_anchor(text: str) -> str:
    """GitHub's heading anchor for `text`.

    >>> slugify_anchor("Transfer (critical path)")
    'transfer-critical-path'
    """
    anchor = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
    return anchor
