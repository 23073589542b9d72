"""The whole catalogue's site, built once per session from a copy of rendered/, served on localhost,
and a headless Chromium to open it (the system's /usr/bin/chromium, driven by Playwright).

The copy of rendered/ gets the files git does not carry from `render_once`, the suite's one render
of each blueprint, so a fresh clone draws nothing twice and the repository's rendered/ is untouched.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kit.authoring.discovery import find_blueprint_files, load_design
from kit.authoring.playbook import read_playbook
from kit.model.model import Design
from kit.publishing.manifest import current_kit_hash, read_manifest
from kit.publishing.site.build import SiteReport, build_site
from kit.publishing.site.images import site_files
from tests.browser.mermaid_harness import BROWSER_FLAGS, MERMAID_BUNDLE
from tests.conftest import REPO, render_once

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: Mermaid's browser bundle, where `npm ci` puts it.
MERMAID_JS = MERMAID_BUNDLE


@dataclass(frozen=True)
class Site:
    root: Path
    rendered: Path
    designs: tuple[Design, ...]
    report: SiteReport


@pytest.fixture(scope="session")
def catalogue() -> tuple[Design, ...]:
    return tuple(load_design(f) for f in find_blueprint_files(REPO / "blueprints"))


@pytest.fixture(scope="session")
def site(catalogue: tuple[Design, ...], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of every blueprint, as `make site` builds it."""
    work = tmp_path_factory.mktemp("site")
    rendered = work / "rendered"
    shutil.copytree(REPO / "rendered", rendered)
    for design in catalogue:
        folder = rendered / design.slug
        if any(not (folder / name).is_file() for name in site_files(design)):
            result = render_once(design)
            for name in result.local:
                (folder / name).write_bytes(result.file(name))
    report = build_site(
        catalogue,
        read_manifest(rendered),
        current_kit_hash(),
        rendered,
        work / "site",
        mermaid_js=MERMAID_JS if MERMAID_JS.is_file() else None,
        playbook=read_playbook(REPO / "blueprints"),
        workers=2,
    )
    assert report.drawn == ()  # everything was there: the build itself drew nothing
    return Site(work / "site", rendered, catalogue, report)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves without logging each request, and lets a browser leave a page before an image arrives."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


def serve(root: Path) -> Iterator[str]:
    """`root` over HTTP on a free port of 127.0.0.1, as GitHub Pages serves it; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def base_url(site: Site) -> Iterator[str]:
    yield from serve(site.root)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed and could not be (make test installs the Debian `chromium` package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=list(BROWSER_FLAGS))
        try:
            yield launched
        finally:
            launched.close()
