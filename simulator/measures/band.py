"""Typed per-draw summaries: a :class:`Band` (mean, its Monte Carlo standard error, percentiles
with distribution-free intervals) and the two standard errors every output uses.

Uncertainty is stated one way everywhere:

- a **mean** of ``n`` independent draws has the Monte Carlo standard error ``sd / sqrt(n)``
  (:func:`mean_se`), and only a mean is ever written with "±";
- a **probability** (a share of draws) has the binomial error ``sqrt(p (1 - p) / n)``
  (:func:`share_se`);
- a **percentile** has a 95% confidence interval from the order statistics of the draws
  (:func:`order_ranks`): the ranks ``j < k`` with ``P(j <= B < k) >= 95%`` for ``B ~
  Binomial(n, q)``. It assumes nothing about the distribution, and it is asymmetric where the
  distribution is (the 5th percentile of a right-skewed value is known far more tightly than its
  95th).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Percentiles every band carries.
PERCENTILES: tuple[float, ...] = (5.0, 50.0, 95.0)
#: Confidence of the intervals around percentiles.
CONFIDENCE = 0.95


def mean_se(values: Any, mean: Any = None) -> Any:
    """Monte Carlo standard error of the mean along the last axis: ``sd / sqrt(n)`` (sample sd).

    One pass for the sum of squares; a variance below the precision of the numbers themselves
    (a constant column, up to rounding) counts as zero."""
    values = np.asarray(values, dtype=float)
    n = values.shape[-1]
    if n < 2:
        return np.full(values.shape[:-1], np.nan) if values.ndim > 1 else float("nan")
    if mean is None:
        mean = values.mean(axis=-1)
    mean_square = np.einsum("...i,...i->...", values, values) / n
    variance = mean_square - np.square(mean)
    variance = np.where(variance > 1e-10 * mean_square, variance, 0.0) * (n / (n - 1))
    se = np.sqrt(variance / n)
    return float(se) if np.ndim(se) == 0 else se


def share_se(p: Any, n: int) -> Any:
    """Monte Carlo standard error of a share of ``n`` independent draws: ``sqrt(p (1 - p) / n)``."""
    if p is None or n < 1:
        return None
    p = np.asarray(p, dtype=float)
    se = np.sqrt(np.clip(p * (1 - p), 0, None) / n)
    return float(se) if np.ndim(se) == 0 else se


@functools.lru_cache(maxsize=256)
def order_ranks(n: int, q: float, confidence: float = CONFIDENCE) -> tuple[int, int]:
    """0-based ranks ``(lo, hi)`` of the sorted draws that bound the ``q``-quantile (``0 < q <
    1``) with at least ``confidence`` (exact binomial; the ranks are clipped to the draws, so
    with few draws the interval is the whole range)."""
    if n < 1:
        return 0, 0
    k = np.arange(n + 1)
    if q <= 0 or q >= 1:
        edge = 0 if q <= 0 else n - 1
        return edge, edge
    # log binomial pmf by a running product, exact for any n
    steps = np.log((n - k[1:] + 1) / k[1:]) + math.log(q / (1 - q))
    log_pmf = np.concatenate([[n * math.log1p(-q)], n * math.log1p(-q) + np.cumsum(steps)])
    cdf = np.cumsum(np.exp(log_pmf - log_pmf.max()))
    cdf /= cdf[-1]
    tail = (1 - confidence) / 2
    j = int(np.searchsorted(cdf, tail, side="left"))  # P(B <= j) >= tail: rank j (1-based) low
    k_hi = int(np.searchsorted(cdf, 1 - tail, side="left")) + 1  # P(B <= k-1) >= 1 - tail
    return max(j, 1) - 1, min(k_hi, n) - 1


def _at(ordered: np.ndarray, q: float) -> np.ndarray:
    """numpy's default (linear) percentile of sorted rows."""
    n = ordered.shape[-1]
    position = q / 100.0 * (n - 1)
    lower = int(np.floor(position))
    upper = min(lower + 1, n - 1)
    fraction = position - lower
    low = ordered[..., lower]
    return low if fraction == 0 else low + fraction * (ordered[..., upper] - low)


