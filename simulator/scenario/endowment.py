"""Scenario keys of the Levelling Up Communities Fund endowment (``[endowment]``)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from simulator.scenario.base import _field, _Section


class AssetClass(_Section):
    """One asset class of the endowment's portfolio."""

    name: str = _field("equities", "Name of the asset class.", "text")
    weight: float = _field(
        1.0, "Share of the portfolio held in it, rebalanced every step.", "share", ge=0, le=1
    )
    real_return_mean: float = _field(0.04, "Expected real return a year.", "rate", ge=-0.5, le=0.5)
    real_return_vol: float = _field(
        0.10, "Volatility of the yearly real return.", "rate", ge=0, le=1
    )


class EndowmentConfig(_Section):
    """The Levelling Up Communities Fund: an invested endowment paying grants each year."""

    initial: float = _field(
        2_000_000_000.0,
        "Starting capital in pounds. The report proposed £2bn from dormant insurance accounts.",
        "£",
        plausible=(1_500_000_000, 2_500_000_000),
        ge=0,
    )
    spending_rule: Literal[
        "fixed_rate", "smoothed", "tobin", "real_fixed", "spend_down", "guardrails"
    ] = _field(
        "fixed_rate",
        "How the yearly grant budget is set. 'fixed_rate': the spending rate times the value at the "
        "start of the year. 'smoothed': the rate times the average of the last smoothing_years "
        "year-end values. 'tobin': tobin_weight times last year's grants grown by inflation, plus "
        "the rest times rate x value (the Yale/Stanford rule). 'real_fixed': a fixed amount kept "
        "constant in real terms. 'spend_down': everything, spread over spend_down_years. "
        "'guardrails': the rate, but real grants may rise or fall only so much in a year.",
        "choice",
    )
    spending_rate: float = _field(
        0.04,
        "Share of the fund's value paid out as grants each year (4-5% is common practice).",
        "rate",
        plausible=(0.03, 0.06),
        ge=0,
        le=1,
    )
    smoothing_years: int = _field(
        3,
        "For 'smoothed': how many year-end values are averaged.",
        "years",
        plausible=(2, 5),
        ge=1,
        le=20,
    )
    tobin_weight: float = _field(
        0.8,
        "For 'tobin': weight on last year's grants grown by inflation (0.8 at Yale); the rest "
        "follows the rate times the value. 0 is the fixed-rate rule.",
        "share",
        plausible=(0.6, 0.9),
        ge=0,
        le=1,
    )
    real_fixed_amount: float = _field(
        0.0,
        "For 'real_fixed': grants a year in pounds of year 0 (0 = spending_rate x initial).",
        "£",
        ge=0,
    )
    spend_down_years: int = _field(
        20,
        "For 'spend_down': years over which the whole fund is paid out.",
        "years",
        plausible=(15, 30),
        ge=1,
        le=500,
    )
    guardrail_up: float = _field(
        0.10,
        "For 'guardrails': largest rise in real grants from one year to the next.",
        "share",
        plausible=(0.05, 0.2),
        ge=0,
        le=10,
    )
    guardrail_down: float = _field(
        0.10,
        "For 'guardrails': largest fall in real grants from one year to the next.",
        "share",
        plausible=(0.05, 0.2),
        ge=0,
        le=1,
    )
    spending_floor: float = _field(
        0.0,
        "Least grants a year, in pounds of year 0, under any rule, while the fund has the money "
        "(0 = no floor).",
        "£",
        ge=0,
    )
    spending_ceiling: float = _field(
        0.0, "Most grants a year, in pounds of year 0, under any rule (0 = no ceiling).", "£", ge=0
    )
    fees: float = _field(
        0.005,
        "Investment and management costs, as a share of the fund's value each year.",
        "rate",
        plausible=(0.002, 0.01),
        ge=0,
        le=0.2,
    )
    return_model: Literal["normal", "lognormal", "student_t", "bootstrap"] = _field(
        "normal",
        "How investment returns are drawn. 'normal' (or 'lognormal', the same): yearly log "
        "returns are normal, so no step loses everything. 'student_t': fat-tailed yearly log "
        "returns with degrees_of_freedom. 'bootstrap': blocks of years resampled from "
        "bootstrap_file. The mean and volatility are yearly figures whatever steps_per_year is.",
        "choice",
    )
    real_return_mean: float = _field(
        0.04,
        "Expected investment return each year after inflation (real).",
        "rate",
        plausible=(0.02, 0.06),
        ge=-0.5,
        le=0.5,
    )
    real_return_vol: float = _field(
        0.10,
        "Volatility (standard deviation) of the yearly real return.",
        "rate",
        plausible=(0.06, 0.15),
        ge=0,
        le=1,
    )
    real_return_mean_uncertainty: float = _field(
        0.0,
        "Uncertainty about the expected real return itself (estimation risk): each path draws "
        "its own expected return, real_return_mean plus this times a standard normal, once for "
        "all its years (0 = the expected return is known).",
        "rate",
        ge=0,
        le=0.2,
    )
    degrees_of_freedom: float = _field(
        5.0,
        "For 'student_t': degrees of freedom (lower = fatter tails; above 2).",
        "exponent",
        plausible=(3, 10),
        gt=2,
        le=1000,
    )
    bootstrap_file: str | None = _field(
        None,
        "For 'bootstrap': a CSV of yearly real returns (a column named real_return, or a single "
        "numeric column; 0.05 = 5%). Relative paths are read from the scenario's folder.",
        "text",
    )
    block_years: int = _field(
        5,
        "For 'bootstrap': length of the resampled blocks of years.",
        "years",
        plausible=(3, 10),
        ge=1,
        le=50,
    )
    assets: list[AssetClass] = _field(
        [],
        "An asset mix: [[endowment.assets]] tables with name, weight, real_return_mean and "
        "real_return_vol; weights sum to 1. Empty: one asset with the returns above.",
        "text",
    )
    correlations: list[list[float]] = _field(
        [],
        "Correlation matrix of the asset classes' returns, one row per asset (empty: uncorrelated).",
        "text",
    )
    inflation_mean: float = _field(
        0.02,
        "Expected inflation each year.",
        "rate",
        plausible=(0.01, 0.035),
        ge=-0.2,
        le=0.5,
    )
    inflation_vol: float = _field(
        0.01,
        "Volatility (standard deviation) of yearly inflation.",
        "rate",
        plausible=(0.005, 0.02),
        ge=0,
        le=0.5,
    )
    inflation_persistence: float = _field(
        0.0,
        "How much of this year's inflation surprise carries into next year (AR(1) coefficient; "
        "0 = independent years). Inflation's long-run volatility stays inflation_vol.",
        "share",
        plausible=(0.0, 0.6),
        ge=0,
        lt=1,
    )
    inflow_amount: float = _field(
        0.0,
        "Further capital paid in at the start of each year, in pounds of the day (e.g. later "
        "dormant-asset releases; 0 = none).",
        "£",
        ge=0,
    )
    inflow_years: int = _field(
        0, "For how many years the inflows are paid (from year 1).", "years", ge=0, le=500
    )
    inflow_uncertainty: float = _field(
        0.0,
        "Uncertainty of each inflow: coefficient of variation of a lognormal amount (0 = certain).",
        "sigma",
        plausible=(0.0, 0.3),
        ge=0,
        le=5,
    )
    discount_rates: list[float] = _field(
        [0.035, 0.03, 0.025, 0.02, 0.015, 0.01],
        "Green Book appraisal: the social time preference rates a year used to discount real "
        "grants, one per period of discount_years (HM Treasury: 3.5% for years 0-30, 3.0% to 75, "
        "then 2.5%, 2.0%, 1.5%, 1.0%).",
        "text",
    )
    discount_years: list[int] = _field(
        [30, 75, 125, 200, 300],
        "The year each discount rate but the last runs to: the first rate applies from year 0 to "
        "the first of these, the next to the second, and so on.",
        "text",
    )
    area_eligible_share: float = _field(
        0.1,
        "Share of areas, most deprived first, whose communities receive the endowment's grants "
        "(the 'left-behind' areas), shared by the recovery fund's formula.",
        "share",
        plausible=(0.05, 0.2),
        gt=0,
        le=1,
    )

    @model_validator(mode="after")
    def _consistent(self) -> EndowmentConfig:
        if self.spending_rate + self.fees > 1:
            raise ValueError(
                f"spending_rate + fees must be at most 1 (all of the fund), got "
                f"{self.spending_rate + self.fees:g}"
            )
        if self.spending_ceiling and self.spending_floor > self.spending_ceiling:
            raise ValueError("spending_floor must not be above spending_ceiling")
        if len(self.discount_years) != len(self.discount_rates) - 1:
            raise ValueError(
                "discount_years must have one year fewer than discount_rates (the last rate runs on)"
            )
        if any(b <= a for a, b in zip(self.discount_years, self.discount_years[1:])) or any(
            y < 1 for y in self.discount_years
        ):
            raise ValueError("discount_years must rise from 1 or more")
        if any(not -0.5 < r < 1 for r in self.discount_rates):
            raise ValueError("discount_rates must each be above -50% and below 100% a year")
        if self.return_model == "bootstrap" and not self.bootstrap_file:
            raise ValueError("return_model 'bootstrap' needs bootstrap_file")
        if self.assets:
            total = sum(a.weight for a in self.assets)
            if abs(total - 1) > 1e-9:
                raise ValueError(f"assets weights must add up to 1, got {total:g}")
            if self.correlations:
                import numpy as np

                n = len(self.assets)
                lengths = sorted({len(row) for row in self.correlations})
                if len(self.correlations) != n or lengths != [n]:
                    widths = ", ".join(map(str, lengths))
                    raise ValueError(
                        f"correlations must be a {n} x {n} matrix (one row of {n} per asset), "
                        f"got {len(self.correlations)} rows of {widths} values"
                    )
                c = np.asarray(self.correlations, dtype=float)
                if c.shape != (n, n):
                    raise ValueError(
                        f"correlations must be a {n} x {n} matrix (one row per asset), got {c.shape[0]} rows"
                    )
                if not np.allclose(c, c.T, atol=1e-12):
                    raise ValueError("correlations must be symmetric")
                if not np.allclose(np.diag(c), 1.0):
                    raise ValueError("correlations must have 1 on the diagonal")
                if np.linalg.eigvalsh(c).min() < -1e-10:
                    raise ValueError(
                        "correlations must be positive semi-definite (a possible correlation matrix)"
                    )
        elif self.correlations:
            raise ValueError("correlations need an assets list")
        return self
