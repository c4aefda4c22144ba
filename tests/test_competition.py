"""The organisation-level competition: the formula as a limiting case, the direction of every
lever, the money, caps and grant limits on every draw, the calibrated presets and the migration
of version-1 files."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.bench import synthetic_areas
from simulator.recovery.bidding.organisations import grant_asks, organisation_counts
from simulator.recovery.bidding.ranking import Grid, Round
from simulator.recovery.run import allocation_draws, distributed_amount, simulate_recovery
from simulator.recovery.summary import summarise_recovery
from simulator.scenario import CompetitionConfig, scenario_from_dict
from simulator.scenario.model import VERSION_2_COMPETITION
from tests.conftest import REPO

FREE = {  # no quality gap, no cost, no noise, every organisation bids
    "quality_gap": 0.0,
    "bid_cost": [0.0] * 5,
    "bid_cost_share": 0.0,
    "area_noise": 0.0,
    "readiness": 1.0,
    "deprivation_gradient": [-1.0] * 5,
    "grant_max": 0.0,
}


def comp(**kw) -> CompetitionConfig:
    """The expected-count model (``bid_model = "expected"``, with its version-2 defaults), which
    these tests cover; bids drawn as counts are tested in test_competition_counts.py."""
    base = {**CompetitionConfig().model_dump(), **VERSION_2_COMPETITION}
    return CompetitionConfig.model_validate({**base, **kw})


def rf(scenario, **kw):
    base = {"mechanism": "competitive", "rounds": 4, "cap_share": 1.0, "indicator_uncertainty": 0.0}
    return scenario.recovery_fund.model_copy(update={**base, **kw})


def formula(cfg, areas):
    w = areas.population * areas.indicator("score") ** cfg.progressivity
    return distributed_amount(cfg) * w / w.sum()


@pytest.fixture(scope="module")
def districts():
    return synthetic_areas(317, seed=3)


def test_without_gap_cost_or_noise_the_competition_is_the_formula(scenario, workshop):
    cfg = rf(scenario)
    draws = allocation_draws(cfg, workshop, 50, 1, comp(**FREE))
    expected = formula(cfg, workshop)
    np.testing.assert_allclose(draws, np.broadcast_to(expected, draws.shape), rtol=1e-6)


def test_with_area_luck_the_competition_is_the_formula_in_expectation(scenario, districts):
    """Each area's luck moves money between areas on every draw, but not on average (with many
    areas, so that no area's own luck moves the cut-off much)."""
    cfg = rf(scenario)
    draws = allocation_draws(cfg, districts, 2000, 2, comp(**{**FREE, "area_noise": 0.5}))
    expected = formula(cfg, districts)
    se = draws.std(axis=0) / np.sqrt(len(draws))
    assert np.all(se > 0)  # luck does move money between areas on each draw
    assert np.all(np.abs(draws.mean(axis=0) - expected) < 4.5 * se + 1e-9 * expected)


def shares(scenario, areas, paths=300, **kw):
    """Share of the competition's money reaching micro and small organisations, and the most
    deprived decile of areas, means over draws (common random numbers: same seed). Eight
    rounds, so that each is oversubscribed and the ranking decides who wins."""
    cfg = rf(scenario, rounds=8)
    s = scenario.model_copy(update={"recovery_fund": cfg, "competition": comp(**kw)})
    run = simulate_recovery(cfg, areas, paths, 7, competition=s.competition)
    measures = summarise_recovery(s, areas, run).measures
    c = measures["competition"]
    return c["share_to_small"]["mean"], measures["by_decile"][0]["share"]


@pytest.mark.parametrize(
    "lever", [{"quality_gap": 2.5}, {"bid_cost": [4_500.0, 9_000.0, 18_000.0, 36_000.0, 75_000.0]}]
)
def test_a_larger_quality_gap_or_bid_cost_lowers_small_and_deprived_shares(
    scenario, districts, lever
):
    small0, deprived0 = shares(scenario, districts)
    small1, deprived1 = shares(scenario, districts, **lever)
    assert small1 < small0 - 0.01
    assert deprived1 < deprived0 - 0.001


@pytest.mark.parametrize(
    "lever", [{"capacity_grant": 20_000.0, "capacity_share": 0.3}, {"small_ringfence": 0.4}]
)
def test_capacity_funding_or_a_ring_fence_raises_small_and_deprived_shares(
    scenario, districts, lever
):
    small0, deprived0 = shares(scenario, districts)
    small1, deprived1 = shares(scenario, districts, **lever)
    assert small1 > small0 + 0.005
    assert deprived1 > deprived0 + 0.001


