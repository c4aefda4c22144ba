"""Investment returns and inflation for the endowment, vectorised over paths and steps.

Returns are real (after inflation) and drawn per step (``steps_per_year`` a year). Every model
is calibrated so that with zero volatility a year's real growth is exactly
``1 + real_return_mean``:

- ``normal``: per-step return ``(1 + mu)**(1/S) - 1 + sigma / sqrt(S) * z``;
- ``lognormal``: per-step log-return normal, calibrated so a year's gross return has mean
  ``1 + mu`` and standard deviation ``sigma``;
- ``student_t``: as ``normal`` with ``z`` replaced by a Student-t variable of
  ``degrees_of_freedom`` scaled to unit variance (fat tails, same mean and volatility);
- ``bootstrap``: blocks of ``block_years`` consecutive years resampled (circularly) from a
  user's series of yearly real returns, each year's return spread evenly over its steps.

An asset mix draws correlated returns for each asset (a factor of the correlation matrix), and
the portfolio, rebalanced every step, earns their weighted sum. Inflation is a yearly AR(1)
process around ``inflation_mean`` whose long-run volatility is ``inflation_vol``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.core.errors import FundsimError
from simulator.core.rng import Stream, standard_gamma, standard_normal, uniform
from simulator.scenario import EndowmentConfig


def asset_table(cfg: EndowmentConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights, means, volatilities and a factor ``F`` with ``F @ F.T`` = correlations."""
    if not cfg.assets:
        return np.ones(1), np.array([cfg.real_return_mean]), np.array([cfg.real_return_vol]), np.ones((1, 1))
    weights = np.array([a.weight for a in cfg.assets])
    means = np.array([a.real_return_mean for a in cfg.assets])
    vols = np.array([a.real_return_vol for a in cfg.assets])
    corr = np.asarray(cfg.correlations, dtype=float) if cfg.correlations else np.eye(len(cfg.assets))
    values, vectors = np.linalg.eigh(corr)  # works for semi-definite matrices, unlike Cholesky
    factor = vectors * np.sqrt(np.clip(values, 0, None))
    return weights, means, vols, factor


def read_return_series(path: Path) -> np.ndarray:
    """Yearly real returns from a CSV: a ``real_return`` column, or the only numeric column."""
    from simulator.data.readers import read_csv

    raw = read_csv(path)
    headers = {str(c).strip().lower(): c for c in raw.frame.columns}
    column = headers.get("real_return")
    if column is None:
        numeric = [
            c for c in raw.frame.columns
            if raw.frame[c].str.strip().ne("").all() and _numbers(raw.frame[c]) is not None
        ]
        if len(numeric) != 1:
            raise FundsimError(
                "needs a column named real_return (or exactly one numeric column) of yearly real "
                f"returns, e.g. 0.05 for 5% (found: {', '.join(map(str, raw.frame.columns))})",
                file=raw.file,
                row=1,
            )
        column = numeric[0]
    from simulator.data.load import parse_numbers

    values = parse_numbers(raw, column)
    if len(values) < 2:
        raise FundsimError("needs at least two years of returns", file=raw.file, column=str(column))
    bad = np.flatnonzero(values <= -1)
    if bad.size:
        raise raw.error(f"a yearly return of {values[bad[0]]:g} is a loss of more than everything; write 5% as 0.05", int(bad[0]), str(column))
    if np.abs(values).max() > 2:
        i = int(np.argmax(np.abs(values)))
        raise raw.error(f"a yearly return of {values[i]:g} looks like a percentage; write 5% as 0.05", i, str(column))
    return values


def _numbers(series):
    import pandas as pd

    values = pd.to_numeric(series.str.replace(",", "", regex=False).str.strip(), errors="coerce")
    return None if values.isna().any() else values


