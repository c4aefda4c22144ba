"""How fairly money is spread: concentration against deprivation, inequality, winners and losers."""

from __future__ import annotations

import numpy as np


def concentration_curve(
    money: np.ndarray, population: np.ndarray, need: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative share of population and of money, areas ordered most deprived first.

    Both arrays start at 0 and end at 1. A curve above the diagonal means the most deprived places
    get more than their population share.
    """
    order = np.argsort(-need, kind="stable")
    pop = np.concatenate([[0.0], np.cumsum(population[order])])
    cash = np.concatenate([[0.0], np.cumsum(money[order])])
    return pop / pop[-1], cash / cash[-1] if cash[-1] > 0 else cash


def concentration_index(shares_by_rank: np.ndarray) -> np.ndarray:
    """Concentration index from ``sum_i money_share_i * fractional_rank_i`` (per draw).

    Areas are ranked most deprived first, so the index runs from -1 (all money to the most
    deprived) through 0 (money in proportion to population) to +1 (all to the least deprived).
    """
    return 2.0 * shares_by_rank - 1.0


def gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Population-weighted Gini coefficient of per-capita amounts (0 = everyone equal)."""
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    total = np.sum(v * w)
    if total <= 0:
        return 0.0
    lorenz = np.concatenate([[0.0], np.cumsum(v * w) / total])
    share = w / w.sum()
    return float(1.0 - np.sum(share * (lorenz[1:] + lorenz[:-1])))


def sample_curve(x: np.ndarray, y: np.ndarray, points: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """The curve at evenly spaced population shares, for exports."""
    grid = np.linspace(0.0, 1.0, points)
    return grid, np.interp(grid, x, y)
