"""The built site as files: the index follows the playbook, every page has what it promises, every
local link and image resolves, builds are byte-identical, and stale or foreign input is refused."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from kit.authoring.playbook import read_playbook
from kit.cli.main import cli
from kit.drawing.render import is_local
from kit.model.model import Design
from kit.publishing.manifest import current_kit_hash, read_manifest
from kit.publishing.site.build import SiteError, build_site, freshness_problems
from kit.publishing.site.images import gif_name, local_images, view_images
from kit.publishing.site.markup import summary_html
from kit.publishing.site.pages import search_index
from kit.publishing.site.sections import catalogue_sections
from tests.conftest import render_once, wallet_blueprint
from tests.site.conftest import MERMAID_JS, Site

#: Attributes that name another file or page.
_URL_ATTRIBUTES = {("a", "href"), ("img", "src"), ("source", "srcset"), ("script", "src"), ("link", "href")}


class _Page(HTMLParser):
    """The URLs a page refers to, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])
        self.urls += [values[name] for (t, name) in _URL_ATTRIBUTES if t == tag and name in values]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Site) -> list[Path]:
    return sorted(site.root.rglob("*.html"))


def test_the_index_follows_the_playbook_and_lists_a_shared_case_study_in_both_categories(site: Site) -> None:
    playbook = read_playbook(Path("blueprints"))
    assert playbook is not None
    written = {d.slug for d in site.designs}
    listed = [e for e in playbook.entries if e.slug in written]
    index = _parse(site.root / "index.html")
    sections = [values["id"] for tag, values in index.tags if tag == "section" and "id" in values]
    assert sections == list(dict.fromkeys(e.category for e in listed))
    thumbnails = [values["href"] for tag, values in index.tags if tag == "a" and "thumb" in values.get("class", "")]
    # In the playbook's order; zero-trust-db-access and distributed-task-scheduler twice.
    assert thumbnails == [f"{e.slug}/index.html" for e in listed]
    assert len(thumbnails) == len(written) + 2 and set(thumbnails) == {f"{slug}/index.html" for slug in written}
    # Each thumbnail is a <picture>: the dark overview for dark-scheme readers, the light one otherwise.
    sources = [values["srcset"] for tag, values in index.tags if tag == "source"]
    assert sources == [f"{e.slug}/{e.slug}.dark.svg" for e in listed]


def test_a_category_the_playbook_does_not_know_is_an_error(site: Site) -> None:
    stray = replace(site.designs[0], category="gardening")
    with pytest.raises(ValueError, match=r"no playbook category: .*'gardening'"):
        catalogue_sections([stray, *site.designs[1:]])


def test_every_case_study_page_shows_every_view_in_both_themes_with_articles_gif_and_snippets(site: Site) -> None:
    for design in site.designs:
        page = _parse(site.root / design.slug / "index.html")
        images = {values["src"] for tag, values in page.tags if tag == "img"}
        for view in view_images(design):
            assert {view.svg, view.dark_svg, view.article, view.dark_article} <= images, (design.slug, view.key)
            snippet_ids = {f"snippet-{view.key or 'overview'}-{kind}" for kind in ("markdown", "html", "medium")}
            assert snippet_ids <= page.ids, (design.slug, view.key)
        gif = gif_name(design)
        assert gif is None or gif in images
        assert "summary" in page.ids and "scope" in page.ids  # the summary, rendered


def test_every_local_link_and_image_resolves(site: Site) -> None:
    checked = 0
    parsed = {path: _parse(path) for path in _pages(site)}
    for path, page in parsed.items():
        base = path.relative_to(site.root).as_posix()
        for url in page.urls:
            target = urlsplit(urljoin(f"http://site/{base}", url))
            if target.scheme in ("data", "https", "mailto") or target.netloc not in ("site", ""):
                continue  # another site: not ours to check, and this machine has no internet
            file = site.root / unquote(target.path.lstrip("/"))
            assert file.is_file(), f"{base}: {url} -> {file} does not exist"
            if target.fragment:
                assert target.fragment in parsed[file].ids, f"{base}: {url}: no id {target.fragment!r} there"
            checked += 1
    assert checked > 40 * len(site.designs)


