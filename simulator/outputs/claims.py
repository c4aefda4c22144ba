"""Sentences that state a direction or a size, derived from the numbers they describe.

A sentence such as "£83.0m moves towards need" is a claim about results: whether the money
moves towards or away from need is decided here by the sign of the deprivation-weighted change
(:func:`need_weighted_change`), never written as fixed text, so a
competition whose gains go to the least deprived areas says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.core.money import format_money


def need_weighted_change(change: np.ndarray, population: np.ndarray, need: np.ndarray) -> float:
    """The deprivation-weighted sum of a change in money by area: ``sum_i change_i * (1/2 - r_i)``,
    where ``r_i`` is area ``i``'s population-weighted fractional rank with the most deprived
    first (as for the concentration index), so the most deprived half of people weigh positively.

    Above 0 the change moves money towards need, below 0 away from it. For a change that adds to
    nothing overall (an allocation against equal money per head), it is ``-money * CI / 2``, where
    ``CI`` is the concentration index of the allocation the change leads to.
    """
    order = np.argsort(-np.asarray(need, dtype=float), kind="stable")
    pop = np.asarray(population, dtype=float)[order]
    total = pop.sum()
    if total <= 0:
        return 0.0
    rank = (np.cumsum(pop) - pop / 2) / total
    return float(np.sum(np.asarray(change, dtype=float)[order] * (0.5 - rank)))


#: A weighted change smaller than this share of the money moved counts as neither direction.
NEUTRAL = 1e-9


def direction_of_gains(table: pd.DataFrame) -> str:
    """``"towards need"``, ``"away from need"`` or ``"neither towards nor away from need"`` for
    the per-area ``gain`` against equal money per head (columns ``gain``, ``population``,
    ``need``)."""
    gain = table["gain"].to_numpy(dtype=float)
    weighted = need_weighted_change(gain, table["population"].to_numpy(), table["need"].to_numpy())
    moved = float(abs(gain).sum()) / 2
    if weighted > NEUTRAL * max(moved, 1.0):
        return "towards need"
    if weighted < -NEUTRAL * max(moved, 1.0):
        return "away from need"
    return "neither towards nor away from need"


def money_moved_text(table: pd.DataFrame, money_moved: float) -> str:
    """E.g. "£83.0m moves towards need", "£149.8m moves away from need (to less deprived
    areas)"; the amount is the sum of the gains against equal money per head."""
    direction = direction_of_gains(table)
    if money_moved <= 0:
        return "no money moves between areas"
    if direction == "away from need":
        direction += " (to less deprived areas)"
    return f"{format_money(money_moved)} moves {direction}"
