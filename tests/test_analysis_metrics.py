"""Metrics by name: each listed name reads the value `fundsim run` writes at that JSON path."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from simulator.analysis import metrics as m
from simulator.analysis.evaluate import evaluate, outcome
from simulator.core.errors import FundsimError
from simulator.engine import run


def _walk_json(tree, name):
    _, parts = m.parse(name)
    for part in parts:
        tree = tree[part]
    return tree


@pytest.fixture(scope="module")
def full():
    from simulator import load_scenario
    from simulator.data import load_data_source
    from tests.conftest import PRESET

    scenario = load_scenario(PRESET).updated("simulation.paths", 400)
    areas = load_data_source("builtin:workshop")
    results = run(scenario, areas)
    return scenario, areas, results, json.loads(results.to_json())


def test_every_listed_metric_is_the_value_at_its_json_path(full):
    _, _, results, doc = full
    outcome_ = m.Outcome.from_results(results)
    names = m.available(outcome_)
    assert "endowment.prob_real_value_preserved" in names
    assert "recovery_fund.share_to_most_deprived_decile" in names
    assert "endowment.value_real.p50[-1]" in names
    assert len(names) > 50
    for name in names:
        expected = _walk_json(doc, name)
        got = m.value(outcome_, name)
        if expected is None:
            assert math.isnan(got), name
        else:
            assert got == pytest.approx(expected, rel=0, abs=0), name


def test_area_metrics_read_the_per_area_table(full):
    _, _, results, doc = full
    outcome_ = m.Outcome.from_results(results)
    for record in doc["recovery_fund"]["areas"]:
        assert m.value(outcome_, f"area:{record['code']}.mean") == record["mean"]
        assert m.value(outcome_, f"area:{record['code']}.prob_funded") == record["prob_funded"]


def test_standard_errors_follow_the_stated_rules(full):
    _, _, results, doc = full
    outcome_ = m.Outcome.from_results(results)
    n = results.paths
    p = doc["endowment"]["prob_real_value_preserved"]
    assert m.value_and_se(outcome_, "endowment.prob_real_value_preserved")[1] == pytest.approx(
        math.sqrt(p * (1 - p) / n)
    )
    band = doc["recovery_fund"]["share_to_most_deprived"]["areas_10"]
    # a mean's error is the exact one the results carry; a percentile's comes from the band
    assert m.value_and_se(outcome_, "recovery_fund.share_to_most_deprived_decile")[
        1
    ] == pytest.approx(band["mean_se"])
    # a percentile's: half its order-statistic interval over 1.96
    assert m.value_and_se(outcome_, "recovery_fund.share_to_most_deprived.areas_10.p95")[
        1
    ] == pytest.approx((band["p95_high"] - band["p95_low"]) / (2 * 1.959963984540054))
    assert m.value_and_se(outcome_, "recovery_fund.total")[1] == 0.0
    # the normal approximation is close to the error of the mean computed from the draws
    from simulator.endowment.run import simulate_endowment

    scenario = full[0]
    paths = simulate_endowment(
        scenario.endowment, scenario.simulation.horizon_years, n, scenario.simulation.seed, None
    )
    final = paths.value_real[:, -1]
    direct = final.std(ddof=1) / math.sqrt(n)
    approx = m.value_and_se(outcome_, "endowment.value_real.mean[-1]")[1]
    assert m.value(outcome_, "endowment.value_real.mean[-1]") == pytest.approx(final.mean())
    assert approx == pytest.approx(direct, rel=1e-9)


def test_a_partial_run_gives_the_full_runs_values(full):
    scenario, areas, results, doc = full
    names = [
        "endowment.prob_real_value_preserved",
        "recovery_fund.concentration_index.mean",
        "area:W01.p95",
    ]
    code = doc["recovery_fund"]["areas"][0]["code"]
    names[-1] = f"area:{code}.p95"
    point = evaluate(scenario, areas, {}, names)
    for name in names[:2]:
        assert point.values[name] == _walk_json(doc, name)
    assert point.values[names[-1]] == doc["recovery_fund"]["areas"][0]["p95"]
    only_endowment = outcome(scenario, areas, {"endowment"})
    assert "recovery_fund" not in only_endowment.headline
    assert m.needs("endowment.prob_depleted") == {"endowment"}
    assert m.needs(f"area:{code}.mean") == {"recovery"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("prob_real_value_preserved", "must start with"),
        ("endowment.no_such_thing", "is not in the results"),
        ("endowment.value_real", "is not a number"),
        ("area:E06000009", "area:CODE.COLUMN"),
        ("area:NOPE.mean", "no area with code"),
        ("endowment.value_real.p50[x]", "is not a results path"),
    ],
)
def test_bad_metric_names_say_what_is_wrong(full, name, message):
    outcome_ = m.Outcome.from_results(full[2])
    with pytest.raises(FundsimError, match=message.replace("[", r"\[")):
        m.value(outcome_, name)


def test_fundsim_metrics_lists_names_and_values(capsys, preset_path):
    from simulator.cli import main

    assert main(["metrics", str(preset_path), "--paths", "200"]) == 0
    out = capsys.readouterr().out
    line = next(
        row for row in out.splitlines() if row.startswith("endowment.prob_real_value_preserved ")
    )
    value = float(line.split()[1])
    assert 0 <= value <= 1
    assert "area:CODE.COLUMN" in out
    assert np.isfinite(value)
