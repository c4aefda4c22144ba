"""One point of an analysis: a scenario with some keys changed, run, and its metrics read.

Only the funds the metrics need are run (an endowment metric does not run the recovery fund).
Each fund draws from its own random streams, so a fund run alone gives exactly the numbers it
gives in a full :func:`simulator.engine.run`, and every point of a sweep shares the same draws
(common random numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.analysis import metrics as m
from simulator.core.errors import FundsimError
from simulator.data import Areas
from simulator.endowment.run import simulate_scenario_endowment
from simulator.engine import Cancelled, summarise_endowment, summarise_recovery
from simulator.recovery.run import simulate_recovery
from simulator.scenario import Scenario
from simulator.scenario.model import field_unit, section_models

StopFn = Callable[[], bool]


@dataclass(frozen=True)
class Point:
    """The values given to the varied keys, and each metric's value and standard error there.

    A point whose settings cannot run (a value out of range, a cap that cannot hold the money)
    has ``failure``, the reason in one line, and every value and error NaN (``null`` in JSON).
    """

    settings: dict[str, float]
    values: dict[str, float]
    errors: dict[str, float]
    failure: str | None = None
    #: Each metric's 95% Monte Carlo interval ``(low, high)``: ``value +- 1.96 se`` for a mean
    #: or a probability, the order-statistic interval for a percentile (NaN where not stated;
    #: a percentile has no symmetric standard error, so its ``errors`` entry is NaN).
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    def interval(self, name: str) -> tuple[float, float]:
        return self.intervals.get(name, (math.nan, math.nan))

    def to_dict(self) -> dict[str, Any]:
        clean = lambda x: None if isinstance(x, float) and not math.isfinite(x) else x  # noqa: E731
        return {
            "settings": dict(self.settings),
            "values": {k: clean(v) for k, v in self.values.items()},
            "errors": {k: clean(v) for k, v in self.errors.items()},
            "intervals": {k: [clean(a), clean(b)] for k, (a, b) in self.intervals.items()},
            "failure": self.failure,
        }


def failures(points: Sequence[Point]) -> list[str]:
    """One line per point that could not run: its settings and the reason."""
    return [
        ", ".join(f"{k} = {v:g}" for k, v in p.settings.items()) + f": {p.failure}"
        for p in points
        if p.failure is not None
    ]


def require_all(points: Sequence[Point]) -> None:
    """Raise the first point's failure (for analyses that need every point: Sobol, goal seek)."""
    problems = failures(points)
    if problems:
        raise FundsimError(problems[0])


def numeric_key(key: str) -> tuple[type, str]:
    """A key that can be varied: ``(model, unit)``; FundsimError for an unknown or non-number key."""
    section, _, name = key.rpartition(".")
    models = section_models()
    if section not in models or name not in models[section].model_fields:
        raise FundsimError("is not a known key (check its spelling and section)", field=key)
    model = models[section]
    annotation = model.model_fields[name].annotation
    if annotation not in (int, float):
        raise FundsimError("is not a number, so it cannot be varied", field=key)
    return model, field_unit(model, name)


def is_whole(key: str) -> bool:
    """True for whole-number keys (values are rounded to the nearest whole number)."""
    section, _, name = key.rpartition(".")
    return section_models()[section].model_fields[name].annotation is int


def apply(scenario: Scenario, settings: dict[str, float]) -> Scenario:
    """The scenario with each key set (whole-number keys rounded); FundsimError if out of range."""
    for key, value in settings.items():
        numeric_key(key)
        scenario = scenario.updated(key, int(round(value)) if is_whole(key) else float(value))
    return scenario


def outcome(
    scenario: Scenario,
    areas: Areas,
    funds: set[str],
    should_stop: StopFn | None = None,
    threads: int | None = None,
) -> m.Outcome:
    """Run the funds named in ``funds`` ({"recovery", "endowment"}) and return what metrics read.

    ``threads`` caps the engine's own threads (1 when many points already run side by side);
    the numbers do not depend on it."""

    def check(done: int, total: int) -> None:
        if should_stop is not None and should_stop():
            raise Cancelled()

    sim = scenario.simulation
    headline: dict[str, Any] = {}
    table = None
    if "recovery" in funds:
        run = simulate_recovery(
            scenario.recovery_fund,
            areas,
            sim.paths,
            sim.seed,
            check,
            competition=scenario.competition,
            workers=threads,
        )
        recovery = summarise_recovery(scenario, areas, run)
        table = recovery.table
        headline.update(m.headline(_Partial(recovery=recovery)))
    if "endowment" in funds:
        paths = simulate_scenario_endowment(scenario, check, workers=threads)
        headline.update(m.headline(_Partial(endowment=summarise_endowment(scenario, paths, None))))
    return m.Outcome(headline, table, sim.paths)


@dataclass
class _Partial:
    recovery: Any = None
    endowment: Any = None


def evaluate(
    scenario: Scenario,
    areas: Areas,
    settings: dict[str, float],
    metrics: Sequence[str],
    should_stop: StopFn | None = None,
    threads: int | None = None,
) -> Point:
    """Run the scenario with ``settings`` applied and read every metric."""
    funds = set().union(*(m.needs(name) for name in metrics))
    try:
        result = outcome(apply(scenario, settings), areas, funds, should_stop, threads)
    except FundsimError as exc:  # these settings cannot run: say why, and let the others run
        nan = dict.fromkeys(metrics, math.nan)
        return Point(dict(settings), nan, dict(nan), str(exc))
    values, errors, intervals = {}, {}, {}
    for name in metrics:
        values[name], errors[name], low, high = m.value_and_interval(result, name)
        intervals[name] = (low, high)
    return Point(dict(settings), values, errors, None, intervals)
