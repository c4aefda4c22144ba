"""Sweeps and tornados state a percentile's uncertainty as an interval, never as a symmetric "±"
(issue 21: the 5th and 95th percentiles were given identical errors)."""

from __future__ import annotations

import math

import pytest
from matplotlib.figure import Figure

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.executor import Runner
from simulator.analysis.sensitivity.figures import tornado_chart
from simulator.analysis.sensitivity.sweep import axis, sweep
from simulator.analysis.sensitivity.tornado import tornado
from simulator.commands.metrics import _format

P5, P95, MEAN = (f"endowment.value_real.{s}[-1]" for s in ("p5", "p95", "mean"))


def outcome(**extra):
    band = {"p5": [1.0, 2.0], "p95": [10.0, 30.0], "mean": [5.0, 9.0], "mean_se": [0.1, 0.5]}
    return m.Outcome({"endowment": {"value_real": {**band, **extra}}}, None, 400)


def test_a_percentile_without_an_interval_states_no_error():
    for name in (P5, P95):
        value, se, low, high = m.value_and_interval(outcome(), name)
        assert value in (2.0, 30.0) and math.isnan(se) and math.isnan(low) and math.isnan(high)
    assert m.value_and_interval(outcome(), MEAN) == pytest.approx(
        (9.0, 0.5, 9.0 - 1.959963984540054 * 0.5, 9.0 + 1.959963984540054 * 0.5)
    )
    assert _format(2.0, math.nan) == "2"


def test_a_percentile_with_an_order_statistic_interval_keeps_it_asymmetric():
    o = outcome(p5_low=[0.5, 1.9], p5_high=[1.5, 2.05], p95_low=[8.0, 25.0], p95_high=[12.0, 41.0])
    assert m.value_and_interval(o, P5)[2:] == (1.9, 2.05)
    value, se, low, high = m.value_and_interval(o, P95)
    assert (value, low, high) == (30.0, 25.0, 41.0) and math.isnan(se)
    assert _format(value, se, low, high) == "30 (25 to 41)"


@pytest.fixture(scope="module")
def setup():
    from simulator import load_scenario
    from simulator.data import load_data_source
    from tests.conftest import PRESET

    return load_scenario(PRESET).updated("simulation.paths", 300), load_data_source(
        "builtin:workshop"
    )


def test_sweeps_and_tornados_give_the_5th_and_95th_percentiles_no_shared_symmetric_error(setup):
    scenario, areas = setup
    result = sweep(
        scenario,
        [axis("endowment.spending_rate", 0.03, 0.05, 2)],
        [P5, P95, MEAN],
        Runner(scenario, areas, []),
    )
    for p in result.points:
        e5, e95 = p.errors[P5], p.errors[P95]
        assert not (math.isfinite(e5) and e5 == e95)  # the old code gave both the same error
        low, high = p.interval(MEAN)  # a mean keeps its symmetric interval
        assert high - p.values[MEAN] == pytest.approx(p.values[MEAN] - low)
        assert (high - low) / 2 == pytest.approx(1.959963984540054 * p.errors[MEAN])
    bars = tornado(
        scenario, {"endowment.spending_rate": (0.03, 0.05)}, P95, Runner(scenario, areas, [])
    )
    bar = bars.bars[0]
    assert math.isnan(bar.se_low) and math.isnan(bar.se_high)
    assert bar.to_dict()["se_at_low"] is None
    fig = Figure()
    tornado_chart(fig, bars)
    stated = [bar.interval_low, bar.interval_high]
    for container in fig.axes[0].containers:  # an error bar drawn is the interval as stated
        if getattr(container, "has_xerr", False):
            for seg in container.lines[2][0].get_segments():
                assert any(
                    math.isclose(seg[0][0], lo, rel_tol=1e-9)
                    and math.isclose(seg[1][0], hi, rel_tol=1e-9)
                    for lo, hi in stated
                )


def test_the_tornado_chart_draws_a_stated_interval_as_it_is():
    from simulator.analysis.sensitivity.tornado import Bar, TornadoResult

    bar = Bar("endowment.spending_rate", 0.04, 0.03, 0.05, 12.0, 6.0, math.nan, math.nan)
    bar.interval_low, bar.interval_high = (11.0, 15.0), (5.5, 6.2)
    result = TornadoResult("s", 1, 100, P95, 9.0, math.nan, [bar], (8.0, 10.0))
    fig = Figure()
    tornado_chart(fig, result)
    spans = []
    for container in fig.axes[0].containers:
        if getattr(container, "has_xerr", False):
            segments = container.lines[2][0].get_segments()
            spans += [(s[0][0], s[1][0]) for s in segments]
    assert sorted(spans) == [(5.5, 6.2), (11.0, 15.0)]
