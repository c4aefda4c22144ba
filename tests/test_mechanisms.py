"""Recovery-fund mechanisms, eligibility rules and fairness measures (issue: closed forms,
constraints on every draw, and the statistical behaviour of competitive bidding)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.errors import FundsimError
from simulator.engine import run, summarise_recovery
from simulator.recovery.competition import compete, win_probability
from simulator.recovery.run import (
    allocation_draws,
    distributed_amount,
    need_index,
    simulate_recovery,
)
from simulator.scenario import RecoveryFundConfig


def cfg_of(scenario, **kw) -> RecoveryFundConfig:
    base = {"cap_share": 1.0, "indicator_uncertainty": 0.0}
    return RecoveryFundConfig.model_validate({**scenario.recovery_fund.model_dump(), **base, **kw})


def basic(cfg, areas):
    w = areas.population * areas.indicator("score") ** cfg.progressivity
    return distributed_amount(cfg) * w / w.sum()


def test_need_index_with_one_indicator_reproduces_the_formula(scenario, workshop):
    plain = allocation_draws(cfg_of(scenario), workshop, 5, 1)
    weighted = allocation_draws(cfg_of(scenario, need_weights={"score": 1.0}), workshop, 5, 1)
    np.testing.assert_allclose(weighted, plain, rtol=1e-12)
    np.testing.assert_allclose(plain[0], basic(cfg_of(scenario), workshop), rtol=1e-13)


def test_need_index_divides_by_population_weighted_means(scenario, workshop):
    table = workshop.table.assign(double=workshop.table["score"] * 2 + 10)
    from simulator.data import Areas

    areas = Areas(table, workshop.provenance)
    cfg = cfg_of(scenario, need_weights={"score": 0.5, "double": 0.5})
    pop = areas.population
    a, b = table["score"].to_numpy(), table["double"].to_numpy()
    expected = 0.5 * a / np.average(a, weights=pop) + 0.5 * b / np.average(b, weights=pop)
    np.testing.assert_allclose(need_index(cfg, areas), expected, rtol=1e-14)
    with pytest.raises(FundsimError, match="need_weights.nothing is 'nothing', but the data"):
        need_index(cfg_of(scenario, need_weights={"nothing": 1.0}), areas)


def test_eligibility_by_population_and_dual_threshold(scenario, workshop):
    need = workshop.indicator("score")
    pop = workshop.population
    cfg = cfg_of(scenario, eligible_share=0.3, eligibility_basis="population")
    funded = allocation_draws(cfg, workshop, 3, 1)[0] > 0
    order = np.argsort(-need)
    before = np.cumsum(pop[order]) - pop[order]
    expected = set(order[before < 0.3 * pop.sum()])
    assert set(np.flatnonzero(funded)) == expected
    assert pop[funded].sum() >= 0.3 * pop.sum() > pop[funded].sum() - pop[order][len(expected) - 1]
    # dual threshold: also in the largest-population half (a stand-in second indicator)
    from simulator.data import Areas

    areas = Areas(workshop.table.assign(size=workshop.population), workshop.provenance)
    dual = cfg_of(scenario, eligible_share=0.5, second_indicator="size", second_eligible_share=0.5)
    funded = allocation_draws(dual, areas, 3, 1)[0] > 0
    first = set(np.argsort(-need)[:6])
    second = set(np.argsort(-pop)[:6])
    assert set(np.flatnonzero(funded)) == first & second


def test_floor_per_head_and_cap_in_pounds_hold_on_every_draw(scenario, workshop):
    cfg = cfg_of(scenario, floor_per_head=150.0, cap=60e6, indicator_uncertainty=0.3, rounds=4)
    draws = allocation_draws(cfg, workshop, 1000, 3)
    np.testing.assert_allclose(draws.sum(axis=1), distributed_amount(cfg), rtol=1e-12)
    assert (draws >= 150.0 * workshop.population * (1 - 1e-12)).all()
    assert draws.max() <= 60e6 * (1 + 1e-12)
    assert np.isclose(draws, 60e6).any() and np.isclose(draws, 150.0 * workshop.population).any()
    with pytest.raises(
        FundsimError, match="recovery_fund.floor .* more than the £475.0m distributed"
    ):
        allocation_draws(cfg_of(scenario, floor_per_head=1000.0), workshop, 2, 1)


def test_rounds_pay_equal_tranches_for_the_formula(scenario, workshop):
    cfg = cfg_of(scenario, rounds=8)
    result = simulate_recovery(cfg, workshop, 100, 1)
    np.testing.assert_allclose(result.per_round, distributed_amount(cfg) / 8)


def test_raising_progressivity_never_lowers_the_most_deprived_decile_share(scenario, workshop):
    shares = []
    for p in np.linspace(0, 4, 17):
        s = scenario.model_copy(
            update={
                "recovery_fund": cfg_of(scenario, progressivity=p),
                "simulation": scenario.simulation.model_copy(update={"paths": 64}),
            }
        )
        res = summarise_recovery(s, workshop, simulate_recovery(s.recovery_fund, workshop, 64, 1))
        shares.append(res.measures["by_decile"][0]["share"])
    assert all(b >= a - 1e-12 for a, b in zip(shares, shares[1:]))
    assert shares[-1] > shares[0] + 0.05


def test_equal_per_head_gives_neutral_fairness_measures(scenario, workshop):
    s = scenario.model_copy(update={"recovery_fund": cfg_of(scenario, progressivity=0.0)})
    res = summarise_recovery(s, workshop, simulate_recovery(s.recovery_fund, workshop, 64, 1))
    m = res.measures
    assert m["concentration_index"]["mean"] == pytest.approx(0.0, abs=1e-12)
    assert m["gini_per_capita"] == pytest.approx(0.0, abs=1e-12)
    assert m["against_equal_per_head"] == {
        "winners": 0,
        "losers": 0,
        "money_moved": pytest.approx(0.0, abs=1e-3),
    }
    assert sum(d["share"] for d in m["by_decile"]) == pytest.approx(1.0)
    curve = m["concentration_curve"]
    np.testing.assert_allclose(curve["money_share"], curve["population_share"], atol=1e-12)


def test_need_based_formula_is_pro_poor(scenario, workshop):
    s = scenario.model_copy(update={"recovery_fund": cfg_of(scenario, progressivity=2.0)})
    res = summarise_recovery(s, workshop, simulate_recovery(s.recovery_fund, workshop, 64, 1))
    m = res.measures
    assert m["concentration_index"]["mean"] < -0.1  # money concentrated in deprived places
    assert m["gini_per_capita"] > 0.1
    assert m["against_equal_per_head"]["winners"] > 0 and m["against_equal_per_head"]["losers"] > 0
    gains = res.table["gain"]
    assert gains.sum() == pytest.approx(0.0, abs=1.0)
    assert m["share_to_most_deprived"]["areas_10"]["mean"] == pytest.approx(
        res.share_to_most_deprived_decile
    )


def full_take_up(scenario, **kw):
    return cfg_of(
        scenario,
        mechanism="competitive_simple",
        bid_probability=1.0,
        success_rate=1.0,
        rounds=4,
        bid_scale=2.0,
        bid_size_cv=0.3,
        **kw,
    )


def test_competition_without_capacity_bias_matches_the_formula_in_expectation(scenario, workshop):
    cfg = full_take_up(scenario, capacity_gradient=0.0)
    result = simulate_recovery(cfg, workshop, 4000, 2)
    formula = basic(cfg, workshop)
    draws = result.store.values.T
    se = draws.std(axis=0) / np.sqrt(len(draws))
    assert np.all(np.abs(result.mean - formula) < 5 * se + 0.005 * formula)
    np.testing.assert_allclose(
        result.spent, distributed_amount(cfg), rtol=1e-12
    )  # oversubscribed: all spent


def test_without_bid_noise_full_take_up_is_exactly_the_formula(scenario, workshop):
    cfg = full_take_up(scenario, capacity_gradient=0.0).model_copy(update={"bid_size_cv": 0.0})
    draws = allocation_draws(cfg, workshop, 50, 2)
    np.testing.assert_allclose(
        draws, np.broadcast_to(basic(cfg, workshop), draws.shape), rtol=1e-12
    )


def test_capacity_bias_lowers_the_most_deprived_decile_share(scenario, workshop):
    shares = []
    for gradient in (0.0, 1.0, 2.0):
        cfg = cfg_of(scenario, mechanism="competitive_simple", rounds=4, capacity_gradient=gradient)
        s = scenario.model_copy(update={"recovery_fund": cfg})
        res = summarise_recovery(s, workshop, simulate_recovery(cfg, workshop, 2000, 9))
        shares.append(res.measures["share_to_most_deprived"]["areas_10"]["mean"])
    assert shares[0] > shares[1] > shares[2]
    p = win_probability(
        cfg_of(scenario, capacity_gradient=1.0), workshop.indicator("score"), workshop.population
    )
    need = workshop.indicator("score")
    assert p[np.argmax(need)] < p[np.argmin(need)]


def test_competitive_money_is_awarded_or_unspent_never_lost(scenario, workshop):
    cfg = cfg_of(
        scenario,
        mechanism="competitive_simple",
        rounds=6,
        bid_probability=0.3,
        success_rate=0.5,
        bid_scale=1.0,
        capacity_gradient=1.0,
    )
    s = scenario.model_copy(
        update={
            "recovery_fund": cfg,
            "simulation": scenario.simulation.model_copy(update={"paths": 500}),
        }
    )
    res = summarise_recovery(s, workshop, simulate_recovery(cfg, workshop, 500, 4))
    m = res.measures
    assert m["unspent"]["mean"] > 0
    assert m["awarded"]["mean"] + m["unspent"]["mean"] == pytest.approx(distributed_amount(cfg))
    assert res.table["prob_funded"].between(0, 1).all() and res.table["prob_funded"].min() < 1
    assert m["areas_funded"]["mean"] < len(workshop)


def test_hybrid_splits_the_money(scenario, workshop):
    cfg = cfg_of(
        scenario,
        mechanism="hybrid_simple",
        formula_share=0.7,
        rounds=2,
        bid_probability=1.0,
        success_rate=1.0,
        bid_scale=3.0,
    )
    result = simulate_recovery(cfg, workshop, 200, 1)
    budget = distributed_amount(cfg)
    np.testing.assert_allclose(
        result.spent, budget, rtol=1e-12
    )  # oversubscribed competition spends it all
    assert (
        result.store.values.T >= 0.7 * basic(cfg, workshop) * (1 - 1e-12)
    ).all()  # formula part is a floor


def test_bid_draws_are_common_random_numbers(scenario, workshop):
    """Changing bid sizes changes awards, never which areas won: the same draws decide."""
    entitlement = np.broadcast_to(basic(cfg_of(scenario), workshop), (300, 12)).copy()
    p = np.full(12, 0.4)
    a, _ = compete(cfg_of(scenario, rounds=3, bid_size_cv=0.1), entitlement, p, 1e8, 7, 0, 300)
    b, _ = compete(cfg_of(scenario, rounds=3, bid_size_cv=0.9), entitlement, p, 1e8, 7, 0, 300)
    np.testing.assert_array_equal(a > 0, b > 0)
    assert not np.allclose(a, b)


def test_results_json_holds_the_fairness_measures(scenario, workshop):
    s = scenario.updated("simulation.paths", 100).updated("recovery_fund.mechanism", "hybrid")
    d = run(s, workshop).to_dict()["recovery_fund"]
    for key in (
        "unspent",
        "per_round",
        "areas_funded",
        "share_to_most_deprived",
        "by_decile",
        "concentration_index",
        "concentration_curve",
        "gini_per_capita",
        "against_equal_per_head",
        "percentile_method",
    ):
        assert key in d
    assert len(d["by_decile"]) == 10 and d["percentile_method"] == "exact"
    assert {"equal_per_head", "gain", "prob_funded"} <= set(d["areas"][0])


def test_percentiles_from_the_first_draws_when_a_run_is_too_big(scenario, workshop, monkeypatch):
    import simulator.core.quantiles as q

    monkeypatch.setattr(q, "EXACT_BUDGET_BYTES", 8 * 12 * 300)
    cfg = cfg_of(scenario, indicator_uncertainty=0.2)
    # too big even for the compact store of every draw: the first draws that fit
    monkeypatch.setattr(q.QuantileStore.__init__, "__defaults__", (8 * 12 * 300, None, 0))
    result = simulate_recovery(cfg, workshop, 1000, 3)
    assert result.store.method == "from the first 300 of 1,000 draws"
    first = allocation_draws(cfg, workshop, 300, 3)
    np.testing.assert_array_equal(
        result.store.percentiles((50,))["p50"], np.percentile(first, 50, axis=0)
    )


def test_row_percentiles_match_numpy():
    from simulator.core.quantiles import percentiles_by_row

    x = np.random.default_rng(1).standard_normal((7, 1001))
    qs = (0, 5, 12.5, 50, 95, 100)
    np.testing.assert_allclose(
        percentiles_by_row(x, qs), np.percentile(x, qs, axis=1), rtol=1e-14, atol=1e-14
    )
    np.testing.assert_allclose(
        percentiles_by_row(x[:, :2], (30,)), np.percentile(x[:, :2], (30,), axis=1), rtol=1e-14
    )
