"""Scenario keys of the Community Recovery Fund (``[recovery_fund]``)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from simulator.scenario.base import _field, _Section


class RecoveryFundConfig(_Section):
    """The one-off Community Recovery Fund, shared between areas by formula or competition."""

    total: float = _field(
        500_000_000.0,
        "Size of the fund in pounds. The report proposed £500m.",
        "£",
        plausible=(250_000_000, 1_000_000_000),
        ge=0,
    )
    admin_share: float = _field(
        0.05,
        "Share of the fund top-sliced for administration before any money reaches areas.",
        "share",
        plausible=(0.02, 0.1),
        ge=0,
        lt=1,
    )
    mechanism: Literal[
        "formula", "competitive", "hybrid", "competitive_simple", "hybrid_simple"
    ] = _field(
        "formula",
        "How money reaches areas. 'formula': each eligible area gets a share in proportion to its "
        "population times its need raised to the progressivity. 'competitive': organisations in each "
        "area decide whether a bid is worth its cost, bids are scored and the best funded until each "
        "round's money runs out (see [competition]). 'hybrid': formula_share by formula, the rest "
        "competitive. 'competitive_simple' and 'hybrid_simple': the earlier reduced form, where each "
        "area bids with a chance scaled by its capacity and bids are cut pro rata.",
        "choice",
    )
    need_indicator: str = _field(
        "score",
        "Which deprivation measure counts as need: 'score' (IMD average score), "
        "'prop_most_deprived_10' (share of neighbourhoods in the most deprived 10% nationally), "
        "'extent', 'rank_exponential' (IMD ranks transformed as the IoD technical report does), or "
        "any other numeric column of the data. Higher must mean more deprived: ranks and "
        "averages of ranks (such as File 10's local_concentration) are refused, and negative "
        "values are errors.",
        "indicator",
        min_length=1,
    )
    need_weights: dict[str, float] = _field(
        {},
        "A need index combining several indicators with these weights, e.g. {score = 0.5, extent = "
        "0.5}. Each indicator is first divided by its population-weighted mean. Empty: need_indicator "
        "alone.",
        "text",
    )
    progressivity: float = _field(
        1.0,
        "How strongly money follows need: 0 shares it by population alone, 1 in proportion to "
        "need, above 1 concentrates it on the most deprived areas.",
        "exponent",
        plausible=(0.5, 2.0),
        ge=0,
        le=10,
    )
    eligible_share: float = _field(
        1.0,
        "Share of areas (or of population, see eligibility_basis), most deprived first, that are "
        "eligible for funding (1 = all areas).",
        "share",
        plausible=(0.2, 1.0),
        gt=0,
        le=1,
    )
    eligibility_basis: Literal["areas", "population"] = _field(
        "areas",
        "Whether eligible_share counts areas or people: 'population' takes the most deprived areas "
        "until they hold that share of the population.",
        "choice",
    )
    second_indicator: str | None = _field(
        None,
        "Optional second indicator an area must also be among the most deprived on (a dual "
        "threshold, as 'left-behind' definitions use). Not set: no second test.",
        "indicator",
    )
    second_eligible_share: float = _field(
        1.0,
        "Share of areas, most deprived first on the second indicator, that pass the second test.",
        "share",
        plausible=(0.2, 1.0),
        gt=0,
        le=1,
    )
    floor: float = _field(
        0.0,
        "Minimum amount, in pounds, for every eligible area (0 = no floor). Paid from the formula "
        "part: with the competitive mechanism a floor is an error.",
        "£",
        ge=0,
    )
    floor_per_head: float = _field(
        0.0,
        "Minimum per resident for every eligible area, in pounds per head (0 = none). With "
        "floor too, the larger of the two applies.",
        "£/head",
        plausible=(0, 2),
        ge=0,
    )
    cap_share: float = _field(
        1.0,
        "Largest share of the distributed money (the whole of it, formula and competitive parts "
        "together) any one area may receive in all, on every draw (1 = no cap).",
        "share",
        plausible=(0.1, 1.0),
        gt=0,
        le=1,
    )
    cap: float = _field(
        0.0,
        "Largest amount, in pounds, any one area may receive in all, formula and competitive "
        "parts together (0 = no cap). With cap_share too, the smaller applies.",
        "£",
        ge=0,
    )
    rounds: int = _field(
        1,
        "Number of rounds the money is paid out in (e.g. 8 for quarterly over two years). "
        "Competitive money not awarded in a round rolls into the next.",
        "count",
        plausible=(1, 8),
        ge=1,
        le=120,
    )
    formula_share: float = _field(
        0.5,
        "For the hybrid mechanism: share of the money given by formula; the rest is competitive.",
        "share",
        plausible=(0.25, 0.75),
        ge=0,
        le=1,
    )
    capacity_gradient: float = _field(
        0.0,
        "Reduced form only (competitive_simple, hybrid_simple): how much local capacity to bid falls as deprivation rises: capacity is (need / average "
        "need) to the power minus this (0 = no bias against deprived areas).",
        "exponent",
        plausible=(0.0, 1.0),
        ge=0,
        le=5,
    )
    bid_probability: float = _field(
        0.7,
        "Reduced form only: chance that an eligible area of average capacity bids in a round.",
        "share",
        plausible=(0.5, 0.9),
        ge=0,
        le=1,
    )
    success_rate: float = _field(
        0.5,
        "Reduced form only: chance that a bid from an area of average capacity is judged fundable.",
        "share",
        plausible=(0.3, 0.7),
        ge=0,
        le=1,
    )
    bid_scale: float = _field(
        3.0,
        "Reduced form only: size of an area's bid as a multiple of its formula entitlement for the round (above 1: "
        "bids ask for more than there is, and oversubscribed rounds are scaled down pro rata).",
        "exponent",
        plausible=(1.5, 5.0),
        gt=0,
        le=20,
    )
    bid_size_cv: float = _field(
        0.5,
        "Reduced form only: spread of bid sizes, the coefficient of variation of the lognormal bid size (0 = every bid "
        "asks exactly bid_scale times the entitlement).",
        "sigma",
        plausible=(0.25, 1.0),
        ge=0,
        le=5,
    )
    indicator_uncertainty: float = _field(
        0.1,
        "Measurement uncertainty of the need indicator: the standard deviation of its "
        "logarithm (0.1 is roughly ±10%). 0 runs the formula exactly.",
        "sigma",
        plausible=(0.0, 0.2),
        ge=0,
        le=2,
    )

    @model_validator(mode="after")
    def _weights_positive(self) -> RecoveryFundConfig:
        for name, weight in self.need_weights.items():
            if weight < 0:
                raise ValueError(f"need_weights.{name} must be >= 0, got {weight:g}")
        if self.need_weights and sum(self.need_weights.values()) <= 0:
            raise ValueError("need_weights must have at least one positive weight")
        return self
