"""The recovery fund's fund-wide measures on every draw: one computation for ``fundsim run`` and
``fundsim compare``, so both give the same number under the same name (see
:mod:`simulator.measures.registry` for each measure's definition)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simulator.recovery.fairness import concentration_index

#: Groups of areas whose share of the money is reported, by their names in the run's groups.
MOST_DEPRIVED = ("areas_10", "areas_20", "population_10", "population_20")


def shares_of_spent(groups: Mapping[str, np.ndarray], spent: np.ndarray) -> dict[str, np.ndarray]:
    """Each group's share of the money awarded on each draw (0 on a draw that awards nothing)."""
    safe = np.where(spent > 0, spent, np.nan)
    return {name: np.nan_to_num(np.asarray(values) / safe) for name, values in groups.items()}


def areas_funded(awards: np.ndarray) -> np.ndarray:
    """Areas receiving any money on each draw (rows of ``awards``)."""
    return (awards > 0).sum(axis=1).astype(float)


def fund_by_draw(
    groups: Mapping[str, np.ndarray],
    spent: np.ndarray,
    distributed: float,
    funded: np.ndarray,
) -> dict[str, np.ndarray]:
    """Fund-wide measures, one value a draw, by their JSON paths.

    ``groups`` holds the money to each group of areas on each draw (``decile_1`` ...,
    ``areas_10``, ``population_10`` ..., and ``fractional_rank``, the allocations weighted by
    need rank), ``spent`` the money awarded and ``funded`` the areas funded on each draw."""
    shares = shares_of_spent(
        {name: groups[name] for name in (*MOST_DEPRIVED, "fractional_rank")}, spent
    )
    out = {
        "recovery_fund.awarded": np.asarray(spent, dtype=float),
        "recovery_fund.unspent": distributed - np.asarray(spent, dtype=float),
        "recovery_fund.areas_funded": np.asarray(funded, dtype=float),
    }
    for name in MOST_DEPRIVED:
        out[f"recovery_fund.share_to_most_deprived.{name}"] = shares[name]
    out["recovery_fund.concentration_index"] = concentration_index(shares["fractional_rank"])
    return out


def gini_by_draw(per_head: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Population-weighted Gini of per-head amounts on every draw (rows), 0 when nothing is paid."""
    # the order of equal values does not change the Lorenz curve, so the fast unstable sort will do
    order = np.argsort(per_head, axis=1)
    v = np.take_along_axis(per_head, order, axis=1)
    w = population[order]
    money = np.cumsum(v * w, axis=1)
    total = money[:, -1:]
    lorenz = np.divide(money, total, out=np.zeros_like(money), where=total > 0)
    previous = np.concatenate([np.zeros((len(v), 1)), lorenz[:, :-1]], axis=1)
    share = w / population.sum()
    out = 1.0 - np.sum(share * (lorenz + previous), axis=1)
    return np.where(total[:, 0] > 0, out, 0.0)
