"""Ranking bids and finding each round's quality cut-off, on every draw at once.

Every bid from band ``b`` in area ``a`` scores ``mean_b + x_a + e``: ``mean_b`` rises with the
organisation's size, ``x_a`` is the area's term (the funder's need weighting and the luck shared by
the area's bids) and ``e`` is the assessor's noise on the one bid, logistic with scale ``s``. A
round funds the best bids until its money runs out, so it funds every bid scoring at least a
cut-off ``c``: a share ``sf((c - mean_b - x_a) / s)`` of each (area, band) cell's bids, where
``sf(t) = 1 / (1 + exp(t))``. Money demanded above ``c`` falls as ``c`` rises, and the round's
cut-off is where it meets the money available.

The cells are aggregated before the search: ``mean_b + x_a`` is recorded on a grid of step
``s / 4`` (a quarter of the assessor noise, which blurs finer differences anyway), so a draw's
bids are a histogram of money over a few dozen grid points. The cut-off is bracketed on a grid of
candidate values one noise scale apart by one matrix product (money demanded at every candidate, every draw), then
refined inside its bracket by regula falsi; the cut-off kept is always one at which the money
demanded is within the round's money, so no draw ever awards more than it has. Nothing is sorted
per draw and no loop runs over draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Refinement steps inside the bracket (each one pass over the histogram).
STEPS = 5


def sf(t: np.ndarray) -> np.ndarray:
    """Survival function of the standard logistic distribution, ``1 / (1 + exp(t))``."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(t))


@dataclass(frozen=True)
class Grid:
    """Score grid: bin ``j`` holds cells whose mean score is ``low + j * step``."""

    low: float
    step: float
    scale: float  # the assessor noise s
    size: int

    @property
    def means(self) -> np.ndarray:
        return self.low + self.step * np.arange(self.size)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_scaled", self.means / self.scale)

    def candidates(self, floor: float) -> np.ndarray:
        """Cut-offs tried for the bracket, one assessor-noise scale apart: from ``floor`` (or well
        below every mean) to well above."""
        lo = max(floor, self.low - 8 * self.scale)
        hi = self.low + self.step * self.size + 8 * self.scale
        return lo + self.scale * np.arange(int(np.ceil((hi - lo) / self.scale)) + 1)


def _product(hist: np.ndarray, curve: np.ndarray) -> np.ndarray:
    """``hist @ curve`` for small matrices without BLAS threads (whose start-up costs more here)."""
    return np.einsum("dj,jc->dc", hist, curve, optimize=False)


def demand(hist: np.ndarray, grid: Grid, cut: np.ndarray) -> np.ndarray:
    """Money asked by bids scoring at least ``cut`` (draws,), from a money histogram (draws, bins)."""
    return (hist * sf(cut[:, None] / grid.scale - grid._scaled)).sum(axis=1)


class Round:
    """One round's cut-offs for the small-organisation ring-fence and the open competition."""

    def __init__(self, grid: Grid, floor: float | None) -> None:
        self.grid = grid
        self.floor = floor  # the quality bar, or None
        self.cands = grid.candidates(-np.inf if floor is None else floor)
        self.curve = sf((self.cands[None, :] - grid.means[:, None]) / grid.scale)  # (bins, candidates)

    def _cut(self, on_grid: np.ndarray, exact, pot: np.ndarray) -> np.ndarray:
        """Lowest cut-off at which the money demanded is within ``pot``, per draw.

        ``on_grid`` is the demand at every candidate (draws, candidates), decreasing along a row;
        ``exact(cut)`` evaluates it anywhere.
        """
        draws = len(pot)
        lowest = -np.inf if self.floor is None else self.floor
        everything = exact(np.full(draws, lowest))
        cut = np.full(draws, lowest)
        short = everything > pot  # oversubscribed draws need a cut-off
        if not short.any():
            return cut
        above = (on_grid > pot[:, None]).sum(axis=1)  # candidates still asking too much
        above = np.minimum(above, len(self.cands) - 1)
        hi = self.cands[above]
        lo = np.where(above > 0, self.cands[np.maximum(above - 1, 0)], hi)
        d_hi = exact(hi)
        d_lo = np.where(above > 0, on_grid[np.arange(draws), np.maximum(above - 1, 0)], d_hi)
        f_lo, f_hi = d_lo - pot, d_hi - pot  # f_lo > 0 >= f_hi
        side = np.zeros(draws, dtype=np.int8)
        for _ in range(STEPS):  # regula falsi, Illinois variant: [lo, hi] always brackets the crossing
            gap = f_lo - f_hi
            mid = np.where(gap > 0, hi + f_hi * (hi - lo) / np.where(gap > 0, gap, 1.0), hi)
            mid = np.clip(mid, lo, hi)
            f_mid = exact(mid) - pot
            ok = f_mid <= 0
            f_lo = np.where(ok & (side == 1), f_lo / 2, f_lo)
            f_hi = np.where(~ok & (side == -1), f_hi / 2, f_hi)
            hi, f_hi = np.where(ok, mid, hi), np.where(ok, f_mid, f_hi)
            lo, f_lo = np.where(ok, lo, mid), np.where(ok, f_lo, f_mid)
            side = np.where(ok, 1, -1).astype(np.int8)
        return np.where(short, hi, cut)

    def fund(self, small: np.ndarray, other: np.ndarray, pot: np.ndarray, ringfence: float) -> tuple[np.ndarray, np.ndarray]:
        """Funded share of each grid bin's bids for small and other organisations (draws, bins).

        ``small`` and ``other`` are money histograms (draws, bins); ``pot`` the round's money.
        The ring-fenced share of ``pot`` goes to small organisations' bids first; what they do not
        win joins the open competition, in which the small bids not yet funded compete again.
        """
        grid = self.grid
        draws = len(pot)
        if ringfence <= 0:  # one competition for every bid
            both = small + other
            c_open = self._cut(_product(both, self.curve), lambda c: demand(both, grid, c), pot)
            f_other = sf((c_open[:, None] - grid.means) / grid.scale)
            return f_other, f_other
        fenced = ringfence * pot
        c_small = self._cut(_product(small, self.curve), lambda c: demand(small, grid, c), fenced)
        spent = np.minimum(demand(small, grid, c_small), fenced)
        grid_small = np.maximum(_product(small, self.curve) - spent[:, None], 0.0)

        def open_demand(c: np.ndarray) -> np.ndarray:
            return demand(other, grid, c) + np.maximum(demand(small, grid, c) - spent, 0.0)

        c_open = self._cut(_product(other, self.curve) + grid_small, open_demand, pot - spent)
        f_other = sf((c_open[:, None] - grid.means) / grid.scale)
        f_small = sf((np.minimum(c_open, c_small)[:, None] - grid.means) / grid.scale)
        return f_small, f_other
