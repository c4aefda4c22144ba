"""Investment returns and inflation for the endowment, vectorised over paths and steps.

Returns are real (after inflation) and drawn per step (``steps_per_year`` a year). Every
parametric model draws **log** returns (so growth is never negative and no step loses
everything), calibrated so that a **year's** gross real growth has mean ``1 + real_return_mean``
and standard deviation ``real_return_vol`` whatever the number of steps (see
:mod:`simulator.endowment.calibration`):

- ``normal`` / ``lognormal`` (one model): a year's log return is normal; a step's draws are the
  year's normal spread over the steps, so the year's total is exactly that normal;
- ``student_t``: a year's log return is a fat-tailed Student-t of ``degrees_of_freedom``, unit
  variance, held within 10 standard deviations; the year's fat tail comes from one variance draw a
  year, so it does not average away over monthly or quarterly steps;
- ``bootstrap``: blocks of ``block_years`` consecutive years resampled (circularly) from a
  user's series of yearly real returns, each year's return spread evenly over its steps.

With ``real_return_mean_uncertainty`` above 0, each path first draws its own expected return,
``real_return_mean + real_return_mean_uncertainty * z`` (estimation risk, once per path; at least
-95%), and every year of that path is centred on it.

An asset mix draws correlated returns for each asset (a factor of the correlation matrix), and
the portfolio, rebalanced every step, earns their weighted sum. Inflation is a yearly AR(1)
process around ``inflation_mean`` whose long-run volatility is ``inflation_vol``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.core.errors import FundsimError
from simulator.core.rng import Stream, standard_gamma, standard_normal, uniform
from simulator.endowment.calibration import T_CLIP, log_return_parameters, mean_shift
from simulator.scenario import EndowmentConfig


def asset_table(cfg: EndowmentConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights, means, volatilities and a factor ``F`` with ``F @ F.T`` = correlations."""
    if not cfg.assets:
        return (
            np.ones(1),
            np.array([cfg.real_return_mean]),
            np.array([cfg.real_return_vol]),
            np.ones((1, 1)),
        )
    weights = np.array([a.weight for a in cfg.assets])
    means = np.array([a.real_return_mean for a in cfg.assets])
    vols = np.array([a.real_return_vol for a in cfg.assets])
    corr = (
        np.asarray(cfg.correlations, dtype=float) if cfg.correlations else np.eye(len(cfg.assets))
    )
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
            c
            for c in raw.frame.columns
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
        raise raw.error(
            f"a yearly return of {values[bad[0]]:g} is a loss of more than everything; write 5% as 0.05",
            int(bad[0]),
            str(column),
        )
    if np.abs(values).max() > 2:
        i = int(np.argmax(np.abs(values)))
        raise raw.error(
            f"a yearly return of {values[i]:g} looks like a percentage; write 5% as 0.05",
            i,
            str(column),
        )
    return values


def _numbers(series):
    import pandas as pd

    values = pd.to_numeric(series.str.replace(",", "", regex=False).str.strip(), errors="coerce")
    return None if values.isna().any() else values


