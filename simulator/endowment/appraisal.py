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
from simulator.scenario import EndowmentConfig


def discount_factors(rates: list[float], years: list[int], horizon: int) -> np.ndarray:
    """``D[t]`` for ``t = 0..horizon``: ``D[0] = 1`` and ``D[t] = D[t-1] / (1 + r(t-1))``, where
    ``r(j)`` is the first rate for ``j < years[0]``, the second for ``years[0] <= j < years[1]``...

    So with the Green Book's 3.5% to year 30 and 3.0% from then on, ``D[30] = 1.035**-30`` and
    ``D[31] = D[30] / 1.03``."""
    steps = np.arange(horizon)
    rate = np.asarray(rates, dtype=float)[np.searchsorted(np.asarray(years), steps, side="right")]
    return np.concatenate([[1.0], np.cumprod(1.0 / (1.0 + rate))])


def band(values: np.ndarray) -> dict[str, float]:
    """Mean with its Monte Carlo standard error, and the 5th, 50th and 95th percentiles."""
    p5, p50, p95 = np.percentile(values, (5, 50, 95))
    se = float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else float("nan")
    return {"mean": float(values.mean()), "mean_se": se, "p5": float(p5), "p50": float(p50), "p95": float(p95)}


def green_book(cfg: EndowmentConfig, paths: EndowmentPaths) -> dict:
    """Present values (pounds of year 0) of the endowment and of spending the capital up front."""
    horizon = paths.grants_real.shape[1]
    d = discount_factors(cfg.discount_rates, cfg.discount_years, horizon)
    grants = paths.grants_real @ d[:horizon]
    remaining = paths.value_real[:, horizon] * d[horizon]
    if paths.capital_real is None:
        spend_now = np.full(len(grants), cfg.initial)
    else:
        inflows_real = np.diff(paths.capital_real, axis=1)[:, : horizon - 1]  # paid at the start of years 1..H-1
        spend_now = cfg.initial + inflows_real @ d[1:horizon]
    endowment = grants + remaining
    ahead = endowment > spend_now
    p = float(ahead.mean())
    return {
        "discount_rates": list(cfg.discount_rates),
        "discount_years": list(cfg.discount_years),
        "pv_grants_real": band(grants),
        "pv_remaining_capital_real": band(remaining),
        "pv_endowment_real": band(endowment),
        "pv_spend_up_front_real": band(spend_now),
        "endowment_minus_spend_up_front": band(endowment - spend_now),
        "prob_endowment_ahead": p,
        "prob_endowment_ahead_se": float(np.sqrt(p * (1 - p) / len(grants))),
    }
