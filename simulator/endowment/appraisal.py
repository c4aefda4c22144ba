"""Green Book appraisal of the endowment: is it worth more than spending the capital now?

Real grants (pounds of year 0) are discounted at HM Treasury's social time preference rate,
by default 3.5% a year for years 0 to 30, 3.0% to year 75 and lower after that, with the rates
configurable (``discount_rates``, ``discount_years``). The endowment's present value is its
discounted grants plus the discounted real value it still holds at the horizon; spending the
capital up front is worth the initial capital plus each later inflow, spent as it arrives and
discounted the same way. The difference, path by path, says "endowment or spend now?" in pounds.
"""

from __future__ import annotations

import numpy as np

from simulator.endowment.run import EndowmentPaths
from simulator.measures import Band
from simulator.scenario import EndowmentConfig


def discount_factors(rates: list[float], years: list[int], horizon: int) -> np.ndarray:
    """``D[t]`` for ``t = 0..horizon``: ``D[0] = 1`` and ``D[t] = D[t-1] / (1 + r(t-1))``, where
    ``r(j)`` is the first rate for ``j < years[0]``, the second for ``years[0] <= j < years[1]``...

    So with the Green Book's 3.5% to year 30 and 3.0% from then on, ``D[30] = 1.035**-30`` and
    ``D[31] = D[30] / 1.03``."""
    steps = np.arange(horizon)
    rate = np.asarray(rates, dtype=float)[np.searchsorted(np.asarray(years), steps, side="right")]
    return np.concatenate([[1.0], np.cumprod(1.0 / (1.0 + rate))])


def present_value_of_grants(cfg: EndowmentConfig, grants_real: np.ndarray) -> np.ndarray:
    """Present value (pounds of year 0) of each path's real grants, years ``0 .. H-1`` in columns,
    discounted at the scenario's ``discount_rates`` and ``discount_years`` (year 0 undiscounted).

    The one discounting of grants: ``fundsim run``'s appraisal and ``fundsim compare`` both use it.
    """
    horizon = grants_real.shape[-1]
    d = discount_factors(cfg.discount_rates, cfg.discount_years, horizon)
    return grants_real @ d[:horizon]


def bands_of(rows: np.ndarray) -> list[Band]:
    """For each row of draws, its :class:`~simulator.measures.Band`: mean with its Monte Carlo
    standard error, the 5th, 50th and 95th percentiles and their intervals (one sort for all)."""
    together = Band.of(rows)
    return [together.row(i) for i in range(len(rows))]


def green_book(cfg: EndowmentConfig, paths: EndowmentPaths) -> dict:
    """Present values (pounds of year 0) of the endowment and of spending the capital up front."""
    horizon = paths.grants_real.shape[1]
    d = discount_factors(cfg.discount_rates, cfg.discount_years, horizon)
    grants = present_value_of_grants(cfg, paths.grants_real)
    remaining = paths.value_real[:, horizon] * d[horizon]
    if paths.capital_real is None:
        spend_now = np.full(len(grants), cfg.initial)
    else:
        inflows_real = np.diff(paths.capital_real, axis=1)[
            :, : horizon - 1
        ]  # paid at the start of years 1..H-1
        spend_now = cfg.initial + inflows_real @ d[1:horizon]
    endowment = grants + remaining
    ahead = endowment > spend_now
    p = float(ahead.mean())
    names = (
        "pv_grants_real",
        "pv_remaining_capital_real",
        "pv_endowment_real",
        "pv_spend_up_front_real",
        "endowment_minus_spend_up_front",
    )
    summary = bands_of(np.vstack([grants, remaining, endowment, spend_now, endowment - spend_now]))
    return {
        "discount_rates": list(cfg.discount_rates),
        "discount_years": list(cfg.discount_years),
        **dict(zip(names, summary)),
        "prob_endowment_ahead": p,
        "prob_endowment_ahead_se": float(np.sqrt(p * (1 - p) / len(grants))),
    }
