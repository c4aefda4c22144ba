"""A run that reuses a fund's previous results (RunMemo) gives the results a fresh run gives."""

from __future__ import annotations

import pytest

from simulator import load_areas, load_scenario
from simulator.engine import RunMemo, run
from simulator.scenario.model import with_changes
from tests.conftest import PRESET


@pytest.fixture(scope="module")
def base():
    s = load_scenario(PRESET).updated("simulation.paths", 300)
    return s, load_areas(s)


def _same(a, b) -> None:
    assert a.to_json() == b.to_json()
    assert a.recovery.table.equals(b.recovery.table)
    assert a.endowment.area_grants.equals(b.endowment.area_grants)


@pytest.mark.parametrize(
    ("key", "value", "reused"),
    [
        ("endowment.spending_rate", 0.045, "recovery"),  # the workshop slider
        ("endowment.initial", 1.5e9, "recovery"),
        ("recovery_fund.progressivity", 2.0, "endowment"),  # grants per area move with it
        ("recovery_fund.mechanism", "competitive", "endowment"),
        ("competition.readiness", 0.5, "endowment"),
    ],
)
def test_an_edit_of_one_fund_reuses_the_other_and_gives_the_fresh_runs_numbers(
    base, key, value, reused
):
    scenario, areas = base
    memo = RunMemo()
    first = run(scenario, areas, memo=memo)
    _same(first, run(scenario, areas))  # the memo changes nothing by being there
    edited = scenario.updated(key, value)
    again = run(edited, areas, memo=memo)
    other = "endowment" if reused == "recovery" else "recovery"
    assert memo.reused == {reused: 1, other: 0}
    _same(again, run(edited, areas))
    assert again.scenario == run(edited, areas).scenario  # the inputs recorded are this run's
    if key.startswith("recovery_fund") and key != "recovery_fund.mechanism":
        # the endowment's grants per area follow the recovery fund's formula
        assert not first.endowment.area_grants.equals(again.endowment.area_grants)


def test_paths_seed_or_other_areas_are_never_reused(base):
    scenario, areas = base
    memo = RunMemo()
    run(scenario, areas, memo=memo)
    for changed in (
        scenario.updated("simulation.seed", 7),
        scenario.updated("simulation.paths", 200),
        scenario.updated("simulation.horizon_years", 20),
    ):
        _same(run(changed, areas, memo=memo), run(changed, areas))
        assert memo.reused == {"recovery": 0, "endowment": 0}
    copy = load_areas(scenario)  # equal data, another object: not trusted to be the same
    assert copy is not areas
    run(scenario, areas, memo=memo)
    run(scenario.updated("endowment.spending_rate", 0.03), copy, memo=memo)
    assert memo.reused["recovery"] == 0


def test_a_bootstrap_of_returns_from_a_file_is_never_reused(base, tmp_path):
    scenario, areas = base
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "year,real_return\n"
        + "".join(
            f"{y},{r}\n"
            for y, r in zip(
                range(2000, 2010), (0.05, -0.1, 0.07, 0.02, 0.11, -0.03, 0.04, 0.06, 0.0, 0.08)
            )
        )
    )
    s = with_changes(
        scenario, {"endowment.return_model": "bootstrap", "endowment.bootstrap_file": str(returns)}
    )
    memo = RunMemo()
    first = run(s, areas, memo=memo)
    returns.write_text(returns.read_text().replace("0.11", "-0.25"))
    again = run(s, areas, memo=memo)
    assert memo.reused["endowment"] == 0
    assert again.endowment.value_real.mean[-1] != first.endowment.value_real.mean[-1]


def test_live_mode_preview_and_full_run_each_find_their_own(base):
    """Live mode runs a quick preview, then the full run: both are kept, so an edit of the
    endowment reuses the recovery fund's results at either number of paths."""
    scenario, areas = base
    memo = RunMemo()
    preview = scenario.updated("simulation.paths", 100)
    run(preview, areas, memo=memo)
    run(scenario, areas, memo=memo)
    for rate in (0.03, 0.035):
        run(preview.updated("endowment.spending_rate", rate), areas, memo=memo)
        edited = scenario.updated("endowment.spending_rate", rate)
        _same(run(edited, areas, memo=memo), run(edited, areas))
    assert memo.reused["recovery"] == 4
