"""Render Mermaid blocks with the real `mermaid` package in headless Chromium: one browser run for all.

`render_mermaid({"key": "sequenceDiagram\\n..."})` copies `mermaid_harness.html`, the pinned
`node_modules/mermaid/dist/mermaid.min.js` and the blocks (as `blocks.js`) into a fresh folder,
opens the page with `chromium --headless --dump-dom`, and reads back, for every block, the SVG that
Mermaid drew or the error it raised. Nothing is downloaded: the browser is the system's Chromium,
and mermaid comes from `npm ci` (run by `scripts/ensure-node-packages`, which `make test` calls).

Any test (the summaries' sequence diagrams, the flowchart export, a gallery page) can use it; when
Chromium or mermaid is missing, `HarnessUnavailable` says what to install.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = ["BROWSER_FLAGS", "HARNESS", "MERMAID_BUNDLE", "Drawn", "HarnessUnavailable", "chromium", "render_mermaid"]

_ROOT: Final = Path(__file__).resolve().parents[2]
HARNESS: Final = Path(__file__).with_name("mermaid_harness.html")
MERMAID_BUNDLE: Final = _ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
#: The flags every Chromium the tests start takes: no network chatter, no first-run work.
BROWSER_FLAGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: This harness's own run: headless, reading the bundle beside the page from file://.
CHROMIUM_FLAGS: Final = ("--headless", *BROWSER_FLAGS, "--allow-file-access-from-files")
_RESULT: Final = re.compile(r'<pre id="result">(.*?)</pre>', re.S)


class HarnessUnavailable(RuntimeError):
    """Chromium or the mermaid package is not installed; the message says how to get it."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """What Mermaid made of one block: its SVG, or the error it raised (exactly one is non-empty)."""

    svg: str = ""
    error: str = ""

    @property
    def text(self) -> str:
        """The SVG's visible text (labels, messages, step numbers), tags removed, entities decoded."""
        body = re.sub(r"<style\b.*?</style>", " ", self.svg, flags=re.S)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def chromium() -> str:
    """The Chromium executable, or HarnessUnavailable naming the package to install."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise HarnessUnavailable("Chromium is not installed (make test installs the Debian `chromium` package)")
    return found


def render_mermaid(blocks: Mapping[str, str], *, timeout: float = 600) -> dict[str, Drawn]:
    """Each block's key with what Mermaid drew from it, all in one headless Chromium run."""
    browser = chromium()
    if not MERMAID_BUNDLE.is_file():
        raise HarnessUnavailable(f"{MERMAID_BUNDLE} is missing: run `sh scripts/ensure-node-packages` (npm ci)")
    with tempfile.TemporaryDirectory(prefix="mermaid-harness-") as folder:
        page = Path(folder) / "index.html"
        shutil.copyfile(HARNESS, page)
        shutil.copyfile(MERMAID_BUNDLE, Path(folder) / "mermaid.min.js")
        # A <script> file, not fetched JSON: a page opened from file:// may load scripts but not fetch.
        payload = json.dumps(dict(blocks)).replace("</", "<\\/")
        (Path(folder) / "blocks.js").write_text(f"window.MERMAID_BLOCKS = {payload};\n", encoding="utf-8")
        profile = Path(folder) / "profile"
        # Virtual time runs the page's timers and promises to completion before the DOM is dumped;
        # it advances only while the page is idle, so a long render is never cut short by it.
        completed = subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=600000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    dom = completed.stdout
    found = _RESULT.search(dom)
    if 'data-done="1"' not in dom or found is None:
        raise RuntimeError(
            f"the Mermaid harness did not finish (chromium exit {completed.returncode}): {completed.stderr[-2000:]}"
        )
    results = json.loads(html.unescape(found[1]))
    return {key: Drawn(svg=value.get("svg", ""), error=value.get("error", "")) for key, value in results.items()}
