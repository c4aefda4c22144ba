"""Sweeps: one key over a range (a line with bands) or two keys over a grid (a heatmap).

Every point runs with the scenario's seed, so neighbouring points share their random draws
(common random numbers) and differences between them are the key's effect, not noise. A point
that cannot run is kept with its reason (a gap in the line or the heatmap); the others run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np

from simulator.analysis import metrics as m
from simulator.analysis.evaluate import Point, failures, is_whole, numeric_key, require_all
from simulator.analysis.sensitivity.executor import Runner
from simulator.core import budget
from simulator.core.budget import check_points
from simulator.core.errors import FundsimError
from simulator.scenario import Scenario

MAX_POINTS = budget.MAX_POINTS


def _number(text: str, key: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FundsimError(f"{what} must be a number, got {text!r}", field=key) from None
    if not math.isfinite(value):
        raise FundsimError(f"{what} must be a finite number, got {text!r}", field=key)
    return value


def _whole_count(text: str) -> int | None:
    """A count written as a float (``1e6``): the whole number, or None if it is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value) or value != math.floor(value):
        return None
    return int(value) if value <= 1e18 else 10**18  # beyond any limit: refused by its size


def check_ends(key: str, low: float, high: float, *, empty_ok: bool = False) -> None:
    """Refuse ends a whole-number key cannot take (``rounds=1.2:1.8`` would run rounds 1 and 2
    and report them backwards) and, unless ``empty_ok``, a range with equal ends."""
    if is_whole(key) and not (float(low).is_integer() and float(high).is_integer()):
        raise FundsimError(
            f"takes whole numbers; give whole-number ends, got {low:g} and {high:g}", field=key
        )
    if not empty_ok and low == high:
        raise FundsimError(f"the range is empty: both ends are {low:g}", field=key)


def split_key(text: str, option: str, form: str) -> tuple[str, str]:
    key, sep, spec = text.partition("=")
    if not sep or not key.strip() or not spec.strip():
        raise FundsimError(f"{option} needs {form}, got {text!r}")
    key = key.strip()
    numeric_key(key)
    return key, spec.strip()


@dataclass
class Axis:
    """One varied key and the values it takes."""

    key: str
    values: list[float]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "values": list(self.values)}


def axis(key: str, start: float, stop: float, count: int) -> Axis:
    """``count`` evenly spaced values from start to stop (whole numbers for whole-number keys)."""
    numeric_key(key)
    if count < 1:
        raise FundsimError(f"the number of points must be at least 1, got {count}", field=key)
    check_points(count, f"--vary {key}")  # before the values are allocated
    values = np.linspace(start, stop, count) if count > 1 else np.array([start])
    if is_whole(key):
        values = np.unique(np.round(values)) if start <= stop else np.unique(np.round(values))[::-1]
        return Axis(key, [int(v) for v in values])
    return Axis(key, [float(v) for v in values])


def parse_axis(text: str) -> Axis:
    """``"endowment.spending_rate=0.03:0.06:7"`` -> an :class:`Axis`."""
    form = "KEY=START:STOP:N, e.g. endowment.spending_rate=0.03:0.06:7"
    key, spec = split_key(text, "--vary", form)
    parts = spec.split(":")
    if len(parts) != 3:
        raise FundsimError(f"--vary needs {form}, got {text!r}")
    start, stop = _number(parts[0], key, "START"), _number(parts[1], key, "STOP")
    try:
        count = int(parts[2])
    except ValueError:
        count = _whole_count(parts[2])
    if count is None:
        raise FundsimError(
            f"N must be a whole number of points, got {parts[2]!r}", field=key
        ) from None
    check_ends(key, start, stop, empty_ok=count == 1)
    return axis(key, start, stop, count)


def band_names(name: str) -> tuple[str, str] | None:
    """For a mean or median with 5th and 95th percentiles beside it, their names (else None)."""
    if name.startswith("area:"):
        code, _, column = name.rpartition(".")
        return (f"{code}.p5", f"{code}.p95") if column in ("mean", "p50") else None
    head, sep, leaf = name.rpartition(".")
    index = ""
    if "[" in leaf:
        leaf, _, rest = leaf.partition("[")
        index = "[" + rest
    if sep and leaf in ("mean", "p50"):
        return f"{head}.p5{index}", f"{head}.p95{index}"
    return None


@dataclass
class SweepResult:
    """A sweep's grid and every point's metrics (first axis varies slowest)."""

    scenario: str
    seed: int
    paths: int
    axes: list[Axis]
    metrics: list[str]
    points: list[Point]
    bands: dict[str, tuple[str, str]] = field(default_factory=dict)

    def grid(self, metric: str, what: str = "values") -> np.ndarray:
        """A metric over the grid: shape (len(axis 1),) or (len(axis 1), len(axis 2)).

        ``what``: "values", "errors", or "low" / "high", the ends of its 95% Monte Carlo interval.
        """
        if what in ("low", "high"):
            end = 0 if what == "low" else 1
            flat = np.array([p.interval(metric)[end] for p in self.points], dtype=float)
            return flat.reshape([len(a.values) for a in self.axes])
        flat = np.array([getattr(p, what)[metric] for p in self.points], dtype=float)
        return flat.reshape([len(a.values) for a in self.axes])

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "sweep",
            "scenario": self.scenario,
            "seed": self.seed,
            "paths": self.paths,
            "axes": [a.to_dict() for a in self.axes],
            "metrics": list(self.metrics),
            "bands": {k: list(v) for k, v in self.bands.items()},
            "points": [p.to_dict() for p in self.points],
            "failures": self.failures(),
        }

    def failures(self) -> list[str]:
        """Every point that could not run, with its reason (drawn as a gap)."""
        return failures(self.points)


def sweep(scenario: Scenario, axes: list[Axis], metrics: list[str], runner: Runner) -> SweepResult:
    """Run every point of the grid of ``axes`` and read ``metrics`` (plus their 5-95% bands)."""
    if not 1 <= len(axes) <= 2:
        raise FundsimError(f"a sweep varies one or two keys, got {len(axes)}")
    if len(axes) == 2 and axes[0].key == axes[1].key:
        raise FundsimError("the two varied keys must differ", field=axes[0].key)
    if not metrics:
        raise FundsimError("name at least one metric (fundsim metrics lists them)")
    for name in metrics:
        m.parse(name)
    total = math.prod(len(a.values) for a in axes)
    if total > MAX_POINTS:
        raise FundsimError(f"the sweep has {total:,} points; at most {MAX_POINTS:,} are allowed")
    bands = {name: band_names(name) for name in metrics}
    bands = {k: v for k, v in bands.items() if v is not None}
    extra = [b for pair in bands.values() for b in pair if b not in metrics]
    runner.metrics = list(metrics) + list(dict.fromkeys(extra))
    settings = [
        dict(zip([a.key for a in axes], values)) for values in product(*(a.values for a in axes))
    ]
    points = runner.run(settings)
    if all(p.failure is not None for p in points):  # nothing to show
        require_all(points)
    sim = scenario.simulation
    return SweepResult(scenario.name, sim.seed, sim.paths, axes, list(metrics), points, bands)
