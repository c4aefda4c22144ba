"""Global sensitivity with SALib: Sobol indices and Morris screening, for keys that interact.

A tornado moves one key at a time; when keys interact (the spending rate matters more when
returns are low), Sobol's first-order index says how much of the metric's variance over the
keys' ranges each key explains alone, and the total-order index how much it explains with all its
interactions. Morris screening ranks many keys for a fraction of the runs. Keys vary uniformly
over their ranges; every run uses the scenario's seed (common random numbers), so the indices
describe the keys, not the Monte Carlo noise. The designs are seeded, so results repeat.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from simulator.analysis import metrics as m
from simulator.analysis.evaluate import is_whole, require_all
from simulator.analysis.sensitivity.executor import Runner
from simulator.core.budget import check_points
from simulator.core.errors import FundsimError
from simulator.scenario import Scenario

Method = Literal["sobol", "morris"]
#: Seed of the SALib designs and bootstrap intervals (fixed, so a run repeats exactly).
DESIGN_SEED = 20200901


def _problem(ranges: dict[str, tuple[float, float]]) -> dict[str, Any]:
    for key, (low, high) in ranges.items():
        if not low < high:
            raise FundsimError(
                f"the range must go from low to high, got {low:g} to {high:g}", field=key
            )
    return {
        "num_vars": len(ranges),
        "names": list(ranges),
        "bounds": [list(map(float, r)) for r in ranges.values()],
    }


def design(ranges: dict[str, tuple[float, float]], method: Method, samples: int) -> np.ndarray:
    """The points to run: Saltelli's Sobol design (samples x (k + 2) rows) or Morris trajectories
    (samples x (k + 1) rows)."""
    problem = _problem(ranges)
    k = len(ranges)
    if samples >= 1:  # the design's rows are refused before the design is allocated
        rows = samples * (k + 2 if method == "sobol" else k + 1)
        check_points(rows, f"the {method} design ({samples:,} samples x {k} keys)")
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        if samples < 2 or samples & (samples - 1):
            raise FundsimError(
                f"Sobol samples must be a power of two (e.g. 64, 128), got {samples}"
            )
        return sobol_sample.sample(problem, samples, calc_second_order=False, seed=DESIGN_SEED)
    if method == "morris":
        from SALib.sample import morris as morris_sample

        if samples < 2:
            raise FundsimError(f"Morris needs at least 2 trajectories, got {samples}")
        return morris_sample.sample(problem, samples, num_levels=4, seed=DESIGN_SEED)
    raise FundsimError(f"method must be sobol or morris, got {method!r}")


def indices(
    ranges: dict[str, tuple[float, float]], method: Method, x: np.ndarray, y: np.ndarray
) -> list[dict[str, Any]]:
    """Per key: Sobol S1, ST (with 95% bootstrap half-widths) or Morris mu*, sigma."""
    problem = _problem(ranges)
    y = np.asarray(y, dtype=float)
    if not np.all(np.isfinite(y)):
        raise FundsimError(
            "the metric has no value at some points of the design (e.g. a median of no events); choose another metric"
        )
    clean = lambda v: float(v) if math.isfinite(float(v)) else None  # noqa: E731
    if method == "sobol":
        from SALib.analyze import sobol as sobol_analyze

        if float(np.var(y)) == 0.0:
            return [
                {"key": k, "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0} for k in ranges
            ]
        r = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=DESIGN_SEED)
        return [
            {
                "key": k,
                "S1": clean(r["S1"][i]),
                "S1_conf": clean(r["S1_conf"][i]),
                "ST": clean(r["ST"][i]),
                "ST_conf": clean(r["ST_conf"][i]),
            }
            for i, k in enumerate(ranges)
        ]
    from SALib.analyze import morris as morris_analyze

    r = morris_analyze.analyze(problem, x, y, num_levels=4, seed=DESIGN_SEED)
    return [
        {
            "key": k,
            "mu_star": clean(r["mu_star"][i]),
            "mu_star_conf": clean(r["mu_star_conf"][i]),
            "sigma": clean(r["sigma"][i]),
            "mu": clean(r["mu"][i]),
        }
        for i, k in enumerate(ranges)
    ]


def analyse_function(
    fn: Callable[[np.ndarray], np.ndarray],
    ranges: dict[str, tuple[float, float]],
    method: Method = "sobol",
    samples: int = 1024,
) -> list[dict[str, Any]]:
    """Indices of any vectorised function of the keys (one row per point): the same design and
    analysis as for a scenario, so a model with a known answer can check them."""
    x = design(ranges, method, samples)
    return indices(ranges, method, x, fn(x))


@dataclass
class GlobalResult:
    scenario: str
    seed: int
    paths: int
    metric: str
    method: Method
    samples: int
    ranges: dict[str, tuple[float, float]]
    runs: int
    keys: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.method,
            "scenario": self.scenario,
            "seed": self.seed,
            "paths": self.paths,
            "metric": self.metric,
            "samples": self.samples,
            "runs": self.runs,
            "ranges": {k: list(v) for k, v in self.ranges.items()},
            "keys": self.keys,
        }


def global_sensitivity(
    scenario: Scenario,
    ranges: dict[str, tuple[float, float]],
    metric: str,
    runner: Runner,
    method: Method = "sobol",
    samples: int = 64,
) -> GlobalResult:
    """Run the design on the scenario and compute the indices of ``metric``."""
    m.parse(metric)
    if len(ranges) < 2:
        raise FundsimError(f"{method} needs at least two keys to vary, got {len(ranges)}")
    x = design(ranges, method, samples)
    keys = list(ranges)
    whole = [is_whole(k) for k in keys]
    settings = [
        {k: (int(round(v)) if w else float(v)) for k, v, w in zip(keys, row, whole)} for row in x
    ]
    runner.metrics = [metric]
    points = runner.run(settings)
    require_all(points)  # the indices need every run of the design
    y = np.array([p.values[metric] for p in points], dtype=float)
    sim = scenario.simulation
    return GlobalResult(
        scenario.name,
        sim.seed,
        sim.paths,
        metric,
        method,
        samples,
        ranges,
        len(points),
        indices(ranges, method, x, y),
    )
