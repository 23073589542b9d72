"""Property tests: any text an author can type survives the whole pipeline as the same text.

Hypothesis generates labels full of what breaks escaping (quotes, backslashes, `< > &`, braces,
brackets, pipes, newlines, emoji, right-to-left scripts, very long words, strings that look like
entities or markup) and puts them in every text field of one design. Each example is one design
holding many labels, so one `dot` run checks a batch of them; the SVG half runs 60 designs of 20+
labels (over 1,200 labels through Graphviz), the Markdown half 300 designs of 30+ fields.

Graphviz wraps long labels into several <text> elements and turns runs of spaces into no-break
spaces, so the SVG check compares the label's characters with the whitespace taken out, and
compares exactly where a label is one short word. Markdown collapses whitespace the same way a
browser does, so summary text is compared with whitespace runs collapsed.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kit import Blueprint, Design
from kit.analysis.structure import CITATION
from kit.drawing.layout import lay_out
from kit.drawing.restyle import canvas_of, draw_view
from kit.drawing.theme import LIGHT
from kit.drawing.views import OVERVIEW
from kit.errors import BlueprintError
from kit.publishing.summary import alt_text, summary_markdown

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

#: Characters that have broken escaping somewhere: DOT, Graphviz's HTML labels, XML, Markdown.
_AWKWARD = [*"\"'\\<>&{}[]|*_#~!()=-+.:;/ \n\t", "\xa0", "\u200f", "\u200d", "\u2028"]
_SCRIPTS = [*"שלום مرحبا Ωμέγα Привет 日本語 한국어", "🚀"]
_TRICKY = [
    "👩\u200d💻",
    "🇩🇪",
    "e\u0301",
    "&amp;",
    "&lt;b&gt;",
    "&#60;",
    "&#x3C;script&#x3E;",
    "\\N \\G \\L \\n \\l",
    "]]>",
    "<!-- x -->",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{}",
    "<BR/>",
    "<B>bold</B>",
    "**not bold**",
    "[link](javascript:alert(1))",
    "![img](http://x/y.png)",
    "a | b | c",
    "# heading",
    "- item",
    "1. first",
    "> quote",
    "Supercalifragilisticexpialidocious" * 4,
    "x" * 300,
]


def _texts(*, backticks: bool) -> st.SearchStrategy[str]:
    """Non-blank text mixing ordinary characters, awkward ones, other scripts and tricky strings."""
    alphabet = st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff`"),
        st.sampled_from(_AWKWARD + _SCRIPTS + (["`"] if backticks else [])),
    )
    pieces = st.lists(st.one_of(st.text(alphabet, min_size=1, max_size=12), st.sampled_from(_TRICKY)), max_size=4)
    return pieces.map("".join).filter(lambda text: bool(text.strip()))


_URL_PATHS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=20)


def _squash(text: str) -> str:
    """Whitespace collapsed to single spaces, as a browser shows it."""
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Every character but whitespace, which Graphviz may wrap, drop at line ends or make no-break."""
    return "".join(text.split())


@dataclass(frozen=True)
class Labels:
    """The generated text of one design, field by field."""

    title: str
    promise: str
    groups: tuple[str, str]
    components: tuple[str, ...]
    tech: str
    responsibility: str
    links: tuple[str, ...]
    actions: tuple[str, str]
    writeup: tuple[str, ...]
    url_path: str

    @property
    def url(self) -> str:
        return "https://example.com/" + self.url_path


def _labels(*, backticks: bool) -> st.SearchStrategy[Labels]:
    text = _texts(backticks=backticks)
    return st.builds(
        Labels,
        title=text,
        promise=text,
        groups=st.tuples(text, text),
        components=st.lists(text, min_size=6, max_size=6).map(tuple),
        tech=text,
        responsibility=text,
        links=st.lists(text, min_size=5, max_size=5).map(tuple),
        actions=st.tuples(text, text),
        # `{name}` in prose cites a load-model figure (an unknown one is an error): keep it out of free text.
        writeup=st.lists(text.filter(lambda t: not CITATION.search(t)), min_size=19, max_size=19).map(tuple),
        url_path=_URL_PATHS,
    )


