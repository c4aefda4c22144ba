"""Markets that are possible markets (issue 10): log returns never lose everything in a step,
the stated mean and volatility are yearly whatever the steps, fat tails survive monthly steps,
and the expected return itself can be uncertain."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.endowment.markets import Markets
from simulator.endowment.run import simulate_endowment
from simulator.scenario import EndowmentConfig


def cfg(**kw) -> EndowmentConfig:
    base = {
        "real_return_vol": 0.15,
        "inflation_vol": 0.0,
        "real_return_mean": 0.04,
        "inflation_mean": 0.0,
        "fees": 0.0,
    }
    return EndowmentConfig.model_validate({**base, **kw})


def yearly_growth(
    c: EndowmentConfig, steps: int, paths: int, seed: int = 3, years: int = 1
) -> np.ndarray:
    """Each year's gross real growth, the product of its steps: (paths, years)."""
    g = Markets(c, years, steps).real_growth(seed, 0, paths)  # (years * steps, paths)
    return g.reshape(years, steps, paths).prod(axis=1).T


def assert_mean_and_sd(g: np.ndarray, mean: float, sd: float) -> None:
    n = g.size
    centred = g - g.mean()
    se_mean = g.std() / np.sqrt(n)
    var = centred.var()
    se_var = np.sqrt(np.mean(centred**4) - var**2) / np.sqrt(n)
    assert abs(g.mean() - mean) < 4 * se_mean, (g.mean(), mean, se_mean)
    assert abs(var - sd**2) < 4 * se_var, (np.sqrt(var), sd, se_var)


@pytest.mark.parametrize("model", ["normal", "lognormal", "student_t"])
@pytest.mark.parametrize("steps", [1, 4, 12])
def test_stated_mean_and_volatility_are_yearly_whatever_the_steps(model, steps):
    # old code: a stated 15% a year gave 15.6% at monthly steps
    c = cfg(return_model=model, degrees_of_freedom=5.0)
    g = yearly_growth(c, steps, 200_000, seed=11 + steps)
    assert_mean_and_sd(g, 1.04, 0.15)


def test_asset_mix_assets_are_yearly_too():
    two = [
        {"name": "a", "weight": 1.0, "real_return_mean": 0.05, "real_return_vol": 0.2},
        {"name": "b", "weight": 0.0, "real_return_mean": 0.03, "real_return_vol": 0.1},
    ]
    g = yearly_growth(cfg(assets=two), 12, 200_000)
    assert_mean_and_sd(g, 1.05, 0.2)


def test_no_return_model_loses_everything_in_a_step():
    # old code: Student-t, nu = 5, 10% volatility: about 0.07% of years lost more than 100%
    c = cfg(
        return_model="student_t",
        degrees_of_freedom=5.0,
        real_return_vol=0.10,
        real_return_mean=0.04,
    )
    g = Markets(c, 10, 1).real_growth(1, 0, 100_000)
    assert g.min() > 0.0
    for model in ("normal", "student_t"):
        wild = cfg(
            return_model=model, degrees_of_freedom=3.0, real_return_vol=1.0, real_return_mean=0.0
        )
        assert Markets(wild, 5, 12).real_growth(2, 0, 20_000).min() > 0.0
    paths = simulate_endowment(
        c.model_copy(update={"initial": 2e9, "spending_rate": 0.04}), 10, 20_000, 5
    )
    assert (paths.value_real[:, 1:] > 0).all()


@pytest.mark.parametrize("steps", [1, 12])
def test_student_t_tails_do_not_average_away_at_monthly_steps(steps):
    """A year's log return is m + s * Y with Y a unit-variance t(5): its tail probability
    P(|Y| > 3) is the t's (checked against numpy's own t sampler), at any number of steps."""
    from simulator.endowment.calibration import log_return_parameters

    c = cfg(return_model="student_t", degrees_of_freedom=5.0)
    m, s = log_return_parameters(np.array([0.04]), np.array([0.15]), "student_t", 5.0)
    y = (np.log(yearly_growth(c, steps, 400_000, seed=7)) - m[0]) / s[0]
    reference = np.abs(np.random.default_rng(0).standard_t(5, 4_000_000) * np.sqrt(3 / 5)) > 3
    p, q = reference.mean(), (np.abs(y) > 3).mean()
    se = np.sqrt(p * (1 - p) / y.size + p * (1 - p) / reference.size)
    assert abs(q - p) < 4 * se, (q, p)
    normal_tail = (
        0.0027  # P(|Z| > 3): a normal year, what monthly steps tended to under the old code
    )
    assert q > 3 * normal_tail


def test_expected_return_uncertainty_is_drawn_once_per_path():
    c = cfg(real_return_vol=0.0, real_return_mean=0.04, real_return_mean_uncertainty=0.02)
    g = yearly_growth(c, 4, 100_000, years=5)
    np.testing.assert_allclose(
        g, g[:, :1].repeat(5, axis=1), rtol=1e-12
    )  # the same every year of a path
    assert_mean_and_sd(g[:, 0], 1.04, 0.02)  # mu + 0.02 z, with no market noise
    # with market noise, the spread of long-run growth widens: estimation risk compounds
    noisy = cfg(real_return_mean_uncertainty=0.02)
    known = cfg()
    long_known = np.log(yearly_growth(known, 1, 20_000, years=50)).sum(axis=1)
    long_unsure = np.log(yearly_growth(noisy, 1, 20_000, years=50)).sum(axis=1)
    # variance of 50 years' log growth: 50 s^2 without, plus about (50 * 0.02 / 1.04)^2 with
    extra = long_unsure.var() - long_known.var()
    assert extra == pytest.approx((50 * 0.02 / 1.04) ** 2, rel=0.15)