def test_the_build_is_deterministic(site: Site, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(
        site.designs,
        read_manifest(site.rendered),
        current_kit_hash(),
        site.rendered,
        again,
        mermaid_js=MERMAID_JS if MERMAID_JS.is_file() else None,
        playbook=read_playbook(Path("blueprints")),
    )
    first = {p.relative_to(site.root): p.read_bytes() for p in sorted(site.root.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_search_index_holds_titles_components_and_technologies(site: Site) -> None:
    text = (site.root / "assets" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text.removeprefix("window.BLUEPRINT_SEARCH = ").removesuffix(";\n"))
    by_slug = {entry["slug"]: entry for entry in entries}
    assert by_slug.keys() == {d.slug for d in site.designs}
    for design in site.designs:
        entry = by_slug[design.slug]
        assert entry["title"] == design.title
        assert entry["components"] == [c.label for c in design.components]
        assert set(entry["tech"]) == {c.tech for c in design.components if c.tech}


def test_a_title_cannot_end_the_search_script(design: Design) -> None:
    hostile = replace(design, title="</script><script>alert(1)</script>")
    text = search_index(catalogue_sections([hostile]))
    assert "</script" not in text.lower()
    assert json.loads(text.removeprefix("window.BLUEPRINT_SEARCH = ").removesuffix(";\n"))[0]["title"] == hostile.title


def test_mermaid_blocks_are_handed_to_mermaid_and_other_code_stays_code() -> None:
    html = summary_html("## Flows\n\n```mermaid\nsequenceDiagram\n  A->>B: x < y\n```\n\n```sh\nmake\n```\n")
    assert '<pre class="mermaid">sequenceDiagram\n  A-&gt;&gt;B: x &lt; y\n</pre>' in html
    assert '<code class="language-sh">make' in html
    assert '<h2 id="flows">' in html


def test_a_stale_render_is_refused_and_the_previous_site_kept(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(site.root, out)
    entries = read_manifest(site.rendered)
    edited = replace(site.designs[0], promise=site.designs[0].promise + " Edited.")
    designs = [edited, *site.designs[1:]]
    problems = freshness_problems(designs, entries, current_kit_hash(), site.rendered)
    assert problems == [
        f"{site.rendered / edited.slug}/: rendered from an older version of {entries[edited.slug].source}"
    ]
    with pytest.raises(SiteError, match="run `make`"):
        build_site(designs, entries, current_kit_hash(), site.rendered, out)
    assert (out / "index.html").read_bytes() == (site.root / "index.html").read_bytes()
    assert freshness_problems(site.designs, entries, "another kit", site.rendered)[0].endswith(
        "rendered by another version of the kit"
    )


def test_a_folder_that_is_not_a_site_is_never_replaced(site: Site, tmp_path: Path) -> None:
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    with pytest.raises(SiteError, match="not a site this command built"):
        build_site(site.designs, read_manifest(site.rendered), current_kit_hash(), site.rendered, tmp_path)
    assert keep.read_text() == "mine"


@pytest.mark.graphviz
def test_the_images_the_site_draws_are_the_renders_own_bytes() -> None:
    design = wallet_blueprint().build()
    rendered = render_once(design)
    assert rendered.choice is not None
    drawn = local_images(design, rendered.choice.keys)
    expected = {name for name in rendered.local if ".article." in name or name.endswith(".gif")}
    assert drawn.keys() == expected
    assert all(drawn[name] == rendered.file(name) for name in drawn)


@pytest.mark.graphviz
def test_blueprint_site_draws_what_git_does_not_carry_then_builds(tmp_path: Path) -> None:
    folder = tmp_path / "blueprints" / "domain"
    folder.mkdir(parents=True)
    source = Path(__file__).resolve().parents[2] / "blueprints" / "domain" / "payment_wallet.py"
    shutil.copyfile(source, folder / "payment_wallet.py")
    runner = CliRunner()
    base = ["--blueprints", str(tmp_path / "blueprints")]
    rendered = tmp_path / "rendered"
    shutil.copytree(source.parents[2] / "rendered" / "payment-wallet", rendered / "payment-wallet")
    entry = json.loads((source.parents[2] / "rendered" / "manifest.json").read_text())["blueprints"]["payment-wallet"]
    entry["source"] = "blueprints/domain/payment_wallet.py"
    (rendered / "manifest.json").write_text(json.dumps({"blueprints": {"payment-wallet": entry}}))
    for local in rendered.glob("payment-wallet/*"):
        if is_local("payment-wallet", local.name):
            local.unlink()
    result = runner.invoke(cli, [*base, "site", "--rendered", str(rendered), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "drew    payment-wallet" in result.output
    assert (rendered / "payment-wallet" / "payment-wallet.gif").is_file()
    assert (tmp_path / "out" / "payment-wallet" / "payment-wallet.gif").is_file()
    assert re.search(r"site: 2 pages, \d+ files", result.output)
