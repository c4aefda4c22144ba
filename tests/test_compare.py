"""Comparing options: paired differences on common random numbers (simulator.analysis)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.analysis.compare import compare
from simulator.core.errors import FundsimError
from simulator.endowment.run import simulate_endowment
from simulator.recovery.run import allocation_draws, simulate_recovery


def metric(comparison, name):
    return next(m for m in comparison.to_dict()["metrics"] if m["name"] == name)


@pytest.fixture
def small(scenario):
    return scenario.updated("simulation.paths", 600)


def test_paired_differences_equal_two_separate_runs_draw_by_draw(small, workshop):
    option = small.updated("recovery_fund.progressivity", 1.6).updated("recovery_fund.floor", 5e6)
    option = option.updated("endowment.spending_rate", 0.05)
    c = compare([small, option], workshop)
    seed, paths = 2020, 600
    a = allocation_draws(small.recovery_fund, workshop, paths, seed)
    b = allocation_draws(option.recovery_fund, workshop, paths, seed)
    diff = b - a
    t = c.areas
    np.testing.assert_allclose(t["A_mean"], a.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(t["B_mean"], b.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(t["B_change"], diff.mean(axis=0), rtol=1e-9, atol=1e-4)
    np.testing.assert_allclose(
        t["B_change_p5"], np.percentile(diff, 5, axis=0), rtol=1e-12, atol=1e-6
    )
    np.testing.assert_allclose(
        t["B_change_p95"], np.percentile(diff, 95, axis=0), rtol=1e-12, atol=1e-6
    )
    np.testing.assert_array_equal(t["B_prob_gain"], (diff > 0.01).mean(axis=0))
    # fund-wide: the share to the most deprived 10% of areas, from two separate engine runs
    runs = [simulate_recovery(s.recovery_fund, workshop, paths, seed) for s in (small, option)]
    col = runs[0].group_names.index("areas_10")
    shares = [r.group_sums[:, col] / r.spent for r in runs]
    d = shares[1] - shares[0]
    m = metric(c, "recovery_fund.share_to_most_deprived.areas_10")
    assert m["values"] == pytest.approx([shares[0].mean(), shares[1].mean()], rel=1e-12)
    assert m["difference_mean"][1] == pytest.approx(d.mean(), rel=1e-12)
    assert m["difference_p5"][1] == pytest.approx(np.percentile(d, 5), rel=1e-12)
    assert m["difference_p95"][1] == pytest.approx(np.percentile(d, 95), rel=1e-12)
    assert m["difference_se"][1] == pytest.approx(d.std(ddof=1) / np.sqrt(paths), rel=1e-12)
    # the endowment, path by path
    e = [
        simulate_endowment(s.endowment, 50, paths, seed).value_real[:, -1] for s in (small, option)
    ]
    m = metric(c, "endowment.final_real_value")
    assert m["difference_mean"][1] == pytest.approx((e[1] - e[0]).mean(), rel=1e-12)
    assert m["difference_p95"][1] == pytest.approx(np.percentile(e[1] - e[0], 95), rel=1e-12)


def test_identical_options_differ_by_exactly_zero(small, workshop):
    c = compare([small, small, small.updated("recovery_fund.mechanism", "competitive")], workshop)
    d = c.to_dict()
    for m in d["metrics"]:
        assert (
            m["difference_mean"][1] == 0
            and m["difference_p5"][1] == 0
            and m["difference_p95"][1] == 0
        )
        assert m["difference_se"][1] == 0
        assert m["values"][1] == m["values"][0]
    for column in (
        "B_change",
        "B_change_p5",
        "B_change_p95",
        "B_prob_gain",
        "B_rank_change",
        "B_change_pct",
    ):
        assert (c.areas[column] == 0).all(), column
    assert all(w["mean"][1] == 0 and w["p95"][1] == 0 for w in d["winners_losers"])
    assert d["pairing"][1]["recovery_fund"] == {"shared": "all", "notes": []}
    # the competitive option is a real change: money moves and the note says why the band is wide
    assert d["pairing"][2]["recovery_fund"]["shared"] == "some"
    assert "competition" in d["pairing"][2]["recovery_fund"]["notes"][0]
    assert (c.areas["C_change_p95"] > c.areas["C_change_p5"]).all()


def test_a_small_change_has_a_much_narrower_paired_band_than_independent_seeds(small, workshop):
    base = small.updated("recovery_fund.indicator_uncertainty", 0.2)
    option = base.updated("recovery_fund.progressivity", 1.05)
    c = compare([base, option], workshop)
    paired = (c.areas["B_change_p95"] - c.areas["B_change_p5"]).to_numpy()
    a = allocation_draws(base.recovery_fund, workshop, 600, 2020)
    b = allocation_draws(option.recovery_fund, workshop, 600, 2021)  # another seed
    independent = np.percentile(b - a, 95, axis=0) - np.percentile(b - a, 5, axis=0)
    assert np.all(paired < 0.2 * independent)
    m = metric(c, "recovery_fund.concentration_index")
    assert 0 < m["difference_se"][1] < 0.2 * m["se"][1]


def test_mixed_levels_add_neighbourhoods_up_to_districts(tmp_path, scenario):
    from simulator.bench import write_iod_like_files
    from simulator.data import load_data_source

    f1, f6 = write_iod_like_files(tmp_path, n=3000)
    lsoa = load_data_source(f1, population=f6, level="lsoa")
    lad = load_data_source(f1, population=f6, level="lad")
    # with progressivity 1 and no noise, a district's formula money is the sum of its
    # neighbourhoods' (its need is their population-weighted mean)
    s = scenario.updated("simulation.paths", 200).updated(
        "recovery_fund.need_indicator", "rank_exponential"
    )
    s = s.updated("recovery_fund.indicator_uncertainty", 0.0)
    c = compare([s, s], [lad, lsoa])
    assert c.level == "lad" and len(c.areas) == 317
    np.testing.assert_allclose(c.areas["B_mean"], c.areas["A_mean"], rtol=1e-9)
    assert np.abs(c.areas["B_change"]).max() < 1e-6 * c.areas["A_mean"].max()
    # the added-up option equals the neighbourhood run's draws summed by district
    draws = allocation_draws(s.recovery_fund, lsoa, 200, 2020)
    by_lad = lsoa.table.groupby("lad_code", sort=False).indices
    position = {code: i for i, code in enumerate(lad.codes)}
    summed = np.zeros(317)
    for code, rows in by_lad.items():
        summed[position[code]] = draws[:, rows].sum(axis=1).mean()
    np.testing.assert_allclose(c.areas["B_mean"], summed, rtol=1e-12)
    # with noise the two levels draw separately, and the comparison says so
    noisy = scenario.updated("simulation.paths", 200).updated(
        "recovery_fund.need_indicator", "rank_exponential"
    )
    d = compare([noisy, noisy], [lad, lsoa]).to_dict()
    assert d["pairing"][1]["recovery_fund"]["shared"] == "none"
    assert any("districts" in n for n in d["notes"])


def test_different_rounds_share_only_some_draws(small, workshop):
    comp = small.updated("recovery_fund.mechanism", "competitive").updated(
        "recovery_fund.rounds", 4
    )
    d = compare([comp, comp.updated("recovery_fund.rounds", 8)], workshop).to_dict()
    note = d["pairing"][1]["recovery_fund"]
    assert note["shared"] == "some" and "4 and 8 competitive rounds" in note["notes"][0]


def test_options_must_share_areas_and_number_two_to_four(small, workshop, tmp_path):
    from simulator.bench import synthetic_areas

    with pytest.raises(FundsimError, match="same areas"):
        compare([small, small], [workshop, synthetic_areas(20)])
    with pytest.raises(FundsimError, match="2 to 4"):
        compare([small], workshop)
    with pytest.raises(FundsimError, match="2 to 4"):
        compare([small] * 5, workshop)


def test_same_inputs_give_the_same_comparison(small, workshop):
    option = small.updated("recovery_fund.mechanism", "hybrid")
    first = compare([small, option], workshop, workers=1).to_json()
    assert compare([small, option], workshop, workers=2).to_json() == first


def test_gini_by_draw_matches_the_gini_of_each_draw(workshop):
    from simulator.analysis.recovery_pairs import gini_by_draw
    from simulator.recovery.fairness import gini

    rng = np.random.default_rng(3)
    population = workshop.population
    money = rng.gamma(2.0, 1e6, (50, len(population)))
    money[0] = 0.0  # nothing paid: 0
    money[1] = 5.0 * population  # equal per head: 0
    per_head = money / population
    got = gini_by_draw(per_head, population)
    assert got[0] == 0 and got[1] == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(got[2:], [gini(row, population) for row in per_head[2:]], rtol=1e-12)


def test_different_competitions_say_their_bids_do_not_line_up(small, workshop):
    comp = small.updated("recovery_fund.mechanism", "competitive")
    d = compare(
        [comp, comp.updated("recovery_fund.mechanism", "competitive_simple")], workshop
    ).to_dict()
    assert d["pairing"][1]["recovery_fund"]["shared"] == "some"
    assert "different competitions" in d["pairing"][1]["recovery_fund"]["notes"][0]
