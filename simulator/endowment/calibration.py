"""Yearly return figures turned into the parameters of log returns.

Every parametric return model draws **log** real returns, so gross growth ``exp(x)`` is always
above zero: no model can lose all of the fund in a step. The stated ``real_return_mean`` (mu) and
``real_return_vol`` (sigma) are the mean and standard deviation of a **year's** gross real growth
``G``, ``E[G] = 1 + mu`` and ``SD[G] = sigma``, whatever the number of steps a year:

- ``normal`` and ``lognormal`` (the same model): a year's log return is normal with standard
  deviation ``s = sqrt(log(1 + sigma**2 / (1 + mu)**2))`` and mean ``m = log(1 + mu) - s**2 / 2``;
- ``student_t``: a year's log return is ``m + s * Y`` with ``Y`` a Student-t variable of
  ``degrees_of_freedom`` scaled to unit variance and held within :data:`T_CLIP` standard
  deviations (without a bound the expected growth of a fat-tailed log return is infinite); ``s``
  and ``m`` are solved numerically so that ``E[G]`` and ``SD[G]`` are exactly the stated figures.

Within a year, steps split the year's log return as a Brownian bridge would: the step draws are
the year's normal variable spread over the steps, so the year's total has exactly the yearly
distribution above (see :class:`simulator.endowment.markets.Markets`).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

#: A Student-t year's log return is held within this many standard deviations of its centre.
T_CLIP = 10.0
_GRID = 4_001  # Simpson's rule on a smooth integrand: error far below 1e-12


def _t_unit_pdf(y: np.ndarray, nu: float) -> np.ndarray:
    """Density of a Student-t variable with ``nu`` degrees of freedom scaled to unit variance."""
    k = math.sqrt((nu - 2.0) / nu)
    t = y / k
    log_c = math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2) - 0.5 * math.log(nu * math.pi)
    return np.exp(log_c - (nu + 1) / 2 * np.log1p(t * t / nu)) / k


def clipped_t_mgf(s: np.ndarray, nu: float, clip: float = T_CLIP) -> np.ndarray:
    """``E[exp(s * Y)]`` for ``Y`` a unit-variance Student-t held within ``[-clip, clip]``."""
    y = np.linspace(-clip, clip, _GRID)
    f = _t_unit_pdf(y, nu)
    w = np.full(_GRID, 2.0)
    w[1::2] = 4.0
    w[0] = w[-1] = 1.0
    w *= (y[1] - y[0]) / 3.0  # Simpson's rule
    inside = float(w @ f)
    tail = max(0.0, (1.0 - inside) / 2.0)  # the mass beyond each bound sits on the bound
    s = np.atleast_1d(np.asarray(s, dtype=float))
    return (np.exp(np.outer(s, y)) * f) @ w + tail * (np.exp(s * clip) + np.exp(-s * clip))


def log_return_parameters(
    means: np.ndarray, vols: np.ndarray, model: str, nu: float = 5.0
) -> tuple[np.ndarray, np.ndarray]:
    """Per asset: the yearly log-return centre ``m`` and scale ``s`` that give the stated yearly
    mean ``E[G] = 1 + mean`` and standard deviation ``SD[G] = vol`` of gross real growth."""
    means = np.asarray(means, dtype=float)
    vols = np.asarray(vols, dtype=float)
    ratio = 1.0 + (vols / (1.0 + means)) ** 2  # E[G^2] / E[G]^2
    if model != "student_t":
        s = np.sqrt(np.log(ratio))
        return np.log1p(means) - 0.5 * s * s, s
    s = np.array([_t_scale(float(r), float(nu)) for r in ratio])  # one per asset
    m = np.log1p(means) - np.log(clipped_t_mgf(s, nu))
    return m, s


@lru_cache(maxsize=256)
def _t_scale(target: float, nu: float) -> float:
    """The scale ``s`` with ``E[exp(2sY)] / E[exp(sY)]**2 = target`` (bisection; the ratio rises with s)."""
    if target <= 1.0:
        return 0.0
    lo, hi = 0.0, math.sqrt(math.log(target)) * 2.0 + 1e-3
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        m1, m2 = clipped_t_mgf(np.array([mid, 2 * mid]), nu)
        if m2 / (m1 * m1) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def mean_shift(means: np.ndarray, s: np.ndarray, model: str, nu: float = 5.0) -> np.ndarray:
    """``log E[exp(s Y)]``: what the centre ``m`` gives up so that ``E[G] = 1 + mean``."""
    if model != "student_t":
        return 0.5 * s * s
    return np.log(clipped_t_mgf(s, nu))
