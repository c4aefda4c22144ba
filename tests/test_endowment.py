"""The endowment engine against closed forms and statistical bounds."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.endowment.run import closed_form_real_value, simulate_endowment
from simulator.engine import summarise_endowment


def still(cfg, **kw):
    return cfg.model_copy(update={"real_return_vol": 0.0, "inflation_vol": 0.0, **kw})


@pytest.mark.parametrize(
    "rate,fees,mu,infl",
    [(0.04, 0.005, 0.04, 0.02), (0.06, 0.0, 0.03, 0.05), (0.0, 0.01, -0.02, 0.0)],
)
def test_zero_volatility_real_value_is_the_closed_form(scenario, rate, fees, mu, infl):
    cfg = still(
        scenario.endowment, spending_rate=rate, fees=fees, real_return_mean=mu, inflation_mean=infl
    )
    paths = simulate_endowment(cfg, horizon=30, paths=10, seed=1)
    years = np.arange(31)
    expected = cfg.initial * ((1 - rate - fees) * (1 + mu)) ** years
    np.testing.assert_allclose(paths.value_real, np.broadcast_to(expected, (10, 31)), rtol=1e-12)
    assert closed_form_real_value(cfg, 30) == pytest.approx(expected[-1], rel=1e-15)
    # grants are the rate times the start-of-year value, deflated to year-0 pounds
    np.testing.assert_allclose(paths.grants_real[0], rate * expected[:-1], rtol=1e-12)
    np.testing.assert_allclose(paths.value_nominal[0], expected * (1 + infl) ** years, rtol=1e-12)


def test_mean_real_value_matches_expectation_within_monte_carlo_error(scenario):
    cfg = scenario.endowment.model_copy(update={"real_return_vol": 0.15, "inflation_vol": 0.02})
    h = 20
    paths = simulate_endowment(cfg, horizon=h, paths=40000, seed=3)
    final = paths.value_real[:, -1]
    expected = closed_form_real_value(cfg, h)  # independent returns: E[prod] = prod E
    se = final.std() / np.sqrt(final.size)
    assert abs(final.mean() - expected) < 4 * se
    assert final.std() > 0.1 * expected


def test_preservation_and_depletion_probabilities(scenario):
    # Exactly preserving in the still case: (1 - 0.05) * (1 + r) = 1
    cfg = still(scenario.endowment, spending_rate=0.05, fees=0.0, real_return_mean=1 / 0.95 - 1)
    s = scenario.model_copy(update={"endowment": cfg})
    res = summarise_endowment(s, simulate_endowment(cfg, s.simulation.horizon_years, 50, 1))
    assert res.prob_real_value_preserved == 1.0 and res.prob_depleted == 0.0
    losing = still(scenario.endowment, spending_rate=0.06)
    res = summarise_endowment(s, simulate_endowment(losing, s.simulation.horizon_years, 50, 1))
    assert res.prob_real_value_preserved == 0.0
    everything = still(scenario.endowment, spending_rate=0.995, fees=0.005)
    res = summarise_endowment(s, simulate_endowment(everything, 5, 50, 1))
    assert res.prob_depleted == 1.0


def test_same_seed_identical_at_any_chunking(scenario, monkeypatch):
    cfg = scenario.endowment
    a = simulate_endowment(cfg, 25, 1500, seed=9)
    import simulator.endowment.run as endowment

    monkeypatch.setattr(endowment, "chunk_size_for", lambda bytes_per_path, **kw: 128)
    b = simulate_endowment(cfg, 25, 1500, seed=9)
    np.testing.assert_array_equal(a.value_nominal, b.value_nominal)
    np.testing.assert_array_equal(a.grants_real, b.grants_real)
    c = simulate_endowment(cfg, 25, 1500, seed=10)
    assert not np.array_equal(a.value_nominal, c.value_nominal)
