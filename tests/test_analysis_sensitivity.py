"""Sweeps, tornado, global sensitivity and goal seek: each checked against plain runs or known answers."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.executor import Runner
from simulator.analysis.sensitivity.goalseek import solve
from simulator.analysis.sensitivity.sobol import analyse_function
from simulator.analysis.sensitivity.sweep import axis, parse_axis, sweep
from simulator.analysis.sensitivity.tornado import default_keys, plausible, tornado
from simulator.core.errors import FundsimError
from simulator.engine import Cancelled, run

PRESERVED = "endowment.prob_real_value_preserved"
DECILE = "recovery_fund.share_to_most_deprived_decile"


@pytest.fixture(scope="module")
def setup():
    from simulator import load_scenario
    from simulator.data import load_data_source
    from tests.conftest import PRESET

    return load_scenario(PRESET).updated("simulation.paths", 300), load_data_source(
        "builtin:workshop"
    )


def plain(scenario, areas, settings, name):
    for key, value in settings.items():
        scenario = scenario.updated(key, value)
    return m.value_and_se(m.Outcome.from_results(run(scenario, areas)), name)


def test_a_sweeps_points_equal_plain_runs(setup):
    scenario, areas = setup
    rate = parse_axis("endowment.spending_rate=0.02:0.06:5")
    assert rate.values == pytest.approx([0.02, 0.03, 0.04, 0.05, 0.06])
    ret = axis("endowment.real_return_mean", 0.03, 0.05, 2)
    result = sweep(
        scenario,
        [rate, ret],
        [PRESERVED, "endowment.value_real.mean[-1]"],
        Runner(scenario, areas, [], workers=2),
    )
    assert len(result.points) == 10
    grid = result.grid(PRESERVED)
    assert grid.shape == (5, 2)
    for i, r in enumerate(rate.values):
        for j, mu in enumerate(ret.values):
            settings = {"endowment.spending_rate": r, "endowment.real_return_mean": mu}
            assert grid[i, j] == plain(scenario, areas, settings, PRESERVED)[0]
    # more spending, less often preserved; better returns, more often (common random numbers)
    assert np.all(np.diff(grid[:, 0]) <= 0) and np.all(grid[:, 1] >= grid[:, 0])
    # the mean's 5-95% band travels with it
    lo, hi = result.bands["endowment.value_real.mean[-1]"]
    p = result.points[3]
    assert p.values[lo] <= p.values["endowment.value_real.mean[-1]"] <= p.values[hi]


def test_whole_number_keys_take_whole_values():
    assert axis("recovery_fund.rounds", 1, 8, 4).values == [1, 3, 6, 8]
    with pytest.raises(FundsimError, match="not a number"):
        parse_axis("recovery_fund.mechanism=1:2:3")
    with pytest.raises(FundsimError, match="not a known key"):
        parse_axis("endowment.spending=0.01:0.02:3")
    with pytest.raises(FundsimError, match="START:STOP:N"):
        parse_axis("endowment.spending_rate=0.01:0.02")


def test_a_tornados_ends_equal_plain_runs_and_bars_sort_by_swing(setup):
    scenario, areas = setup
    keys = default_keys(scenario, [PRESERVED])
    assert (
        "endowment.spending_rate" in keys and "endowment.tobin_weight" not in keys
    )  # not the tobin rule
    ends = {k: plausible(k) for k in keys}
    result = tornado(scenario, ends, PRESERVED, Runner(scenario, areas, [PRESERVED], workers=2))
    assert result.base_value == plain(scenario, areas, {}, PRESERVED)[0]
    swings = [b.swing for b in result.bars]
    assert swings == sorted(swings, reverse=True)
    assert result.bars[0].key in ("endowment.real_return_mean", "endowment.spending_rate")
    for bar in result.bars[:3]:
        value, se = plain(scenario, areas, {bar.key: bar.low}, PRESERVED)
        assert (bar.at_low, bar.se_low) == (value, se)
        assert bar.at_high == plain(scenario, areas, {bar.key: bar.high}, PRESERVED)[0]
        assert bar.se_high == pytest.approx(math.sqrt(bar.at_high * (1 - bar.at_high) / 300))
    # real returns make inflation irrelevant to the real value: exactly no swing
    inflation = next(b for b in result.bars if b.key == "endowment.inflation_mean")
    assert inflation.swing == 0.0


def test_goal_seek_answer_meets_the_target_run_plainly(setup):
    scenario, areas = setup
    result = solve(
        scenario,
        "endowment.spending_rate",
        0.0,
        0.08,
        PRESERVED,
        0.5,
        Runner(scenario, areas, [PRESERVED], workers=2),
        tolerance=0.0005,
    )
    assert result.found
    low, high = result.bracket
    assert high - low <= 0.0005 + 1e-12
    assert (
        result.value == low
    )  # the preserved share falls as the rate rises: the highest rate meeting it
    value, se = plain(scenario, areas, {"endowment.spending_rate": result.value}, PRESERVED)
    assert value == result.achieved and se == result.achieved_se
    assert value >= 0.5 and value - 0.5 < 3 * se + 2 / 300
    assert plain(scenario, areas, {"endowment.spending_rate": high}, PRESERVED)[0] < 0.5
    d = result.to_dict()
    assert {"key", "value", "metric", "target", "achieved", "achieved_se", "bracket"} <= set(d)


def test_goal_seek_on_the_recovery_fund_and_at_most(setup):
    scenario, areas = setup
    result = solve(
        scenario,
        "recovery_fund.progressivity",
        0.0,
        4.0,
        DECILE,
        0.3,
        Runner(scenario, areas, [DECILE], workers=1),
        tolerance=0.001,
    )
    assert result.found and result.achieved >= 0.3
    below = solve(
        scenario,
        "recovery_fund.progressivity",
        0.0,
        4.0,
        DECILE,
        0.3,
        Runner(scenario, areas, [DECILE], workers=1),
        goal="at_most",
        tolerance=0.001,
    )
    assert below.found and below.achieved <= 0.3
    assert below.value < result.value and result.value - below.value <= 0.001 + 1e-12


def test_a_target_that_cannot_be_met_says_so(setup):
    scenario, areas = setup
    result = solve(
        scenario,
        "endowment.spending_rate",
        0.0,
        0.08,
        PRESERVED,
        1.5,
        Runner(scenario, areas, [PRESERVED]),
    )
    assert not result.found and result.value is None
    assert "cannot be met" in result.message
    everywhere = solve(
        scenario,
        "endowment.spending_rate",
        0.0,
        0.08,
        PRESERVED,
        -0.1,
        Runner(scenario, areas, [PRESERVED]),
    )
    assert not everywhere.found and "whole range" in everywhere.message


def test_sobol_indices_of_the_ishigami_function():
    """Ishigami (a=7, b=0.1) on [-pi, pi]^3 has S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)."""

    def ishigami(x):
        return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])

    ranges = {k: (-math.pi, math.pi) for k in ("x1", "x2", "x3")}
    out = {row["key"]: row for row in analyse_function(ishigami, ranges, "sobol", 4096)}
    for key, s1, st in (("x1", 0.3139, 0.5576), ("x2", 0.4424, 0.4424), ("x3", 0.0, 0.2437)):
        assert out[key]["S1"] == pytest.approx(s1, abs=0.03)
        assert out[key]["ST"] == pytest.approx(st, abs=0.03)


def test_morris_elementary_effects_of_a_linear_model_are_its_slopes():
    ranges = {"a": (0.0, 1.0), "b": (0.0, 2.0), "c": (0.0, 1.0)}
    out = {
        row["key"]: row
        for row in analyse_function(
            lambda x: 3 * x[:, 0] - x[:, 1] + 0 * x[:, 2], ranges, "morris", 20
        )
    }
    # SALib scales each step to the unit range: mu* = |slope| x range
    assert out["a"]["mu_star"] == pytest.approx(3.0)
    assert out["b"]["mu_star"] == pytest.approx(2.0)
    assert out["c"]["mu_star"] == pytest.approx(0.0)
    assert out["a"]["sigma"] == pytest.approx(0.0, abs=1e-9)


def test_scenario_sobol_ranks_the_spending_rate_above_inflation(setup):
    from simulator.analysis.sensitivity.sobol import global_sensitivity

    scenario, areas = setup
    ranges = {"endowment.spending_rate": (0.03, 0.06), "endowment.inflation_mean": (0.01, 0.035)}
    result = global_sensitivity(
        scenario.updated("simulation.paths", 100),
        ranges,
        PRESERVED,
        Runner(scenario, areas, [], workers=2),
        "sobol",
        16,
    )
    by_key = {row["key"]: row for row in result.keys}
    assert result.runs == 16 * 4
    assert by_key["endowment.spending_rate"]["ST"] > 0.9
    assert by_key["endowment.inflation_mean"]["ST"] == 0.0  # real returns: inflation has no effect


def test_cancel_stops_the_runs(setup):
    scenario, areas = setup
    calls = []
    runner = Runner(
        scenario,
        areas,
        [PRESERVED],
        workers=2,
        progress=lambda d, t: calls.append(d),
        should_stop=lambda: len(calls) >= 1,
    )
    with pytest.raises(Cancelled):
        sweep(scenario, [axis("endowment.spending_rate", 0.01, 0.06, 40)], [PRESERVED], runner)
    assert 1 <= len(calls) < 40


def test_a_bad_value_in_a_sweep_names_the_key_and_the_other_points_run(setup):
    scenario, areas = setup
    result = sweep(
        scenario,
        [axis("endowment.spending_rate", 0.5, 1.5, 3)],
        [PRESERVED],
        Runner(scenario, areas, []),
    )
    good, bad = result.points[0], result.points[-1]
    assert (
        good.failure is None
        and good.values[PRESERVED]
        == plain(scenario, areas, {"endowment.spending_rate": 0.5}, PRESERVED)[0]
    )
    assert "endowment.spending_rate" in bad.failure and math.isnan(bad.values[PRESERVED])
    assert result.failures()[-1].startswith(
        "endowment.spending_rate = 1.5: endowment.spending_rate"
    )
    with pytest.raises(FundsimError, match="endowment.spending_rate"):  # none can run
        sweep(
            scenario,
            [axis("endowment.spending_rate", 1.5, 2.5, 2)],
            [PRESERVED],
            Runner(scenario, areas, []),
        )


def test_a_dask_cluster_gives_the_same_bytes_as_a_local_run(setup, tmp_path):
    distributed = pytest.importorskip("distributed")
    from simulator.analysis.sensitivity.export import to_json

    scenario, areas = setup
    axes = [axis("recovery_fund.progressivity", 0.5, 2.0, 4)]
    names = [DECILE, PRESERVED]
    local = to_json(sweep(scenario, axes, names, Runner(scenario, areas, [], workers=2)))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None, silence_logs=50
    ) as cluster:
        with Runner(scenario, areas, [], scheduler=cluster.scheduler_address) as runner:
            assert runner.parallel == 2
            remote = to_json(sweep(scenario, axes, names, runner))
    assert remote == local
    assert json.loads(local)["points"][0]["settings"] == {"recovery_fund.progressivity": 0.5}


def test_an_unreachable_scheduler_is_a_clear_error(setup):
    pytest.importorskip("distributed")
    scenario, areas = setup
    runner = Runner(scenario, areas, [PRESERVED], scheduler="tcp://127.0.0.1:1")
    runner._connect_timeout = "1s"  # an instance setting overrides the class default
    with pytest.raises(FundsimError, match="cannot reach the Dask scheduler"):
        runner.run([{}])


def test_tornado_bars_on_the_same_side_of_the_base_do_not_hide_each_other():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from simulator.analysis.sensitivity.figures import tornado_chart
    from simulator.analysis.sensitivity.tornado import Bar, TornadoResult

    bars = [
        Bar(
            "recovery_fund.progressivity", 1.0, 0.5, 2.0, 0.10, 0.30, 0.001, 0.001
        ),  # one end each side of a base of 0.2
        Bar(
            "recovery_fund.eligible_share", 1.0, 0.5, 0.9, 0.25, 0.28, 0.001, 0.001
        ),  # both above the base
    ]
    result = TornadoResult(
        "test", 1, 100, "recovery_fund.share_to_most_deprived.areas_10", 0.2, 0.001, bars
    )
    fig = Figure()
    tornado_chart(fig, result)
    patches = [p for p in fig.axes[0].patches if p.get_width() != 0]
    same = [
        p for p in patches if abs(p.get_y() + p.get_height() / 2) < 0.5
    ]  # the last bar drawn lowest: y = 0
    across = [p for p in patches if abs(p.get_y() + p.get_height() / 2 - 1) < 0.5]
    assert len(same) == 2 and len(across) == 2
    (a, b) = sorted(same, key=lambda p: p.get_y())
    assert a.get_y() + a.get_height() <= b.get_y() + 1e-9  # side by side, not one over the other
    assert all(
        p.get_height() == pytest.approx(0.6) and p.get_y() + 0.3 == pytest.approx(1) for p in across
    )
    assert sorted(round(p.get_width(), 6) for p in same) == [0.05, 0.08]
