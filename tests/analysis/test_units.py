"""Numbers that read right, and unit errors a newcomer can act on."""

from __future__ import annotations

import re

import pytest

from kit import BlueprintError
from kit.analysis.units import human, round_half_up
from tests.conftest import wallet_blueprint


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1600, "GB", "1.6 TB"),  # never "1.6 K GB"
        (3.2e12, "B/day", "3.2 TB/day"),
        (2.4e9, "users", "2.4 bn users"),  # counts never use B, which bytes own
        (3, "USD/Mtoken", "$3 per M tokens"),
        (21, "1/h", "21 per hour"),
        (2.25, "", "2.3"),  # half up, and no stray "1" for a plain number
        (0.125, "%", "0.13%"),
        (999.7, "req/s", "1 K req/s"),
    ],
)
def test_figures_read_as_an_engineer_writes_them(value: float, unit: str, shown: str) -> None:
    assert human(value, unit) == shown


def test_rounding_is_half_up_on_the_decimal_digits() -> None:
    assert str(round_half_up(2.25, 2)) == "2.3"  # Python's round() gives 2.2
    assert str(round_half_up(0.145, 2)) == "0.15"  # the float is 0.14499..., the reader sees 0.145


@pytest.mark.parametrize("unit", ["links", "URLs", "pages", "keys", "rows", "events", "tokens", "sessions", "devices"])
def test_the_units_system_designs_count_in_are_known(unit: str) -> None:
    bp = wallet_blueprint()
    bp.quantity("things", f"5e6 {unit}", "Things", basis="Planning value")
    bp.derive("rate", "things / day", "Rate", unit=f"{unit}/s")
    bp.build()


def test_one_wrong_unit_gives_one_error_at_its_cause() -> None:
    bp = wallet_blueprint()
    bp.quantity("users", "10e6 usres", "Users", basis="Typo in the unit")
    for n in range(5):
        bp.derive(f"figure_{n}", "users / day", f"Figure {n}", unit="users/s")
    with pytest.raises(BlueprintError) as error:
        bp.build()
    assert len(error.value.problems) == 1
    assert error.value.problems[0].element == "quantity 'users'"
    assert "unknown unit" in error.value.problems[0].message


@pytest.mark.parametrize(
    ("formula", "advice"),
    [
        ("share % 2", "declare the share as a quantity"),
        ("users // 2", "round up with ceil"),
        ("users ^ 2", "write `**`"),
    ],
)
def test_operators_users_try_say_what_to_write_instead(formula: str, advice: str) -> None:
    bp = wallet_blueprint()
    bp.quantity("users", "10e6 users", "Users", basis="Planning value")
    bp.quantity("share", "30 %", "Share", basis="Planning value")
    bp.derive("x", formula, "X", unit="users")
    with pytest.raises(BlueprintError, match=re.escape(advice)):
        bp.build()


def test_powers_work() -> None:
    bp = wallet_blueprint()
    bp.quantity("a", "0.99", "Per node", basis="Planning value")
    bp.derive("down", "(1 - a) ** 2", "Both down", unit="")
    bp.build()


def test_a_number_with_no_unit_names_the_unit_it_needs() -> None:
    bp = wallet_blueprint()
    bp.quantity("rate", "100 req/s", "Rate", basis="Planning value")
    bp.quantity("extra", "20", "Extra", basis="Forgot the unit")
    bp.derive("total", "rate + extra", "Total", unit="req/s")
    with pytest.raises(BlueprintError, match=r"'extra' has no unit in 'rate \+ extra': it needs one in req / s"):
        bp.build()


def test_a_missing_factor_is_named() -> None:
    bp = wallet_blueprint()
    bp.quantity("orders", "800 orders/s", "Orders", basis="Planning value")
    bp.quantity("calls", "2", "Calls per order", basis="Forgot the unit")
    bp.derive("writes", "orders * calls", "PSP writes", unit="req/s")
    with pytest.raises(BlueprintError, match="lacks a factor in"):
        bp.build()
