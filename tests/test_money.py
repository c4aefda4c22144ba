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


def test_a_column_of_money_reads_in_one_unit():
    from simulator.core.money import format_money_column, money_unit

    # issue 21: a report table printed "+£64,194" beside "+£594k"
    assert format_money_column([64_194, 594_000, -12_345], signed=True) == [
        "+£64k",
        "+£594k",
        "-£12k",
    ]
    assert format_money_column([1.2e6, 64_000, None]) == ["£1.200m", "£0.064m", "–"]
    assert format_money_column([2.1e9, 1.25e9]) == ["£2.1bn", "£1.2bn"]
    assert format_money_column([999_722, 5_000]) == ["£1.000m", "£0.005m"]
    assert format_money_column([345.2, 12.5]) == ["£345", "£12"]
    assert format_money_column([45.5, 12.25]) == ["£45.50", "£12.25"]
    assert format_money_column([0.001, -0.002], signed=True) == ["£0.00", "£0.00"]
    assert money_unit([]) == (1.0, "", 2)
