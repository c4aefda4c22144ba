"""Monte Carlo of the Community Recovery Fund over area data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from simulator.allocation import allocate
from simulator.data import Areas
from simulator.rng import Stream, chunk_bounds, chunk_size_for, standard_normal
from simulator.scenario import RecoveryFundConfig


def distributed_amount(cfg: RecoveryFundConfig) -> float:
    """Pounds that reach areas: the fund less the admin top-slice."""
    return cfg.total * (1.0 - cfg.admin_share)


def noisy_need(need: np.ndarray, sigma: float, z: np.ndarray) -> np.ndarray:
    """Need with mean-one lognormal measurement noise; exactly ``need`` when ``sigma`` is 0."""
    if sigma == 0:
        return np.broadcast_to(need, z.shape).copy()
    return need * np.exp(sigma * z - 0.5 * sigma * sigma)


def simulate_recovery(
    cfg: RecoveryFundConfig,
    areas: Areas,
    paths: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Pounds per area on every draw: an array of shape (paths, areas).

    ``progress(done, total)`` is called after each chunk of draws; it may raise to cancel.
    """
    need = areas.indicator(cfg.need_indicator)
    population = areas.population
    budget = distributed_amount(cfg)
    cap = None if cfg.cap_share >= 1 else cfg.cap_share * budget
    n = len(areas)
    bounds = chunk_bounds(paths, chunk_size_for(bytes_per_path=8 * n * 8))
    out = np.empty((paths, n))
    for done, (start, stop) in enumerate(bounds, start=1):
        z = standard_normal(seed, Stream.RECOVERY_INDICATOR, start, stop, (n,))
        out[start:stop] = allocate(
            noisy_need(need, cfg.indicator_uncertainty, z),
            population,
            budget,
            cfg.progressivity,
            cfg.eligible_share,
            cfg.floor,
            cap,
        )
        if progress is not None:
            progress(done, len(bounds))
    return out


def most_deprived(need: np.ndarray, share: float) -> np.ndarray:
    """Indices of the ``share`` of areas with the highest need, rounded up, at least one."""
    k = max(1, int(np.ceil(share * len(need) - 1e-9)))
    order = np.argsort(-need, kind="stable")
    return order[:k]
