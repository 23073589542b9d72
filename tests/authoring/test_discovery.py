"""Discovery: blueprint files are imported by path, and every way they can break names the file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kit import BlueprintError
from kit.authoring.discovery import BlueprintFile, find_blueprint_files, load_design

GOOD = """
from kit import Blueprint

bp = Blueprint("{slug}", title="Good", category="domain")
a = bp.component("a", "user", "A")
b = bp.component("b", "service", "B")
bp.link(a, b, "call")
BLUEPRINT = bp.build()
"""


def write(root: Path, relative: str, body: str) -> BlueprintFile:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body))
    return BlueprintFile(path)


def error_of(file: BlueprintFile) -> str:
    with pytest.raises(BlueprintError) as caught:
        load_design(file)
    return str(caught.value)


def test_finds_files_by_category_and_skips_private_ones(tmp_path: Path) -> None:
    write(tmp_path, "domain/good_one.py", GOOD.format(slug="good-one"))
    write(tmp_path, "domain/_helpers.py", "")
    write(tmp_path, "_drafts/draft.py", "")
    files = find_blueprint_files(tmp_path)
    assert [(f.category, f.slug) for f in files] == [("domain", "good-one")]
    assert load_design(files[0]).slug == "good-one"


def test_importing_does_not_leak_into_sys_modules(tmp_path: Path) -> None:
    import sys

    load_design(write(tmp_path, "domain/good_one.py", GOOD.format(slug="good-one")))
    assert not any("good_one" in name for name in sys.modules)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    file = write(tmp_path, "domain/broken.py", "from kit import Blueprint\n\nbp = Blueprint(\n")
    message = error_of(file)
    assert "broken.py:3: syntax error:" in message


def test_exception_on_import_names_file_line_and_cause(tmp_path: Path) -> None:
    file = write(tmp_path, "domain/raises.py", "x = 1\ny = {}['missing']\n")
    message = error_of(file)
    assert "raises.py:2: import: raised KeyError: 'missing'" in message


def test_validation_errors_name_the_blueprint_file(tmp_path: Path) -> None:
    body = GOOD.format(slug="bad-kind").replace('"service"', '"servise"')
    message = error_of(write(tmp_path, "domain/bad_kind.py", body))
    assert "bad_kind.py:6: component 'b': unknown kind: 'servise'" in message


def test_missing_blueprint_variable(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "domain/empty.py", "x = 1\n"))
    assert "empty.py: BLUEPRINT: the file defines no `BLUEPRINT = bp.build()`" in message


def test_slug_must_match_the_file_name(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "domain/one_name.py", GOOD.format(slug="other-name")))
    assert "slug: 'other-name' does not match the file name 'one_name.py' (rename it 'other_name.py')" in message


def test_category_must_match_the_folder(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "caching/good_one.py", GOOD.format(slug="good-one")))
    assert "category: 'domain' does not match the folder 'caching' (move the file to blueprints/domain/)" in message


# -- A blueprint cannot end the command, nor hang it (issue 14, items 2 and 3) -----------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("import sys\nsys.exit(0)\n", "exits.py:2: import: called sys.exit(0)"),
        ("import sys\nsys.exit('bye')\n", "exits.py:2: import: called sys.exit('bye')"),
        ("raise SystemExit\n", "exits.py:1: import: called sys.exit(None)"),
        ("class Odd(BaseException):\n    pass\nraise Odd('x')\n", "exits.py:3: import: raised Odd: x"),
    ],
)
def test_exiting_on_import_is_an_error_naming_the_file(tmp_path: Path, body: str, expected: str) -> None:
    message = error_of(write(tmp_path, "domain/exits.py", body))
    assert expected in message
    assert "a blueprint file must not exit" in message or "must run without errors" in message


def test_keyboard_interrupt_keeps_its_meaning(tmp_path: Path) -> None:
    file = write(tmp_path, "domain/interrupted.py", "raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        load_design(file)


def test_a_hung_blueprint_is_named_with_its_line_and_the_next_one_loads(tmp_path: Path) -> None:
    # A generous guard, not a timing assertion: the load must come back at all.
    hung = write(tmp_path, "domain/hung.py", "import threading\n\nthreading.Event().wait(600)\n")
    good = write(tmp_path, "domain/good_one.py", GOOD.format(slug="good-one"))
    with pytest.raises(BlueprintError) as caught:
        load_design(hung, timeout=0.3)
    message = str(caught.value)
    assert "hung.py:3: import: still running after 0.3 s" in message
    assert "BLUEPRINT_LOAD_TIMEOUT" in message
    assert load_design(good, timeout=0.3).slug == "good-one"


def test_the_time_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.authoring.discovery import DEFAULT_LOAD_TIMEOUT, load_timeout

    monkeypatch.delenv("BLUEPRINT_LOAD_TIMEOUT", raising=False)
    assert load_timeout() == DEFAULT_LOAD_TIMEOUT
    monkeypatch.setenv("BLUEPRINT_LOAD_TIMEOUT", "12.5")
    assert load_timeout() == 12.5
    monkeypatch.setenv("BLUEPRINT_LOAD_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="BLUEPRINT_LOAD_TIMEOUT='soon' is not a number of seconds"):
        load_timeout()
