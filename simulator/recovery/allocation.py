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

from simulator.core.errors import FundsimError
from simulator.core.money import format_money


def eligible_count(n_areas: int, eligible_share: float) -> int:
    """How many areas are eligible: ``eligible_share`` of them, rounded up, at least one."""
    return max(1, min(n_areas, math.ceil(eligible_share * n_areas - 1e-9)))


def top_k_mask(need: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask of the ``k`` largest values in each row of ``need`` (draws x areas).

    Ties at the cut-off are broken by file order: of the areas whose need equals the k-th
    largest, those listed first in the data are taken (the same rule as the need deciles and
    the population-share test, which sort stably)."""
    n = need.shape[-1]
    if k >= n:
        return np.ones(need.shape, dtype=bool)
    need = np.atleast_2d(need)
    threshold = -np.partition(-need, k - 1, axis=-1)[..., k - 1 : k]  # the k-th largest per row
    mask = need > threshold
    missing = k - mask.sum(axis=-1, keepdims=True)  # how many of the tied areas to take
    tied = need == threshold
    mask |= tied & (np.cumsum(tied, axis=-1) <= missing)
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
    if progressivity == 1:
        return population * need
    if progressivity == 0:
        return np.broadcast_to(population, np.shape(need)).astype(float)
    with np.errstate(divide="ignore"):
        return population * np.power(need, progressivity)


def population_share_mask(need: np.ndarray, population: np.ndarray, share: float) -> np.ndarray:
    """Per row of ``need``: the most deprived areas until they hold ``share`` of the population.

    An area is in while the population of the areas more deprived than it is below the target,
    so the area that crosses the line is included.
    """
    need = np.atleast_2d(need)
    order = np.argsort(-need, axis=-1, kind="stable")
    pop_sorted = population[order]
    before = np.cumsum(pop_sorted, axis=-1) - pop_sorted
    inside_sorted = before < share * population.sum() - 1e-9 * population.sum()
    inside_sorted[..., 0] = True
    mask = np.zeros(need.shape, dtype=bool)
    np.put_along_axis(mask, order, inside_sorted, axis=-1)
    return mask


def population_share_weights(need: np.ndarray, population: np.ndarray, share: float) -> np.ndarray:
    """How much of each area counts among the most deprived ``share`` of people (one row of
    ``need``): 1 for areas wholly inside, 0 outside, and for the area that crosses the line the
    fraction of its people inside it (pro rata), so the weights hold exactly ``share`` of the
    population. Ties in need are ordered by file order."""
    order = np.argsort(-np.asarray(need), kind="stable")
    pop_sorted = population[order]
    target = share * population.sum()
    before = np.cumsum(pop_sorted) - pop_sorted
    inside = np.clip((target - before) / np.where(pop_sorted > 0, pop_sorted, 1.0), 0.0, 1.0)
    weights = np.empty(len(order))
    weights[order] = inside
    return weights


def eligibility(
    need: np.ndarray,
    population: np.ndarray,
    share: float,
    basis: str = "areas",
    second: np.ndarray | None = None,
) -> np.ndarray | None:
    """Which areas are eligible on each draw (draws x areas), or None when all are.

    ``second`` is a fixed mask (areas,) of a dual threshold's second test.
    """
    n = need.shape[-1]
    if share >= 1:
        mask = None
    elif basis == "population":
        mask = population_share_mask(need, population, share)
    else:
        mask = top_k_mask(need, eligible_count(n, share))
    if second is not None and not second.all():
        mask = np.broadcast_to(second, need.shape).copy() if mask is None else mask & second
    return mask


def allocate(
    need: np.ndarray,
    population: np.ndarray,
    budget: float,
    progressivity: float,
    eligible_share: float = 1.0,
    floor: float | np.ndarray = 0.0,
    cap: float | np.ndarray | None = None,
    eligible: np.ndarray | None = None,
) -> np.ndarray:
    """Allocate ``budget`` pounds to areas on every draw of ``need`` (draws x areas).

    Returns pounds per area per draw, same shape as ``need``. ``floor`` is pounds per eligible
    area (a number, or one per area); ``cap`` is pounds per area (None for no cap). ``eligible``
    overrides ``eligible_share`` with a ready mask.
    """
    need = np.atleast_2d(need)
    n = need.shape[-1]
    if eligible is None and eligible_share < 1:
        eligible = top_k_mask(need, eligible_count(n, eligible_share))
    weights = formula_weights(need, population, progressivity)
    if eligible is not None:
        weights = np.where(eligible, weights, 0.0)
    has_floor = np.any(np.asarray(floor) > 0)
    if not has_floor and cap is None:
        sums = weights.sum(axis=-1, keepdims=True)
        if np.any(sums <= 0):
            raise FundsimError(
                "gives every eligible area a need of zero, so the formula cannot share the money",
                field="recovery_fund.need_indicator",
            )
        return budget * weights / sums
    upper = np.inf if cap is None else cap
    check_bounds(
        eligible if eligible is not None else np.ones(need.shape, bool), budget, floor, upper
    )
    return water_fill(weights, budget, floor, upper, eligible)


def check_bounds(
    eligible: np.ndarray, budget: float, floor: float | np.ndarray, cap: float | np.ndarray
) -> None:
    """Raise a clear error when floors or caps make the allocation impossible on some draw."""
    floors = np.where(eligible, floor, 0.0).sum(axis=-1)
    caps = np.where(eligible, cap, 0.0).sum(axis=-1)
    count = int(eligible.sum(axis=-1).max())
    worst_floor = float(floors.max())
    if worst_floor > budget * (1 + 1e-12):
        raise FundsimError(
            f"{'(with floor_per_head) ' if np.ndim(floor) and np.ptp(floor) > 0 else ''}needs {format_money(worst_floor)} for the {count:,} eligible areas, "
            f"more than the {format_money(budget)} distributed; lower the floor, the eligible share, "
            "or the admin share",
            field="recovery_fund.floor",
        )
    least_cap = float(caps.min())
    if least_cap < budget * (1 - 1e-12):
        raise FundsimError(
            f"(with cap) lets the eligible areas receive at most {format_money(least_cap)} of the "
            f"{format_money(budget)} distributed; raise the cap or the eligible share",
            field="recovery_fund.cap_share",
        )
    if np.any(np.asarray(floor) > np.asarray(cap)):
        raise FundsimError("is above the cap for some areas", field="recovery_fund.floor")
