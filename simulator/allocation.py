"""The Community Recovery Fund: sharing a one-off sum between areas by a need formula.

Area ``i`` with population ``P_i`` and need indicator ``D_i`` receives::

    total * (1 - admin_share) * P_i * D_i**progressivity / sum_j(P_j * D_j**progressivity)

among the eligible areas (the ``eligible_share`` most in need), with an optional floor per
eligible area and a cap per area; money freed or needed by floors and caps is spread over the
other areas in proportion to their formula weight (water-filling), so the total paid out always
equals the money distributed. Monte Carlo: each draw multiplies every ``D_i`` by independent
mean-one lognormal noise, ``exp(sigma * z - sigma**2 / 2)``, for measurement uncertainty.
"""

from __future__ import annotations

import math

import numpy as np

from simulator.errors import FundsimError
from simulator.money import format_money


def eligible_count(n_areas: int, eligible_share: float) -> int:
    """How many areas are eligible: ``eligible_share`` of them, rounded up, at least one."""
    return max(1, min(n_areas, math.ceil(eligible_share * n_areas - 1e-9)))


def top_k_mask(need: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask of the ``k`` largest values in each row of ``need`` (draws x areas)."""
    n = need.shape[-1]
    if k >= n:
        return np.ones(need.shape, dtype=bool)
    idx = np.argpartition(-need, k - 1, axis=-1)[..., :k]
    mask = np.zeros(need.shape, dtype=bool)
    np.put_along_axis(mask, idx, True, axis=-1)
    return mask


def water_fill(
    weights: np.ndarray,
    budget: float,
    lower: np.ndarray | float,
    upper: np.ndarray | float,
    eligible: np.ndarray | None = None,
) -> np.ndarray:
    """Share ``budget`` in proportion to ``weights`` subject to per-area bounds, on every draw.

    Solves ``x_i = clip(lam * w_i, lower_i, upper_i)`` with ``sum_i x_i = budget`` for each row
    (draw) of ``weights``; ineligible areas get nothing. Uses Bitran and Hax's variable-fixing
    method, vectorised over draws: share the money left over the free areas; if the amount
    above the caps outweighs the amount missing below the floors, every area above its cap is
    fixed at its cap (the multiplier can only rise), otherwise every area below its floor is
    fixed at its floor. Each round fixes at least one area for good, so it ends in at most
    ``areas`` rounds, in practice a handful, and the result is exact.

    Parameters
    ----------
    weights : array (draws, areas), formula weights, >= 0.
    budget : pounds to share on every draw.
    lower, upper : pounds per area (scalars or arrays broadcastable to ``weights``).
    eligible : boolean mask (draws, areas); None means every area is eligible.

    The caller must ensure ``sum(lower) <= budget <= sum(upper)`` over eligible areas.
    """
    w = np.asarray(weights, dtype=float)
    if eligible is None:
        eligible = np.ones(w.shape, dtype=bool)
    lo = np.broadcast_to(np.where(eligible, lower, 0.0), w.shape)
    hi = np.broadcast_to(np.where(eligible, upper, 0.0), w.shape)
    free = eligible & (w > 0)
    x = np.where(free, 0.0, lo)  # ineligible get 0; eligible areas of zero weight get the floor
    for _ in range(w.shape[-1] + 1):
        wf = np.where(free, w, 0.0)
        left = budget - np.where(free, 0.0, x).sum(axis=-1)
        total_w = wf.sum(axis=-1)
        lam = np.divide(left, total_w, out=np.zeros_like(left), where=total_w > 0)
        trial = lam[:, None] * wf
        over = free & (trial > hi)
        under = free & (trial < lo)
        if not (over.any() or under.any()):
            break
        excess = np.where(over, trial - hi, 0.0).sum(axis=-1)
        shortfall = np.where(under, lo - trial, 0.0).sum(axis=-1)
        fix_caps = (excess >= shortfall)[:, None]
        to_cap = over & fix_caps
        to_floor = under & ~fix_caps
        x = np.where(to_cap, hi, np.where(to_floor, lo, x))
        free &= ~(to_cap | to_floor)
    return np.where(free, trial, x)


def formula_weights(need: np.ndarray, population: np.ndarray, progressivity: float) -> np.ndarray:
    """``P_i * D_i**progressivity`` (need may have a leading draws axis)."""
    with np.errstate(divide="ignore"):
        return population * np.power(need, progressivity)


def allocate(
    need: np.ndarray,
    population: np.ndarray,
    budget: float,
    progressivity: float,
    eligible_share: float = 1.0,
    floor: float = 0.0,
    cap: float | None = None,
) -> np.ndarray:
    """Allocate ``budget`` pounds to areas on every draw of ``need`` (draws x areas).

    Returns pounds per area per draw, same shape as ``need``. ``floor`` is pounds per eligible
    area; ``cap`` is pounds per area (None for no cap).
    """
    need = np.atleast_2d(need)
    n = need.shape[-1]
    k = eligible_count(n, eligible_share)
    eligible = None if k >= n else top_k_mask(need, k)
    weights = formula_weights(need, population, progressivity)
    if eligible is not None:
        weights = np.where(eligible, weights, 0.0)
    if floor <= 0 and cap is None:
        sums = weights.sum(axis=-1, keepdims=True)
        if np.any(sums <= 0):
            raise FundsimError(
                "gives every eligible area a need of zero, so the formula cannot share the money",
                field="recovery_fund.need_indicator",
            )
        return budget * weights / sums
    check_bounds(k, budget, floor, cap)
    return water_fill(weights, budget, floor, np.inf if cap is None else cap, eligible)


def check_bounds(eligible: int, budget: float, floor: float, cap: float | None) -> None:
    """Raise a clear error when floors or caps make the allocation impossible."""
    if floor * eligible > budget * (1 + 1e-12):
        raise FundsimError(
            f"of {format_money(floor)} for each of {eligible} eligible areas needs "
            f"{format_money(floor * eligible)}, more than the {format_money(budget)} distributed; "
            "lower the floor, the eligible share, or the admin share",
            field="recovery_fund.floor",
        )
    if cap is not None and cap * eligible < budget * (1 - 1e-12):
        raise FundsimError(
            f"limits each of {eligible} eligible areas to {format_money(cap)}, so at most "
            f"{format_money(cap * eligible)} of the {format_money(budget)} could be paid out; "
            "raise the cap or the eligible share",
            field="recovery_fund.cap_share",
        )
    if cap is not None and floor > cap:
        raise FundsimError(
            f"of {format_money(floor)} is above the cap of {format_money(cap)}",
            field="recovery_fund.floor",
        )
