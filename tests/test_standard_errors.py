"""Monte Carlo standard errors beside every mean and probability (issue 10)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import run, summarise_recovery
from simulator.recovery.run import allocation_draws, simulate_recovery


def test_per_area_standard_errors_match_the_draws(scenario, workshop):
    cfg = scenario.recovery_fund.model_copy(
        update={"indicator_uncertainty": 0.3, "mechanism": "hybrid", "rounds": 3}
    )
    s = scenario.model_copy(update={"recovery_fund": cfg})
    res = summarise_recovery(s, workshop, simulate_recovery(cfg, workshop, 700, 5))
    draws = allocation_draws(cfg, workshop, 700, 5)
    np.testing.assert_allclose(
        res.table["mean_se"], draws.std(axis=0, ddof=1) / np.sqrt(700), rtol=1e-6
    )
    p = (draws > 0).mean(axis=0)
    np.testing.assert_allclose(res.table["prob_funded_se"], np.sqrt(p * (1 - p) / 700), rtol=1e-12)
    m = res.measures
    assert m["awarded"]["mean_se"] == pytest.approx(
        draws.sum(axis=1).std(ddof=1) / np.sqrt(700), rel=1e-6
    )


def test_standard_errors_measure_the_spread_between_seeds(scenario, workshop):
    """The stated error of a mean and of a probability is the spread of that figure between
    independent runs (20 seeds), within the sampling error of a standard deviation."""
    s = scenario.updated("simulation.paths", 400).updated("endowment.real_return_vol", 0.15)
    s = s.updated("recovery_fund.indicator_uncertainty", 0.3).updated(
        "simulation.horizon_years", 30
    )
    means, probs, ses, pses, area, area_se = [], [], [], [], [], []
    for seed in range(20):
        r = run(s.updated("simulation.seed", seed), workshop)
        d = r.to_dict()
        means.append(d["endowment"]["value_real"]["mean"][-1])
        ses.append(d["endowment"]["value_real"]["mean_se"][-1])
        probs.append(d["endowment"]["prob_real_value_preserved"])
        pses.append(d["endowment"]["prob_real_value_preserved_se"])
        area.append(r.recovery.table["mean"].iloc[0])
        area_se.append(r.recovery.table["mean_se"].iloc[0])
    # the standard deviation of 20 estimates is within about +-35% of the truth (3 sd of its error)
    for values, errors in ((means, ses), (probs, pses), (area, area_se)):
        assert np.std(values, ddof=1) == pytest.approx(np.mean(errors), rel=0.5)


def test_exports_carry_the_errors(scenario, workshop, tmp_path):
    import csv

    from simulator.outputs.export import summary_rows, write_results

    s = scenario.updated("simulation.paths", 200)
    r = run(s, workshop)
    d = r.to_dict()
    e = d["endowment"]
    p = e["prob_real_value_preserved"]
    assert e["prob_real_value_preserved_se"] == pytest.approx(np.sqrt(p * (1 - p) / 200))
    assert len(e["prob_preserved_by_year_se"]) == len(e["prob_preserved_by_year"])
    assert (
        "mean_se" in d["recovery_fund"]["awarded"]
        and "share_se" in d["recovery_fund"]["by_decile"][0]
    )
    assert "mean_se" in d["endowment"]["green_book"]["pv_grants_real"]
    path = write_results(r, tmp_path / "areas.csv")
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert {"mean_se", "prob_funded_se"} <= set(header)
    rows = dict(summary_rows(r))
    assert " ± " in rows["Probability the real value is preserved"]
    assert " ± " in rows["Money awarded (mean ± Monte Carlo standard error)"]
    # a median: its order-statistic interval, not a "±"
    median = rows["Median real value at the horizon"]
    assert " ± " not in median and "95% interval" in median


def test_headline_cards_show_the_errors(qtbot, scenario, workshop):
    from simulator.core.money import format_money, format_share
    from ui.panels.summary import SummaryStrip

    r = run(
        scenario.updated("simulation.paths", 300).updated("endowment.real_return_vol", 0.15),
        workshop,
    )
    strip = SummaryStrip()
    qtbot.addWidget(strip)
    strip.set_results(r)
    p = r.endowment.prob_real_value_preserved
    se = np.sqrt(p * (1 - p) / 300)
    assert (
        strip.cards["preserved"].caption.text()
        == f"probability the real value is preserved (± {format_share(se)})"
    )
    assert f"{format_share(p)} ± {format_share(se)}" in strip.cards["preserved"].toolTip()
    assert (
        " ± " in strip.cards["decile"].toolTip() and "300 draws" in strip.cards["decile"].toolTip()
    )
    # a median is given its order-statistic interval, never a "±"
    median_tip = strip.cards["median_real"].toolTip()
    assert " ± " not in median_tip
    low = r.endowment.value_real["p50_low"][-1]
    assert format_money(float(low)) in median_tip


def test_a_figure_without_randomness_has_no_error(scenario, workshop):
    s = scenario.updated("simulation.paths", 128).updated(
        "recovery_fund.indicator_uncertainty", 0.0
    )
    s = s.updated("endowment.real_return_vol", 0.0).updated("endowment.inflation_vol", 0.0)
    d = run(s, workshop).to_dict()
    assert all(a["mean_se"] == 0.0 for a in d["recovery_fund"]["areas"])
    assert d["endowment"]["value_real"]["mean_se"] == [0.0] * len(
        d["endowment"]["value_real"]["mean"]
    )
    assert d["recovery_fund"]["awarded"]["mean_se"] == 0.0


def test_excel_summary_has_a_standard_error_column(scenario, workshop, tmp_path):
    from openpyxl import load_workbook

    from simulator.outputs.export import write_results

    r = run(scenario.updated("simulation.paths", 200), workshop)
    ws = load_workbook(write_results(r, tmp_path / "r.xlsx"))["Summary"]
    rows = {
        ws.cell(i, 1).value: [ws.cell(i, j).value for j in range(2, 6)]
        for i in range(1, ws.max_row + 1)
    }
    p = r.endowment.prob_real_value_preserved
    assert rows["Probability the real value is preserved"][3] == pytest.approx(
        np.sqrt(p * (1 - p) / 200)
    )
    awarded = r.recovery.measures["awarded"]
    assert rows["Money awarded (mean)"][3] == pytest.approx(awarded["mean_se"])
    assert rows["Present value of real grants (Green Book)"][0] == pytest.approx(
        r.endowment.appraisal["pv_grants_real"]["mean"]
    )
