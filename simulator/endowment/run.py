"""The Levelling Up Communities Fund: an invested endowment paying grants every year.

Each year starts with any capital inflow; the spending rule (:mod:`simulator.endowment.spending`) then sets
the year's grant budget, paid in ``steps_per_year`` equal instalments. At each step the
instalment and the fees (``fees / steps`` of the value) are taken out and the rest grows by the
step's real return (:mod:`simulator.endowment.markets`) and inflation. Real amounts are nominal amounts
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

from simulator.core.parallel import ordered_map, worker_count
from simulator.core.rng import chunk_bounds, chunk_size_for
from simulator.endowment.markets import Markets
from simulator.endowment.spending import SpendingRule
from simulator.scenario import EndowmentConfig, Scenario

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
    #: Capital paid in to date (initial plus inflows, each in pounds of year 0 when paid), at the
    #: start of each year: (paths, H + 1); None when nothing is paid in after year 0.
    capital_real: np.ndarray | None = None


def _rows(horizon: int, paths: int, capital: bool) -> EndowmentPaths:
    """Step-major arrays (a row a year, contiguous along paths) for the whole run; each chunk
    writes its columns in place, so nothing is joined afterwards."""
    return EndowmentPaths(
        np.empty((horizon + 1, paths)),
        np.empty((horizon + 1, paths)),
        np.zeros((horizon, paths)),
        np.zeros((horizon, paths)),
        np.empty((horizon + 1, paths)) if capital else None,
    )


def _simulate_chunk(
    cfg: EndowmentConfig, markets: Markets, seed: int, start: int, stop: int, rows: EndowmentPaths
) -> None:
    """Simulate paths ``start:stop`` into their columns of ``rows`` (from :func:`_rows`)."""
    horizon, steps = markets.horizon, markets.steps
    n = stop - start
    total_steps = horizon * steps
    # Everything is laid out step-major (steps x paths) so each step works on contiguous rows,
    # and what does not depend on the spending rule is computed up front for the whole chunk.
    yearly_inflation = 1.0 + markets.inflation(seed, start, stop).T  # (horizon, paths)
    step_inflation = yearly_inflation if steps == 1 else yearly_inflation ** (1.0 / steps)
    gross = markets.real_growth(seed, start, stop).reshape(horizon, steps, n)
    gross *= step_inflation[:, None, :]  # nominal growth per step
    gross = gross.reshape(total_steps, n)
    inflows = markets.inflows(seed, start, stop)
    rule = SpendingRule(cfg, n)
    value = np.full(n, cfg.initial, dtype=float)
    price = np.ones(n)  # price level now, 1 at the start
    value_nominal = rows.value_nominal[:, start:stop]
    price_at_year = np.empty((horizon + 1, n))
    grants_nominal = rows.grants_nominal[:, start:stop]
    grants_real = rows.grants_real[:, start:stop]
    paid = np.empty(n)
    scratch = np.empty(n)
    keep = 1.0 - cfg.fees / steps  # fees are a share of the value at each step
    capital = None
    if rows.capital_real is not None:
        capital = rows.capital_real[:, start:stop]
        capital[0] = cfg.initial
    for year in range(horizon):  # loops over years and steps; each step is vectorised over paths
        if capital is not None:
            value += inflows[:, year]
            if year > 0:
                capital[year] = capital[year - 1] + inflows[:, year] / price
        value_nominal[year] = value
        price_at_year[year] = price
        instalment = rule.budget(year, value, price.copy())
        if steps > 1:
            instalment = instalment / steps  # a new array: the rule keeps the year's budget
        for k in range(year * steps, (year + 1) * steps):
            if steps == 1:  # write straight into the year's row
                paid = np.minimum(instalment, value, out=grants_nominal[year])
                np.divide(paid, price, out=grants_real[year])
            else:
                np.minimum(instalment, value, out=paid)
                grants_nominal[year] += paid
                np.divide(paid, price, out=scratch)
                grants_real[year] += scratch
            if keep != 1.0:
                value *= keep
            value -= paid
            np.maximum(value, 0.0, out=value)  # fees take what the grant left, never more
            value *= gross[k]
            price *= step_inflation[year]
    value_nominal[horizon] = value
    price_at_year[horizon] = price
    if capital is not None:
        capital[horizon] = capital[horizon - 1]
    np.divide(value_nominal, price_at_year, out=rows.value_real[:, start:stop])


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
    by_memory = chunk_size_for(
        bytes_per_path=8 * horizon * (steps_per_year * (len(markets.weights) + 2) + 8),
        budget_bytes=64e6,
    )
    bounds = chunk_bounds(paths, min(by_memory, -(-paths // threads)))
    rows = _rows(horizon, paths, cfg.inflow_amount > 0)
    for done, _ in enumerate(
        ordered_map(lambda b: _simulate_chunk(cfg, markets, seed, *b, rows), bounds, workers),
        start=1,
    ):
        if progress is not None:
            progress(done, len(bounds))
    # (paths, years) views of the step-major arrays: contiguous along paths, as bands need
    return EndowmentPaths(
        *(
            None if getattr(rows, f) is None else getattr(rows, f).T
            for f in EndowmentPaths.__dataclass_fields__
        )
    )


def simulate_scenario_endowment(
    scenario: Scenario,
    progress: Callable[[int, int], None] | None = None,
    *,
    paths: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
) -> EndowmentPaths:
    """A scenario's endowment paths: its own settings, horizon, steps and folder (for a returns
    file), with its own number of paths and seed unless others are given (a comparison's)."""
    sim = scenario.simulation
    return simulate_endowment(
        scenario.endowment,
        sim.horizon_years,
        sim.paths if paths is None else paths,
        sim.seed if seed is None else seed,
        progress,
        steps_per_year=sim.steps_per_year,
        base_dir=scenario.base_dir(),
        workers=workers,
    )


def closed_form_real_value(cfg: EndowmentConfig, years: int) -> float:
    """Real value after ``years`` with zero volatility, fixed rate, annual steps (pounds of year 0)."""
    return cfg.initial * ((1 - cfg.spending_rate - cfg.fees) * (1 + cfg.real_return_mean)) ** years