def _design(labels: Labels) -> Design:
    """Components c0..c5 in a chain; c0 in one group, c1 in a group nested inside it (ids never clash)."""
    bp = Blueprint("prop", title=labels.title, category="domain", learn=labels.writeup[18], promise=labels.promise)
    ids = [f"c{i}" for i in range(len(labels.components))]
    with bp.group(labels.groups[0]):
        bp.component(ids[0], "service", labels.components[0])
        with bp.group(labels.groups[1], kind="zone"):
            bp.component(ids[1], "service", labels.components[1])
    for i in range(2, len(ids) - 1):
        bp.component(ids[i], "service", labels.components[i])
    bp.component(
        ids[-1], "relational-db", labels.components[-1], tech=labels.tech, responsibility=labels.responsibility
    )
    for i, label in enumerate(labels.links):
        bp.link(ids[i], ids[i + 1], label)
    bp.flow(labels.writeup[0], [(ids[0], ids[1], labels.actions[0]), (ids[1], ids[2], labels.actions[1])])
    w = labels.writeup
    bp.use_case(w[1], w[2])
    bp.out_of_scope(w[3])
    bp.target(w[4], w[5], w[6])
    bp.assume(w[7], w[8], basis=w[9])
    bp.tradeoff(decision=w[10], chosen=w[11], rejected=w[12], why=w[13], cost=w[14], revisit_when=w[15])
    bp.reference(w[16], w[17], url=labels.url)
    return bp.build()


# -- the diagram ---------------------------------------------------------------------------------


def _by_id(root: ET.Element) -> dict[str, ET.Element]:
    return {element.get("id", ""): element for element in root.iter() if element.get("id")}


def _text_of(element: ET.Element, *, bold: bool | None = None) -> list[str]:
    """The <text> contents under `element`, in document order; only bold (or only plain) ones if asked."""
    found = []
    for text in element.iter(f"{SVG}text"):
        if bold is not None and (text.get("font-weight") == "bold") != bold:
            continue
        found.append("".join(text.itertext()))
    return found


def _reads_back(shown: list[str], label: str) -> None:
    assert _bare("".join(shown)) == _bare(label)
    if label == label.strip() and len(label) <= 20 and not any(ch.isspace() for ch in label):
        assert shown == [label]


def _svg_of(design: Design) -> ET.Element:
    laid = lay_out(design)
    assert laid.warnings == (), laid.warnings  # valid DOT: not even a warning
    return ET.fromstring(draw_view(laid, design, LIGHT, OVERVIEW, canvas_of(laid)))


@pytest.mark.graphviz
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_labels(backticks=True))
def test_every_diagram_label_reads_back_from_the_svg(labels: Labels) -> None:
    design = _design(labels)
    root = _svg_of(design)
    elements = _by_id(root)
    for component in design.components:
        node = elements[f"component-{component.id}"]
        _reads_back(_text_of(node, bold=True), component.label)
    last = design.components[-1]
    assert _bare("".join(_text_of(elements[f"component-{last.id}"], bold=False))) == _bare(last.tech)
    tooltips = [a.get(f"{XLINK}title") for a in elements[f"component-{last.id}"].iter(f"{SVG}a")]
    # A tooltip is the browser's, which shows whitespace as it likes; what matters is every character.
    assert [_squash(str(tip)) for tip in tooltips] == [_squash(last.responsibility)]
    for link in design.links:
        _reads_back(_text_of(elements[f"link-{link.source}-{link.target}"], bold=False), link.label)
    for group in design.groups:
        _reads_back(_text_of(elements["group-" + group.id.replace("/", "--")], bold=True), group.label)
    title_size = f"{LIGHT.title_size:.2f}"
    graph = elements["blueprint-prop"]
    title = [
        "".join(t.itertext())
        for t in graph.iter(f"{SVG}text")
        if t.get("font-size") == title_size and t.get("font-weight") == "bold"
    ]
    _reads_back(title, design.title)


