"""Sentences that state a direction are derived from the numbers (issue 21: "£83.0m moves towards
need" was fixed text, also for a competition whose gains go to the least deprived areas)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulator.core.money import format_money
from simulator.engine import run
from simulator.outputs.claims import direction_of_gains, money_moved_text, need_weighted_change
from simulator.outputs.figures import winners_losers_chart
from simulator.report import build_report


@pytest.fixture(scope="module")
def runs():
    from simulator import load_scenario
    from simulator.data import load_data_source
    from tests.conftest import PRESET

    base = load_scenario(PRESET).updated("simulation.paths", 300)
    areas = load_data_source("builtin:workshop")
    # capacity to bid rises steeply with affluence: the least deprived areas win the money
    rich = base.updated("recovery_fund.mechanism", "competitive_simple").updated(
        "recovery_fund.capacity_gradient", 3.0
    )
    return run(base, areas), run(rich, areas)


def gains_by_half(table):
    """Money gained against equal per head by the more and the less deprived half of areas."""
    order = np.argsort(-table["need"].to_numpy(), kind="stable")
    gain = table["gain"].to_numpy()[order]
    half = len(gain) // 2
    return gain[:half].sum(), gain[half:].sum()


def test_a_competition_won_by_the_least_deprived_says_money_moves_away_from_need(runs):
    formula, rich = runs
    # independently: the less deprived half of areas gains, the more deprived half loses
    deprived, affluent = gains_by_half(rich.recovery.table)
    assert deprived < 0 < affluent
    assert direction_of_gains(rich.recovery.table) == "away from need"
    moved = rich.recovery.measures["against_equal_per_head"]["money_moved"]
    assert moved == pytest.approx(rich.recovery.table["gain"].clip(lower=0).sum())
    text = f"{format_money(moved)} moves away from need (to less deprived areas)"
    fig = Figure()
    winners_losers_chart(fig, rich)
    title = fig.axes[0].get_title(loc="left")
    assert text in title and "towards need" not in title
    doc = build_report([rich])
    assert text in doc.text() and "moves towards need" not in doc.text()
    # and the formula, which favours need, still says towards
    deprived, affluent = gains_by_half(formula.recovery.table)
    assert deprived > 0 > affluent
    w = formula.recovery.measures["against_equal_per_head"]
    assert money_moved_text(formula.recovery.table, w["money_moved"]) == (
        f"{format_money(w['money_moved'])} moves towards need"
    )


def test_the_need_weighted_change_is_minus_half_the_money_times_the_concentration_index():
    need = np.array([5.0, 3.0, 1.0, 4.0])
    population = np.array([100.0, 300.0, 200.0, 400.0])
    money = np.array([50.0, 10.0, 5.0, 35.0])
    equal = money.sum() * population / population.sum()
    # concentration index of the money, ranked most deprived first (need 5, 4, 3, 1)
    order = np.argsort(-need)
    p, s = population[order] / population.sum(), money[order] / money.sum()
    rank = np.cumsum(p) - p / 2
    ci = 2 * np.sum(s * rank) - 1
    assert need_weighted_change(money - equal, population, need) == pytest.approx(
        -money.sum() * ci / 2, rel=1e-12
    )
    assert need_weighted_change(equal - equal, population, need) == 0.0
