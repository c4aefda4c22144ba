"""The Levelling Up Communities Fund: an invested endowment paying grants every year.

Each year starts with any capital inflow; the spending rule (:mod:`simulator.spending`) then sets
the year's grant budget, paid in ``steps_per_year`` equal instalments. At each step the
instalment and the fees (``fees / steps`` of the value) are taken out and the rest grows by the
step's real return (:mod:`simulator.markets`) and inflation. Real amounts are nominal amounts
deflated by cumulative inflation, in pounds of year 0; grants are deflated by the price level
when each instalment is paid.

With one step a year, the fixed-rate rule and zero volatility, the real value after ``H`` years
is exactly ``initial * ((1 - spending_rate - fees) * (1 + real_return_mean))**H``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.markets import Markets
from simulator.parallel import ordered_map, worker_count
from simulator.rng import chunk_bounds, chunk_size_for
from simulator.scenario import EndowmentConfig
from simulator.spending import SpendingRule

#: A fund is depleted when its value falls to this fraction of the initial value or below.
DEPLETION_FRACTION = 1e-9


@dataclass
class EndowmentPaths:
    """Every simulated path: arrays of shape (paths, H + 1) for values, (paths, H) for grants.

    Values are at the start of each year (after that year's inflow); grants are paid during each
    year. Pounds; real amounts are in pounds of year 0.
    """

    value_nominal: np.ndarray
    value_real: np.ndarray
    grants_nominal: np.ndarray
    grants_real: np.ndarray


def _simulate_chunk(cfg: EndowmentConfig, markets: Markets, seed: int, start: int, stop: int) -> EndowmentPaths:
    horizon, steps = markets.horizon, markets.steps
    n = stop - start
    growth = markets.real_growth(seed, start, stop)  # (n, horizon * steps)
    inflation = markets.inflation(seed, start, stop)  # (n, horizon)
    inflows = markets.inflows(seed, start, stop)  # (n, horizon)
    step_inflation = (1.0 + inflation) ** (1.0 / steps)
    rule = SpendingRule(cfg, n)
    value = np.full(n, cfg.initial, dtype=float)
    price = np.ones(n)
    value_nominal = np.empty((n, horizon + 1))
    price_at_year = np.empty((n, horizon + 1))
    grants_nominal = np.zeros((n, horizon))
    grants_real = np.zeros((n, horizon))
    fee_rate = cfg.fees / steps
    for year in range(horizon):  # loops over years and steps; each step is vectorised over paths
        value = value + inflows[:, year]
        value_nominal[:, year] = value
        price_at_year[:, year] = price
        instalment = rule.budget(year, value, price) / steps
        for step in range(steps):
            paid = np.minimum(instalment, value)
            fee = np.minimum(fee_rate * value, value - paid)
            grants_nominal[:, year] += paid
            grants_real[:, year] += paid / price
            value = (value - paid - fee) * growth[:, year * steps + step] * step_inflation[:, year]
            price = price * step_inflation[:, year]
    value_nominal[:, horizon] = value
    price_at_year[:, horizon] = price
    return EndowmentPaths(value_nominal, value_nominal / price_at_year, grants_nominal, grants_real)


def simulate_endowment(
    cfg: EndowmentConfig,
    horizon: int,
    paths: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    steps_per_year: int = 1,
    base_dir: Path | None = None,
    workers: int | None = None,
) -> EndowmentPaths:
    """Simulate ``paths`` futures of the endowment over ``horizon`` years.

    ``progress(done, total)`` is called after each chunk of paths; it may raise to cancel.
    """
    markets = Markets(cfg, horizon, steps_per_year, base_dir)
    threads = workers or worker_count()
    by_memory = chunk_size_for(bytes_per_path=8 * horizon * (steps_per_year * (len(markets.weights) + 2) + 8), budget_bytes=64e6)
    bounds = chunk_bounds(paths, min(by_memory, -(-paths // (2 * threads))))
    parts = []
    for done, part in enumerate(ordered_map(lambda b: _simulate_chunk(cfg, markets, seed, *b), bounds, workers), start=1):
        parts.append(part)
        if progress is not None:
            progress(done, len(bounds))
    return EndowmentPaths(*(np.concatenate([getattr(p, f) for p in parts]) for f in EndowmentPaths.__dataclass_fields__))


def closed_form_real_value(cfg: EndowmentConfig, years: int) -> float:
    """Real value after ``years`` with zero volatility, fixed rate, annual steps (pounds of year 0)."""
    return cfg.initial * ((1 - cfg.spending_rate - cfg.fees) * (1 + cfg.real_return_mean)) ** years
