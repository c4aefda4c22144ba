"""Spending rules and markets of the endowment: every rule against a hand-written reference
path at zero volatility, and the return models against their expectations."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.errors import FundsimError
from simulator.endowment.run import simulate_endowment
from simulator.engine import endowment_area_shares, run, summarise_endowment
from simulator.scenario import EndowmentConfig, scenario_from_dict
from tests.conftest import write


def cfg(**kw) -> EndowmentConfig:
    base = {
        "real_return_vol": 0.0,
        "inflation_vol": 0.0,
        "real_return_mean": 0.045,
        "inflation_mean": 0.025,
        "fees": 0.004,
    }
    return EndowmentConfig.model_validate({**base, **kw})


def reference(c: EndowmentConfig, horizon: int, steps: int) -> tuple[list[float], list[float]]:
    """One path by hand, the slow obvious way: start-of-year values and nominal grants."""
    g = (1 + c.real_return_mean) ** (1 / steps)
    i = (1 + c.inflation_mean) ** (1 / steps)
    value, price = c.initial, 1.0
    values, grants, history = [], [], []
    last_budget, last_price = 0.0, 1.0
    for year in range(horizon):
        if 1 <= year <= c.inflow_years:
            value += c.inflow_amount
        values.append(value)
        history = (history + [value])[-c.smoothing_years :]
        rule, rate = c.spending_rule, c.spending_rate
        if rule == "fixed_rate":
            b = rate * value
        elif rule == "smoothed":
            b = rate * sum(history) / len(history)
        elif rule == "tobin":
            b = (
                rate * value
                if year == 0
                else c.tobin_weight * last_budget * price / last_price
                + (1 - c.tobin_weight) * rate * value
            )
        elif rule == "real_fixed":
            b = (c.real_fixed_amount or rate * c.initial) * price
        elif rule == "spend_down":
            b = value / (c.spend_down_years - year) if year < c.spend_down_years else value
        else:
            b = rate * value
            if year > 0:
                prev = last_budget / last_price
                b = (
                    min(max(b / price, prev * (1 - c.guardrail_down)), prev * (1 + c.guardrail_up))
                    * price
                )
        if c.spending_floor:
            b = max(b, c.spending_floor * price)
        if c.spending_ceiling:
            b = min(b, c.spending_ceiling * price)
        b = min(max(b, 0.0), value)
        last_budget, last_price = b, price
        paid_year = 0.0
        for _ in range(steps):
            paid = min(b / steps, value)
            fee = min(c.fees / steps * value, value - paid)
            paid_year += paid
            value = (value - paid - fee) * g * i
            price *= i
        grants.append(paid_year)
    values.append(value)
    return values, grants


RULES = [
    {"spending_rule": "fixed_rate"},
    {"spending_rule": "smoothed", "smoothing_years": 4},
    {"spending_rule": "tobin", "tobin_weight": 0.8},
    {"spending_rule": "real_fixed", "real_fixed_amount": 70e6},
    {"spending_rule": "spend_down", "spend_down_years": 15},
    {
        "spending_rule": "guardrails",
        "spending_rate": 0.06,
        "guardrail_up": 0.02,
        "guardrail_down": 0.03,
    },
    {"spending_rule": "fixed_rate", "spending_floor": 90e6, "spending_ceiling": 95e6},
    {"spending_rule": "tobin", "inflow_amount": 100e6, "inflow_years": 5},
]


@pytest.mark.parametrize("steps", [1, 12])
@pytest.mark.parametrize("rule", RULES, ids=lambda r: "-".join(f"{k}={v}" for k, v in r.items()))
def test_zero_volatility_matches_the_hand_computed_path(rule, steps):
    c = cfg(**rule)
    paths = simulate_endowment(c, 30, 3, seed=1, steps_per_year=steps)
    values, grants = reference(c, 30, steps)
    np.testing.assert_allclose(paths.value_nominal[0], values, rtol=1e-11, atol=1e-3)
    np.testing.assert_allclose(paths.grants_nominal[0], grants, rtol=1e-11, atol=1e-3)
    np.testing.assert_array_equal(paths.value_nominal[0], paths.value_nominal[2])


def test_tobin_with_weight_zero_is_the_fixed_rate_rule():
    noisy = {"real_return_vol": 0.15, "inflation_vol": 0.02, "return_model": "student_t"}
    a = simulate_endowment(cfg(spending_rule="tobin", tobin_weight=0.0, **noisy), 40, 500, seed=3)
    b = simulate_endowment(cfg(spending_rule="fixed_rate", **noisy), 40, 500, seed=3)
    np.testing.assert_allclose(a.value_nominal, b.value_nominal, rtol=1e-12)
    np.testing.assert_allclose(a.grants_real, b.grants_real, rtol=1e-12)


def test_spend_down_reaches_zero_in_year_n():
    c = cfg(
        spending_rule="spend_down", spend_down_years=12, real_return_vol=0.2, inflation_vol=0.02
    )
    paths = simulate_endowment(c, 20, 400, seed=2)
    assert (paths.value_nominal[:, 12:] == 0).all()
    assert (paths.value_nominal[:, 11] > 0).all()
    from simulator.scenario import Scenario

    s = Scenario().model_copy(
        update={
            "endowment": c,
            "simulation": Scenario().simulation.model_copy(update={"horizon_years": 20}),
        }
    )
    res = summarise_endowment(s, paths)
    assert res.prob_depleted == 1.0 and res.depletion_year["median"] == 12.0
    assert res.depletion_year["counts"][11] == 400  # every path is first empty in year 12
    assert res.prob_depleted_by_year[11] == 0.0 and res.prob_depleted_by_year[12] == 1.0


def test_real_fixed_keeps_real_grants_constant_and_guardrails_hold():
    c = cfg(
        spending_rule="real_fixed", real_fixed_amount=60e6, real_return_vol=0.12, inflation_vol=0.02
    )
    p = simulate_endowment(c, 25, 300, seed=4)
    solvent = p.value_nominal[:, :-1] > 60e6 * 3
    np.testing.assert_allclose(p.grants_real[solvent], 60e6, rtol=1e-12)
    g = cfg(
        spending_rule="guardrails",
        spending_rate=0.05,
        guardrail_up=0.05,
        guardrail_down=0.02,
        real_return_vol=0.2,
        inflation_vol=0.02,
    )
    q = simulate_endowment(g, 25, 300, seed=4)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = q.grants_real[:, 1:] / q.grants_real[:, :-1]
    enough = q.value_nominal[:, 1:-1] > q.grants_nominal[:, 1:] * 1.01
    assert (change[enough] <= 1.05 + 1e-9).all() and (change[enough] >= 0.98 - 1e-9).all()


def test_no_rule_spends_money_the_fund_does_not_have():
    for rule in RULES:
        floor = {} if rule.get("spending_ceiling") else {"spending_floor": 200e6}
        c = cfg(**{**rule, "real_return_vol": 0.3, "inflation_vol": 0.05, **floor})
        p = simulate_endowment(c, 30, 200, seed=5)
        assert (p.grants_nominal <= p.value_nominal[:, :-1] * (1 + 1e-12)).all()
        assert (p.value_nominal >= 0).all()


@pytest.mark.parametrize("model", ["normal", "lognormal", "student_t"])
def test_return_models_match_their_expected_growth(model):
    c = cfg(
        return_model=model,
        spending_rate=0.0,
        fees=0.0,
        real_return_mean=0.05,
        real_return_vol=0.18,
        degrees_of_freedom=5,
    )
    p = simulate_endowment(c, 10, 40_000, seed=7)
    final = p.value_real[:, -1]
    expected = c.initial * 1.05**10
    assert abs(final.mean() - expected) < 4 * final.std() / np.sqrt(final.size)
    one_year = p.value_real[:, 1] / c.initial - 1
    assert one_year.std() == pytest.approx(0.18, rel=0.03)
    if model == "lognormal":
        assert one_year.min() > -1
    kurtosis = np.mean((one_year - one_year.mean()) ** 4) / one_year.var() ** 2 - 3
    assert (kurtosis > 1.5) if model == "student_t" else (abs(kurtosis) < 1.0)


def test_monthly_steps_keep_the_annual_expectation():
    c = cfg(spending_rate=0.0, fees=0.0, real_return_vol=0.15, real_return_mean=0.04)
    p = simulate_endowment(c, 5, 20_000, seed=8, steps_per_year=12)
    final = p.value_real[:, -1]
    assert abs(final.mean() - c.initial * 1.04**5) < 4 * final.std() / np.sqrt(final.size)


def test_asset_mix_correlations_and_validation():
    two = [
        {"name": "a", "weight": 0.5, "real_return_mean": 0.05, "real_return_vol": 0.2},
        {"name": "b", "weight": 0.5, "real_return_mean": 0.03, "real_return_vol": 0.2},
    ]
    hedged = cfg(spending_rate=0.0, fees=0.0, assets=two, correlations=[[1, -1], [-1, 1]])
    p = simulate_endowment(hedged, 1, 20_000, seed=1)
    # log returns with correlation -1: G_a G_b = exp(m_a + m_b), so the closed forms of the
    # portfolio's mean and variance are known; most of the risk cancels
    year = p.value_real[:, 1] / hedged.initial
    s = np.sqrt(np.log1p((0.2 / np.array([1.05, 1.03])) ** 2))
    m = np.log1p(np.array([0.05, 0.03])) - s * s / 2
    variance = 0.25 * ((0.2**2) * 2 + 2 * (np.exp(m.sum() + (s[0] - s[1]) ** 2 / 2) - 1.05 * 1.03))
    assert abs(year.mean() - 1.04) < 4 * year.std() / np.sqrt(year.size)
    assert year.std() == pytest.approx(np.sqrt(variance), rel=0.03) and year.std() < 0.2 / 5
    together = simulate_endowment(
        hedged.model_copy(update={"correlations": [[1, 1], [1, 1]]}), 1, 20_000, seed=1
    )
    assert (together.value_real[:, 1] / hedged.initial - 1).std() == pytest.approx(0.2, rel=0.03)
    for bad, message in (
        ({"assets": two[:1] + [{**two[1], "weight": 0.6}]}, "weights must add up to 1, got 1.1"),
        ({"assets": two, "correlations": [[1, 0.5], [0.4, 1]]}, "correlations must be symmetric"),
        ({"assets": two, "correlations": [[1, 2], [2, 1]]}, "positive semi-definite"),
        ({"assets": two, "correlations": [[1]]}, "must be a 2 x 2 matrix"),
    ):
        with pytest.raises(FundsimError, match=message):
            scenario_from_dict({"endowment": bad})


def test_inflation_ar1_has_the_persistence_and_volatility_asked_for():
    from simulator.endowment.markets import Markets

    c = cfg(inflation_vol=0.02, inflation_persistence=0.7)
    pi = Markets(c, 60, 1).inflation(seed=1, start=0, stop=5000)
    x = pi - c.inflation_mean
    assert np.corrcoef(x[:, 1:].ravel(), x[:, :-1].ravel())[0, 1] == pytest.approx(0.7, abs=0.02)
    assert x.std() == pytest.approx(0.02, rel=0.03)


def test_inflows_add_capital():
    c = cfg(
        spending_rate=0.0,
        fees=0.0,
        real_return_mean=0.0,
        inflation_mean=0.0,
        inflow_amount=50e6,
        inflow_years=4,
    )
    p = simulate_endowment(c, 10, 2, seed=1)
    np.testing.assert_allclose(
        p.value_nominal[0], [2e9, 2.05e9, 2.1e9, 2.15e9, 2.2e9] + [2.2e9] * 6
    )
    noisy = simulate_endowment(c.model_copy(update={"inflow_uncertainty": 0.5}), 10, 4000, seed=1)
    added = noisy.value_nominal[:, -1] - 2e9
    assert added.std() > 0 and abs(added.mean() - 200e6) < 4 * added.std() / np.sqrt(added.size)


def test_bootstrap_resamples_the_series_and_rejects_bad_files(tmp_path):
    series = write(
        tmp_path / "returns.csv", "year,real_return\n2001,0.10\n2002,-0.05\n2003,0.02\n2004,0.07\n"
    )
    c = cfg(
        return_model="bootstrap",
        bootstrap_file=str(series),
        block_years=2,
        spending_rate=0.0,
        fees=0.0,
    )
    p = simulate_endowment(c, 6, 3000, seed=2)
    yearly = p.value_real[:, 1:] / p.value_real[:, :-1] - 1
    assert set(np.round(np.unique(yearly), 12)) <= {0.10, -0.05, 0.02, 0.07}
    # consecutive years within a block follow the series order (circularly)
    nxt = {0.10: -0.05, -0.05: 0.02, 0.02: 0.07, 0.07: 0.10}
    first = np.round(yearly[:, 0], 12)
    np.testing.assert_allclose(np.round(yearly[:, 1], 12), [nxt[v] for v in first])
    assert abs(yearly.mean() - 0.035) < 0.005
    for text, message in (
        ("year,real_return\n2001,5\n2002,3\n", "looks like a percentage; write 5% as 0.05"),
        (
            "year,real_return\n2001,0.1\n2002,abc\n",
            "row 3, column 'real_return': is not a number: 'abc'",
        ),
        ("a,b\nx,y\n", "needs a column named real_return"),
    ):
        bad = write(tmp_path / "bad.csv", text)
        with pytest.raises(FundsimError, match=message):
            simulate_endowment(c.model_copy(update={"bootstrap_file": str(bad)}), 5, 10, seed=1)


def test_same_seed_identical_at_any_chunking_and_threads(monkeypatch):
    c = cfg(
        spending_rule="tobin",
        return_model="student_t",
        real_return_vol=0.15,
        inflation_vol=0.02,
        inflation_persistence=0.5,
    )
    a = simulate_endowment(c, 20, 700, seed=9, steps_per_year=4, workers=1)
    import simulator.endowment.run as endowment

    monkeypatch.setattr(endowment, "chunk_size_for", lambda bytes_per_path, **kw: 64)
    b = simulate_endowment(c, 20, 700, seed=9, steps_per_year=4, workers=3)
    for f in ("value_nominal", "value_real", "grants_nominal", "grants_real"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))


def test_results_hold_the_trustees_questions(scenario, workshop):
    s = scenario.updated("simulation.paths", 300).updated("simulation.bands", [10, 50, 90])
    d = run(s, workshop).to_dict()["endowment"]
    percentiles = {f"p{q}" for q in (5, 10, 50, 90, 95)}
    intervals = {f"{p}_{end}" for p in percentiles for end in ("low", "high")}
    assert set(d["value_real"]) == percentiles | intervals | {"mean", "mean_se"}
    for key in (
        "prob_preserved_by_year",
        "prob_depleted_by_year",
        "depletion_year",
        "prob_final_grants_at_least_first",
        "cumulative_grants_real",
        "areas",
    ):
        assert key in d
    assert len(d["prob_preserved_by_year"]) == 51 and d["prob_preserved_by_year"][0] == 1.0
    assert 0 <= d["prob_final_grants_at_least_first"] <= 1
    cumulative = d["cumulative_grants_real"]["mean"]
    assert all(b >= a for a, b in zip(cumulative, cumulative[1:]))
    areas = d["areas"]
    assert len(areas) == 2  # the most deprived 10% of 12 areas, rounded up
    assert sum(a["share"] for a in areas) == pytest.approx(1.0)
    assert sum(a["cumulative_real_mean"] for a in areas) == pytest.approx(cumulative[-1])
    shares = endowment_area_shares(s, workshop)
    assert set(workshop.table["name"][shares > 0]) == {"Saltmouth", "Ashcombe Vale"}