# -- the summary ---------------------------------------------------------------------------------

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(inline: Token, *, strong: bool = False) -> str:
    """What a reader sees of an inline token: its text, with <br> as a line break and nothing styled
    (bold allowed only where the template itself makes it, with `strong`)."""
    out = []
    for child in inline.children or []:
        if strong and child.type in ("strong_open", "strong_close"):
            continue
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (child.type == "html_inline" and child.content == "<br>"):
            out.append("\n")
        else:
            raise AssertionError(f"blueprint text became {child.type}: {child.content!r} in {inline.content!r}")
    return "".join(out)


def _tables(tokens: list[Token]) -> list[list[list[Token]]]:
    """Every table as rows of inline tokens, one per cell."""
    tables: list[list[list[Token]]] = []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            tables[-1][-1].append(token)
    return tables


_DETAILS = re.compile(r"<details><summary>[^<>]*</summary>\n|</details>\n")
_PICTURE = re.compile(
    r'<picture>\n  <source media="\(prefers-color-scheme: dark\)" srcset="[a-z0-9.-]+\.dark\.svg">\n'
    r'  <img src="([a-z0-9.-]+\.svg)" alt="[^"<>]*">\n</picture>\n'
    # The first image: the article form, linked to the full diagram.
    r'|<a href="[a-z0-9.-]+\.svg">\n<picture>\n  <source media="\(prefers-color-scheme: dark\)" '
    r'srcset="[a-z0-9.-]+\.article\.dark\.png">\n  <img src="[a-z0-9.-]+\.article\.png"( width="\d+")? '
    r'alt="[^"<>]*">\n</picture>\n</a>\n'
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_labels(backticks=True))
def test_summary_tables_keep_their_columns_and_links_stay_links(labels: Labels) -> None:
    design = _design(labels)
    tokens = _MARKDOWN.parse(summary_markdown(design))
    # HTML blocks: the kit's own "generated from" comment on the first line, and its <picture>s,
    # whose only text from the blueprint is an escaped alt attribute.
    # The kit's own <details> wrappers hold no blueprint text.
    blocks = [t for t in tokens if t.type == "html_block" and not _DETAILS.fullmatch(t.content)]
    assert blocks[0].map == [0, 1] and blocks[0].content.startswith("<!-- Generated by")
    assert blocks[1:] and all(_PICTURE.fullmatch(block.content) for block in blocks[1:]), blocks
    # The only code blocks are the kit's Mermaid sequence diagrams, one per flow.
    assert not [t for t in tokens if t.type in ("code_block", "hr") or (t.type == "fence" and t.info != "mermaid")]
    assert len([t for t in tokens if t.type == "fence"]) == len(design.flows)
    for inline in (t for t in tokens if t.type == "inline"):
        for child in inline.children or []:
            assert child.type != "html_inline" or child.content == "<br>", child.content
    tables = _tables(tokens)
    # targets (with the model's figures), inputs, availability (computed, one row per flow), trade-offs
    assert [len(table[0]) for table in tables] == [4, 3, 3, 6]
    for table in tables:
        assert {len(row) for row in table} == {len(table[0])}
    assert [len(table) for table in tables] == [2, 2, 1 + len(design.flows), 2]  # header + rows
    inlines = [t for t in tokens if t.type == "inline"]
    assert not [c for t in inlines for c in t.children or [] if c.type == "image"]
    # The first image: the article form, linked to the full diagram, which the next line links too.
    first = blocks[1].content
    assert first.startswith('<a href="prop.svg">') and '<img src="prop.article.png" alt=' in first
    links = [c for t in inlines for c in t.children or [] if c.type == "link_open"]
    assert [unquote(str(link.attrs["href"])) for link in links] == ["prop.svg", "prop.dark.svg", labels.url]