def test_ring_fence_reserves_money_for_small_organisations(scenario, districts):
    small, _ = shares(scenario, districts, small_ringfence=0.5)
    assert (
        small >= 0.5 - 1e-3
    )  # the fenced half, since small bids ask for more (less a rounding remainder)


def test_every_draw_keeps_the_money_the_caps_and_the_grant_limits(scenario, districts):
    cap = 1_500_000.0
    cfg = rf(scenario, rounds=5, cap=cap, indicator_uncertainty=0.1, eligible_share=0.6)
    c = comp(grant_min=10_000.0, grant_max=200_000.0, small_ringfence=0.2)
    run = simulate_recovery(cfg, districts, 256, 3, competition=c)
    draws = allocation_draws(cfg, districts, 256, 3, competition=c)
    budget = distributed_amount(cfg)
    assert draws.max() <= cap * (1 + 1e-12)
    assert np.all(run.per_round >= 0)
    # each round pays at most its own money plus what earlier rounds left
    paid = np.cumsum(run.per_round, axis=1)
    allowed = budget / cfg.rounds * np.arange(1, cfg.rounds + 1)
    assert np.all(paid <= allowed * (1 + 1e-12))
    np.testing.assert_allclose(draws.sum(axis=1), run.spent, rtol=1e-9)
    # every funded bid is paid exactly its ask, and asks are within the grant limits
    asks = grant_asks(c)
    assert asks.min() >= 10_000.0 and asks.max() <= 200_000.0
    np.testing.assert_allclose(
        run.bidders.band["money"], run.bidders.band["funded"] * asks, rtol=1e-12
    )
    np.testing.assert_allclose(run.bidders.band["money"].sum(axis=1), run.spent, rtol=1e-9)
    # ineligible areas (by the noiseless ranking, the least deprived) receive nothing on most draws
    assert (draws == 0).mean() > 0.3


def test_oversubscribed_round_spends_its_money_and_never_more():
    rng = np.random.default_rng(4)
    grid = Grid(-3.0, 0.25, 1.0, 30)
    rnd = Round(grid, None)
    small, other = rng.random((500, 30)) * 1e6, rng.random((500, 30)) * 4e6
    pot = rng.uniform(1e6, 6e7, 500)
    for fence in (0.0, 0.3):
        f_small, f_other = rnd.fund(small, other, pot, fence)
        spent = (small * f_small + other * f_other).sum(axis=1)
        total = (small + other).sum(axis=1)
        assert np.all(spent <= pot * (1 + 1e-12))
        over = total > pot
        np.testing.assert_allclose(spent[over], pot[over], rtol=1e-3)  # what is left rolls over
        np.testing.assert_allclose(spent[~over], total[~over], rtol=1e-12)
        # a better bin is never funded less than a worse one
        assert np.all(np.diff(f_other, axis=1) >= -1e-12)


def test_counts_follow_population_and_the_deprivation_gradient(workshop):
    need = workshop.indicator("score")
    c = comp(deprivation_gradient=[0.0, 0.0, 0.0, 1.0, 2.0])
    counts = organisation_counts(c, workshop, need)
    np.testing.assert_allclose(counts.sum(), c.organisations)
    np.testing.assert_allclose(
        counts[:, 0] / counts[:, 0].sum(), workshop.population / workshop.population.sum()
    )
    per_head = counts[:, 4] / workshop.population
    assert (
        np.corrcoef(per_head, need)[0, 1] < -0.5
    )  # fewer large organisations per head where need is high


def test_costlier_bids_are_made_less_often_and_free_ones_by_every_ready_organisation(
    scenario, districts
):
    cfg = rf(scenario, rounds=2)
    cheap = simulate_recovery(
        cfg,
        districts,
        64,
        1,
        competition=comp(readiness=0.2, bid_cost=[0.0] * 5, bid_cost_share=0.0),
    )
    np.testing.assert_allclose(cheap.bidders.market.decisions.rate, 0.2)
    dear = simulate_recovery(cfg, districts, 64, 1, competition=comp(bid_cost=[20_000.0] * 5))
    base = simulate_recovery(cfg, districts, 64, 1, competition=comp())
    rates = lambda r: r.bidders.band["bids"].mean(axis=0)  # noqa: E731
    assert rates(dear).sum() < rates(base).sum()
    # the cost weighs most on the smallest; larger organisations may even bid more, as their
    # chances rise when small ones drop out
    drop = rates(dear) / rates(base)
    assert drop[0] < drop[1] < drop[2] < drop[4] and drop[0] < 0.1


