"""A comparison report simulates each option once: its per-option tables and its comparison come
from the same draws, and equal what ``fundsim run`` and ``fundsim compare`` write."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import simulator.analysis.recovery_pairs as recovery_pairs
import simulator.recovery.run as recovery_run
import simulator.report as report
import simulator.report.runs as report_runs
from simulator.cli import main
from simulator.scenario.files import save_scenario

PATHS = 300


@pytest.fixture
def option_files(tmp_path, scenario):
    """Three options on the workshop data: the preset, an organisation-level competition with
    its own seed (run on the baseline's), and a hybrid with another spending rate and horizon."""
    b = (
        scenario.updated("recovery_fund.mechanism", "competitive")
        .updated("simulation.seed", 7)
        .updated("endowment.spending_rate", 0.03)
    )
    c = (
        scenario.updated("recovery_fund.mechanism", "hybrid_simple")
        .updated("recovery_fund.formula_share", 0.5)
        .updated("endowment.spending_rate", 0.05)
        .updated("simulation.horizon_years", 30)
    )
    files = [tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"]
    for s, f in zip((scenario, b, c), files):
        save_scenario(s, f)
    return [str(f) for f in files]


def report_inputs(monkeypatch, tmp_path, files):
    """Run ``fundsim report`` on ``files`` and keep what its document was built from."""
    seen = {}
    build = report.build_report

    def capture(runs, **kwargs):
        seen["runs"], seen["extras"] = runs, kwargs.get("extras") or {}
        return build(runs, **kwargs)

    monkeypatch.setattr(report, "build_report", capture)
    out = tmp_path / "report.docx"
    args = ["report", *files, "--paths", str(PATHS), "--out", str(out), "--date", "2026-01-01"]
    assert main(args) == 0
    assert out.stat().st_size > 0
    return seen["runs"], seen["extras"]


#: Top-level keys of a run's JSON that record how it was asked for (the report's options are
#: run with the baseline's seed through the scenario, the CLI's through --seed), not numbers.
RECORD = {"scenario", "scenario_file", "run_record"}


def test_report_figures_equal_fundsim_run_and_fundsim_compare(monkeypatch, tmp_path, option_files):
    runs, extras = report_inputs(monkeypatch, tmp_path, option_files)
    assert len(runs) == 3
    for i, file in enumerate(option_files):
        out = tmp_path / f"run{i}.json"
        # every option of a comparison runs with the baseline's seed (2020)
        args = ["run", file, "--paths", str(PATHS), "--seed", "2020", "--out", str(out)]
        assert main(args) == 0
        alone = json.loads(out.read_text(encoding="utf-8"))
        in_report = json.loads(runs[i].to_json())
        assert set(alone) == set(in_report)
        for key in set(alone) - RECORD:
            assert in_report[key] == alone[key], (i, key)
        assert in_report["scenario"]["recovery_fund"] == alone["scenario"]["recovery_fund"]
        assert in_report["seed"] == alone["seed"] == 2020 and in_report["paths"] == PATHS
    out = tmp_path / "compare.json"
    assert main(["compare", *option_files, "--paths", str(PATHS), "--out", str(out)]) == 0
    compared = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(extras["comparison"].to_json()) == compared


def test_each_option_is_simulated_once(monkeypatch, tmp_path, option_files):
    """Count the draws each option's recovery fund allocates and its endowment simulations,
    wherever they are called from: each option once, and ``engine.run`` never."""
    spans: dict[str, list[tuple[int, int]]] = {}
    endowments: list[tuple[float, int, int]] = []
    allocate = recovery_run.allocate_chunk_with_bidders
    from simulator.endowment import run as endowment_run

    simulate = endowment_run.simulate_endowment

    def counted_allocate(plan, seed, start, stop):
        spans.setdefault(plan.cfg.mechanism, []).append((start, stop))
        return allocate(plan, seed, start, stop)

    def counted_endowment(cfg, years, paths, *args, **kwargs):
        endowments.append((cfg.spending_rate, years, paths))
        return simulate(cfg, years, paths, *args, **kwargs)

    for module in (recovery_run, recovery_pairs):
        monkeypatch.setattr(module, "allocate_chunk_with_bidders", counted_allocate, raising=False)
    # every scenario's endowment goes through simulate_scenario_endowment, which calls this
    monkeypatch.setattr(endowment_run, "simulate_endowment", counted_endowment)
    whole_runs = []
    run = report_runs.run

    def counted_run(*args, **kwargs):
        whole_runs.append(args)
        return run(*args, **kwargs)

    monkeypatch.setattr(report_runs, "run", counted_run)

    runs, extras = report_inputs(monkeypatch, tmp_path, option_files)
    # every draw of every option's recovery fund is allocated exactly once
    assert set(spans) == {"formula", "competitive", "hybrid_simple"}
    for mechanism, chunks in spans.items():
        covered = Counter(d for start, stop in chunks for d in range(start, stop))
        assert sorted(covered) == list(range(PATHS)), mechanism
        assert set(covered.values()) == {1}, mechanism
    # one endowment simulation per option (they differ), each of every path
    assert sorted(endowments) == [(0.03, 50, PATHS), (0.04, 50, PATHS), (0.05, 30, PATHS)]
    assert whole_runs == []  # no separate run of an option
    # and the report's figures are those draws' (an option's run against its own summary)
    assert [r.recovery.measures["areas_funded"]["mean"] for r in runs] == [
        m for m in _metric(extras, "recovery_fund.areas_funded")["values"]
    ]


def _metric(extras, name):
    return next(m for m in extras["comparison"].to_dict()["metrics"] if m["name"] == name)


def test_options_that_do_not_fit_together_are_run_one_at_a_time_with_the_same_numbers(
    monkeypatch, scenario, workshop
):
    """When every option's run at once would exceed the memory allowed, each is run alone
    (one run's memory) and then compared: the same figures as the single pass."""
    from simulator.engine import estimate

    options = [
        scenario.updated("simulation.paths", PATHS),
        scenario.updated("recovery_fund.progressivity", 1.6).updated("simulation.seed", 9),
    ]
    one = estimate(options[0].updated("simulation.paths", PATHS), len(workshop))[0]
    together, extras = report_runs.run_for_report(options, [workshop, workshop])
    # a limit above one option's run and below both together
    monkeypatch.setenv("FUNDSIM_MEMORY_LIMIT", f"{int(1.5 * one)}")
    assert not report_runs.fits_together(options, [workshop, workshop])
    whole_runs = []
    run = report_runs.run
    monkeypatch.setattr(report_runs, "run", lambda *a, **k: whole_runs.append(a) or run(*a, **k))
    alone, extras_alone = report_runs.run_for_report(options, [workshop, workshop])
    assert len(whole_runs) == 2
    assert [r.to_json() for r in alone] == [r.to_json() for r in together]
    assert extras_alone["comparison"].to_json() == extras["comparison"].to_json()
