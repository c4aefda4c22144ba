"""Formatting money the way users read it: £2.0bn, £1.2m, £345k, £345, £12.50 per head."""

from __future__ import annotations

import math
from collections.abc import Iterable

from simulator.core.errors import FundsimError


def format_money(value: float, digits: int = 1) -> str:
    """Compact pounds: ``£2.0bn``, ``£1.2m``, ``£250k``, ``£9,500``, ``-£3.4m``.

    The unit is chosen by the value as it will be printed, so a value that rounds up to the next
    unit is written in it: £999,722 is ``£1.0m`` (not ``£1000k``), £999.97m is ``£1.0bn``,
    £99,999.60 is ``£100k`` and £99.999 is ``£100``.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e15:  # beyond any fund: a readable power of ten, never a 300-digit number
        text = f"£{v:.2e}"
    else:
        text = _compact(v, digits)
    if sign and not any(ch in "123456789" for ch in text):
        sign = ""  # a rounding error below a penny is not a loss: "£0.00", never "-£0.00"
    return sign + text


#: Compact units, smallest first: (smallest value written in the unit, divisor, suffix).
_UNITS = ((0.0, 1.0, "p"), (100.0, 1.0, ""), (1e5, 1e3, "k"), (1e6, 1e6, "m"), (1e9, 1e9, "bn"))


def _compact(v: float, digits: int) -> str:
    """``v >= 0`` in its unit, or in the next one up when it rounds up to it as printed."""
    if v < 0.005:  # nothing, or a rounding error below half a penny: "£0", not "£0.00"
        return "£0"
    i = max(j for j, (floor, _, _) in enumerate(_UNITS) if v >= floor)
    while True:
        _, divisor, suffix = _UNITS[i]
        places = {"p": 2, "": 0, "k": 0}.get(suffix, digits)
        comma = "," if suffix in ("", "p") else ""
        number = f"{v / divisor:{comma}.{places}f}"
        printed = float(number.replace(",", "")) * divisor
        if i + 1 < len(_UNITS) and printed >= _UNITS[i + 1][0]:
            i += 1  # e.g. £999,722 would print as £1000k: write it as £1.0m
            continue
        return f"£{number}{suffix if suffix != 'p' else ''}"


def money_unit(values: Iterable[float | None]) -> tuple[float, str, int]:
    """One unit for a column of money: ``(divisor, suffix, decimals)`` chosen by the column's
    largest amount as printed (as :func:`format_money` would write it), with enough decimals in
    millions or billions that the smallest non-zero amount keeps two significant figures (at
    most three decimals). So a column reads "£64k" beside "£594k", never "£64,194" beside "£594k".
    """
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(v)]
    largest = max(finite, default=0.0)
    text = format_money(largest)
    suffix = "bn" if text.endswith("bn") else "m" if text.endswith("m") else ""
    if text.endswith("k"):
        return 1e3, "k", 0
    if not suffix:
        return 1.0, "", 0 if largest >= 99.995 else 2
    divisor = 1e9 if suffix == "bn" else 1e6
    smallest = min((v for v in finite if v >= 0.005), default=largest)
    decimals = 1
    while decimals < 3 and smallest / divisor < 10 ** (1 - decimals):
        decimals += 1
    return divisor, suffix, decimals


def format_money_in(value: float | None, unit: tuple[float, str, int], signed: bool = False) -> str:
    """``value`` in a column's unit (from :func:`money_unit`); ``signed`` writes a gain with "+"."""
    if value is None or not math.isfinite(value):
        return "–"
    divisor, suffix, decimals = unit
    comma = "," if not suffix else ""
    number = f"{abs(value) / divisor:{comma}.{decimals}f}"
    if not any(ch in "123456789" for ch in number):
        return f"£{number}{suffix}"  # rounds to nothing: neither a gain nor a loss
    sign = "-" if value < 0 else "+" if signed else ""
    return f"{sign}£{number}{suffix}"


def format_money_column(values: Iterable[float | None], signed: bool = False) -> list[str]:
    """A column of money in one unit (see :func:`money_unit`)."""
    values = list(values)
    unit = money_unit(values)
    return [format_money_in(v, unit, signed) for v in values]


def format_pounds(value: float) -> str:
    """Exact pounds with thousands separators: ``£1,234,567``."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"-£{abs(value):,.0f}" if value < 0 else f"£{value:,.0f}"


def format_per_head(value: float) -> str:
    """Pounds per person: ``£345 per head``, ``£3.45 per head``."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"£{value:,.0f}" if abs(value) >= 100 else f"£{value:,.2f}"
    return f"{text} per head"


def format_share(value: float, digits: int = 1) -> str:
    """A fraction as a percentage: ``0.153 -> 15.3%``."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{100 * value:.{digits}f}%"


def format_in_unit(value: float | None, unit: str) -> str:
    """A value in a measure's unit (:data:`simulator.measures.base.Unit`): pounds ``£1.2m``,
    a share or probability ``12.3%``, a ratio ``3.80×``, a count ``1,234.5`` (``1,234`` when
    whole), an index ``0.123``."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "pounds":
        return format_money(value)
    if unit in ("share", "probability"):
        return format_share(value)
    if unit == "ratio":
        return f"{value:,.2f}×"
    if unit == "index":
        return f"{value:.3f}"
    return f"{value:,.1f}".removesuffix(".0")


def axis_money(value: float, _pos: object = None) -> str:
    """Tick label for a money axis (for matplotlib's ``FuncFormatter``)."""
    text = format_money(value, digits=1)
    return text.replace(".0bn", "bn").replace(".0m", "m")


class MoneyIdentityError(FundsimError):
    """A run whose pounds do not add up: a bug or an input beyond what the arithmetic can hold.
    Raised, never written, so no output carries numbers that contradict each other."""


def check_identity(name: str, left: float, right: float, scale: float) -> None:
    """Raise :class:`MoneyIdentityError` naming the identity unless ``left == right`` to within
    a millionth of ``scale`` (the money distributed) and both are finite."""
    left, right = float(left), float(right)
    tolerance = 1e-6 * max(abs(scale), 1.0)
    if not (math.isfinite(left) and math.isfinite(right)) or abs(left - right) > tolerance:
        raise MoneyIdentityError(
            f"the money does not add up: {name} ({format_money(left)} against "
            f"{format_money(right)}); no results were written. Check the data for extreme values"
        )