def _scalar(value: Any) -> Any:
    return float(value) if np.ndim(value) == 0 else value


@dataclass(frozen=True, eq=False)
class Band(Mapping[str, Any]):
    """The summary of a per-draw measure over ``n`` draws: mean with its Monte Carlo standard
    error, percentiles and each percentile's distribution-free 95% interval.

    Each field is a number, or an array for a measure by year (or by area). A band reads like
    the dict it is written as in the JSON (``band["p5"]``, ``band["p5_low"]``), so tables and
    charts read it by key; :meth:`to_dict` is that JSON form.
    """

    mean: Any
    mean_se: Any
    percentiles: Mapping[float, Any]
    low: Mapping[float, Any] = field(default_factory=dict)
    high: Mapping[float, Any] = field(default_factory=dict)
    n: int = 0

    @classmethod
    def of(cls, draws: Any, percentiles: tuple[float, ...] = PERCENTILES) -> Band:
        """The band of draws along the last axis (one sort for all percentiles and intervals)."""
        values = np.asarray(draws, dtype=float)
        n = values.shape[-1]
        ordered = np.sort(values, axis=-1)
        mean = values.mean(axis=-1)
        qs = tuple(float(q) for q in percentiles)
        low, high = {}, {}
        for q in qs:
            lo, hi = order_ranks(n, q / 100.0)
            low[q], high[q] = _scalar(ordered[..., lo]), _scalar(ordered[..., hi])
        return cls(
            mean=_scalar(mean),
            mean_se=mean_se(values, mean),
            percentiles={q: _scalar(_at(ordered, q)) for q in qs},
            low=low,
            high=high,
            n=n,
        )

    @classmethod
    def of_columns(cls, draws: Any, percentiles: tuple[float, ...] = PERCENTILES) -> Band:
        """The band of each column of a (draws x columns) array, e.g. paths x years."""
        return cls.of(np.ascontiguousarray(np.asarray(draws, dtype=float).T), percentiles)

    @classmethod
    def of_many(
        cls, named: Mapping[str, np.ndarray], percentiles: tuple[float, ...] = PERCENTILES
    ) -> dict[str, Band]:
        """Bands of several per-draw measures of the same draws, sorted in one call."""
        if not named:
            return {}
        together = cls.of(
            np.array([np.asarray(v, dtype=float) for v in named.values()]), percentiles
        )
        return {name: together.row(i) for i, name in enumerate(named)}

    def row(self, i: int) -> Band:
        """Row ``i`` of a band over several measures (or areas) as a band of numbers."""

        def pick(v: Any) -> float:
            return float(np.asarray(v)[i])

        return Band(
            mean=pick(self.mean),
            mean_se=pick(self.mean_se),
            percentiles={q: pick(v) for q, v in self.percentiles.items()},
            low={q: pick(v) for q, v in self.low.items()},
            high={q: pick(v) for q, v in self.high.items()},
            n=self.n,
        )

    def percentile(self, q: float) -> Any:
        return self.percentiles[float(q)]

    def interval(self, q: float) -> tuple[Any, Any]:
        """The 95% interval of the ``q``-th percentile (distribution-free, asymmetric)."""
        return self.low[float(q)], self.high[float(q)]

    def scaled(self, factor: Any) -> Band:
        """The band of the measure times ``factor`` (> 0), e.g. a share of a total."""

        def times(m: Mapping[float, Any]) -> dict[float, Any]:
            return {q: v * factor for q, v in m.items()}

        return Band(
            self.mean * factor,
            self.mean_se * factor,
            times(self.percentiles),
            times(self.low),
            times(self.high),
            self.n,
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(self._json)

    @functools.cached_property
    def _json(self) -> dict[str, Any]:
        out: dict[str, Any] = {f"p{q:g}": v for q, v in self.percentiles.items()}
        out["mean"] = self.mean
        out["mean_se"] = self.mean_se
        for q in self.percentiles:
            if q in self.low:
                out[f"p{q:g}_low"] = self.low[q]
                out[f"p{q:g}_high"] = self.high[q]
        return out

    # Mapping: a band reads like its JSON form
    def __getitem__(self, key: str) -> Any:
        return self._json[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._json)

    def __len__(self) -> int:
        return len(self._json)