class Markets:
    """Draws real growth per step and inflation per year for chunks of paths."""

    def __init__(self, cfg: EndowmentConfig, horizon: int, steps: int, base_dir: Path | None = None) -> None:
        self.cfg, self.horizon, self.steps = cfg, horizon, steps
        self.weights, self.means, self.vols, self.factor = asset_table(cfg)
        self.series = None
        if cfg.return_model == "bootstrap":
            if cfg.assets:
                raise FundsimError("cannot be combined with an asset mix", field="endowment.return_model")
            path = Path(cfg.bootstrap_file).expanduser()
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            self.series = read_return_series(path)

    def real_growth(self, seed: int, start: int, stop: int) -> np.ndarray:
        """Gross real growth of the portfolio per step, >= 0, step-major: (horizon * steps, paths).

        Step-major, so the step loop of the endowment reads one contiguous row a step.
        """
        cfg, s = self.cfg, self.steps
        t = self.horizon * s
        if self.series is not None:
            return np.ascontiguousarray(self._bootstrap(seed, start, stop).T)
        k = len(self.weights)
        z = standard_normal(seed, Stream.ENDOWMENT_MARKETS, start, stop, (t, k))
        if k > 1:
            z = z @ self.factor.T
        if cfg.return_model == "student_t":
            nu = cfg.degrees_of_freedom
            chi = standard_gamma(seed, Stream.ENDOWMENT_TAILS, start, stop, (t, 1), nu / 2.0) * (2.0 / nu)
            z *= np.sqrt((nu - 2.0) / nu) / np.sqrt(chi)
        if k == 1 and cfg.return_model != "lognormal":
            # one pass that also turns the array step-major
            growth = np.empty((t, stop - start))
            np.multiply(z[:, :, 0].T, self.vols[0] / np.sqrt(s), out=growth)
            growth += (1 + self.means[0]) ** (1.0 / s)
            return np.maximum(growth, 0.0, out=growth)
        if cfg.return_model == "lognormal":
            var = np.log1p((self.vols / (1 + self.means)) ** 2)
            mu = np.log1p(self.means) - 0.5 * var
            gross = np.exp(mu / s + np.sqrt(var / s) * z)
        else:
            gross = (1 + self.means) ** (1.0 / s) + (self.vols / np.sqrt(s)) * z
        growth = gross[..., 0] if k == 1 else gross @ self.weights
        return np.ascontiguousarray(np.maximum(growth, 0.0).T)

    def _bootstrap(self, seed: int, start: int, stop: int) -> np.ndarray:
        series, b = self.series, self.cfg.block_years
        blocks = -(-self.horizon // b)
        u = uniform(seed, Stream.ENDOWMENT_BOOTSTRAP, start, stop, (blocks,))
        starts = np.floor(u * len(series)).astype(np.int64)
        years = np.arange(self.horizon)
        index = (starts[:, years // b] + years % b) % len(series)
        yearly = 1.0 + series[index]
        return np.repeat(yearly ** (1.0 / self.steps), self.steps, axis=1)

    def inflation(self, seed: int, start: int, stop: int) -> np.ndarray:
        """Yearly inflation rates: shape (paths, horizon), AR(1) around the mean."""
        cfg = self.cfg
        eps = standard_normal(seed, Stream.ENDOWMENT_INFLATION, start, stop, (self.horizon,))
        phi, vol = cfg.inflation_persistence, cfg.inflation_vol
        if phi == 0:
            return np.maximum(cfg.inflation_mean + vol * eps, -0.99)
        x = np.empty_like(eps)
        x[:, 0] = vol * eps[:, 0]  # start from the long-run distribution
        shock = vol * np.sqrt(1 - phi * phi)
        for y in range(1, self.horizon):  # a loop over years, vectorised over paths
            x[:, y] = phi * x[:, y - 1] + shock * eps[:, y]
        return np.maximum(cfg.inflation_mean + x, -0.99)

    def inflows(self, seed: int, start: int, stop: int) -> np.ndarray:
        """Capital paid in at the start of each year (pounds of the day): (paths, horizon)."""
        cfg = self.cfg
        out = np.zeros((stop - start, self.horizon))
        years = min(cfg.inflow_years, self.horizon - 1)
        if cfg.inflow_amount <= 0 or years <= 0:
            return out
        if cfg.inflow_uncertainty > 0:
            sigma = np.sqrt(np.log1p(cfg.inflow_uncertainty**2))
            z = standard_normal(seed, Stream.ENDOWMENT_INFLOWS, start, stop, (years,))
            out[:, 1 : years + 1] = cfg.inflow_amount * np.exp(sigma * z - 0.5 * sigma * sigma)
        else:
            out[:, 1 : years + 1] = cfg.inflow_amount
        return out
