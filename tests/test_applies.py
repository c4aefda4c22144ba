"""A setting reported as unused cannot change the results; one reported as used does."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import load_areas, load_scenario
from simulator.engine import run
from simulator.scenario.applies import RULES, SECTION_RULES, applies, why_unused
from tests.conftest import PRESET


@pytest.fixture(scope="module")
def base():
    s = load_scenario(PRESET).updated("simulation.paths", 300)
    return s, load_areas(s)


def _money(s, areas):
    r = run(s, areas)
    return np.concatenate(
        [
            r.recovery.table["mean"].to_numpy(),
            np.ravel(r.endowment.value_real["p50"]),
            np.ravel(r.endowment.grants_real["p50"]),
            [r.endowment.prob_real_value_preserved],
        ]
    )


@pytest.mark.parametrize(
    ("mechanism", "key", "value", "used"),
    [
        ("formula", "competition.quality_gap", 3.0, False),
        ("competitive", "competition.readiness", 0.2, True),
        ("competitive", "recovery_fund.bid_scale", 1.5, False),
        ("competitive_simple", "recovery_fund.bid_scale", 1.5, True),
        ("competitive", "recovery_fund.capacity_gradient", 2.0, False),
        ("competitive", "recovery_fund.progressivity", 2.0, False),
        ("hybrid", "recovery_fund.progressivity", 2.0, True),
        ("hybrid_simple", "recovery_fund.capacity_gradient", 2.0, True),
        ("formula", "recovery_fund.formula_share", 0.2, False),
        ("hybrid", "recovery_fund.formula_share", 0.2, True),
        (None, "endowment.inflow_amount", 5e7, False),  # inflow years 0
        ({"endowment.inflow_years": 10}, "endowment.inflow_amount", 5e7, True),
        (None, "endowment.real_fixed_amount", 9e7, False),  # fixed rate
        ({"endowment.spending_rule": "real_fixed"}, "endowment.real_fixed_amount", 9e7, True),
        ({"endowment.spending_rule": "spend_down"}, "endowment.spending_rate", 0.06, False),
        ({"endowment.spending_rule": "real_fixed"}, "endowment.spending_rate", 0.06, True),
        (  # expected numbers of bids; a fund the fictional areas' bids oversubscribe
            {"recovery_fund.mechanism": "competitive", "recovery_fund.total": 1e7},
            "competition.area_luck",
            "round",
            False,
        ),
        (
            {
                "recovery_fund.mechanism": "competitive",
                "recovery_fund.total": 1e7,
                "competition.bid_model": "counts",
            },
            "competition.area_luck",
            "round",
            True,
        ),
        (None, "recovery_fund.eligibility_basis", "population", False),  # every area eligible
        (
            {"recovery_fund.eligible_share": 0.6},
            "recovery_fund.eligibility_basis",
            "population",
            True,
        ),
    ],
)
def test_what_is_reported_unused_changes_nothing(base, mechanism, key, value, used):
    s, areas = base
    settings = (
        mechanism
        if isinstance(mechanism, dict)
        else {}
        if mechanism is None
        else {"recovery_fund.mechanism": mechanism}
    )
    for k, v in settings.items():
        s = s.updated(k, v)
    assert applies(s, key) is used
    a, b = _money(s, areas), _money(s.updated(key, value), areas)
    if used:
        assert not np.allclose(a, b)
    else:
        np.testing.assert_array_equal(a, b)


def test_every_rule_names_real_keys_and_says_why(base):
    s, _ = base
    for key, (other, _values, why) in {
        **RULES,
        **{f"{k}.x": v for k, v in SECTION_RULES.items()},
    }.items():
        for dotted in (other, key) if not key.endswith(".x") else (other,):
            section, _, name = dotted.partition(".")
            assert hasattr(getattr(s, section), name), dotted
        assert why.startswith(("Used only", "Not used")) and why.endswith(".")
    assert why_unused(s, "recovery_fund.progressivity") is None