class Markets:
    """Draws real growth per step and inflation per year for chunks of paths."""

    def __init__(
        self, cfg: EndowmentConfig, horizon: int, steps: int, base_dir: Path | None = None
    ) -> None:
        self.cfg, self.horizon, self.steps = cfg, horizon, steps
        self.weights, self.means, self.vols, self.factor = asset_table(cfg)
        self.series = None
        nu = cfg.degrees_of_freedom
        self.centre, self.scale = log_return_parameters(self.means, self.vols, cfg.return_model, nu)
        self.shift = mean_shift(self.means, self.scale, cfg.return_model, nu)
        if cfg.return_model == "bootstrap":
            if cfg.assets:
                raise FundsimError(
                    "cannot be combined with an asset mix", field="endowment.return_model"
                )
            path = Path(cfg.bootstrap_file).expanduser()
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            self.series = read_return_series(path)

    def centres(self, seed: int, start: int, stop: int) -> np.ndarray:
        """Each path's yearly log-return centre per asset: (paths, assets), or (assets,) when the
        expected return is known (no estimation risk)."""
        u = self.cfg.real_return_mean_uncertainty
        if u <= 0:
            return self.centre
        eps = standard_normal(seed, Stream.ENDOWMENT_RETURN_MEAN, start, stop, ())
        means = np.maximum(self.means[None, :] + u * eps[:, None], -0.95)
        return np.log1p(means) - self.shift[None, :]

    def real_growth(self, seed: int, start: int, stop: int) -> np.ndarray:
        """Gross real growth of the portfolio per step, > 0, step-major: (horizon * steps, paths).

        Step-major, so the step loop of the endowment reads one contiguous row a step.
        """
        cfg, steps, horizon = self.cfg, self.steps, self.horizon
        t = horizon * steps
        n = stop - start
        if self.series is not None:
            return np.ascontiguousarray(self._bootstrap(seed, start, stop).T)
        k = len(self.weights)
        centre = self.centres(seed, start, stop)  # (k,) or (n, k)
        z = standard_normal(seed, Stream.ENDOWMENT_MARKETS, start, stop, (t, k))
        if k > 1:
            z = z @ self.factor.T
        root = np.sqrt(steps)
        if cfg.return_model == "student_t":
            scale = self._t_scale(
                z, seed, start, stop
            )  # (n, horizon, k): the year's scale per step
        else:
            scale = self.scale / root
        if k == 1:  # one pass that also turns the array step-major
            growth = np.empty((t, n))
            zz = z[:, :, 0]
            if np.ndim(scale) == 0 or np.ndim(scale) == 1:
                np.multiply(zz.T, float(np.ravel(scale)[0]), out=growth)
            elif steps == 1:
                np.multiply(zz.T, scale[:, :, 0].T, out=growth)
            else:
                np.multiply(
                    zz.reshape(n, horizon, steps).transpose(1, 2, 0),
                    scale[:, :, 0].T[:, None, :],
                    out=growth.reshape(horizon, steps, n),
                )
            growth += (centre[:, 0] if np.ndim(centre) == 2 else centre[0]) / steps
            return np.exp(growth, out=growth)
        if np.ndim(scale) == 3:
            x = (z.reshape(n, horizon, steps, k) * scale[:, :, None, :]).reshape(n, t, k)
        else:
            x = z * scale
        x += (centre / steps)[:, None, :] if np.ndim(centre) == 2 else centre / steps
        np.exp(x, out=x)
        return np.ascontiguousarray((x @ self.weights).T)

    def _t_scale(self, z: np.ndarray, seed: int, start: int, stop: int) -> np.ndarray:
        """Per path, year and asset, the scale of each step's normal draw for Student-t years.

        One variance draw a year makes the year's log return ``m + s * Y`` with ``Y`` a
        unit-variance Student-t (the steps' normals add up to the year's normal), held within
        :data:`T_CLIP`."""
        nu, steps, horizon = self.cfg.degrees_of_freedom, self.steps, self.horizon
        n, k = z.shape[0], z.shape[-1]
        chi = standard_gamma(seed, Stream.ENDOWMENT_TAILS, start, stop, (horizon, 1), nu / 2.0) * (
            2.0 / nu
        )
        spread = np.sqrt((nu - 2.0) / nu) / np.sqrt(chi)  # (n, horizon, 1)
        by_year = z.reshape(n, horizon, steps, k)
        year_z = by_year[:, :, 0, :] if steps == 1 else by_year.sum(axis=2) / np.sqrt(steps)
        y = np.abs(year_z * spread)  # |Y|, (n, horizon, k)
        held = np.minimum(1.0, T_CLIP / np.maximum(y, 1e-300), out=y)
        held *= spread
        held *= self.scale / np.sqrt(steps)
        return held

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
