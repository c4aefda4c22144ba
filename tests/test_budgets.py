"""Requests that would exhaust memory or time (issue 26, class 4) are refused before they start,
with the estimate, the limit and how to raise it. Nothing here allocates more than a few MB: the
tests check the estimates and the refusals."""

from __future__ import annotations

import json
import time

import pytest
from openpyxl import Workbook

from simulator.cli import main
from simulator.core import budget
from simulator.core.errors import FundsimError
from simulator.engine import check_budget, estimate


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("fundsim: error: ") and "\n" not in err and "Traceback" not in err, err
    return err


def test_the_memory_limit_is_a_quarter_of_the_machine_and_can_be_overridden(monkeypatch):
    monkeypatch.delenv(budget.MEMORY_ENV, raising=False)
    physical = budget.physical_memory()
    assert physical is None or budget.memory_limit() == max(budget.MIN_MEMORY, physical // 4)
    monkeypatch.setenv(budget.MEMORY_ENV, "3.5GB")
    assert budget.memory_limit() == 3_500_000_000
    monkeypatch.setenv(budget.MEMORY_ENV, "lots")
    with pytest.raises(FundsimError, match="FUNDSIM_MEMORY_LIMIT must be a size"):
        budget.memory_limit()


def test_the_estimate_follows_the_arrays_a_run_keeps(scenario):
    small = estimate(scenario.updated("simulation.paths", 1000), 12)
    big = estimate(
        scenario.updated("simulation.paths", 1_000_000).updated("simulation.horizon_years", 500),
        12,
    )
    # the endowment keeps at least value, real value and two grant arrays: 8 bytes x paths x years
    assert big[0] >= 4 * 8 * 1_000_000 * 500
    assert big[1] >= 1_000_000 * 500
    assert small[0] < 1e9


def test_a_run_beyond_the_machine_is_refused_with_the_estimate_limit_and_override(
    tmp_path, preset_path, capsys, monkeypatch
):
    monkeypatch.setenv(budget.MEMORY_ENV, "2GB")
    start = time.monotonic()
    code = main(
        [
            "run",
            str(preset_path),
            "--paths",
            "1000000",
            "--set",
            "simulation.horizon_years=500",
            "--out",
            str(tmp_path / "o.json"),
        ]
    )
    err = one_line(capsys)
    assert code == 2 and time.monotonic() - start < 10
    assert "1,000,000 paths" in err and "GB of memory" in err and "2.0 GB allowed" in err
    assert budget.MEMORY_ENV in err
    assert not (tmp_path / "o.json").exists()


def test_raising_the_limit_lets_the_estimate_through(scenario, monkeypatch):
    s = scenario.updated("simulation.paths", 200_000).updated("simulation.horizon_years", 100)
    monkeypatch.setenv(budget.MEMORY_ENV, "100MB")
    with pytest.raises(FundsimError, match="more than the 100 MB allowed"):
        check_budget(s, 12)
    monkeypatch.setenv(budget.MEMORY_ENV, "64GB")
    check_budget(s, 12)  # no error
    monkeypatch.setenv(budget.WORK_ENV, "1e6")
    with pytest.raises(FundsimError, match="FUNDSIM_WORK_LIMIT"):
        check_budget(s, 12)


@pytest.mark.parametrize(
    "vary,message",
    [
        ("endowment.spending_rate=0:0.1:1000000000", "1,000,000,000 points"),
        ("endowment.spending_rate=0:0.1:1e20", "points, more than the 100,000"),
        ("endowment.spending_rate=0:0.1:1e400", "N must be a whole number"),
        ("endowment.spending_rate=0:0.1:2.5", "N must be a whole number"),
    ],
)
def test_sweep_grids_are_checked_before_they_are_allocated(
    tmp_path, preset_path, capsys, vary, message
):
    code = main(
        [
            "sweep",
            str(preset_path),
            "--vary",
            vary,
            "--metric",
            "endowment.prob_real_value_preserved",
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and message in one_line(capsys)


def test_a_grid_of_two_axes_is_counted_before_it_runs(tmp_path, preset_path, capsys):
    code = main(
        [
            "sweep",
            str(preset_path),
            "--paths",
            "20",
            "--vary",
            "endowment.spending_rate=0:0.1:1000",
            "--vary",
            "endowment.fees=0:0.01:1000",
            "--metric",
            "endowment.prob_real_value_preserved",
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and "1,000,000 points" in one_line(capsys)


@pytest.mark.parametrize("samples", ["1048576", str(2**30)])
def test_sobol_designs_are_counted_before_they_are_sampled(tmp_path, preset_path, capsys, samples):
    code = main(
        [
            "sensitivity",
            str(preset_path),
            "--method",
            "sobol",
            "--samples",
            samples,
            "--vary",
            "endowment.fees=0.002,0.01",
            "--vary",
            "endowment.spending_rate=0.02,0.06",
            "--metric",
            "endowment.prob_real_value_preserved",
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    err = one_line(capsys)
    assert code == 2 and "sobol design" in err and "more than the 100,000" in err


@pytest.mark.parametrize("workers", ["5000", "0", "-3"])
def test_workers_are_capped(tmp_path, preset_path, capsys, workers):
    code = main(
        [
            "sweep",
            str(preset_path),
            "--vary",
            "endowment.fees=0:0.01:3",
            "--workers",
            workers,
            "--metric",
            "endowment.prob_real_value_preserved",
            "--out",
            str(tmp_path / "s.json"),
        ]
    )
    assert code == 2 and f"--workers must be from 1 to {budget.MAX_WORKERS}" in one_line(capsys)


def test_concurrent_analysis_runs_are_budgeted_together(scenario, workshop, monkeypatch):
    from simulator.analysis.sensitivity.executor import Runner

    one = estimate(scenario, len(workshop))[0]
    monkeypatch.setenv(budget.MEMORY_ENV, str(int(one * 3)))
    runner = Runner(scenario, workshop, ["endowment.prob_real_value_preserved"], workers=4)
    with pytest.raises(FundsimError, match="4 at once"):
        runner.run([{"endowment.fees": f} for f in (0.0, 0.001, 0.002, 0.003)])


def test_a_tornado_of_20000_bars_is_refused(tmp_path, preset_path, capsys):
    bar = {
        "key": "endowment.fees",
        "low": 0.0,
        "high": 0.01,
        "metric_at_low": 0.5,
        "metric_at_high": 0.4,
        "swing": 0.1,
    }
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps({"kind": "tornado", "metric": "m", "base": 0.5, "bars": [bar] * 20_000}),
        encoding="utf-8",
    )
    code = main(
        ["report", str(preset_path), "--analysis", str(path), "--out", str(tmp_path / "r.pdf")]
    )
    err = one_line(capsys)
    assert code == 2 and "t.json" in err and "bars has too many entries" in err


def test_a_sparse_workbook_is_refused_by_its_size_before_its_cells(tmp_path):
    from simulator.data import load_data_source

    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "population", "score"])
    ws.append(["A1", "One", 100, 2.0])
    ws["XFD1048576"] = 1
    path = tmp_path / "sparse.xlsx"
    wb.save(path)
    assert path.stat().st_size < 10_000
    start = time.monotonic()
    with pytest.raises(
        FundsimError,
        match="sparse.xlsx: has a worksheet reaching row 1,048,576, column 16,384 .*17,179,869,184 cells",
    ):
        load_data_source(path)
    assert time.monotonic() - start < 1.0


def test_a_stated_size_far_beyond_the_cells_is_refused(tmp_path):
    """A worksheet whose <dimension> claims A1:XFD1048576 would be padded to it by the reader."""
    import zipfile

    from simulator.data import load_data_source

    wb = Workbook()
    ws = wb.active
    ws.append(["code", "name", "population", "score"])
    ws.append(["A1", "One", 100, 2.0])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    stated = tmp_path / "stated.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(stated, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'<dimension ref="A1:D2"', b'<dimension ref="A1:XFD1048576"')
                assert b"XFD1048576" in data
            dst.writestr(item, data)
    assert len(load_data_source(plain).table) == 1
    with pytest.raises(FundsimError, match="reaching row 1,048,576"):
        load_data_source(stated)
