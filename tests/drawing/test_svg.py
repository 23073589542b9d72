"""SVG finishing: self-contained (icons inlined once), 1x size, no Graphviz version comments."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kit import Design
from kit.drawing.dot import to_dot
from kit.drawing.icons import icon_image
from kit.drawing.render import run_dot
from kit.drawing.svg import finish_svg

XLINK = "{http://www.w3.org/1999/xlink}href"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def finished(design: Design) -> str:
    outputs, _ = run_dot(to_dot(design), ("svg",))
    return finish_svg(outputs["svg"].decode(), icon_image)


@pytest.mark.graphviz
def test_svg_references_nothing_outside_itself(finished: str) -> None:
    root = ET.fromstring(finished.encode())
    hrefs = [href for el in root.iter() if (href := el.get(XLINK) or el.get("href"))]
    assert hrefs
    for href in hrefs:
        assert href.startswith(("#", "data:image/png;base64,")), href
    assert "file:" not in finished and "/site-packages/" not in finished and '<image xlink:href="onprem' not in finished


@pytest.mark.graphviz
def test_each_distinct_icon_is_stored_once(finished: str, design: Design) -> None:
    root = ET.fromstring(finished.encode())
    symbols = [s.get("id", "") for s in root.iter(f"{SVG}symbol")]
    uses = [u.get(XLINK, "") for u in root.iter(f"{SVG}use")]
    assert len(symbols) == len(set(symbols))
    assert sorted(set(uses)) == sorted(f"#{s}" for s in symbols)
    # Two Postgres components share one icon.
    assert len(uses) == len(design.components) > len(symbols)
    assert finished.count("data:image/png") == len(symbols)


@pytest.mark.graphviz
def test_raster_dpi_does_not_change_the_svg(design: Design) -> None:
    at_2x, _ = run_dot(to_dot(design), ("svg",), dpi=144)
    at_1x, _ = run_dot(to_dot(design), ("svg",), dpi=72)
    assert finish_svg(at_2x["svg"].decode(), icon_image) == finish_svg(at_1x["svg"].decode(), icon_image)


@pytest.mark.graphviz
def test_no_graphviz_version_comment(finished: str) -> None:
    assert "<!--" not in finished
    assert "graphviz version" not in finished.lower()


def test_unrecognised_image_elements_are_refused() -> None:
    svg = (
        '<svg width="10pt" height="10pt"\n viewBox="0.00 0.00 10.00 10.00" xmlns="http://www.w3.org/2000/svg">\n'
        '<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 4)">'
        '<image xlink:href="/etc/passwd" x="0" y="0"/></g></svg>'
    )
    with pytest.raises(ValueError, match="not be self-contained"):
        finish_svg(svg, icon_image)


def test_size_header_is_taken_from_the_viewbox() -> None:
    svg = (
        '<svg width="738pt" height="142pt"\n viewBox="0.00 0.00 368.80 70.80" xmlns="http://www.w3.org/2000/svg">\n'
        '<g id="graph0" class="graph" transform="scale(2 2) rotate(0) translate(14.4 56.4)"></g></svg>'
    )
    out = finish_svg(svg, icon_image)
    assert re.search(r'<svg width="369pt" height="71pt"', out)
    assert "scale(1 1) rotate(0)" in out


@pytest.mark.graphviz
def test_hostile_labels_stay_text_in_the_svg() -> None:
    from kit import Blueprint

    bp = Blueprint("hostile", title="<script>alert(1)</script>", category="domain")
    a = bp.component("a", "user", '"><img src=x onerror=alert(1)>')
    b = bp.component("b", "service", "<script>alert(2)</script>")
    bp.link(a, b, "</text><script>alert(3)</script>")
    outputs, _ = run_dot(to_dot(bp.build()), ("svg",))
    svg = finish_svg(outputs["svg"].decode(), icon_image)
    root = ET.fromstring(svg.encode())
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert "script" not in tags and "img" not in tags
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    texts = "".join(el.text or "" for el in root.iter(f"{SVG}text"))
    assert "<script>alert(2)</script>" in texts
