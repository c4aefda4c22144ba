"""Scenario keys of the organisation-level competition (``[competition]``).

They apply when ``recovery_fund.mechanism`` is ``competitive`` or ``hybrid`` (the competitive part).
Defaults rest on published figures (NCVO Civil Society Almanac; Levelling Up Fund, see
``docs/competition.md``); the rest are stated assumptions a user can change.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from simulator.scenario.base import _field, _Section

#: Size bands by annual income (NCVO): micro < £10k, small £10k-£100k, medium £100k-£1m,
#: large £1m-£10m, major > £10m.
BANDS = ("micro", "small", "medium", "large", "major")
SMALL_BANDS = (0, 1)  # micro and small: the ring-fence is for these


class CompetitionConfig(_Section):
    """Competitive bidding by organisations: who bids, what it costs, how bids are ranked."""

    bid_model: Literal["counts", "expected"] = _field(
        "expected",
        "'counts': each round, the bids of every area and size band are a random count (Poisson) "
        "and the funder ranks every bid and works down the list, so an area can make no bid or win "
        "nothing, and small areas' bands are wider (slow at national scale: about ten seconds for "
        "317 districts x 2,000 draws, so not yet the default); 'expected': each area and band holds its expected "
        "number of bids (fast, for live work; bands come from need noise and area luck only).",
        "choice",
    )
    organisations: float = _field(
        0.0,
        "Civil-society organisations that could bid, over all areas (0 = scale with the data's "
        "population at organisations_per_1000); shared between areas by population and the "
        "deprivation gradient, unless the data have columns orgs_micro ... orgs_major.",
        "count",
        ge=0,
    )
    organisations_per_1000: float = _field(
        1.8,
        "Organisations per 1,000 residents when organisations is 0 (NPC: England has 1.8 "
        "local charities per 1,000 people).",
        "count",
        ge=0,
    )
    band_shares: list[float] = _field(
        [0.47, 0.35, 0.15, 0.025, 0.005],
        "Share of organisations in each size band: micro, small, medium, large, major (NCVO: 82% have "
        "income of £100k or less, 3% £1m or more; the split within those is an assumption).",
        "text",
    )
    deprivation_gradient: list[float] = _field(
        [1.1, 1.1, 1.1, 1.1, 1.1],
        "How fast organisations per head fall with deprivation, by band: per head they scale as "
        "(need / average need) to the power minus this (0 = the same everywhere). The default is "
        "fitted to NPC's local charities per head (Blackpool 0.6 per 1,000, England 1.8, the "
        "Cotswolds 5.5) against districts' IMD scores.",
        "text",
    )
    ask: list[float] = _field(
        [5_000.0, 25_000.0, 100_000.0, 250_000.0, 500_000.0],
        "Typical grant asked for by a bid, by band, in pounds (then kept within grant_min and grant_max).",
        "text",
    )
    grant_min: float = _field(
        0.0, "Smallest grant the fund awards, in pounds (0 = none).", "£", ge=0
    )
    grant_max: float = _field(
        250_000.0,
        "Largest grant the fund awards, in pounds (0 = no limit). Most Community Ownership Fund "
        "awards were up to £250k.",
        "£",
        ge=0,
    )
    bid_cost: list[float] = _field(
        [1_500.0, 3_000.0, 6_000.0, 12_000.0, 25_000.0],
        "Fixed cost of preparing a bid, by band, in pounds of staff and volunteer time.",
        "text",
    )
    bid_cost_share: float = _field(
        0.03,
        "Further cost of preparing a bid, as a share of the grant asked for.",
        "share",
        ge=0,
        le=1,
    )
    readiness: float = _field(
        0.72,
        "Share of organisations with a project ready to bid for over the whole competition, shared "
        "equally between its rounds (0.72 in 8 rounds: 9% a round); they bid if it is worth it. The "
        "default makes a £475m fund over England's districts oversubscribed about 4 times, in one "
        "round or eight, as the Levelling Up Fund's round 2 was (3.8 times).",
        "share",
        ge=0,
        le=1,
    )
    readiness_basis: Literal["competition", "round"] = _field(
        "competition",
        "'competition': readiness is over the whole competition, shared between its rounds, so "
        "the number of rounds spreads the bids out without changing how many there are; 'round': "
        "readiness applies in every round, so more rounds mean more bids (files saved before "
        "schema version 4).",
        "choice",
    )

    def readiness_per_round(self, rounds: int) -> float:
        """The share of organisations with a project ready in each round."""
        return self.readiness if self.readiness_basis == "round" else self.readiness / rounds

    decision_spread: float = _field(
        1.0,
        "How much organisations differ in what a bid is worth to them: standard deviation of the "
        "log of their private value of a pound won against a pound spent bidding.",
        "sigma",
        gt=0,
        le=5,
    )
    quality_gap: float = _field(
        1.0,
        "How much better, on average, bids from the largest organisations score than bids from the "
        "smallest, in units of assessor noise (0 = no gap; bands in between are spaced evenly).",
        "exponent",
        ge=0,
        le=10,
    )
    assessor_noise: float = _field(
        1.0,
        "Spread of assessors' scores around a bid's true quality (the scale of a logistic "
        "distribution; quality gaps are measured against it).",
        "sigma",
        ge=0.05,
        le=10,
    )
    area_noise: float = _field(
        0.5,
        "Luck shared by all bids from one area (standard deviation, in the units of quality_gap): "
        "local circumstances, the assessor panel; drawn per round or per future (area_luck).",
        "sigma",
        ge=0,
        le=5,
    )
    area_luck: Literal["round", "future"] = _field(
        "future",
        "'future': an area's luck is drawn once per simulated future, shared by all its rounds "
        "(local circumstances that last); 'round': drawn afresh each round (a new panel each "
        "time). 'round' needs bid_model = 'counts'; the expected-count model draws it per future.",
        "choice",
    )
    need_weight: float = _field(
        0.0,
        "How much the funder favours bids from needier areas: this times the log of (need / "
        "average need) is added to the score, as priority categories do (0 = quality alone).",
        "exponent",
        ge=0,
        le=5,
    )
    quality_bar: float = _field(
        -10.0,
        "Lowest score a bid can be funded at, in the units of quality_gap with the smallest band's "
        "average at 0 (-10 = no bar: any bid may be funded while there is money).",
        "exponent",
        ge=-10,
        le=20,
    )
    small_ringfence: float = _field(
        0.0,
        "Share of each round's money reserved for bids from micro and small organisations; what they "
        "do not win joins the open competition in the same round.",
        "share",
        ge=0,
        le=1,
    )
    capacity_grant: float = _field(
        0.0,
        "Capacity funding: pounds given to each organisation bidding from the most deprived areas "
        "to prepare a bid (the Levelling Up Fund paid £125,000 to each highest-need place). Paid "
        "outside the fund's money; it lowers those bidders' costs.",
        "£",
        ge=0,
    )
    capacity_share: float = _field(
        0.2,
        "Share of the population, most deprived areas first, whose organisations receive capacity funding.",
        "share",
        ge=0,
        le=1,
    )
    simplified_limit: float = _field(
        0.0,
        "Simplified applications: bids asking for this much or less (pounds) use a short form (0 = none).",
        "£",
        ge=0,
    )
    simplified_cost: float = _field(
        0.3, "Cost of a simplified application as a share of a full one.", "share", ge=0, le=1
    )
    process: Literal["one_stage", "two_stage"] = _field(
        "one_stage",
        "'two_stage': a short expression of interest first, and full bids only from those "
        "shortlisted; 'one_stage': every bid is a full bid.",
        "choice",
    )
    interest_cost: float = _field(
        0.2,
        "Cost of an expression of interest as a share of a full bid (two-stage only).",
        "share",
        ge=0,
        le=1,
    )
    shortlist_ratio: float = _field(
        2.0,
        "Two-stage only: full bids are invited for this many times the money available.",
        "exponent",
        ge=1,
        le=20,
    )

    @model_validator(mode="after")
    def _per_band(self) -> CompetitionConfig:
        for name in ("band_shares", "deprivation_gradient", "ask", "bid_cost"):
            values = getattr(self, name)
            if len(values) != len(BANDS):
                raise ValueError(
                    f"{name} must list {len(BANDS)} numbers ({', '.join(BANDS)}), got {len(values)}"
                )
            if name != "deprivation_gradient" and any(v < 0 for v in values):
                raise ValueError(f"{name} must not be negative")
        if sum(self.band_shares) <= 0:
            raise ValueError("band_shares must have at least one positive share")
        if self.grant_max > 0 and self.grant_min > self.grant_max:
            raise ValueError(
                f"grant_min ({self.grant_min:g}) is above grant_max ({self.grant_max:g})"
            )
        return self
