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


def _sf_in_place(t: np.ndarray) -> np.ndarray:
    """:func:`sf` of a new array ``t``, computed in ``t`` (the same values, fewer temporaries)."""
    with np.errstate(over="ignore"):
        np.exp(t, out=t)
    t += 1.0
    return np.divide(1.0, t, out=t)


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
    scaled = cut[:, None] if grid.scale == 1.0 else cut[:, None] / grid.scale  # x / 1 is x
    share = _sf_in_place(scaled - grid._scaled)
    share *= hist
    return share.sum(axis=1)


def funded_share(grid: Grid, cut: np.ndarray) -> np.ndarray:
    """Funded share of each bin's bids (draws, bins) at cut-offs ``cut`` (draws,)."""
    t = cut[:, None] - grid.means
    if grid.scale != 1.0:  # x / 1 is x
        t /= grid.scale
    return _sf_in_place(t)


class Round:
    """One round's cut-offs for the small-organisation ring-fence and the open competition."""

    def __init__(self, grid: Grid, floor: float | None) -> None:
        self.grid = grid
        self.floor = floor  # the quality bar, or None
        self.cands = grid.candidates(-np.inf if floor is None else floor)
        self.curve = sf(
            (self.cands[None, :] - grid.means[:, None]) / grid.scale
        )  # (bins, candidates)

    def _lowest(self, hist: np.ndarray) -> np.ndarray:
        """Money asked at the lowest cut-off (the quality bar, or none): every bid without a bar."""
        if self.floor is None:
            return hist.sum(axis=1)  # the share funded is exactly 1 everywhere
        return demand(hist, self.grid, np.full(len(hist), self.floor))

    def _cut(
        self, on_grid: np.ndarray, exact, pot: np.ndarray, everything: np.ndarray
    ) -> np.ndarray:
        """Lowest cut-off at which the money demanded is within ``pot``, per draw.

        ``on_grid`` is the demand at every candidate (draws, candidates), decreasing along a row;
        ``exact(cut)`` evaluates it anywhere; ``everything`` is the demand at the lowest cut-off.
        """
        draws = len(pot)
        if draws == 1:
            return self._cut_one(on_grid[0], exact, float(pot[0]), float(everything[0]))
        lowest = -np.inf if self.floor is None else self.floor
        cut = np.full(draws, lowest)
        short = everything > pot  # oversubscribed draws need a cut-off
        if not short.any():
            return cut
        above = (on_grid > pot[:, None]).sum(axis=1)  # candidates still asking too much
        np.minimum(above, len(self.cands) - 1, out=above)
        below = np.maximum(above - 1, 0)
        hi = self.cands[above]
        has_below = above > 0
        lo = np.where(has_below, self.cands[below], hi)
        d_hi = exact(hi)
        d_lo = np.where(has_below, on_grid[np.arange(draws), below], d_hi)
        f_lo, f_hi = d_lo - pot, d_hi - pot  # f_lo > 0 >= f_hi
        ok = None  # whether the previous step's point was within the pot
        for _ in range(
            STEPS
        ):  # regula falsi, Illinois variant: [lo, hi] always brackets the crossing
            gap = f_lo - f_hi
            wide = gap > 0
            mid = hi - lo  # mid = hi + f_hi * (hi - lo) / gap where the bracket is wide, else hi
            mid *= f_hi
            mid /= np.where(wide, gap, 1.0)
            mid += hi
            np.copyto(mid, hi, where=~wide)
            np.maximum(mid, lo, out=mid)
            np.minimum(mid, hi, out=mid)
            f_mid = exact(mid)
            f_mid -= pot
            within = f_mid <= 0
            if ok is not None:  # the same end kept twice running: halve the other end's value
                np.multiply(f_lo, 0.5, out=f_lo, where=within & ok)
                np.multiply(f_hi, 0.5, out=f_hi, where=~(within | ok))
            ok = within
            np.copyto(hi, mid, where=ok)
            np.copyto(f_hi, f_mid, where=ok)
            outside = ~ok
            np.copyto(lo, mid, where=outside)
            np.copyto(f_lo, f_mid, where=outside)
        return np.where(short, hi, cut)

    def _cut_one(self, on_grid: np.ndarray, exact, pot: float, everything: float) -> np.ndarray:
        """:meth:`_cut` for a single draw (the bid decisions' equilibrium), step for step the same
        arithmetic in Python floats, which spares a few hundred operations on one-element arrays."""
        lowest = -np.inf if self.floor is None else self.floor
        if not everything > pot:
            return np.array([lowest])
        above = min(int((on_grid > pot).sum()), len(self.cands) - 1)
        hi = float(self.cands[above])
        lo = float(self.cands[above - 1]) if above > 0 else hi
        d_hi = float(exact(np.array([hi]))[0])
        d_lo = float(on_grid[above - 1]) if above > 0 else d_hi
        f_lo, f_hi = d_lo - pot, d_hi - pot  # f_lo > 0 >= f_hi
        side = 0
        for _ in range(STEPS):
            gap = f_lo - f_hi
            mid = hi + f_hi * (hi - lo) / gap if gap > 0 else hi
            mid = min(max(mid, lo), hi)
            f_mid = float(exact(np.array([mid]))[0]) - pot
            ok = f_mid <= 0
            if ok and side == 1:
                f_lo = f_lo / 2
            if not ok and side == -1:
                f_hi = f_hi / 2
            if ok:
                hi, f_hi = mid, f_mid
            else:
                lo, f_lo = mid, f_mid
            side = 1 if ok else -1
        return np.array([hi])

    def fund(
        self,
        small: np.ndarray,
        other: np.ndarray,
        pot: np.ndarray,
        ringfence: float,
        memo: dict | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Funded share of each grid bin's bids for small and other organisations (draws, bins).

        ``small`` and ``other`` are money histograms (draws, bins); ``pot`` the round's money.
        The ring-fenced share of ``pot`` goes to small organisations' bids first; what they do not
        win joins the open competition, in which the small bids not yet funded compete again.
        ``memo``, a dict kept between rounds with the same bids, keeps what does not depend on
        ``pot`` (the demand at every candidate cut-off), so later rounds do not redo it.
        """
        grid = self.grid
        memo = {} if memo is None else memo
        if ringfence <= 0:  # one competition for every bid
            if "both" not in memo:
                both = small + other
                memo["both"] = both, _product(both, self.curve), self._lowest(both)
            both, on_grid, everything = memo["both"]
            c_open = self._cut(on_grid, lambda c: demand(both, grid, c), pot, everything)
            f_other = funded_share(grid, c_open)
            return f_other, f_other
        if "small" not in memo:
            memo["small"] = _product(small, self.curve), self._lowest(small)
            memo["other"] = _product(other, self.curve), self._lowest(other)
        (small_grid, small_all), (other_grid, other_all) = memo["small"], memo["other"]
        fenced = ringfence * pot
        c_small = self._cut(small_grid, lambda c: demand(small, grid, c), fenced, small_all)
        spent = np.minimum(demand(small, grid, c_small), fenced)
        grid_small = np.maximum(small_grid - spent[:, None], 0.0)

        def open_demand(c: np.ndarray) -> np.ndarray:
            return demand(other, grid, c) + np.maximum(demand(small, grid, c) - spent, 0.0)

        everything = other_all + np.maximum(small_all - spent, 0.0)
        c_open = self._cut(other_grid + grid_small, open_demand, pot - spent, everything)
        f_other = funded_share(grid, c_open)
        f_small = funded_share(grid, np.minimum(c_open, c_small))
        return f_small, f_other
