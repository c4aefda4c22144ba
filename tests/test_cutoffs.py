"""Ties at eligibility cut-offs and the most deprived share of people (issue 10)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.data import Areas, Provenance
from simulator.engine import summarise_recovery
from simulator.recovery.allocation import population_share_weights, top_k_mask
from simulator.recovery.run import simulate_recovery


def test_ties_at_the_cut_off_go_to_the_areas_listed_first():
    need = np.array([[5.0, 3.0, 3.0, 3.0, 1.0, 3.0]])
    np.testing.assert_array_equal(top_k_mask(need, 3), [[True, True, True, False, False, False]])
    # many rows, many ties: always k areas, all above the cut-off, the first tied ones
    rng = np.random.default_rng(4)
    values = rng.integers(0, 5, (500, 40)).astype(float)
    mask = top_k_mask(values, 13)
    assert (mask.sum(axis=1) == 13).all()
    for row, m in zip(values, mask):
        order = np.argsort(-row, kind="stable")[:13]  # independent: a stable sort keeps file order
        assert set(np.flatnonzero(m)) == set(order)


def test_eligibility_with_tied_need_is_deterministic_and_documented(scenario):
    # twelve districts, six with the same need: a 25% eligibility takes three of them by file order
    table = pd.DataFrame(
        {
            "code": [f"A{i:02d}" for i in range(12)],
            "name": [f"Area {i}" for i in range(12)],
            "population": np.full(12, 1000.0),
            "score": [9, 9, 9, 9, 9, 9, 5, 5, 4, 3, 2, 1.0],
        }
    )
    areas = Areas(table, Provenance("test", "custom"))
    cfg = scenario.recovery_fund.model_copy(
        update={"eligible_share": 0.25, "indicator_uncertainty": 0.0, "cap_share": 1.0}
    )
    run = simulate_recovery(cfg, areas, 64, 1)
    assert list(np.flatnonzero(run.funded_count)) == [0, 1, 2]


def test_most_deprived_share_of_people_counts_the_crossing_area_pro_rata(scenario):
    need = np.array([10.0, 8.0, 6.0, 4.0, 2.0])
    pop = np.array([50.0, 100.0, 200.0, 300.0, 350.0])  # 1,000 people
    w = population_share_weights(need, pop, 0.1)
    np.testing.assert_allclose(w, [1.0, 0.5, 0.0, 0.0, 0.0])  # 50 + half of 100 = 100 people
    w20 = population_share_weights(need, pop, 0.2)
    np.testing.assert_allclose(w20 @ pop, 200.0)
    table = pd.DataFrame(
        {"code": list("ABCDE"), "name": list("ABCDE"), "population": pop, "score": need}
    )
    areas = Areas(table, Provenance("test", "custom"))
    cfg = scenario.recovery_fund.model_copy(
        update={"indicator_uncertainty": 0.0, "cap_share": 1.0, "progressivity": 1.0}
    )
    s = scenario.model_copy(update={"recovery_fund": cfg})
    res = summarise_recovery(s, areas, simulate_recovery(cfg, areas, 64, 1))
    money = pop * need / (pop * need).sum()  # shares of the formula
    expected = money[0] + 0.5 * money[1]  # old rule: all of area B, money[0] + money[1]
    assert res.measures["share_to_most_deprived"]["population_10"]["mean"] == pytest.approx(
        expected, rel=1e-12
    )
