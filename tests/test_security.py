"""No markup injection: hostile blueprint text stays text in the SVG and the summary, and a browser
shows the SVG, icons and all, without running anything.

The Chromium test opens the SVG as a file in an otherwise empty folder, the way an article embeds it,
so it proves the file draws on its own; it skips only when Chromium is not installed (`make test`
installs it with apt-get where it can).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from kit import Design
from kit.drawing.render import Rendered, render_design
from tests.conftest import wallet_blueprint

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

#: What someone might paste into a label to break out of it.
HOSTILE = [
    "<script>document.documentElement.setAttribute('data-pwned', '1')</script>",
    "\"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned', '1')\">",
    "<svg onload=alert(1)>",
    "]]><script>alert(1)</script>",
    "<a xlink:href='javascript:alert(1)'>click</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<foreignObject><iframe src="https://evil.example"></iframe></foreignObject>',
]

#: Elements Graphviz and the kit write; anything else came from somewhere it should not have.
ALLOWED_ELEMENTS = {
    "svg",
    "defs",
    "symbol",
    "image",
    "use",
    "g",
    "title",
    "a",
    "path",
    "polygon",
    "polyline",
    "rect",
    "text",
    "ellipse",
}


def hostile_design() -> Design:
    """The small wallet design with every hostile string in a label, a group, a link and a tooltip."""
    bp = wallet_blueprint("hostile")
    bp.title = HOSTILE[0]
    bp.promise = HOSTILE[1]
    front = bp.component("front", "service", HOSTILE[2], tech=HOSTILE[3], responsibility=HOSTILE[4])
    with bp.group(HOSTILE[5]):
        edge = bp.component("edge", "cache", HOSTILE[6], tech="Redis")
    bp.link("app", front, HOSTILE[0])
    bp.link(front, edge, HOSTILE[1])
    return bp.build()


@pytest.fixture(scope="module")
def hostile_rendered() -> Rendered:
    return render_design(hostile_design())


@pytest.fixture(scope="module", params=["", ".dark"])
def hostile_svg(request: pytest.FixtureRequest, hostile_rendered: Rendered) -> bytes:
    return hostile_rendered.file(f"{hostile_rendered.slug}{request.param}.svg")


@pytest.mark.graphviz
def test_hostile_labels_stay_text_in_the_svg(hostile_svg: bytes) -> None:
    root = ET.fromstring(hostile_svg)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= ALLOWED_ELEMENTS, tags - ALLOWED_ELEMENTS
    for element in root.iter():
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), (element.tag, name)
            if local == "href":
                assert value.startswith(("#", "data:image/png;base64,")), value
    shown = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "onerror=" in shown and "<script>" in shown


@pytest.mark.graphviz
def test_hostile_text_stays_text_in_the_summary(hostile_rendered: Rendered) -> None:
    summary = hostile_rendered.file("README.md").decode("utf-8")
    # The only raw HTML is the kit's own first-line comment and its <picture>, whose alt is escaped.
    body = summary.split("\n", 1)[1]
    picture = re.compile(
        r'(<a href="[a-z0-9.-]+">\n)?<picture>\n'
        r'  <source media="\(prefers-color-scheme: dark\)" srcset="[a-z0-9.-]+">\n'
        r'  <img src="[a-z0-9.-]+"( width="\d+")? alt="[^"<>]*">\n</picture>(\n</a>)?'
    )
    assert picture.search(body)
    body = picture.sub("", body)
    body = re.sub(r"<details><summary>[^<>]*</summary>|</details>", "", body)  # the kit's own wrappers
    assert not re.search(r"<(?!br>)[a-zA-Z!/]", body), re.findall(r"<[a-zA-Z!/][^>]{0,30}", body)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _icon_boxes(svg: bytes) -> list[tuple[float, float, float, float]]:
    """Each <use> of an icon as (left, top, width, height) in CSS px of the drawn page."""
    text = svg.decode("utf-8")
    # Every icon is in the body, which the kit moves below the header with one translate.
    shift = re.search(r'<g class="body">\n<g transform="translate\(([-\d.]+) ([-\d.]+)\)">', text)
    assert shift
    dx, dy = float(shift[1]), float(shift[2])
    boxes = []
    for use in re.finditer(
        r'<use xlink:href="#icon-[^"]+" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', text
    ):
        x, y, w, h = (float(v) for v in use.groups())
        boxes.append(((x + dx) * 4 / 3, (y + dy) * 4 / 3, w * 4 / 3, h * 4 / 3))  # 1 pt = 4/3 CSS px
    return boxes


@pytest.mark.graphviz
def test_chromium_draws_the_icons_and_runs_no_script(hostile_svg: bytes, tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed and could not be (make test installs the Debian `chromium` package)")
    folder = tmp_path / "alone"
    folder.mkdir()
    page = folder / "diagram.svg"
    page.write_bytes(hostile_svg)
    size = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', hostile_svg)
    assert size
    width, height = (int(float(v) * 4 / 3) + 1 for v in size.groups())
    flags = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
    ]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*flags, f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        check=True,
        timeout=120,
    )
    dom = subprocess.run(
        [*flags, "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True,
        check=True,
        timeout=120,
        text=True,
    ).stdout
    # The hostile labels' scripts would have set this attribute on the root element.
    assert not re.search(r"<svg\b[^>]*data-pwned", dom)
    assert "onerror=" in dom  # ...and they are there, as text
    boxes = _icon_boxes(hostile_svg)
    assert boxes
    with Image.open(io.BytesIO(shot.read_bytes())) as image:
        pixels = image.convert("RGB")
        for left, top, w, h in boxes:
            crop = pixels.crop((round(left), round(top), round(left + w), round(top + h)))
            colours = {crop.getpixel((i, j)) for i in range(crop.width) for j in range(crop.height)}
            # A drawn icon has many colours; a missing one is the card's flat fill.
            assert len(colours) > 8, (left, top, len(colours))
