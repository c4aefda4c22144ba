"""Results of a run, and their JSON form.

The JSON layout is a stable contract (see ``docs/cli.md``); it holds no wall-clock time, so the
same scenario and seed always give byte-identical output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator.data import Provenance
from simulator.measures import PERCENTILES, Band, mean_se, share_se


def _clean(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python, NaN/inf to None."""
    if isinstance(value, Mapping):  # dicts and bands
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_clean(v) for v in value.tolist()]
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return v if math.isfinite(v) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


#: The Monte Carlo standard errors, one definition each (kept here under their older names).
standard_error = mean_se
prob_se = share_se


def bands(draws: np.ndarray, percentiles: tuple[float, ...] = PERCENTILES) -> Band:
    """The :class:`~simulator.measures.Band` of each column of (paths x columns) draws: mean, its
    Monte Carlo standard error, percentiles and their distribution-free intervals."""
    return Band.of_columns(draws, percentiles)


@dataclass
class RecoveryResults:
    """The recovery fund's outcome.

    ``table`` has one row per area: code, name, population, score, and the allocation's mean,
    p5, p50, p95 (pounds), per_capita (mean pounds per head) and prob_funded (share of draws in
    which the area receives money).
    """

    table: pd.DataFrame
    total: float
    distributed: float
    share_to_most_deprived_decile: float
    need_indicator: str
    measures: dict[str, Any] = field(default_factory=dict)
    #: Concentration curve on mean allocations: (population share, money share), most deprived first.
    curve: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def by_authority_type(self) -> pd.DataFrame | None:
        """Population, mean allocation and per-capita allocation by local authority type.

        ``share`` divides by the money actually awarded (not the money available), so the shares
        sum to 1 even when a competition leaves money unspent."""
        if "authority_type" not in self.table:
            return None
        grouped = self.table.groupby("authority_type", sort=True)
        out = pd.DataFrame(
            {
                "areas": grouped.size(),
                "population": grouped["population"].sum(),
                "mean": grouped["mean"].sum(),
            }
        )
        out["per_capita"] = out["mean"] / out["population"]
        awarded = float(self.table["mean"].sum())  # the money actually awarded, on average
        out["share"] = out["mean"] / awarded if awarded > 0 else np.nan
        return out.reset_index()

    def to_dict(self) -> dict[str, Any]:
        out = {
            "total": self.total,
            "admin": self.total - self.distributed,
            "distributed": self.distributed,
            "need_indicator": self.need_indicator,
            "share_to_most_deprived_decile": self.share_to_most_deprived_decile,
            **self.measures,
            "areas": self.table.to_dict(orient="records"),
        }
        by_type = self.by_authority_type()
        if by_type is not None:
            out["by_authority_type"] = by_type.to_dict(orient="records")
        return out


@dataclass
class EndowmentResults:
    """The endowment's outcome: bands over paths, by year (pounds; real = pounds of year 0)."""

    initial: float
    years: np.ndarray
    value_real: Band
    value_nominal: Band
    grants_real: Band
    grants_nominal: Band
    prob_real_value_preserved: float
    prob_depleted: float
    prob_preserved_by_year: np.ndarray | None = None
    prob_depleted_by_year: np.ndarray | None = None
    depletion_year: dict[str, Any] = field(default_factory=dict)
    prob_final_grants_at_least_first: float | None = None
    cumulative_grants_real: Mapping[str, Any] = field(default_factory=dict)
    #: Per eligible area: share of grants and cumulative real grants (bands), pounds of year 0.
    area_grants: pd.DataFrame | None = field(default=None, repr=False)
    #: Green Book present values: the endowment against spending the capital up front.
    appraisal: dict[str, Any] = field(default_factory=dict)
    #: Monte Carlo paths behind the probabilities (for their standard errors).
    paths: int = 0

    def to_dict(self) -> dict[str, Any]:
        out = {
            "initial": self.initial,
            "years": self.years,
            "value_real": self.value_real,
            "value_nominal": self.value_nominal,
            "grants_real": self.grants_real,
            "grants_nominal": self.grants_nominal,
            "prob_real_value_preserved": self.prob_real_value_preserved,
            "prob_real_value_preserved_se": prob_se(self.prob_real_value_preserved, self.paths),
            "prob_depleted": self.prob_depleted,
            "prob_depleted_se": prob_se(self.prob_depleted, self.paths),
            "prob_preserved_by_year": self.prob_preserved_by_year,
            "prob_preserved_by_year_se": prob_se(self.prob_preserved_by_year, self.paths),
            "prob_depleted_by_year": self.prob_depleted_by_year,
            "prob_depleted_by_year_se": prob_se(self.prob_depleted_by_year, self.paths),
            "depletion_year": self.depletion_year,
            "prob_final_grants_at_least_first": self.prob_final_grants_at_least_first,
            "prob_final_grants_at_least_first_se": prob_se(
                self.prob_final_grants_at_least_first, self.paths
            ),
            "cumulative_grants_real": self.cumulative_grants_real,
            "green_book": self.appraisal,
        }
        if self.area_grants is not None:
            out["areas"] = self.area_grants.to_dict(orient="records")
        return out


@dataclass
class Results:
    """Everything a run produced, with what is needed to reproduce it."""

    version: str
    scenario: dict[str, Any]
    data: Provenance
    warnings: list[str]
    recovery: RecoveryResults
    endowment: EndowmentResults
    indicators: list[str] = field(default_factory=list)
    #: The scenario file the run was started from (None for an unsaved scenario); ``scenario``
    #: is what was run, with every override applied.
    scenario_file: str | None = None

    @property
    def seed(self) -> int:
        return int(self.scenario["simulation"]["seed"])

    @property
    def paths(self) -> int:
        return int(self.scenario["simulation"]["paths"])

    def to_dict(self) -> dict[str, Any]:
        return _clean(
            {
                "fundsim_version": self.version,
                "scenario": self.scenario,
                "scenario_file": self.scenario_file,
                "seed": self.seed,
                "paths": self.paths,
                "data": {
                    **self.data.to_dict(),
                    "areas": len(self.recovery.table),
                    "indicators": self.indicators,
                },
                "warnings": self.warnings,
                "recovery_fund": self.recovery.to_dict(),
                "endowment": self.endowment.to_dict(),
            }
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
