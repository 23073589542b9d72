"""Step ranges read the right way round next to right-to-left text (issue 14, item 9).

An Arabic flow named "ابدأ" with steps 1 to 2 showed "(2 to 1)" in the legend: the paragraph takes
its direction from its first strong letter, so digits and the dash after Arabic were laid out right
to left. The kit puts left-to-right marks around the range (Pango ignores isolates). This runs the text
through FriBidi, the Unicode bidi algorithm Pango draws Graphviz's labels with, and reads the
visual order.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from kit import Blueprint, Design
from kit.drawing.dot import caption, legend_flow_text
from kit.drawing.views import flow_views

_FRIBIDI = ctypes.util.find_library("fribidi")
pytestmark = pytest.mark.skipif(_FRIBIDI is None, reason="libfribidi (Pango's bidi library) is not installed")
_PAR_ON = 0x00000040  # FRIBIDI_PAR_ON: the paragraph's direction comes from its text, as in Pango


def visual(text: str) -> str:
    """`text` in the order it is drawn, left to right."""
    lib = ctypes.CDLL(str(_FRIBIDI))
    size = len(text)
    logical = (ctypes.c_uint32 * size)(*map(ord, text))
    drawn = (ctypes.c_uint32 * size)()
    direction = ctypes.c_uint32(_PAR_ON)
    ok = lib.fribidi_log2vis(logical, size, ctypes.byref(direction), drawn, None, None, None)
    assert ok, "fribidi_log2vis failed"
    return "".join(chr(c) for c in drawn if c != 0x200E)  # the marks draw nothing


def arabic_design() -> Design:
    bp = Blueprint("rtl", title="RTL", category="domain")
    a = bp.component("a", "user", "مستخدم")
    b = bp.component("b", "service", "خدمة")
    c = bp.component("c", "relational-db", "قاعدة")
    bp.link(a, b, "طلب")
    bp.link(b, c, "كتابة")
    bp.flow("ابدأ", [(a, b, "أرسل"), (b, c, "اكتب")])
    return bp.build()


def test_the_plain_text_shows_the_fault() -> None:
    assert "(2–1)" in visual("ابدأ (1–2)")  # what the legend drew before


def test_a_flow_legend_entry_in_arabic_reads_one_to_two() -> None:
    design = arabic_design()
    drawn = visual(legend_flow_text(design.flows[0]))
    assert "(1–2)" in drawn, drawn
    assert visual("ابدأ") in drawn  # the name itself still reads right to left


def test_the_caption_of_an_arabic_flow_reads_one_to_two() -> None:
    design = arabic_design()
    heading, _ = caption(design, flow_views(design)[0])
    assert "steps 1–2" in visual(heading), visual(heading)