def _after(tokens: list[Token], opener: str, tag: str | None = None) -> list[str]:
    """The text of each inline token that directly follows an `opener` token (of `tag`, if given)."""
    return [
        _inline_text(tokens[i + 1])
        for i, t in enumerate(tokens[:-1])
        if t.type == opener and (tag is None or t.tag == tag) and tokens[i + 1].type == "inline"
    ]


def _spans(inline: Token, opener: str) -> list[str]:
    """The text inside each `opener` ... close pair of an inline token (a link, a strong run)."""
    spans: list[str] = []
    current: list[Token] | None = None
    closer = opener.replace("_open", "_close")
    for child in inline.children or []:
        if child.type == opener:
            current = []
        elif child.type == closer and current is not None:
            spans.append(_inline_text(Token("inline", "", 0, children=current)))
            current = None
        elif current is not None:
            current.append(child)
    return spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_labels(backticks=False))
def test_summary_text_reads_back_exactly(labels: Labels) -> None:
    design = _design(labels)
    tokens = _MARKDOWN.parse(summary_markdown(design))
    inlines = [t for t in tokens if t.type == "inline"]
    w = labels.writeup
    assert _after(tokens, "heading_open", "h1") == [_squash(design.title)]
    assert _after(tokens, "heading_open", "h3") == [_squash(w[0])]
    targets, inputs, _, tradeoffs = _tables(tokens)  # the third is the computed availability table
    cells = [
        [_squash(_inline_text(cell)) for cell in row] for table in (targets, inputs, tradeoffs) for row in table[1:]
    ]
    # A target tied to no flow has nothing computed: its Model cell stays empty.
    expected = ((w[4], w[5], "", w[6]), w[7:10], w[10:16])
    assert cells == [[_squash(x) for x in row] for row in expected]
    overview = next(t.content for t in tokens if t.type == "html_block" and t.content.startswith("<a href="))
    alt = re.search(r' alt="([^"]*)"', overview)
    assert alt and html.unescape(alt[1]) == " ".join(alt_text(design).split())
    links = [_squash(x) for t in inlines for x in _spans(t, "link_open")]
    assert links == ["light", "dark", _squash(w[16])]  # the full diagram's two themes, then the blueprint's
    strong = [_squash(x) for t in inlines for x in _spans(t, "strong_open")]
    names = [_squash(c.label) for c in design.components]
    # Use case actor, every component by name, each step's two ends: all bold and all intact.
    assert _squash(w[1]) in strong and set(names) <= set(strong)
    codes = [c.content for t in inlines for c in t.children or [] if c.type == "code_inline"]
    assert codes == [_squash(design.links[0].label), _squash(design.links[1].label)]
    blockquote = [_inline_text(tokens[i + 2]) for i, t in enumerate(tokens[:-2]) if t.type == "blockquote_open"]
    assert [_squash(x) for x in blockquote] == [_squash(labels.promise)]
    steps = [_squash(_inline_text(t, strong=True)) for t in inlines if "→" in t.content and t.map is not None]
    steps = [line for line in steps if line.startswith(tuple(f"{_squash(c.label)} →" for c in design.components))]
    assert len(steps) == 2
    for line, action in zip(steps, labels.actions, strict=True):
        assert line.endswith(": " + _squash(action)), (line, action)


def test_control_characters_are_refused_with_the_element_named() -> None:
    bp = Blueprint("ctl", title="Bell\x07", category="domain")
    a = bp.component("a", "service", "A\x1b[31m")
    b = bp.component("b", "service", "B")
    bp.link(a, b, "ok")
    with pytest.raises(BlueprintError) as caught:
        bp.build()
    message = str(caught.value)
    assert "title" in message and "U+0007" in message
    assert "component 'a'" in message and "U+001B" in message
