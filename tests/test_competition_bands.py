"""The competition's overall measures are typed bands of the measures registry: mean ± its Monte
Carlo standard error, 5th/50th/95th percentiles and each percentile's distribution-free 95%
interval, checked against an independent computation (numpy percentiles of the per-draw values,
order-statistic ranks from scipy's binomial distribution); labelled by the registry in the
JSON's documentation, the workbook, the report and the metrics the app offers."""

from __future__ import annotations

import json

import numpy as np
import pytest
from openpyxl import load_workbook
from scipy.stats import binom

from simulator.analysis.metrics import Outcome, value_and_se
from simulator.engine import run
from simulator.measures import Band, find, measure
from simulator.measures.competition import BY_NAME, COMPETITION
from simulator.outputs.export import summary_rows, write_xlsx
from simulator.recovery.run import simulate_recovery
from simulator.scenario import SMALL_BANDS

PATHS = 400


@pytest.fixture(scope="module")
def rationed(request):
    """A competition that rations its money (£2m against about 3.5 times that asked for), so
    every measure varies from draw to draw; its results and, separately, its bidders' tally."""
    from simulator.data import load_data_source
    from simulator.scenario.files import load_scenario
    from tests.conftest import PRESET

    workshop = load_data_source("builtin:workshop")
    s = (
        load_scenario(PRESET)
        .updated("simulation.paths", PATHS)
        .updated("recovery_fund.mechanism", "competitive")
        .updated("recovery_fund.total", 2e6)
    )
    results = run(s, workshop)
    tally = simulate_recovery(
        s.recovery_fund, workshop, PATHS, s.simulation.seed, competition=s.competition
    ).bidders
    return results, tally


def per_draw(tally) -> dict[str, np.ndarray]:
    """Every overall measure on every draw, from the tally's per-draw sums by size band."""
    band = tally.band
    money = band["money"].sum(axis=1)
    cost = band["cost"].sum(axis=1)
    asked = band["bids"] @ tally.market.ask
    return {
        "bids": band["bids"].sum(axis=1),
        "funded_bids": band["funded"].sum(axis=1),
        "bid_cost": cost,
        "deadweight": np.maximum(band["deadweight"].sum(axis=1), 0.0),
        "awarded_net_of_bid_cost": money - cost,
        "capacity_funding": tally.capacity,
        "resource_cost": cost + tally.capacity,
        "money_asked": asked,
        "oversubscription": asked / tally.market.budget,
        "share_to_small": band["money"][:, list(SMALL_BANDS)].sum(axis=1) / money,
        "share_to_micro": band["money"][:, 0] / money,
    }


def order_statistic_interval(values: np.ndarray, q: float) -> tuple[float, float]:
    """The distribution-free 95% interval of the q-quantile: the sorted draws at 0-based ranks
    lo = F^-1(2.5%) - 1 and hi = F^-1(97.5%) for B ~ Binomial(n, q), which cover the quantile
    with probability P(lo < B <= hi) = F(hi) - F(lo) >= 95%."""
    n = len(values)
    lo = max(int(binom.ppf(0.025, n, q)) - 1, 0)
    hi = min(int(binom.ppf(0.975, n, q)), n - 1)
    assert binom.cdf(hi, n, q) - binom.cdf(lo, n, q) >= 0.95
    ordered = np.sort(values)
    return ordered[lo], ordered[hi]