@pytest.mark.parametrize("round_, bids, rate", [(1, 305, 0.344)])
def test_levelling_up_fund_presets_reproduce_the_published_success_rates(round_, bids, rate):
    """Round 1 is fitted (ask and readiness), so it matches by construction; round 2 is predicted
    from it (test_competition_counts.py)."""
    from simulator import load_areas, load_scenario
    from simulator.engine import run

    s = load_scenario(REPO / "scenarios" / f"levelling-up-fund-round-{round_}.toml")
    s = s.updated("simulation.paths", 200)
    c = run(s, load_areas(s)).recovery.measures["competition"]
    assert abs(c["bids"]["mean"] - bids) <= 0.02 * bids
    assert abs(c["success_rate"] - rate) <= 0.02  # the stated tolerance: two percentage points


@pytest.mark.parametrize("old", ["competitive", "hybrid"])
def test_version_1_files_keep_their_numbers_as_the_simple_mechanism(scenario, workshop, old):
    raw = scenario.model_dump()
    raw["schema_version"] = 1
    raw.pop("competition")
    raw["recovery_fund"].update(mechanism=old, rounds=3, capacity_gradient=1.0)
    migrated = scenario_from_dict(raw)
    assert migrated.recovery_fund.mechanism == f"{old}_simple"
    explicit = scenario.model_copy(update={"recovery_fund": migrated.recovery_fund})
    direct = scenario.recovery_fund.model_copy(
        update={"mechanism": f"{old}_simple", "rounds": 3, "capacity_gradient": 1.0}
    )
    a = allocation_draws(migrated.recovery_fund, workshop, 100, 4)
    b = allocation_draws(direct, workshop, 100, 4)
    np.testing.assert_array_equal(a, b)
    assert explicit.recovery_fund == direct


def test_results_report_bidders_by_band_decile_and_area(scenario, workshop):
    s = scenario.model_copy(update={"recovery_fund": rf(scenario), "competition": comp()}).updated(
        "simulation.paths", 200
    )
    from simulator.engine import run

    res = run(s, workshop)
    c = res.recovery.measures["competition"]
    assert [row["band"] for row in c["by_band"]] == ["micro", "small", "medium", "large", "major"]
    assert len(c["by_decile"]) == 10
    money = sum(row["money"]["mean"] for row in c["by_band"])
    np.testing.assert_allclose(money, res.recovery.measures["awarded"]["mean"], rtol=1e-9)
    np.testing.assert_allclose(
        sum(row["money"]["mean"] for row in c["by_decile"]), money, rtol=1e-9
    )
    np.testing.assert_allclose(
        sum(row["bid_cost"] for row in c["by_band"]), c["bid_cost"]["mean"], rtol=1e-9
    )
    assert 0 < c["deadweight"]["mean"] < c["bid_cost"]["mean"]
    table = res.recovery.table
    np.testing.assert_allclose(table["bids"].sum(), c["bids"]["mean"], rtol=1e-9)
    funded = (table["bids"] * table["success_rate"]).sum()
    np.testing.assert_allclose(funded, c["funded_bids"]["mean"], rtol=1e-9)
    assert '"competition"' in res.to_json()


def test_counts_can_come_from_the_data_file(workshop):
    from simulator.core.errors import FundsimError
    from simulator.data import Areas

    rng = np.random.default_rng(2)
    columns = {
        f"orgs_{b}": rng.integers(0, 500, len(workshop)).astype(float)
        for b in ("micro", "small", "medium", "large", "major")
    }
    areas = Areas(workshop.table.assign(**columns), workshop.provenance)
    counts = organisation_counts(CompetitionConfig(), areas, areas.indicator("score"))
    np.testing.assert_array_equal(counts, np.column_stack(list(columns.values())))
    assert "orgs_micro" not in areas.indicators()  # counts are not need indicators
    partial = Areas(workshop.table.assign(orgs_micro=1.0), workshop.provenance)
    with pytest.raises(FundsimError, match="orgs_small"):
        organisation_counts(CompetitionConfig(), partial, partial.indicator("score"))
    bad = Areas(workshop.table.assign(**{**columns, "orgs_large": -1.0}), workshop.provenance)
    with pytest.raises(FundsimError, match="orgs_large"):
        organisation_counts(CompetitionConfig(), bad, bad.indicator("score"))


