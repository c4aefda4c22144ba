"""Formatting money the way users read it: £2.0bn, £1.2m, £345k, £345, £12.50 per head."""

from __future__ import annotations

import math

from simulator.core.errors import FundsimError


def format_money(value: float, digits: int = 1) -> str:
    """Compact pounds: ``£2.0bn``, ``£1.2m``, ``£250k``, ``£9,500``, ``-£3.4m``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e15:  # beyond any fund: a readable power of ten, never a 300-digit number
        text = f"£{v:.2e}"
    elif v >= 1e9:
        text = f"£{v / 1e9:.{digits}f}bn"
    elif v >= 1e6:
        text = f"£{v / 1e6:.{digits}f}m"
    elif v >= 1e5:
        text = f"£{v / 1e3:.0f}k"
    elif v >= 100:
        text = f"£{v:,.0f}"
    elif v < 0.005:  # nothing, or a rounding error below half a penny: "£0", not "£0.00"
        text = "£0"
    else:
        text = f"£{v:,.2f}"
    if sign and not any(ch in "123456789" for ch in text):
        sign = ""  # a rounding error below a penny is not a loss: "£0.00", never "-£0.00"
    return sign + text


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