def test_overall_measures_are_bands_equal_to_an_independent_computation(rationed):
    results, tally = rationed
    comp = results.recovery.measures["competition"]
    draws = per_draw(tally)
    assert set(draws) == set(BY_NAME)
    for name, values in draws.items():
        band = comp[name]
        assert isinstance(band, Band) and band.n == PATHS, name
        assert band.mean == pytest.approx(values.mean(), rel=1e-12, abs=1e-12), name
        assert band.mean_se == pytest.approx(
            values.std(ddof=1) / np.sqrt(PATHS), rel=1e-9, abs=1e-9 * max(abs(values.mean()), 1.0)
        ), name
        for q in (5, 50, 95):
            assert band[f"p{q}"] == pytest.approx(np.percentile(values, q), rel=1e-12), name
            low, high = order_statistic_interval(values, q / 100)
            assert (band[f"p{q}_low"], band[f"p{q}_high"]) == (low, high), (name, q)
            assert band[f"p{q}_low"] <= band[f"p{q}"] <= band[f"p{q}_high"]
    # the draws do vary, and the intervals of a skewed measure are not symmetric
    funded = comp["funded_bids"]
    assert funded["p5_high"] > funded["p5_low"] and funded["p95_high"] > funded["p95_low"]
    spread = [
        (comp[n]["p95_high"] - comp[n]["p95"]) - (comp[n]["p95"] - comp[n]["p95_low"])
        for n in draws
    ]
    assert any(abs(s) > 0 for s in spread)
    # by size band and decile, money won is a band too
    row = comp["by_band"][0]
    money = tally.band["money"][:, 0]
    assert isinstance(row["money"], Band)
    assert row["money"]["p95_low"] == order_statistic_interval(money, 0.95)[0]


def test_json_keeps_its_keys_and_adds_the_intervals(rationed):
    results, _tally = rationed
    comp = json.loads(results.to_json())["recovery_fund"]["competition"]
    for name in BY_NAME:
        # the keys written before (mean, mean_se, p5, p95) and the intervals now stated
        assert {"mean", "mean_se", "p5", "p95"} <= set(comp[name])
        assert {"p50", "p5_low", "p5_high", "p95_low", "p95_high"} <= set(comp[name])
    assert {"mean", "mean_se", "p5_low", "p95_high"} <= set(comp["by_decile"][0]["money"])


def test_registry_labels_the_measures_everywhere(rationed, tmp_path):
    results, _tally = rationed
    comp = results.recovery.measures["competition"]
    assert [m.path for m in COMPETITION] == [f"recovery_fund.competition.{n}" for n in BY_NAME]
    assert measure("recovery_fund.competition.oversubscription").unit == "ratio"
    # metrics (fundsim metrics, sweeps, the app's sensitivity view) find the measure and the
    # error of a percentile from its interval
    metric = "recovery_fund.competition.share_to_small.p95"
    assert find(metric) is measure("recovery_fund.competition.share_to_small")
    value, se = value_and_se(Outcome.from_results(results), metric)
    band = comp["share_to_small"]
    assert value == band["p95"]
    assert se == pytest.approx((band["p95_high"] - band["p95_low"]) / (2 * 1.959963984540054))
    # the workbook's Summary: each measure's label, mean, percentiles and standard error
    out = write_xlsx(results, tmp_path / "r.xlsx")
    ws = load_workbook(out)["Summary"]
    cells = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for name, m in BY_NAME.items():
        r = cells[f"{m.label} (mean)"]
        assert [ws.cell(r, c).value for c in (2, 3, 4, 5)] == pytest.approx(
            [comp[name]["mean"], comp[name]["p5"], comp[name]["p95"], comp[name]["mean_se"]]
        )
    # the summary rows and the report's table of overall measures
    labels = [label for label, _value in summary_rows(results)]
    assert all(m.label in labels for m in COMPETITION)
    from simulator.report import build_report

    doc = build_report([results], date="2026-01-01")
    table = next(t for t in doc.tables() if "overall measures" in t.caption)
    assert [row[0] for row in table.rows] == [m.label for m in COMPETITION]
    share = dict((row[0], row) for row in table.rows)[measure(metric.rsplit(".", 1)[0]).label]
    assert share[3] == (
        f"{100 * band['p95']:.1f}% ({100 * band['p95_low']:.1f}% to {100 * band['p95_high']:.1f}%)"
    )
