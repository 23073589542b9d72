"""Themes: every text colour reads on what it is drawn on, and the dark images really are dark."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from kit import Design
from kit.drawing.theme import DARK, LIGHT, THEMES, Theme
from tests.conftest import render_once

SVG = "{http://www.w3.org/2000/svg}"


def luminance(color: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_text_reads_on_the_page_and_on_cards(theme: Theme) -> None:
    for ground in (theme.background, theme.card_fill, *theme.group_fills.values()):
        assert contrast(theme.text, ground) >= 7, ground
        assert contrast(theme.muted, ground) >= 4.5, ground


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_step_badges_and_flow_lines_read(theme: Theme) -> None:
    for color in theme.flow_colors:
        assert contrast(theme.badge_text, color) >= 4.5, color
        assert contrast(color, theme.background) >= 3, color  # a 2.5 px line: WCAG's 3:1 for graphics


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_receded_elements_stay_visible_but_quiet(theme: Theme) -> None:
    assert 1.15 <= contrast(theme.receded_edge, theme.background) < contrast(theme.edge, theme.background)
    assert contrast(theme.receded_text, theme.background) < contrast(theme.muted, theme.background)


def test_a_third_theme_is_a_few_lines() -> None:
    from dataclasses import replace

    sepia = replace(LIGHT, name="sepia", suffix=".sepia", background="#f4ecd8", card_fill="#fbf6ea")
    assert sepia.lines == LIGHT.lines and sepia.flow_colors == LIGHT.flow_colors


@pytest.mark.graphviz
def test_the_dark_image_is_dark_and_its_text_contrasts(design: Design) -> None:
    rendered = render_once(design)
    with Image.open(io.BytesIO(rendered.file("mini-wallet.dark.png"))) as png:
        corner = png.convert("RGB").getpixel((2, 2))
    assert isinstance(corner, tuple)
    assert luminance("#{:02x}{:02x}{:02x}".format(*corner)) < 0.02
    root = ET.fromstring(rendered.file("mini-wallet.dark.svg"))
    fills = {text.get("fill") or "#000000" for text in root.iter(f"{SVG}text")}
    assert DARK.text in fills
    for fill in fills - {DARK.badge_text}:  # badge text sits on its badge, checked above
        assert contrast(fill, DARK.background) >= 4.5, fill
