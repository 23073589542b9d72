"""The site in headless Chromium, as a reader sees it: every page loads with no console error and
every image on it decodes, in both colour schemes; thumbnails follow the scheme at the width asked;
the search finds a case study by title, component or technology; the copy buttons copy snippets
whose URLs load; the summaries' Mermaid blocks draw. Screenshots of the index and one case study,
light and dark, go to $SITE_SCREENSHOTS (or the test's temporary folder) for a person to look at.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from kit.publishing.index import THUMBNAIL_WIDTH
from kit.publishing.manifest import current_kit_hash, read_manifest
from kit.publishing.site.build import build_site
from tests.site.conftest import MERMAID_JS, Site, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.graphviz

#: The page background of each scheme: the diagrams' own backgrounds (kit/drawing/theme.py).
BACKGROUND = {"light": (0xFF, 0xFF, 0xFF), "dark": (0x0D, 0x11, 0x17)}
#: The case study the screenshots show: the flagship the README links.
FLAGSHIP = "payment-wallet"

#: Makes every image load now (the pages ask for lazy loading) and lists the ones that do not decode.
_DECODE_ALL = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  const broken = [];
  await Promise.all(images.map((image) => image.decode().catch(() => broken.push(image.currentSrc || image.src))));
  return {count: images.length, broken};
}"""


