"""A summary's Markdown as HTML, the way GitHub shows it: tables, raw HTML (the `<picture>`s and
`<details>`), and ```mermaid blocks handed to Mermaid to draw.

The summaries escape every piece of blueprint text themselves (kit/publishing/markdown.py), so the
HTML they carry is the kit's own and is passed through, as GitHub does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

__all__ = ["has_mermaid", "summary_html"]

#: What Mermaid looks for to draw a diagram in place (`mermaid.run()` reads its text).
MERMAID_CLASS = "mermaid"
_HEADING_ID = re.compile(r"[^\w\- ]+")


def _fence(renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[index]
    if token.info.strip().split(" ")[0] == "mermaid":
        return f'<pre class="{MERMAID_CLASS}">{html.escape(token.content)}</pre>\n'
    return renderer.fence(tokens, index, options, env)


def _heading_open(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    """Headings get GitHub's anchor ids (lower case, spaces to hyphens), so `#scope` links work here too."""
    token = tokens[index]
    text = tokens[index + 1].content if index + 1 < len(tokens) else ""
    anchor = _HEADING_ID.sub("", text.lower()).replace(" ", "-")
    seen = env.setdefault("anchors", {})
    count = seen.get(anchor, 0)
    seen[anchor] = count + 1
    if anchor:
        token.attrSet("id", anchor if count == 0 else f"{anchor}-{count}")
    return renderer.renderToken(tokens, index, options, env)


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser.add_render_rule("fence", _fence)
    parser.add_render_rule("heading_open", _heading_open)
    return parser


def summary_html(markdown: str) -> str:
    """The HTML of one summary."""
    html_text: str = _parser().render(markdown, {})
    return html_text


def has_mermaid(markdown: str) -> bool:
    """Whether the summary holds a ```mermaid block, so its page loads Mermaid."""
    return any(t.type == "fence" and t.info.strip().split(" ")[0] == "mermaid" for t in _parser().parse(markdown))
