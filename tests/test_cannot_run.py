"""Tornado and sweep points that cannot run are shown with their reason in every output, and the
rest still run (issue 21: the README's own tornado example exited 2)."""

from __future__ import annotations

import json
import math

import pytest
from matplotlib.figure import Figure
from openpyxl import load_workbook

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.executor import Runner
from simulator.analysis.sensitivity.figures import sweep_chart, tornado_chart
from simulator.analysis.sensitivity.sweep import axis, sweep
from simulator.analysis.sensitivity.tornado import tornado
from simulator.cli import main
from simulator.data import load_data_source
from simulator.engine import run
from simulator.scenario import load_scenario

DECILE = "recovery_fund.share_to_most_deprived_decile"
ELIGIBLE = "recovery_fund.eligible_share"
REASON = "recovery_fund.cap_share (with cap) lets the eligible areas receive at most"


def plain(scenario, areas, key, value):
    """The metric from a plain run of the scenario with one key changed."""
    return m.value_and_se(m.Outcome.from_results(run(scenario.updated(key, value), areas)), DECILE)


@pytest.fixture(scope="module")
def setup():
    from simulator import load_scenario
    from simulator.data import load_data_source
    from tests.conftest import PRESET

    scenario = load_scenario(PRESET).updated("simulation.paths", 200)
    return scenario, load_data_source("builtin:workshop")


def test_the_readme_tornado_runs_and_names_the_end_that_cannot(tmp_path, preset_path, capsys):
    outputs = {}
    for suffix in ("json", "xlsx"):
        out = tmp_path / f"tornado.{suffix}"
        args = ["sensitivity", str(preset_path), "--metric", DECILE, "--paths", "200"]
        assert main([*args, "--out", str(out)]) == 0
        outputs[suffix] = out
    assert f"could not run {ELIGIBLE} = 0.2: {REASON}" in capsys.readouterr().err
    d = json.loads(outputs["json"].read_text())
    bar = next(b for b in d["bars"] if b["key"] == ELIGIBLE)
    assert bar["metric_at_low"] is None and bar["failure_at_low"].startswith(REASON)
    assert bar["failure_at_high"] is None and bar["metric_at_high"] is not None
    assert d["failures"] == [f"{ELIGIBLE} = 0.2: {bar['failure_at_low']}"]
    assert len(d["bars"]) > 3 and all(b["failure_at_low"] is None for b in d["bars"][:3])
    wb = load_workbook(outputs["xlsx"])
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True)}
    assert summary["could not run"] == d["failures"][0]
    rows = list(wb["Data"].iter_rows(values_only=True))
    head = rows[0]
    excel_bar = next(r for r in rows[1:] if r[head.index("key")] == ELIGIBLE)
    assert excel_bar[head.index("failure_at_low")].startswith(REASON)
    assert excel_bar[head.index("metric_at_low")] is None
    # the report's tornado table says which end could not run, and why
    from simulator.report import build_report
    from simulator.report.sections.sensitivity import load_analysis

    scenario = load_scenario(preset_path).updated("simulation.paths", 200)
    results = run(scenario, load_data_source("builtin:workshop"))
    doc = build_report([results], extras={"analyses": [load_analysis(outputs["json"])]})
    assert f"Could not run {ELIGIBLE} = 0.2: {REASON}" in doc.text()
    assert "could not run" in doc.text()


def test_a_tornado_keeps_the_bars_that_ran_equal_to_plain_runs(setup):
    scenario, areas = setup
    ends = {ELIGIBLE: (0.2, 0.5), "recovery_fund.progressivity": (0.5, 2.0)}
    result = tornado(scenario, ends, DECILE, Runner(scenario, areas, []))
    bars = {b.key: b for b in result.bars}
    assert bars[ELIGIBLE].failure_low.startswith(REASON) and math.isnan(bars[ELIGIBLE].at_low)
    assert bars[ELIGIBLE].at_high == pytest.approx(plain(scenario, areas, ELIGIBLE, 0.5)[0])
    p = bars["recovery_fund.progressivity"]
    assert (p.at_low, p.at_high) == pytest.approx(
        (
            plain(scenario, areas, "recovery_fund.progressivity", 0.5)[0],
            plain(scenario, areas, "recovery_fund.progressivity", 2.0)[0],
        )
    )
    fig = Figure(figsize=(8, 5))
    tornado_chart(fig, result)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("could not run at 20%" in t for t in labels)
    notes = " ".join(t.get_text() for t in fig.texts)
    assert f"Could not run: {ELIGIBLE} = 0.2: {REASON}" in notes


def test_a_sweep_draws_a_gap_where_a_point_cannot_run(setup):
    scenario, areas = setup
    result = sweep(scenario, [axis(ELIGIBLE, 0.2, 1.0, 5)], [DECILE], Runner(scenario, areas, []))
    failed = [p.settings[ELIGIBLE] for p in result.points if p.failure is not None]
    assert failed == [0.2]
    last = result.points[-1]
    assert last.values[DECILE] == pytest.approx(plain(scenario, areas, ELIGIBLE, 1.0)[0])
    assert result.to_dict()["points"][0]["failure"].startswith(REASON)
    fig = Figure(figsize=(8, 5))
    sweep_chart(fig, result, DECILE)
    ax = fig.axes[0]
    crosses = next(line for line in ax.lines if line.get_label() == "Could not run (see note)")
    assert list(crosses.get_xdata()) == [0.2]
    assert REASON in " ".join(t.get_text() for t in fig.texts)
    grid = sweep(
        scenario,
        [axis(ELIGIBLE, 0.2, 1.0, 2), axis("recovery_fund.progressivity", 1.0, 2.0, 2)],
        [DECILE],
        Runner(scenario, areas, []),
    )
    assert len(grid.failures()) == 2
    fig = Figure(figsize=(8, 5))
    sweep_chart(fig, grid, DECILE)
    cells = [t.get_text() for t in fig.axes[0].texts]
    assert cells.count("could not run") == 2
