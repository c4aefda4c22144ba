"""Per-area percentiles across Monte Carlo draws.

Every draw is kept when the table fits in :data:`EXACT_BUDGET_BYTES` (all workshop and district
runs, and neighbourhood runs of up to about 1,500 draws), and the percentiles are exact. A larger
run keeps only its first draws, as many as fit, and takes the per-area percentile bands from
them; means, probabilities and every fund-wide figure still use all draws. Because the draws of
a path never depend on the chunking, "the first K draws" are the same whatever the chunk size or
thread count, and so are the bands.
"""

from __future__ import annotations

import numpy as np

#: Keep draws for percentiles up to this many bytes (float64).
EXACT_BUDGET_BYTES = 400e6


def percentiles_by_row(values: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Percentiles of each row, shape (len(qs), rows): numpy's default (linear) definition.

    Sorting each row once is faster here than numpy's selection with many percentiles.
    """
    ordered = np.sort(values, axis=-1)
    n = ordered.shape[-1]
    out = np.empty((len(qs), *ordered.shape[:-1]))
    for i, q in enumerate(qs):
        position = q / 100.0 * (n - 1)
        lower = int(np.floor(position))
        upper = min(lower + 1, n - 1)
        fraction = position - lower
        low = ordered[..., lower]
        out[i] = low if fraction == 0 else low + fraction * (ordered[..., upper] - low)
    return out


class QuantileStore:
    """Keeps the first ``kept`` draws of a (paths x areas) result for per-area percentiles.

    ``values`` is stored area by area, shape (areas, kept), so each area's draws are contiguous
    for the percentile search.
    """

    def __init__(self, paths: int, areas: int, budget_bytes: float = EXACT_BUDGET_BYTES) -> None:
        self.paths = paths
        self.kept = int(min(paths, max(1, budget_bytes // (8 * max(areas, 1)))))
        self.values = np.empty((areas, self.kept))

    @property
    def exact(self) -> bool:
        return self.kept == self.paths

    @property
    def method(self) -> str:
        return "exact" if self.exact else f"from the first {self.kept:,} of {self.paths:,} draws"

    def add(self, start: int, values: np.ndarray) -> None:
        """Record draws ``start ..`` given as (draws, areas) (those past ``kept`` are dropped)."""
        stop = min(start + len(values), self.kept)
        if stop > start:
            self.values[:, start:stop] = values[: stop - start].T

    def percentiles(self, qs: tuple[float, ...]) -> dict[str, np.ndarray]:
        """``{"p5": array(areas), ...}`` for percentiles ``qs`` (0-100)."""
        values = percentiles_by_row(self.values, qs)
        return {f"p{q:g}": v for q, v in zip(qs, values)}
