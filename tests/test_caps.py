"""Caps and floors when money is bid for (issue 10): a cap limits an area's total award on every
draw, freed money goes back to the round's other bids, cap_share is a share of the whole fund,
and a floor is never silently ignored."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.errors import FundsimError
from simulator.recovery.caps import share_pot
from simulator.recovery.run import allocation_draws, distributed_amount, simulate_recovery
from simulator.scenario import RecoveryFundConfig


def cfg_of(scenario, **kw) -> RecoveryFundConfig:
    base = {"cap_share": 1.0, "indicator_uncertainty": 0.0}
    return RecoveryFundConfig.model_validate({**scenario.recovery_fund.model_dump(), **base, **kw})


def brute_share(asked, available, room):
    """One draw by bisection on the common scale s: sum(min(s * asked, room)) = pot."""
    room = np.minimum(room, asked)
    target = min(available, room.sum())
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.minimum(mid * asked, room).sum() < target:
            lo = mid
        else:
            hi = mid
    return np.minimum(hi * asked, room)


def test_share_pot_matches_bisection_draw_by_draw():
    rng = np.random.default_rng(5)
    draws, areas = 300, 9
    asked = rng.lognormal(0, 1, (draws, areas)) * (rng.random((draws, areas)) < 0.7)
    available = rng.uniform(0.5, 8, draws)
    cap = rng.uniform(0.3, 2.5, areas)
    awarded = rng.uniform(0, 1.5, (draws, areas))
    got = share_pot(asked, available, cap, awarded)
    for d in range(draws):
        expected = brute_share(asked[d], available[d], np.maximum(cap - awarded[d], 0))
        np.testing.assert_allclose(got[d], expected, rtol=1e-9, atol=1e-12)
    assert (got + awarded <= np.maximum(cap, awarded) + 1e-12).all()  # no area over its cap
    assert (got.sum(axis=1) <= available + 1e-12).all()
    # without caps it is plain pro-rata scaling
    plain = share_pot(asked, available)
    np.testing.assert_allclose(
        plain, asked * np.minimum(1, available / asked.sum(axis=1))[:, None], rtol=1e-14
    )


def test_freed_money_goes_to_uncapped_bids_in_the_same_round():
    asked = np.array([[10.0, 10.0, 10.0]])
    got = share_pot(asked, np.array([15.0]), cap=np.array([1.0, np.inf, np.inf]))
    np.testing.assert_allclose(got, [[1.0, 7.0, 7.0]])  # 15 - 1 shared equally by the others
    got = share_pot(asked, np.array([100.0]), cap=np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(got, [[1.0, 2.0, 3.0]])  # 94 left over, to roll over


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


def test_competitive_cap_holds_on_every_draw_and_money_rolls_over(scenario, workshop):
    budget = distributed_amount(cfg_of(scenario))
    cap = 0.1 * budget
    cfg = full_take_up(scenario, cap_share=0.1, capacity_gradient=1.0, indicator_uncertainty=0.2)
    draws = allocation_draws(cfg, workshop, 500, 11)
    assert draws.max() <= cap * (1 + 1e-12)  # old code: above the cap
    assert np.isclose(draws, cap, rtol=1e-9).any()  # the cap binds
    uncapped = allocation_draws(cfg.model_copy(update={"cap_share": 1.0}), workshop, 500, 11)
    assert uncapped.max() > 1.2 * cap
    run = simulate_recovery(cfg, workshop, 500, 11)
    np.testing.assert_allclose(draws.sum(axis=1), run.spent, rtol=1e-12)
    assert (run.spent <= budget * (1 + 1e-12)).all()
    # every area bids six times its entitlement each round: what capped areas could not take went
    # to the other bids of the round, so all is spent
    even = cfg.model_copy(
        update={
            "capacity_gradient": 0.0,
            "bid_size_cv": 0.0,
            "bid_scale": 6.0,
            "indicator_uncertainty": 0.0,
        }
    )
    draws = allocation_draws(even, workshop, 500, 11)
    assert draws.max() <= cap * (1 + 1e-12) and np.isclose(draws, cap, rtol=1e-9).any()
    np.testing.assert_allclose(draws.sum(axis=1), budget, rtol=1e-9)


def test_cap_in_pounds_caps_formula_plus_competition_in_a_hybrid(scenario, workshop):
    budget = distributed_amount(cfg_of(scenario))
    cfg = cfg_of(
        scenario,
        mechanism="hybrid_simple",
        formula_share=0.5,
        rounds=3,
        bid_probability=1.0,
        success_rate=1.0,
        bid_scale=3.0,
        cap=70e6,
        indicator_uncertainty=0.2,
    )
    draws = allocation_draws(cfg, workshop, 400, 4)
    assert draws.max() <= 70e6 * (1 + 1e-12)
    assert np.isclose(draws, 70e6, rtol=1e-9).any()
    run = simulate_recovery(cfg, workshop, 400, 4)
    np.testing.assert_allclose(draws.sum(axis=1), run.spent, rtol=1e-12)
    assert (run.spent <= budget * (1 + 1e-12)).all() and np.median(run.spent) == pytest.approx(
        budget
    )


def test_cap_share_in_a_hybrid_is_a_share_of_the_whole_fund(scenario, workshop):
    budget = distributed_amount(cfg_of(scenario))
    # 15% of the whole fund; the old code capped at 15% of the formula half (7.5% of the fund)
    cfg = cfg_of(
        scenario,
        mechanism="hybrid_simple",
        formula_share=0.5,
        rounds=2,
        bid_probability=1.0,
        success_rate=1.0,
        bid_scale=3.0,
        bid_size_cv=0.0,
        cap_share=0.15,
    )
    draws = allocation_draws(cfg, workshop, 20, 1)
    w = workshop.population * workshop.indicator("score")
    formula = budget * w / w.sum()
    # with no noise and full take-up, each area gets its formula amount, capped at 15% of the
    # fund, with the freed money shared over the others pro rata: an independent water-fill
    cap = 0.15 * budget
    lam_lo, lam_hi = 0.0, 10.0
    for _ in range(200):
        lam = 0.5 * (lam_lo + lam_hi)
        if np.minimum(lam * formula, cap).sum() < budget:
            lam_lo = lam
        else:
            lam_hi = lam
    expected = np.minimum(lam_hi * formula, cap)
    assert formula.max() > cap  # the cap binds
    assert draws.max() == pytest.approx(cap, rel=1e-9)
    np.testing.assert_allclose(draws.sum(axis=1), budget, rtol=1e-9)
    np.testing.assert_allclose(draws[0], expected, rtol=1e-6)


def test_a_floor_without_a_formula_part_is_an_error_not_ignored(scenario, workshop):
    with pytest.raises(
        FundsimError, match="recovery_fund.floor is paid from the formula part only"
    ):
        allocation_draws(
            cfg_of(scenario, mechanism="competitive_simple", floor=1e6), workshop, 10, 1
        )
    with pytest.raises(FundsimError, match="recovery_fund.floor_per_head"):
        allocation_draws(
            cfg_of(scenario, mechanism="hybrid_simple", formula_share=0.0, floor_per_head=5.0),
            workshop,
            10,
            1,
        )
    # in a hybrid the floor is guaranteed from the formula part
    cfg = cfg_of(
        scenario,
        mechanism="hybrid_simple",
        formula_share=0.5,
        floor=12e6,
        rounds=2,
        bid_probability=0.3,
    )
    assert allocation_draws(cfg, workshop, 200, 1).min() >= 12e6 * (1 - 1e-12)


def test_competitive_rounds_preset_keeps_every_area_under_its_cap(workshop):
    from simulator import load_scenario
    from tests.conftest import REPO

    s = load_scenario(REPO / "scenarios" / "competitive-rounds.toml")
    cfg = s.recovery_fund
    draws = allocation_draws(cfg, workshop, 1000, 3)
    assert draws.max() <= cfg.cap_share * distributed_amount(cfg) * (1 + 1e-12)


def test_shares_by_authority_type_divide_by_money_awarded(scenario, workshop):
    from simulator.data import Areas
    from simulator.engine import summarise_recovery

    codes = ["E0600000%d" % i if i < 6 else "E0800000%d" % i for i in range(len(workshop))]  # noqa: UP031
    table = workshop.table.assign(
        authority_type=[
            "Unitary authority" if c.startswith("E06") else "Metropolitan district" for c in codes
        ]
    )
    areas = Areas(table, workshop.provenance)
    cfg = cfg_of(
        scenario,
        mechanism="competitive_simple",
        rounds=3,
        bid_probability=0.3,
        success_rate=0.5,
        bid_scale=1.0,
    )
    s = scenario.model_copy(update={"recovery_fund": cfg})
    res = summarise_recovery(s, areas, simulate_recovery(cfg, areas, 300, 2))
    by_type = res.by_authority_type()
    assert res.measures["unspent"]["mean"] > 0.1 * res.distributed  # money is left unspent
    assert by_type["share"].sum() == pytest.approx(1.0, rel=1e-12)  # old code: well below 1
    expected = by_type["mean"] / res.measures["awarded"]["mean"]
    np.testing.assert_allclose(by_type["share"], expected, rtol=1e-9)


def test_real_districts_half_percent_cap_with_full_take_up(shared_iod, scenario):
    """The review's case: 317 real districts, a 0.5% cap and full take-up; before, one district
    received £16.9m against a £2.38m cap."""
    from simulator.data import load_data_source

    areas = load_data_source(
        shared_iod / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        population=shared_iod / "File_6_-_IoD2019_Population_Denominators.csv",
        level="lad",
    )
    cfg = full_take_up(
        scenario,
        cap_share=0.005,
        need_indicator="rank_exponential",
        capacity_gradient=0.0,
        indicator_uncertainty=0.1,
    )
    draws = allocation_draws(cfg, areas, 200, 1)
    cap = 0.005 * distributed_amount(cfg)
    assert cap == pytest.approx(2.375e6)
    assert draws.max() <= cap * (1 + 1e-12)
    uncapped = allocation_draws(cfg.model_copy(update={"cap_share": 1.0}), areas, 200, 1)
    assert uncapped.max() > 4 * cap
