"""Money as users read it: compact units, and no negative zero."""

from __future__ import annotations

import pytest

from simulator.core.money import format_money


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.0e9, "£2.0bn"),
        (1.234e6, "£1.2m"),
        (250_000, "£250k"),
        (9_500, "£9,500"),
        (-3.4e6, "-£3.4m"),
        (0.0, "£0"),
        (
            -0.004,
            "£0",
        ),  # float noise in a difference of money, e.g. the cost of losing bids: as exact zero
        (-1e-9, "£0"),
        (0.004, "£0"),
        (0.005, "£0.01"),
        (-0.01, "-£0.01"),
        (-4e-5 * 1e6, "-£40.00"),
    ],
)
def test_format_money(value, text):
    assert format_money(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        # a value that rounds up to the next unit is written in it (issue 21: "£1000k")
        (999_722, "£1.0m"),
        (-999_722, "-£1.0m"),
        (999_499, "£999k"),
        (999_500, "£1.0m"),
        (999_949_999, "£999.9m"),
        (999_950_000, "£1.0bn"),
        (99_999.4, "£99,999"),
        (99_999.6, "£100k"),
        (99.994, "£99.99"),
        (99.996, "£100"),
        (100_000, "£100k"),
        (1_000_000, "£1.0m"),
        (1e9, "£1.0bn"),
    ],
)
def test_format_money_at_the_boundaries_of_its_units(value, text):
    assert format_money(value) == text


def test_format_money_with_more_digits_keeps_the_unit_it_prints_in():
    assert format_money(999.97e6, 2) == "£999.97m"
    assert format_money(999.996e6, 2) == "£1.00bn"
    assert format_money(999_722, 2) == "£1.00m"
