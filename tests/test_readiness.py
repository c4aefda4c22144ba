"""Readiness over the whole competition (schema version 4): the competition a user gets by
switching a preset to competitive is oversubscribed whatever its number of rounds, and files
saved before version 4 keep their numbers."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.data import load_areas
from simulator.engine import run
from simulator.recovery.run import simulate_recovery
from simulator.scenario import load_scenario, scenario_from_dict
from simulator.scenario.model import VERSION_3_COMPETITION, with_changes
from tests.conftest import REPO

KRUGER = REPO / "scenarios" / "kruger-as-proposed.toml"


@pytest.fixture(scope="module")
def kruger():
    s = load_scenario(KRUGER).updated("simulation.paths", 300)
    return s.updated("recovery_fund.mechanism", "competitive"), load_areas(s)


def _competition(s, areas):
    return run(s, areas).recovery.measures["competition"]


def test_switching_the_kruger_preset_to_competitive_gives_a_real_competition(kruger):
    """The issue's case: the £500m preset switched to competitive, in its one round. Bids ask
    for several times the money (Levelling Up Fund round 2: 3.8 times), so not every bid is
    funded, and the same readiness in eight rounds gives the same number of bids."""
    s, areas = kruger
    assert s.recovery_fund.rounds == 1 and s.competition.readiness_basis == "competition"
    one = _competition(s, areas)
    assert 3.0 < one["oversubscription"]["mean"] < 5.0
    assert not one["every_bid_funded"]
    assert one["success_rate"] < 0.35
    eight = _competition(s.updated("recovery_fund.rounds", 8), areas)
    assert eight["bids"]["mean"] == pytest.approx(one["bids"]["mean"], rel=0.02)
    assert eight["oversubscription"]["mean"] == pytest.approx(
        one["oversubscription"]["mean"], rel=0.02
    )


def test_readiness_per_round_divides_the_competitions_readiness(kruger):
    """In 8 rounds, readiness 0.72 over the competition is 0.09 a round: the same bids as
    readiness 0.09 counted per round (the version-3 meaning), to the last bid."""
    s, areas = kruger
    s8 = s.updated("recovery_fund.rounds", 8)
    assert s8.competition.readiness_per_round(8) == pytest.approx(0.09)
    per_round = with_changes(
        s8, {"competition.readiness": 0.09, "competition.readiness_basis": "round"}
    )
    a, b = _competition(s8, areas), _competition(per_round, areas)
    assert a["bids"]["mean"] == pytest.approx(b["bids"]["mean"], rel=1e-9)


def test_every_bid_funded_stays_possible_and_flagged(kruger):
    s, areas = kruger
    few = _competition(s.updated("competition.readiness", 0.02), areas)
    assert few["every_bid_funded"] and few["oversubscription"]["mean"] < 1


def test_version_3_files_keep_their_numbers(workshop):
    """A schema-3 competitive file in four rounds keeps readiness per round (9% by default);
    its allocation sums are those the release before version 4 gave (recorded from it)."""
    raw = {
        "schema_version": 3,
        "name": "version 3 competitive",
        "simulation": {"paths": 300, "seed": 7},
        "recovery_fund": {"total": 30e6, "mechanism": "competitive", "rounds": 4, "cap_share": 0.3},
        "competition": {"need_weight": 0.5},
    }
    s = scenario_from_dict(raw)
    assert s.schema_version == 4
    for key, value in VERSION_3_COMPETITION.items():
        assert getattr(s.competition, key) == value
    got = simulate_recovery(s.recovery_fund, workshop, 300, 7, competition=s.competition)
    before = np.loadtxt(REPO / "tests" / "data" / "version3_competitive_sums.txt")
    np.testing.assert_array_equal(np.concatenate([got.area_sum, got.per_round.ravel()]), before)
    # the same file read as version 4 counts readiness over the competition: other numbers
    new = scenario_from_dict({**raw, "schema_version": 4})
    assert new.competition.readiness == 0.72
    assert new.competition.readiness_per_round(4) == pytest.approx(0.18)


def test_the_workshop_competition_is_at_the_funds_scale():
    """The trainer's switch from formula to competitive bidding on the twelve workshop areas:
    bids ask for about four times the money, so not every bid is funded, most of the money is
    awarded, and each area's band has width (the coastal town's money is uncertain)."""
    s = load_scenario(REPO / "scenarios" / "workshop-as-proposed.toml").updated(
        "simulation.paths", 500
    )
    areas = load_areas(s)
    formula = run(s, areas).recovery
    comp_s = s.updated("recovery_fund.mechanism", "competitive")
    result = run(comp_s, areas).recovery
    m = result.measures["competition"]
    assert 3.0 < m["oversubscription"]["mean"] < 5.0 and not m["every_bid_funded"]
    awarded = result.table["mean"].sum()
    assert awarded > 0.9 * comp_s.recovery_fund.total * (1 - comp_s.recovery_fund.admin_share)
    table = result.table.set_index("name")
    assert (table["p95"] > 1.2 * table["p5"]).all()
    assert table.loc["Saltmouth", "mean"] < formula.table.set_index("name").loc["Saltmouth", "mean"]
