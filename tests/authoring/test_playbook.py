"""The playbook as data: the repository's catalogue, its validation, the agreement check and the index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.analysis.content import Severity
from kit.authoring.discovery import find_blueprint_files, load_design
from kit.authoring.playbook import PlaybookError, parse_playbook, read_playbook
from kit.authoring.playbook_check import playbook_findings
from kit.authoring.scaffold import DEFAULT_LEARN
from kit.cli.main import cli
from kit.model.catalog import CATEGORIES
from kit.publishing.index import NOT_YET_WRITTEN, index_markdown
from tests.conftest import REPO, wallet_blueprint

CATEGORY_LIST = "categories: [" + ", ".join(CATEGORIES) + "]\n"


def playbook_text(entries: str) -> str:
    return CATEGORY_LIST + "entries:\n" + entries


def entry(slug: str, category: str, title: str, learn: str, same_as: str = "") -> str:
    text = f"  - slug: {slug}\n    category: {category}\n    title: {title!r}\n    learn: {learn!r}\n"
    return text + (f"    same_as: {same_as}\n" if same_as else "")


MINI = """\
  - slug: mini-wallet
    category: domain
    title: "Mini Wallet"
    learn: "Wallet basics"
"""


def test_the_repository_playbook_is_the_playbooks_catalogue_in_order() -> None:
    playbook = read_playbook(REPO / "blueprints")
    assert playbook is not None
    assert playbook.categories == tuple(CATEGORIES)
    assert len(playbook.entries) == 43 and len(playbook.slugs) == 41
    sizes = [len(playbook.in_category(c)) for c in playbook.categories]
    assert sizes == [3, 4, 4, 4, 4, 5, 2, 3, 3, 4, 4, 3]
    first, last = playbook.entries[0], playbook.entries[-1]
    assert (first.number, first.slug, first.title) == (
        "1.1",
        "building-blocks",
        "Unlocking Scalability: Building Blocks (p1)",
    )
    assert (last.number, last.slug, last.learn) == (
        "12.3",
        "distributed-prime-finder",
        "Billion-scale parallel compute blueprint",
    )
    shared = [(e.number, e.slug, e.same_as) for e in playbook.entries if e.same_as]
    assert shared == [("7.1", "zero-trust-db-access", "database"), ("10.4", "distributed-task-scheduler", "async")]
    assert playbook.primary("zero-trust-db-access").number == "2.2"  # type: ignore[union-attr]
    assert playbook.primary("distributed-task-scheduler").number == "4.4"  # type: ignore[union-attr]


def test_every_blueprint_agrees_with_its_entry_and_every_entry_is_written() -> None:
    playbook = read_playbook(REPO / "blueprints")
    assert playbook is not None
    designs = [load_design(f) for f in find_blueprint_files(REPO / "blueprints")]
    assert {d.slug: [f.format(None) for f in playbook_findings(d, playbook)] for d in designs} == {
        d.slug: [] for d in designs
    }
    assert sorted(playbook.slugs) == sorted(d.slug for d in designs)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            MINI.replace('    learn: "Wallet basics"\n', ""),
            "playbook.yaml:3: entry 1 'mini-wallet': missing learn (an entry has slug, category, title, learn)",
        ),
        (
            MINI + "    url: https://example.com\n",
            "playbook.yaml:7: entry 1 'mini-wallet': unknown field 'url' (allowed: slug, category, title, learn, "
            "same_as)",
        ),
        (
            MINI.replace('"Mini Wallet"', "2025"),
            "playbook.yaml:5: entry 1 'mini-wallet': title: must be text, not '2025' (quote it if it looks like a "
            "number)",
        ),
        (
            MINI.replace("category: domain", "category: payments"),
            "playbook.yaml:3: entry 1 'mini-wallet': category: unknown category 'payments' (known: fundamentals,",
        ),
        (
            MINI + MINI.replace("domain", "feeds").replace("Mini Wallet", "Wallet again"),
            "playbook.yaml:7: entry 2 'mini-wallet': slug: 'mini-wallet' is already listed under 'domain' (line 3); "
            "a second listing says so with `same_as: domain`",
        ),
        (
            MINI + MINI.replace("domain", "feeds").replace("Mini Wallet", "Again") + "    same_as: security\n",
            "playbook.yaml:7: entry 2 'mini-wallet': same_as: 'security', but 'mini-wallet' is first listed under "
            "'domain' (line 3)",
        ),
        (
            MINI + "    same_as: feeds\n",
            "playbook.yaml:3: entry 1 'mini-wallet': same_as: 'feeds', but no earlier entry lists 'mini-wallet'",
        ),
        (
            MINI.replace("mini-wallet", "Mini_Wallet"),
            "playbook.yaml:3: entry 1 'Mini_Wallet': slug: 'Mini_Wallet' is not lower-case words joined by '-'",
        ),
        ('  - slug: "unclosed\n', "playbook.yaml:4: YAML: found unexpected end of stream (the file is not valid YAML)"),
    ],
)
def test_a_bad_playbook_names_the_line_entry_and_field(entries: str, expected: str) -> None:
    with pytest.raises(PlaybookError) as raised:
        parse_playbook(playbook_text(entries), "playbook.yaml")
    assert expected in str(raised.value)


def test_categories_must_be_the_twelve_once_each() -> None:
    text = CATEGORY_LIST.replace(", agent-era]", ", domain]") + "entries:\n" + MINI
    with pytest.raises(PlaybookError) as raised:
        parse_playbook(text, "playbook.yaml")
    assert "playbook.yaml:1: categories: 'domain' is listed twice" in str(raised.value)
    assert "playbook.yaml:1: categories: missing 'agent-era' (every category is listed once)" in str(raised.value)


def test_a_blueprint_that_disagrees_with_its_entry_is_an_error_quoting_the_playbook() -> None:
    playbook = parse_playbook(playbook_text(MINI.replace("Wallet basics", "Double-entry ledgers")), "pb.yaml")
    findings = playbook_findings(wallet_blueprint().build(), playbook)
    assert [(f.severity, f.element) for f in findings] == [(Severity.ERROR, "learn")]
    assert findings[0].message == (
        "'Wallet basics' disagrees with the playbook (pb.yaml:3, entry 11.1), which has 'Double-entry ledgers'"
    )
    assert findings[0].example == "learn='Double-entry ledgers'"


def test_a_slug_the_playbook_gives_another_title_is_a_slug_error() -> None:
    playbook = parse_playbook(playbook_text(MINI.replace("slug: mini-wallet", "slug: small-wallet")), "pb.yaml")
    (finding,) = playbook_findings(wallet_blueprint().build(), playbook)
    assert finding.element == "slug"
    assert finding.message == (
        "'mini-wallet' disagrees with the playbook (pb.yaml:3, entry 11.1), which lists 'Mini Wallet' as 'small-wallet'"
    )


def test_a_blueprint_missing_from_the_playbook_is_an_error_with_the_entry_to_add() -> None:
    playbook = parse_playbook(playbook_text(MINI.replace("mini-wallet", "other").replace("Mini Wallet", "Other")))
    (finding,) = playbook_findings(wallet_blueprint().build(), playbook)
    assert finding.severity is Severity.ERROR and "'mini-wallet' is not in the playbook" in finding.message
    assert parse_playbook(playbook_text(finding.example.lstrip("\n") + "\n")).primary("mini-wallet") is not None


def test_check_fails_on_a_disagreeing_blueprint_naming_file_field_and_the_playbooks_value(
    runner: CliRunner, tmp_path: Path
) -> None:
    blueprints = tmp_path / "blueprints"
    runner.invoke(cli, ["--blueprints", str(blueprints), "new", "Mini Wallet", "-c", "domain"], catch_exceptions=False)
    path = blueprints / "domain" / "mini_wallet.py"
    # Written after `new`, which without a playbook adds no entry: the scaffold's learn line disagrees.
    (blueprints / "playbook.yaml").write_text(playbook_text(MINI))
    result = runner.invoke(cli, ["--blueprints", str(blueprints), "check", "mini-wallet"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "FAIL mini-wallet  (1 error(s), 0 warning(s))" in result.stdout
    assert re.search(
        r"mini_wallet\.py: error: learn: '[^']+' disagrees with the playbook \(.*playbook\.yaml:3, entry 11\.1\), "
        r"which has 'Wallet basics'",
        result.stderr,
    ), result.stderr
    path.write_text(path.read_text().replace(DEFAULT_LEARN, "Wallet basics"))
    fixed = runner.invoke(cli, ["--blueprints", str(blueprints), "check", "--strict", "mini-wallet"])
    assert fixed.exit_code == 0, fixed.stderr


def test_new_appends_an_entry_for_an_unlisted_case_study_and_takes_a_listed_ones_words(
    runner: CliRunner, tmp_path: Path
) -> None:
    blueprints = tmp_path / "blueprints"
    blueprints.mkdir()
    (blueprints / "playbook.yaml").write_text(
        playbook_text(MINI.replace("mini-wallet", "ticket-booking").replace("Mini Wallet", "Ticket Booking System"))
    )
    args = ["--blueprints", str(blueprints), "new"]
    listed = runner.invoke(cli, [*args, "ticket booking system", "-c", "domain"], catch_exceptions=False)
    assert listed.exit_code == 0 and "added" not in listed.stdout
    text = (blueprints / "domain" / "ticket_booking.py").read_text()
    assert 'title="Ticket Booking System"' in text and 'learn="Wallet basics"' in text
    unlisted = runner.invoke(cli, [*args, "Rate Limiter", "-c", "load-balancing"], catch_exceptions=False)
    assert unlisted.exit_code == 0
    assert "added 'rate-limiter' to" in unlisted.stdout
    playbook = read_playbook(blueprints)
    assert playbook is not None and [e.slug for e in playbook.entries] == ["ticket-booking", "rate-limiter"]
    checked = runner.invoke(cli, ["--blueprints", str(blueprints), "check", "--strict"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.stderr
    wrong = runner.invoke(cli, [*args, "Ticket Booking System", "-c", "feeds"])
    assert wrong.exit_code == 2 and "lists 'ticket-booking' under 'domain', not 'feeds'" in wrong.stderr


def test_the_index_follows_the_playbook_lists_shared_entries_twice_and_marks_unwritten_ones() -> None:
    playbook = parse_playbook(
        playbook_text(
            entry("ticket-booking", "domain", "Ticket Booking System", "Seat locking")
            + MINI
            + entry("mini-wallet", "security", "Wallets, Zero-Trust", "Least privilege", same_as="domain")
        )
    )
    text = index_markdown([wallet_blueprint().build()], playbook)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# System Design Blueprints",
        "## Security, Zero-Trust & Governance",
        "### [Wallets, Zero-Trust](mini-wallet/README.md)",
        "## Domain Case Studies (Product Architectures)",
        "### Ticket Booking System",
        "### [Mini Wallet](mini-wallet/README.md)",
    ]
    assert "1 of the playbook's 2 case studies written" in text
    unwritten = text.split("### Ticket Booking System")[1].split("###")[0]
    assert NOT_YET_WRITTEN in unwritten and "Seat locking" in unwritten and "<img" not in unwritten
    shared = text.split("### [Wallets, Zero-Trust]")[1].split("##")[0]
    assert "*The same case study as 11.2, under Domain Case Studies (Product Architectures).*" in shared
    assert '<img src="mini-wallet/mini-wallet.svg"' in shared
