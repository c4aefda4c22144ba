"""Per-area percentiles across Monte Carlo draws.

Every draw is kept when the table fits in :data:`EXACT_BUDGET_BYTES` (all workshop and district
runs, and neighbourhood runs of up to about 1,500 draws), and the percentiles are exact.

A larger run of money amounts (when the store is given the most any one value can be, ``scale``)
still keeps **every** draw, compactly: each value as a half-precision float of ``value / unit``
with ``unit = scale / 65,000``, two bytes a value (657 MB for 32,844 neighbourhoods x 10,000
draws). Rounding to half precision keeps the order of the draws, so each percentile is the
percentile of all draws rounded once: its error is at most ``2**-11`` of its value (0.05%) plus
``2**-25 * unit`` (for a £475m fund, £0.0002), and a zero stays exactly zero. Means,
probabilities and every fund-wide figure use all draws in full precision.

Without a ``scale`` (or if even the compact table does not fit in :data:`COMPACT_BUDGET_BYTES`),
a large run keeps only its first draws, as many as fit, and takes the bands from them. Because
the draws of a path never depend on the chunking, "the first K draws" are the same whatever the
chunk size or thread count, and so are the bands.
"""

from __future__ import annotations

import numpy as np

#: Keep draws for percentiles up to this many bytes (float64).
EXACT_BUDGET_BYTES = 400e6
#: Keep every draw in half precision up to this many bytes (2 bytes a value).
COMPACT_BUDGET_BYTES = 800e6
#: A value of ``scale`` is stored as this many units (below half precision's largest, 65,504).
COMPACT_UNITS = 65_000.0
#: Areas whose draws are ordered at once when taking compact percentiles.
_ROWS_AT_ONCE = 1024


def percentiles_by_selection(values: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """As :func:`percentiles_by_row`, by partial selection of the order statistics needed
    (numpy's linear definition), row block by row block in single precision."""
    rows, n = values.shape
    positions = [q / 100.0 * (n - 1) for q in qs]
    kth = sorted({min(int(np.floor(p)) + j, n - 1) for p in positions for j in (0, 1)})
    out = np.empty((len(qs), rows))
    for lo in range(0, rows, _ROWS_AT_ONCE):
        block = np.partition(values[lo : lo + _ROWS_AT_ONCE].astype(np.float32), kth, axis=-1)
        for i, p in enumerate(positions):
            lower = int(np.floor(p))
            upper = min(lower + 1, n - 1)
            low = block[:, lower].astype(float)
            out[i, lo : lo + _ROWS_AT_ONCE] = low + (p - lower) * (block[:, upper] - low)
    return out


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
    """Keeps draws of a (paths x areas) result for per-area percentiles: all of them exactly, all
    of them in half precision (when ``scale``, the largest possible absolute value, is given), or
    the first ``kept`` exactly; see the module's notes.

    Draws are stored area by area, shape (areas, kept), so each area's draws are contiguous for
    the percentile search.
    """

    def __init__(
        self,
        paths: int,
        areas: int,
        budget_bytes: float = EXACT_BUDGET_BYTES,
        scale: float | None = None,
        compact_budget_bytes: float = COMPACT_BUDGET_BYTES,
    ) -> None:
        self.paths = paths
        areas = max(areas, 1)
        self.unit: float | None = None
        self._values: np.ndarray
        if (
            8 * areas * paths > budget_bytes
            and scale is not None
            and scale > 0
            and 2 * areas * paths <= compact_budget_bytes
        ):
            self.unit = scale / COMPACT_UNITS
            self.kept = paths
            self._values = np.empty((areas, paths), dtype=np.float16)
        else:
            self.kept = int(min(paths, max(1, budget_bytes // (8 * areas))))
            self._values = np.empty((areas, self.kept))

    @property
    def compact(self) -> bool:
        return self.unit is not None

    @property
    def exact(self) -> bool:
        return self.kept == self.paths and not self.compact

    @property
    def values(self) -> np.ndarray:
        """The kept draws in pounds, (areas, kept), float64 (rounded ones for a compact store)."""
        if self.unit is None:
            return self._values
        return self._values.astype(float) * self.unit

    @property
    def method(self) -> str:
        if self.exact:
            return "exact"
        if self.unit is not None:
            return (
                f"from all {self.paths:,} draws, each rounded to half precision: within 0.05% "
                f"+ {self.unit * 2.0**-25:.2g} pounds"
            )
        return f"from the first {self.kept:,} of {self.paths:,} draws"

    def add(self, start: int, values: np.ndarray) -> None:
        """Record draws ``start ..`` given as (draws, areas) (those past ``kept`` are dropped)."""
        stop = min(start + len(values), self.kept)
        if stop <= start:
            return
        if self.unit is not None:
            scaled = values[: stop - start] * (1.0 / self.unit)
            np.clip(
                scaled, -COMPACT_UNITS * 1.0077, COMPACT_UNITS * 1.0077, out=scaled
            )  # within float16's range
            self._values[:, start:stop] = scaled.T
        else:
            self._values[:, start:stop] = values[: stop - start].T

    def percentiles(self, qs: tuple[float, ...]) -> dict[str, np.ndarray]:
        """``{"p5": array(areas), ...}`` for percentiles ``qs`` (0-100)."""
        if self.compact:
            values = percentiles_by_selection(self._values, qs) * self.unit
        else:
            values = percentiles_by_row(self._values, qs)
        return {f"p{q:g}": v for q, v in zip(qs, values)}


def need_deciles(need: np.ndarray) -> np.ndarray:
    """Each area's need decile, 0 for the most deprived tenth of areas to 9 (equal counts)."""
    n = len(need)
    rank = np.empty(n, dtype=int)
    rank[np.argsort(-need, kind="stable")] = np.arange(n)
    return np.minimum(rank * 10 // n, 9)
