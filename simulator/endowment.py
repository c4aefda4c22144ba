"""The Levelling Up Communities Fund: an invested endowment paying grants every year.

For each year ``t = 0..H-1`` the grant ``S_t = spending_rate * V_t`` and the fees
``fees * V_t`` are taken from the start-of-year value ``V_t``; the rest earns that year's
nominal return ``(1 + real_t) * (1 + inflation_t) - 1``, with the real return and inflation
drawn from independent normal distributions. A return below -100% is treated as -100% (the fund
cannot owe money). Real values are nominal values deflated by cumulative inflation, in pounds
of year 0. With zero volatility the real value after ``H`` years is exactly
``initial * ((1 - spending_rate - fees) * (1 + real_return_mean))**H``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.rng import Stream, chunk_bounds, chunk_size_for, standard_normal
from simulator.scenario import EndowmentConfig

#: A fund is depleted when its value falls to this fraction of the initial value or below.
DEPLETION_FRACTION = 1e-9


@dataclass
class EndowmentPaths:
    """Every simulated path: arrays of shape (paths, H + 1) for values, (paths, H) for grants.

    Values are at the start of each year; grants are paid during each year. Pounds; real
    amounts are in pounds of year 0.
    """

    value_nominal: np.ndarray
    value_real: np.ndarray
    grants_nominal: np.ndarray
    grants_real: np.ndarray


def _simulate_chunk(cfg: EndowmentConfig, horizon: int, z: np.ndarray) -> EndowmentPaths:
    """Run one chunk of paths. ``z`` holds standard normals of shape (paths, horizon, 2)."""
    n = z.shape[0]
    growth_real = np.maximum(1.0 + cfg.real_return_mean + cfg.real_return_vol * z[:, :, 0], 0.0)
    growth_infl = np.maximum(1.0 + cfg.inflation_mean + cfg.inflation_vol * z[:, :, 1], 0.0)
    value_nominal = np.empty((n, horizon + 1))
    grants_nominal = np.empty((n, horizon))
    deflator = np.ones((n, horizon + 1))
    np.cumprod(growth_infl, axis=1, out=deflator[:, 1:])
    keep = 1.0 - cfg.spending_rate - cfg.fees
    value = np.full(n, cfg.initial, dtype=float)
    value_nominal[:, 0] = value
    for t in range(horizon):  # a loop over years; every step is vectorised over paths
        grants_nominal[:, t] = cfg.spending_rate * value
        value = value * keep * growth_real[:, t] * growth_infl[:, t]
        value_nominal[:, t + 1] = value
    return EndowmentPaths(
        value_nominal=value_nominal,
        value_real=value_nominal / deflator,
        grants_nominal=grants_nominal,
        grants_real=grants_nominal / deflator[:, :-1],
    )


def simulate_endowment(
    cfg: EndowmentConfig,
    horizon: int,
    paths: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> EndowmentPaths:
    """Simulate ``paths`` futures of the endowment over ``horizon`` years.

    ``progress(done, total)`` is called after each chunk of paths; it may raise to cancel.
    """
    bounds = chunk_bounds(paths, chunk_size_for(bytes_per_path=8 * horizon * 8))
    parts = []
    for done, (start, stop) in enumerate(bounds, start=1):
        z = standard_normal(seed, Stream.ENDOWMENT_MARKETS, start, stop, (horizon, 2))
        parts.append(_simulate_chunk(cfg, horizon, z))
        if progress is not None:
            progress(done, len(bounds))
    return EndowmentPaths(*(np.concatenate([getattr(p, f) for p in parts]) for f in EndowmentPaths.__dataclass_fields__))


def closed_form_real_value(cfg: EndowmentConfig, years: int) -> float:
    """Real value after ``years`` with zero volatility (pounds of year 0)."""
    return cfg.initial * ((1 - cfg.spending_rate - cfg.fees) * (1 + cfg.real_return_mean)) ** years
