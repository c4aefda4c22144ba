"""The recovery-fund formula and its Monte Carlo: closed forms, constraints, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.errors import FundsimError
from simulator.recovery.allocation import allocate, eligible_count, top_k_mask, water_fill
from simulator.recovery.run import allocation_draws, distributed_amount, simulate_recovery


def formula(total, admin, pop, need, p):
    w = pop * need**p
    return total * (1 - admin) * w / w.sum()


def test_zero_uncertainty_every_draw_equals_the_formula(scenario, workshop):
    cfg = scenario.recovery_fund.model_copy(update={"indicator_uncertainty": 0.0, "cap_share": 1.0})
    draws = allocation_draws(cfg, workshop, paths=300, seed=1)
    expected = formula(
        cfg.total,
        cfg.admin_share,
        workshop.population,
        workshop.table["score"].to_numpy(),
        cfg.progressivity,
    )
    assert draws.shape == (300, len(workshop))
    np.testing.assert_allclose(draws, np.broadcast_to(expected, draws.shape), rtol=1e-13)


@pytest.mark.parametrize("p", [0.0, 0.5, 2.0])
def test_progressivity_closed_form(p, workshop):
    need = workshop.table["score"].to_numpy()
    got = allocate(need, workshop.population, 1e6, p)[0]
    np.testing.assert_allclose(got, formula(1e6, 0.0, workshop.population, need, p), rtol=1e-13)
    if p == 0:  # population share only
        np.testing.assert_allclose(
            got, 1e6 * workshop.population / workshop.population.sum(), rtol=1e-13
        )


def test_every_draw_pays_out_exactly_and_respects_floor_and_cap(scenario, workshop):
    cfg = scenario.recovery_fund.model_copy(
        update={
            "floor": 15e6,
            "cap_share": 0.15,
            "indicator_uncertainty": 0.3,
            "eligible_share": 0.75,
        }
    )
    draws = allocation_draws(cfg, workshop, paths=2000, seed=7)
    budget = distributed_amount(cfg)
    np.testing.assert_allclose(draws.sum(axis=1), budget, rtol=1e-12)
    funded = draws > 0
    assert (funded.sum(axis=1) == eligible_count(12, 0.75)).all()
    assert draws[funded].min() >= 15e6 * (1 - 1e-12)
    assert draws.max() <= 0.15 * budget * (1 + 1e-12)
    # the constraints bind on some draws, so this is not the unconstrained formula
    assert np.isclose(draws.max(axis=1), 0.15 * budget).any()
    assert np.isclose(draws[funded], 15e6).any()


def assert_matches_bisection(weights, got, budget, lo, hi):
    """Each row equals clip(lam * w, lo, hi) with lam found by plain bisection on the total."""
    for row, x in zip(weights, got):
        a, b = 0.0, 1e6
        for _ in range(200):
            m = (a + b) / 2
            a, b = (m, b) if np.clip(m * row, lo, hi).sum() < budget else (a, m)
        np.testing.assert_allclose(x, np.clip(a * row, lo, hi), rtol=1e-9, atol=1e-9)


def test_water_fill_matches_brute_force_bisection():
    rng = np.random.default_rng(3)
    w = rng.lognormal(size=(50, 40))
    lo, hi, budget = 5.0, 60.0, 1000.0
    got = water_fill(w, budget, lo, hi)
    assert_matches_bisection(w, got, budget, lo, hi)


def test_eligibility_takes_the_most_deprived(workshop):
    need = workshop.table["score"].to_numpy()
    got = allocate(need, workshop.population, 1e6, 1.0, eligible_share=0.25)[0]
    top3 = set(np.argsort(-need)[:3])
    assert set(np.flatnonzero(got > 0)) == top3
    assert (
        eligible_count(12, 0.25) == 3
        and eligible_count(12, 0.26) == 4
        and eligible_count(5, 0.01) == 1
    )
    mask = top_k_mask(np.array([[1.0, 5.0, 3.0], [9.0, 1.0, 2.0]]), 2)
    assert mask.tolist() == [[False, True, True], [True, False, True]]


def test_impossible_floor_names_the_field(workshop):
    need = workshop.table["score"].to_numpy()
    with pytest.raises(FundsimError) as err:
        allocate(need, workshop.population, 100e6, 1.0, floor=10e6)
    assert err.value.field == "recovery_fund.floor"
    assert "£120.0m" in str(err.value) and "£100.0m" in str(err.value)
    with pytest.raises(FundsimError) as err:
        allocate(need, workshop.population, 100e6, 1.0, cap=5e6)
    assert err.value.field == "recovery_fund.cap_share"


def test_noise_has_mean_one_so_mean_allocation_tracks_formula(scenario, workshop):
    cfg = scenario.recovery_fund.model_copy(update={"indicator_uncertainty": 0.2, "cap_share": 1.0})
    draws = allocation_draws(cfg, workshop, paths=20000, seed=11)
    exact = formula(
        cfg.total, cfg.admin_share, workshop.population, workshop.table["score"].to_numpy(), 1.0
    )
    se = draws.std(axis=0) / np.sqrt(len(draws))
    # normalisation bias is second order in sigma; allow it plus 5 standard errors
    assert np.all(np.abs(draws.mean(axis=0) - exact) < 5 * se + 0.01 * exact)
    assert draws.std(axis=0).min() > 0


def run_fields(run):
    return [
        run.area_sum,
        run.funded_count,
        run.group_sums,
        run.per_round,
        run.funded_areas,
        run.store.values,
    ]


@pytest.mark.parametrize("mechanism", ["formula", "competitive", "hybrid"])
def test_same_seed_same_result_whatever_the_chunking_or_threads(
    scenario, workshop, monkeypatch, mechanism
):
    # £5m in three rounds: the workshop's organisations (1.8 per 1,000 of its 1.55m people) ask
    # for about four times each round's money, so the competition rations bids and its draws
    # reach the result (at £500m every bid would be funded and no seed could change anything).
    cfg = scenario.recovery_fund.model_copy(
        update={"mechanism": mechanism, "rounds": 3, "cap_share": 1.0, "total": 5e6}
    )
    a = simulate_recovery(cfg, workshop, paths=1000, seed=5, workers=1)
    b = simulate_recovery(cfg, workshop, paths=1000, seed=5, workers=1)
    import simulator.recovery.run as rec

    monkeypatch.setattr(rec, "chunk_size_for", lambda bytes_per_path, **kw: 128)
    c = simulate_recovery(cfg, workshop, paths=1000, seed=5, workers=3)
    for x, y, z in zip(run_fields(a), run_fields(b), run_fields(c)):
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(x, z)
    d = simulate_recovery(cfg, workshop, paths=1000, seed=6, workers=1)
    assert not np.array_equal(a.area_sum, d.area_sum)
    # the first draws do not depend on how many draws are run
    e = allocation_draws(cfg, workshop, paths=300, seed=5)
    np.testing.assert_array_equal(a.store.values[:, :300].T, e)


def test_water_fill_with_per_area_bounds_and_zero_weights():
    rng = np.random.default_rng(8)
    w = rng.lognormal(size=(30, 25))
    w[:, 3] = 0.0  # an eligible area with no weight still gets its floor
    lo = rng.uniform(0, 10, 25)
    hi = lo + rng.uniform(5, 80, 25)
    budget = 0.5 * (lo.sum() + hi.sum())
    got = water_fill(w, budget, lo, hi)
    np.testing.assert_allclose(got.sum(axis=1), budget, rtol=1e-12)
    assert (got >= lo - 1e-9).all() and (got <= hi + 1e-9).all()
    np.testing.assert_allclose(got[:, 3], lo[3])
    assert_matches_bisection(w, got, budget, lo, hi)