@contextmanager
def _page(browser: Browser, scheme: str, problems: list[str], **options: object) -> Iterator[Page]:
    """A page in a fresh context with `scheme`, recording every console error, script error, failed
    request and HTTP error into `problems`."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900}, **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.on(
        "console", lambda m: problems.append(f"{page.url}: console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"{page.url}: script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{page.url}: {r.url} failed: {r.failure}"))
    page.on("response", lambda r: problems.append(f"{page.url}: HTTP {r.status} {r.url}") if r.status >= 400 else None)
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_with_no_console_error_and_every_image_decodes(
    browser: Browser, site: Site, base_url: str, scheme: str
) -> None:
    problems: list[str] = []
    pages = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html"))
    assert len(pages) == len(site.designs) + 1
    with _page(browser, scheme, problems) as page:
        for path in pages:
            page.goto(base_url + path, wait_until="load")
            result = page.evaluate(_DECODE_ALL)
            assert result["broken"] == [], f"{path}: images that do not decode: {result['broken']}"
            assert result["count"] > 0, path
    assert problems == []


def _background(shot: bytes) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(shot)) as image:
        pixel = image.convert("RGB").getpixel((4, image.height - 4))
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


def _shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SITE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_index_and_a_case_study_follow_the_readers_scheme(
    browser: Browser, base_url: str, scheme: str, tmp_path: Path
) -> None:
    problems: list[str] = []
    shots = _shots_folder(tmp_path)
    suffix = ".dark.svg" if scheme == "dark" else ".svg"
    with _page(browser, scheme, problems) as page:
        page.goto(base_url + "index.html", wait_until="load")
        page.evaluate(_DECODE_ALL)
        thumbnails = page.eval_on_selector_all(
            ".card img",
            "images => images.map(i => [i.currentSrc, i.clientWidth, i.naturalWidth, i.naturalHeight, i.clientHeight])",
        )
        assert thumbnails
        for source, width, natural_width, natural_height, height in thumbnails:
            # A vector thumbnail at the width asked: crisp at any pixel density, the shape undistorted.
            assert source.endswith(suffix) and (scheme == "dark") == source.endswith(".dark.svg"), source
            assert width == THUMBNAIL_WIDTH, source
            assert abs(height - width * natural_height / natural_width) <= 1, source
        shot = page.screenshot(path=shots / f"index-{scheme}.png")
        assert _background(shot) == BACKGROUND[scheme]

        page.goto(f"{base_url}{FLAGSHIP}/index.html", wait_until="load")
        page.evaluate(_DECODE_ALL)
        # The summary opens with the article form, in the reader's scheme.
        overview = page.eval_on_selector(".summary picture img", "i => i.currentSrc")
        assert overview.endswith(f"{FLAGSHIP}.article{'.dark' if scheme == 'dark' else ''}.png"), overview
        shot = page.screenshot(path=shots / f"{FLAGSHIP}-{scheme}.png")
        assert _background(shot) == BACKGROUND[scheme]
        page.locator("#views").scroll_into_view_if_needed()
        page.screenshot(path=shots / f"{FLAGSHIP}-views-{scheme}.png")
    assert problems == []


def test_the_search_finds_a_case_study_by_title_component_and_technology(
    browser: Browser, site: Site, base_url: str
) -> None:
    problems: list[str] = []
    with_kafka = {d.title for d in site.designs if any("kafka" in c.tech.lower() for c in d.components)}
    assert with_kafka
    with _page(browser, "light", problems) as page:
        page.goto(base_url + "index.html", wait_until="load")
        search = page.locator("#search")
        search.fill("kafka")
        titles = set(page.locator("#search-results li a strong").all_inner_texts())
        assert with_kafka <= titles  # a technology
        search.fill("ledger primary")
        assert "Payment Wallet" in page.locator("#search-results li a strong").all_inner_texts()  # a component
        search.fill("no such thing anywhere")
        assert page.locator("#search-results .none").inner_text().startswith("No case study matches")
        # Two steps from the index to a case study: type, then choose.
        search.fill("payment wallet")
        page.locator("#search-results li a").first.click()
        page.wait_for_url(f"{base_url}{FLAGSHIP}/index.html")
        assert page.locator("h1").first.inner_text() == "Payment Wallet"
    assert problems == []


def _status(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get_content_type()


def test_the_copy_buttons_copy_snippets_whose_urls_load(browser: Browser, base_url: str) -> None:
    problems: list[str] = []
    with _page(browser, "light", problems, permissions=["clipboard-read", "clipboard-write"]) as page:
        page.goto(f"{base_url}{FLAGSHIP}/index.html", wait_until="load")
        copied = {}
        for kind in ("markdown", "html", "medium"):
            button = page.locator(f'button[data-copy="snippet-overview-{kind}"]')
            button.click()
            page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
            copied[kind] = page.evaluate("navigator.clipboard.readText()")
            assert copied[kind] == page.locator(f"#snippet-overview-{kind}").inner_text()
    assert copied["markdown"].startswith("![Architecture diagram of Payment Wallet")
    assert copied["markdown"].endswith(f"]({base_url}{FLAGSHIP}/{FLAGSHIP}.svg)")
    assert f'srcset="{base_url}{FLAGSHIP}/{FLAGSHIP}.dark.svg"' in copied["html"]
    assert copied["medium"] == f"{base_url}{FLAGSHIP}/{FLAGSHIP}.article.png"
    urls = re.findall(r"https?://[^\s\"')]+", "\n".join(copied.values()))
    assert len(urls) == 4
    for url in urls:
        assert _status(url) == (200, "image/png" if url.endswith(".png") else "image/svg+xml"), url
    assert problems == []


@pytest.mark.skipif(not MERMAID_JS.is_file(), reason="Mermaid is not installed (node_modules/mermaid: `npm ci`)")
def test_a_summarys_mermaid_blocks_are_drawn(browser: Browser, site: Site, tmp_path: Path) -> None:
    rendered = tmp_path / "rendered"
    shutil.copytree(site.rendered, rendered)
    design = next(d for d in site.designs if d.slug == FLAGSHIP)
    readme = rendered / FLAGSHIP / "README.md"
    with readme.open("a", encoding="utf-8") as file:
        file.write("\n```mermaid\nsequenceDiagram\n  participant A as Wallet app\n  A->>B: 1. POST /transfers\n```\n")
    out = tmp_path / "site"
    build_site([design], read_manifest(rendered), current_kit_hash(), rendered, out, mermaid_js=MERMAID_JS)
    problems: list[str] = []
    for url in serve(out):
        with _page(browser, "dark", problems) as page:
            page.goto(f"{url}{FLAGSHIP}/index.html", wait_until="load")
            # Every block, the summary's own sequence diagrams (folded in <details>) and the one added.
            page.wait_for_function(
                "() => { const blocks = [...document.querySelectorAll('pre.mermaid')];"
                " return blocks.length > 0 && blocks.every(b => b.querySelector('svg')); }",
                timeout=30_000,
            )
            drawn = page.locator("pre.mermaid svg").all_text_contents()
            assert len(drawn) == len(design.flows) + 1
            assert "POST /transfers" in drawn[-1]
    assert problems == []