def test_hybrid_gives_the_formula_share_and_the_competition_the_rest_within_the_cap(
    scenario, workshop
):
    cap = 60e6
    cfg = rf(scenario, mechanism="hybrid", formula_share=0.5, cap=cap, rounds=3)
    c = comp()
    run = simulate_recovery(cfg, workshop, 256, 9, competition=c)
    draws = allocation_draws(cfg, workshop, 256, 9, competition=c)
    budget = distributed_amount(cfg)
    assert draws.max() <= cap * (1 + 1e-12)
    # the competition's own money is what its bands won; the formula half is paid in full
    competition_money = run.bidders.band["money"].sum(axis=1)
    np.testing.assert_allclose(draws.sum(axis=1), 0.5 * budget + competition_money, rtol=1e-9)
    assert np.all(competition_money <= 0.5 * budget * (1 + 1e-12))


def test_two_stage_and_simplified_applications_cut_what_losing_bids_cost(scenario, districts):
    cfg = rf(scenario, rounds=8)

    def measures(**kw):
        c = comp(**kw)
        s = scenario.model_copy(update={"recovery_fund": cfg, "competition": c})
        run = simulate_recovery(cfg, districts, 128, 5, competition=c)
        return summarise_recovery(s, districts, run).measures["competition"]

    base = measures()
    two = measures(process="two_stage")
    simple = measures(simplified_limit=30_000.0)
    assert two["deadweight"]["mean"] < base["deadweight"]["mean"]
    # a cheaper short form for small asks brings more micro and small bids
    assert simple["by_band"][0]["bids"] > base["by_band"][0]["bids"]
    assert simple["by_band"][1]["bids"] > base["by_band"][1]["bids"]
    assert simple["share_to_small"]["mean"] > base["share_to_small"]["mean"]


@pytest.mark.parametrize("eligible_share", [1.0, 0.4])
def test_bidders_per_area_are_the_same_whatever_the_chunking_or_threads(
    scenario, districts, monkeypatch, eligible_share
):
    import simulator.recovery.run as rec

    cfg = rf(scenario, rounds=8, eligible_share=eligible_share)
    c = comp(need_weight=0.5)

    def tally(chunk, workers):
        monkeypatch.setattr(rec, "chunk_paths", lambda paths, areas, threads: chunk)
        return simulate_recovery(cfg, districts, 1000, 4, workers=workers, competition=c).bidders

    one = tally(1024, 1)
    for other in (tally(64, 2), tally(448, 2)):
        for name in ("area_bids", "area_cost", "area_funded"):
            np.testing.assert_array_equal(getattr(one, name), getattr(other, name))
        for group in ("band", "decile"):
            for name, values in getattr(one, group).items():
                np.testing.assert_array_equal(values, getattr(other, group)[name])
    # bids per area and draw: the equilibrium rates, in every round of every draw it was eligible
    assert one.area_bids.sum() == pytest.approx(
        cfg.rounds * (one.area_draws * one.market.bids.sum(axis=1)).sum(), rel=1e-12
    )
    assert (one.area_draws == 1000).all() if eligible_share == 1 else (one.area_draws < 1000).any()


def test_a_competition_that_funds_every_bid_says_so():
    """With bids asking for less than the money, every bid is funded on every draw: the results say
    so (flag, warning, chart title) instead of showing a zero-width band without a reason."""
    from simulator import load_areas, load_scenario
    from simulator.engine import run
    from simulator.outputs.figures import money_phrase
    from tests.conftest import PRESET

    s = (
        load_scenario(PRESET)
        .updated("simulation.paths", 200)
        .updated("recovery_fund.mechanism", "competitive")
    )
    s = s.model_copy(update={"competition": comp()})
    areas = load_areas(s)
    loose = run(s, areas)
    c = loose.recovery.measures["competition"]
    assert c["every_bid_funded"] and c["success_rate"] == 1.0
    assert c["funded_bids"]["mean"] == c["bids"]["mean"] and c["deadweight"]["mean"] == 0.0
    unspent = loose.recovery.measures["unspent"]["mean"]
    assert unspent > 1e6
    assert any(w.startswith("The competition funded every bid") for w in loose.warnings)
    assert "every bid funded" in money_phrase(loose) and "90%" not in money_phrase(loose)
    tight = run(s.updated("competition.readiness", 0.2), areas)  # more bidders than money
    assert not tight.recovery.measures["competition"]["every_bid_funded"]
    assert tight.recovery.measures["competition"]["success_rate"] < 0.9
    assert not any(w.startswith("The competition") for w in tight.warnings)
    assert "every bid funded" not in money_phrase(tight)
