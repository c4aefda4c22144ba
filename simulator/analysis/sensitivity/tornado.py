"""Tornado charts: each key moved alone to its low and high value, bars sorted by swing.

By default each key goes to the ends of its plausible range, declared on the scenario model
beside its unit (``docs/scenario-format.md`` lists them). Every run shares the base run's random
draws, so a bar's length is the key's effect; each end's 95% Monte Carlo interval is reported
beside it (with the standard error of a mean or a probability; a percentile's interval comes from
order statistics, is asymmetric where the draws are, and has no "±" standard error). An end that cannot run (an eligible share too small for the cap to hold the money,
say) is kept with its reason, and the other bars are drawn as usual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from simulator.analysis import metrics as m
from simulator.analysis.evaluate import numeric_key
from simulator.analysis.sensitivity.executor import Runner
from simulator.analysis.sensitivity.sweep import _number, check_ends, split_key
from simulator.core.errors import FundsimError
from simulator.scenario import Scenario
from simulator.scenario.applies import applies as applies_to
from simulator.scenario.model import field_plausible, section_models

#: Keys a default tornado leaves out although they change some results (only the endowment's
#: per-area table, which no tornado metric reads).
NOT_IN_METRICS = {"endowment.area_eligible_share"}


def plausible(key: str) -> tuple[float, float]:
    """A key's declared plausible range; FundsimError when it has none."""
    model, _ = numeric_key(key)
    span = field_plausible(model, key.rpartition(".")[2])
    if span is None:
        raise FundsimError("has no declared plausible range; give one as KEY=LOW,HIGH", field=key)
    return float(span[0]), float(span[1])


def applies(scenario: Scenario, key: str) -> bool:
    """False for a key that cannot change the tornado's results under the scenario's other settings."""
    return key not in NOT_IN_METRICS and applies_to(scenario, key)


def default_keys(scenario: Scenario, metrics: list[str]) -> list[str]:
    """Every key with a plausible range in the sections the metrics read, that applies."""
    sections = {"recovery" if n.startswith("area:") else n.partition(".")[0] for n in metrics}
    sections = {"recovery_fund" if s == "recovery" else s for s in sections}
    keys = []
    for section, model in section_models().items():
        if section not in sections:
            continue
        for name in model.model_fields:
            key = f"{section}.{name}"
            if field_plausible(model, name) is not None and applies(scenario, key):
                keys.append(key)
    return keys


def parse_ends(text: str) -> tuple[str, tuple[float, float]]:
    """``"endowment.fees=0.002,0.01"`` -> key and (low, high); ``"endowment.fees"`` alone takes
    its plausible range."""
    if "=" not in text:
        key = text.strip()
        return key, plausible(key)
    key, spec = split_key(text, "--vary", "KEY=LOW,HIGH (or KEY alone for its plausible range)")
    parts = spec.split(",")
    if len(parts) != 2:
        raise FundsimError(f"--vary needs KEY=LOW,HIGH, got {text!r}")
    low, high = _number(parts[0], key, "LOW"), _number(parts[1], key, "HIGH")
    check_ends(key, low, high)
    return key, (low, high)


@dataclass
class Bar:
    key: str
    base: float
    low: float
    high: float
    at_low: float
    at_high: float
    se_low: float
    se_high: float
    #: Why the key at its low (high) value could not run, or None when it ran.
    failure_low: str | None = None
    failure_high: str | None = None
    #: The 95% Monte Carlo interval of the metric at each end (asymmetric for a percentile).
    interval_low: tuple[float, float] = (math.nan, math.nan)
    interval_high: tuple[float, float] = (math.nan, math.nan)

    @property
    def swing(self) -> float:
        value = abs(self.at_high - self.at_low)
        return value if math.isfinite(value) else 0.0

    def to_dict(self) -> dict[str, Any]:
        clean = lambda x: x if math.isfinite(x) else None  # noqa: E731
        return {
            "key": self.key,
            "base": self.base,
            "low": self.low,
            "high": self.high,
            "metric_at_low": clean(self.at_low),
            "metric_at_high": clean(self.at_high),
            "se_at_low": clean(self.se_low),
            "se_at_high": clean(self.se_high),
            "swing": self.swing,
            "interval_at_low": [clean(x) for x in self.interval_low],
            "interval_at_high": [clean(x) for x in self.interval_high],
            "failure_at_low": self.failure_low,
            "failure_at_high": self.failure_high,
        }

    def failures(self) -> list[str]:
        """One line per end that could not run: the key, its value and the reason."""
        ends = ((self.low, self.failure_low), (self.high, self.failure_high))
        return [f"{self.key} = {v:g}: {why}" for v, why in ends if why is not None]


@dataclass
class TornadoResult:
    scenario: str
    seed: int
    paths: int
    metric: str
    base_value: float
    base_se: float
    bars: list[Bar]  # largest swing first
    base_interval: tuple[float, float] = (math.nan, math.nan)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "tornado",
            "scenario": self.scenario,
            "seed": self.seed,
            "paths": self.paths,
            "metric": self.metric,
            "base": self.base_value if math.isfinite(self.base_value) else None,
            "base_se": self.base_se if math.isfinite(self.base_se) else None,
            "base_interval": [x if math.isfinite(x) else None for x in self.base_interval],
            "bars": [b.to_dict() for b in self.bars],
            "failures": self.failures(),
        }

    def failures(self) -> list[str]:
        """Every bar end that could not run, with its reason (its bar is drawn without it)."""
        return [line for b in self.bars for line in b.failures()]


def tornado(
    scenario: Scenario, ends: dict[str, tuple[float, float]], metric: str, runner: Runner
) -> TornadoResult:
    """Run the base and each key at its low and high end (2k + 1 runs, in parallel)."""
    m.parse(metric)
    if not ends:
        raise FundsimError("no keys to vary: name some with --vary KEY=LOW,HIGH")
    runner.metrics = [metric]
    settings: list[dict[str, float]] = [{}]
    for key, (low, high) in ends.items():
        settings += [{key: low}, {key: high}]
    points = runner.run(settings)
    base = points[0]
    if base.failure is not None:  # no bars without a base to draw them from
        raise FundsimError(f"the scenario itself cannot run: {base.failure}")
    bars = []
    for i, (key, (low, high)) in enumerate(ends.items()):  # noqa: B007
        lo_point, hi_point = points[1 + 2 * i], points[2 + 2 * i]
        section, _, name = key.rpartition(".")
        bars.append(
            Bar(
                key,
                float(getattr(getattr(scenario, section), name)),
                lo_point.settings[key],
                hi_point.settings[key],
                lo_point.values[metric],
                hi_point.values[metric],
                lo_point.errors[metric],
                hi_point.errors[metric],
                lo_point.failure,
                hi_point.failure,
                lo_point.interval(metric),
                hi_point.interval(metric),
            )
        )
    bars.sort(key=lambda b: -b.swing)
    sim = scenario.simulation
    return TornadoResult(
        scenario.name,
        sim.seed,
        sim.paths,
        metric,
        base.values[metric],
        base.errors[metric],
        bars,
        base.interval(metric),
    )
