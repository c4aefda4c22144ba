"""The competition's measures: a standard error for the share to small organisations, rates
within [0, 1] and deadweight never below zero from rounding (issue 21)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import run
from simulator.recovery.bidding.measures import _ratio, _rows
from simulator.recovery.run import simulate_recovery
from simulator.scenario import SMALL_BANDS


def test_share_to_small_carries_the_standard_error_of_its_mean(scenario, workshop):
    s = scenario.updated("simulation.paths", 300).updated("recovery_fund.mechanism", "competitive")
    s = s.updated("recovery_fund.total", 50e6)  # bids are rationed: the share varies by draw
    results = run(s, workshop)
    comp = results.recovery.measures["competition"]
    # independently, from the engine's per-draw money by size band
    tally = simulate_recovery(
        s.recovery_fund, workshop, 300, s.simulation.seed, competition=s.competition
    ).bidders
    money = tally.band["money"]
    share = money[:, list(SMALL_BANDS)].sum(axis=1) / money.sum(axis=1)
    assert comp["share_to_small"]["mean"] == pytest.approx(share.mean(), rel=1e-12)
    assert comp["share_to_small"]["mean_se"] == pytest.approx(
        share.std(ddof=1) / np.sqrt(300), rel=1e-9
    )
    assert comp["share_to_small"]["mean_se"] > 0 and "mean_se" in comp["share_to_micro"]
    assert 0 <= comp["success_rate"] <= 1


def test_a_success_rate_never_exceeds_one_from_rounding():
    funded = np.array([0.1, 0.1, 0.1])  # sums to 0.30000000000000004
    bids = np.array([0.3, 0.0, 0.0])
    assert funded.sum() / bids.sum() > 1  # what was printed before
    assert _ratio(funded, bids) == 1.0
    assert _ratio(np.zeros(2), np.zeros(2)) is None


def test_deadweight_is_never_below_zero_from_rounding():
    paths = 4
    group = {
        "bids": np.ones((paths, 1)),
        "funded": np.ones((paths, 1)),
        "cost": np.full((paths, 1), 0.3),
        # the cost of bids that lost, as a difference of sums: -1e-10 where nothing lost
        "deadweight": np.full((paths, 1), -1e-10),
    }
    money = np.full((paths, 1), 5.0)
    row = _rows(group, money, ["micro"], "band")[0]
    assert row["deadweight"] == 0.0
    assert row["success_rate"] == 1.0
