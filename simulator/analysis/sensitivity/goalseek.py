"""Goal seek: the value of one key at which a metric reaches a target.

The key's range is first scanned on a coarse grid to bracket the first place where the metric
crosses the target, then the bracket is narrowed (bisection, or k-section with k points run in
parallel) until it is narrower than the tolerance. Every run shares the same random draws, so the
metric is an exact, repeatable function of the key and the bracket is trustworthy.

The answer is the end of the final bracket at which the metric meets the target (``>=`` by
default, ``<=`` with ``goal="at_most"``), so running the scenario at that value meets the target;
the metric achieved there and its Monte Carlo standard error are reported with the bracket.

**How sure is the answer?** With other random draws the metric would cross the target at a
slightly different value. The answer's standard error is the delta method's: the metric's Monte
Carlo standard error at the answer divided by the metric's slope there, ``se(x) = se(f) / |f'|``
(for a percentile, ``se(f)`` is its order-statistic interval's width over ``2 x 1.96``).
The slope is measured by two runs about ``answer +- h``, where ``h`` is chosen (from the coarse
scan's slope) so that the metric moves by about eight standard errors between them: a probability
of a finite number of draws is a step function of the key, so a narrower secant would measure one
step, not the slope. Runs the search already made between ``h / 2`` and ``2 h`` from the answer
are reused, so usually no run is added. The answer's 95% interval is ``answer +- 1.96 se(x)``,
widened to hold the final bracket; it is the range in which the answer with unlimited draws
lies, and re-solving on other seeds gives answers spread with about this standard error
(``tests/test_goal_seek_interval.py`` checks it over eight seeds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from simulator.analysis import metrics as m
from simulator.analysis.evaluate import Point, is_whole, require_all
from simulator.analysis.sensitivity.executor import Runner
from simulator.analysis.sensitivity.sweep import _number, check_ends, split_key
from simulator.core.errors import FundsimError
from simulator.scenario import Scenario

Goal = Literal["at_least", "at_most"]

#: Two-sided 95% normal quantile.
Z95 = 1.959963984540054
#: The slope's two runs are about this many of the metric's standard errors apart.
SLOPE_SPAN_SE = 8.0


def parse_range(text: str) -> tuple[str, float, float]:
    """``"endowment.spending_rate=0.02:0.08"`` -> key, low, high."""
    form = "KEY=LOW:HIGH, e.g. endowment.spending_rate=0.02:0.08"
    key, spec = split_key(text, "--vary", form)
    parts = spec.split(":")
    if len(parts) != 2:
        raise FundsimError(f"--vary needs {form}, got {text!r}")
    low, high = _number(parts[0], key, "LOW"), _number(parts[1], key, "HIGH")
    if not low < high:
        raise FundsimError(f"LOW must be below HIGH, got {low:g}:{high:g}", field=key)
    check_ends(key, low, high)
    return key, low, high


def check_target(target: float, tolerance: float | None) -> None:
    """Refuse a target or tolerance no metric can meet (NaN, infinite, or a tolerance <= 0)."""
    if not math.isfinite(target):
        raise FundsimError(f"--target must be a finite number, got {target:g}")
    if tolerance is not None and not (math.isfinite(tolerance) and tolerance > 0):
        raise FundsimError(f"--tolerance must be a finite number above 0, got {tolerance:g}")


@dataclass
class Solution:
    key: str
    metric: str
    target: float
    goal: Goal
    found: bool
    value: float | None
    achieved: float | None
    achieved_se: float | None
    bracket: list[float]
    message: str
    scenario: str = ""
    seed: int = 0
    paths: int = 0
    tolerance: float = 0.0
    evaluations: list[dict[str, float | None]] = field(default_factory=list)
    #: The answer's Monte Carlo standard error (delta method; see the module's docstring),
    #: its 95% interval, and the metric's slope per unit of the key used for them.
    value_se: float | None = None
    interval: list[float] | None = None
    slope: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "solve",
            "scenario": self.scenario,
            "seed": self.seed,
            "paths": self.paths,
            "key": self.key,
            "value": self.value,
            "value_se": self.value_se,
            "interval": None if self.interval is None else list(self.interval),
            "slope": self.slope,
            "metric": self.metric,
            "target": self.target,
            "goal": self.goal,
            "found": self.found,
            "achieved": self.achieved,
            "achieved_se": self.achieved_se,
            "bracket": list(self.bracket),
            "tolerance": self.tolerance,
            "message": self.message,
            "evaluations": list(self.evaluations),
        }


def solve(
    scenario: Scenario,
    key: str,
    low: float,
    high: float,
    metric: str,
    target: float,
    runner: Runner,
    *,
    goal: Goal = "at_least",
    tolerance: float | None = None,
    grid: int | None = None,
) -> Solution:
    """Find the first value in [low, high] where the metric crosses ``target``."""
    m.parse(metric)
    check_target(target, tolerance)
    if not low < high:
        raise FundsimError(
            f"the range must go from low to high, got {low:g} to {high:g}", field=key
        )
    if goal not in ("at_least", "at_most"):
        raise FundsimError(f"goal must be at_least or at_most, got {goal!r}")
    whole = is_whole(key)
    tol = float(tolerance) if tolerance is not None else (high - low) / 1000
    if whole:
        low, high, tol = math.ceil(low), math.floor(high), max(tol, 1.0)
    if tol <= 0:
        raise FundsimError(f"the tolerance must be above 0, got {tol:g}", field=key)
    runner.metrics = [metric]
    parallel = max(1, runner.parallel)
    seen: dict[float, Point] = {}
    sign = 1.0 if goal == "at_least" else -1.0

    def meets(x: float) -> bool:
        v = seen[x].values[metric]
        return math.isfinite(v) and sign * (v - target) >= 0

    def run(xs: list[float]) -> None:
        xs = [x for x in dict.fromkeys(xs) if x not in seen]
        found = runner.run([{key: x} for x in xs])
        require_all(found)  # a run that cannot go says so rather than pass for a missed target
        for x, point in zip(xs, found):
            seen[x] = point

    def points(a: float, b: float, count: int) -> list[float]:
        xs = np.linspace(a, b, count + 2)
        if whole:
            return sorted({float(round(x)) for x in xs})
        return [float(x) for x in xs]

    count = grid if grid is not None else max(3, 2 * parallel + 1)
    xs = points(low, high, count - 2)
    run(xs)
    a = b = None
    for left, right in zip(xs, xs[1:]):
        if meets(left) != meets(right):
            a, b = left, right
            break
    coarse = (a, b)
    if a is None:
        values = [seen[x].values[metric] for x in xs]
        finite = [v for v in values if math.isfinite(v)]
        lo_v, hi_v = (min(finite), max(finite)) if finite else (math.nan, math.nan)
        everywhere = all(meets(x) for x in xs)
        word = "at least" if goal == "at_least" else "at most"
        if everywhere:
            message = (
                f"the target is met across the whole range: {metric} is {word} {target:g} everywhere "
                f"from {low:g} to {high:g} (from {lo_v:.6g} to {hi_v:.6g}); widen the range to find where it stops"
            )
        else:
            message = (
                f"the target cannot be met in this range: {metric} goes from {lo_v:.6g} to {hi_v:.6g} "
                f"for {key} from {low:g} to {high:g}, never {word} {target:g}"
            )
        return _solution(
            scenario, key, metric, target, goal, False, None, None, [low, high], message, tol, seen
        )
    while abs(b - a) > tol + 1e-15 * max(abs(a), abs(b)):
        inner = points(a, b, parallel)[1:-1]
        inner = [x for x in inner if x not in (a, b)]
        if not inner:
            break
        run(inner)
        chain = [a, *inner, b]
        for left, right in zip(chain, chain[1:]):
            if meets(left) != meets(right):
                a, b = left, right
                break
    answer = a if meets(a) else b
    point = seen[answer]
    bracket = sorted([a, b])
    se = point.errors[metric]
    if not math.isfinite(se):  # a percentile: the standard error its 95% interval implies
        se = (point.interval(metric)[1] - point.interval(metric)[0]) / (2 * Z95)
    slope, value_se, interval = _uncertainty(
        answer, se, coarse, bracket, (low, high), whole, metric, seen, run
    )
    message = (
        f"{key} = {answer:.6g} gives {metric} = {point.values[metric]:.6g} (target {target:g})"
    )
    if interval is not None:
        message += f"; 95% interval for {key} {interval[0]:.6g} to {interval[1]:.6g}"
    solution = _solution(
        scenario,
        key,
        metric,
        target,
        goal,
        True,
        answer,
        point.values[metric],
        bracket,
        message,
        tol,
        seen,
        point.errors[metric],
    )
    solution.slope, solution.value_se, solution.interval = slope, value_se, interval
    return solution


def _uncertainty(
    answer: float,
    se: float,
    coarse: tuple[float, float],
    bracket: list[float],
    limits: tuple[float, float],
    whole: bool,
    metric: str,
    seen: dict[float, Point],
    run,
) -> tuple[float | None, float | None, list[float] | None]:
    """The metric's slope at the answer, the answer's standard error and its 95% interval
    (delta method, see the module's docstring); Nones when the slope cannot be measured."""
    if not math.isfinite(se):
        return None, None, None
    (a0, b0), (low, high) = coarse, limits
    coarse_slope = (seen[b0].values[metric] - seen[a0].values[metric]) / (b0 - a0)
    if se > 0 and coarse_slope != 0:
        h = min(SLOPE_SPAN_SE * se / abs(coarse_slope) / 2, abs(b0 - a0))
        h = max(h, bracket[1] - bracket[0], 1.0 if whole else 0.0)
        left = _reuse(seen, answer, -h, low) or max(low, answer - h)
        right = _reuse(seen, answer, h, high) or min(high, answer + h)
        if whole:
            left, right = float(math.floor(left)), float(math.ceil(right))
        run([left, right])  # only those the search has not run already
        rise = seen[right].values[metric] - seen[left].values[metric]
        slope = rise / (right - left) if right > left else coarse_slope
        if not math.isfinite(slope) or slope * coarse_slope <= 0:
            slope = coarse_slope  # too flat to measure locally: the scan's slope
    else:
        slope = coarse_slope
    if slope == 0 or not math.isfinite(slope):
        return None, None, None
    value_se = se / abs(slope)
    lo = min(answer - Z95 * value_se, bracket[0])
    hi = max(answer + Z95 * value_se, bracket[1])
    if whole:
        lo, hi = float(math.floor(lo)), float(math.ceil(hi))
    return float(slope), float(value_se), [float(lo), float(hi)]


def _reuse(seen: dict[float, Point], answer: float, step: float, limit: float) -> float | None:
    """A value the search already ran between ``answer + step / 2`` and ``answer + 2 step``
    (within the range), the one nearest ``answer + step``: the slope's run costs nothing then."""
    near = [
        x
        for x in seen
        if 0.5 * abs(step) <= (x - answer) * math.copysign(1.0, step) <= 2 * abs(step)
        and min(answer, limit) <= x <= max(answer, limit)
    ]
    return min(near, key=lambda x: abs(x - answer - step)) if near else None


def _solution(
    scenario,
    key,
    metric,
    target,
    goal,
    found,
    value,
    achieved,
    bracket,
    message,
    tol,
    seen,
    se=None,
) -> Solution:
    clean = lambda x: None if x is None or not math.isfinite(x) else float(x)  # noqa: E731
    evaluations = [
        {"value": x, "metric": clean(seen[x].values[metric]), "se": clean(seen[x].errors[metric])}
        for x in sorted(seen)
    ]
    sim = scenario.simulation
    return Solution(
        key,
        metric,
        float(target),
        goal,
        found,
        value,
        clean(achieved),
        clean(se),
        [float(v) for v in bracket],
        message,
        scenario.name,
        sim.seed,
        sim.paths,
        tol,
        evaluations,
    )
