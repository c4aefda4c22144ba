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
