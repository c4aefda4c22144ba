"""One entry point for a full run: the CLI, the tests and the desktop app all call :func:`run`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from simulator.data import Areas
from simulator.endowment import DEPLETION_FRACTION, simulate_endowment
from simulator.allocation import eligibility, formula_weights
from simulator.fairness import concentration_curve, concentration_index, gini, sample_curve
from simulator.recovery import RecoveryRun, distributed_amount, need_deciles, need_index, simulate_recovery
from simulator.results import EndowmentResults, RecoveryResults, Results, bands
from simulator.scenario import Scenario

ProgressFn = Callable[[float, str], None]
StopFn = Callable[[], bool]


class Cancelled(Exception):
    """Raised inside :func:`run` when ``should_stop()`` returned True."""


def _stage(progress: ProgressFn | None, should_stop: StopFn | None, lo: float, hi: float, label: str):
    def report(done: int, total: int) -> None:
        if should_stop is not None and should_stop():
            raise Cancelled()
        if progress is not None:
            progress(lo + (hi - lo) * done / total, label)

    return report


def _band(values: np.ndarray) -> dict[str, float]:
    """Mean and 5th/95th percentiles of a per-draw measure."""
    return {"mean": float(values.mean()), "p5": float(np.percentile(values, 5)), "p95": float(np.percentile(values, 95))}


def summarise_recovery(scenario: Scenario, areas: Areas, run: RecoveryRun) -> RecoveryResults:
    """Per-area bands and fund-wide measures from a recovery-fund run."""
    cfg = scenario.recovery_fund
    distributed = distributed_amount(cfg)
    source = areas.table
    population = areas.population
    need = need_index(cfg, areas)
    table = source[["code", "name", "population"]].copy()
    table["score"] = source["score"] if "score" in source else np.nan
    for column in ("authority_type", "region", "lad_code", "lad_name"):
        if column in source:
            table[column] = source[column]
    table["need"] = need
    mean = run.mean
    table["mean"] = mean
    for name, values in run.store.percentiles((5, 50, 95)).items():
        table[name] = values
    table["per_capita"] = mean / population
    table["prob_funded"] = run.funded_count / run.paths
    spent = run.spent
    equal = spent.mean() * population / population.sum()
    table["equal_per_head"] = equal
    table["gain"] = mean - equal

    safe_spent = np.where(spent > 0, spent, np.nan)
    group = {name: run.group_sums[:, i] for i, name in enumerate(run.group_names)}
    shares = {name: np.nan_to_num(values / safe_spent) for name, values in group.items()}
    deciles = []
    decile = need_deciles(need)
    decile_masks = [decile == d for d in range(10)]
    for d in range(10):
        money = group[f"decile_{d + 1}"]
        pop = float(population[decile_masks[d]].sum())
        deciles.append(
            {
                "decile": d + 1,
                "areas": int(decile_masks[d].sum()),
                "population": pop,
                **_band(money),
                "per_capita": float(money.mean() / pop) if pop > 0 else None,
                "share": float(shares[f"decile_{d + 1}"].mean()),
            }
        )
    curve_x, curve_y = concentration_curve(mean, population, need)
    tolerance = 1e-9 * max(float(equal.max()), 1.0)
    measures = {
        "mechanism": cfg.mechanism,
        "rounds": cfg.rounds,
        "awarded": _band(spent),
        "unspent": _band(distributed - spent),
        "per_round": run.per_round.mean(axis=0),
        "areas_funded": _band(run.funded_areas),
        "share_to_most_deprived": {
            "areas_10": _band(shares["areas_10"]),
            "areas_20": _band(shares["areas_20"]),
            "population_10": _band(shares["population_10"]),
            "population_20": _band(shares["population_20"]),
        },
        "by_decile": deciles,
        "concentration_index": _band(concentration_index(shares["fractional_rank"])),
        "concentration_curve": dict(zip(("population_share", "money_share"), sample_curve(curve_x, curve_y))),
        "gini_per_capita": gini(mean / population, population),
        "against_equal_per_head": {
            "winners": int((table["gain"] > tolerance).sum()),
            "losers": int((table["gain"] < -tolerance).sum()),
            "money_moved": float(table["gain"].clip(lower=0).sum()),
        },
        "percentile_method": run.store.method,
    }
    return RecoveryResults(
        table=table,
        total=cfg.total,
        distributed=distributed,
        share_to_most_deprived_decile=float(shares["areas_10"].mean()),
        need_indicator=cfg.need_indicator if not cfg.need_weights else "need index",
        measures=measures,
        curve=(curve_x, curve_y),
    )


def endowment_area_shares(scenario: Scenario, areas: Areas) -> np.ndarray:
    """Each area's share of the endowment's grants: the recovery fund's formula (need,
    progressivity, population) over the endowment's own eligible areas, without noise."""
    rf = scenario.recovery_fund
    need = need_index(rf, areas)
    eligible = eligibility(need[None, :], areas.population, scenario.endowment.area_eligible_share)
    weights = formula_weights(need, areas.population, rf.progressivity)
    if eligible is not None:
        weights = np.where(eligible[0], weights, 0.0)
    total = weights.sum()
    return weights / total if total > 0 else weights


def summarise_endowment(scenario: Scenario, paths, areas: Areas | None = None) -> EndowmentResults:
    cfg = scenario.endowment
    horizon = scenario.simulation.horizon_years
    qs = tuple(sorted(set(scenario.simulation.bands) | {5.0, 50.0, 95.0}))
    threshold = DEPLETION_FRACTION * cfg.initial
    empty = paths.value_nominal[:, 1:] <= threshold
    depleted = empty.any(axis=1)
    first_empty = np.where(depleted, empty.argmax(axis=1) + 1, 0)  # the year the fund is first empty
    preserved_by_year = (paths.value_real >= cfg.initial * (1 - 1e-12)).mean(axis=0)
    depleted_by_year = np.concatenate([[0.0], np.cumsum(np.bincount(first_empty, minlength=horizon + 1)[1:]) / len(first_empty)])
    cumulative_real = np.cumsum(paths.grants_real, axis=1)
    first, last = paths.grants_real[:, 0], paths.grants_real[:, -1]
    intergenerational = float((last >= first * (1 - 1e-12)).mean()) if horizon > 1 else 1.0
    area_grants = None
    if areas is not None:
        shares = endowment_area_shares(scenario, areas)
        funded = np.flatnonzero(shares > 0)
        total_bands = bands(cumulative_real[:, -1], qs)
        area_grants = areas.table.iloc[funded][["code", "name", "population"]].reset_index(drop=True)
        area_grants["share"] = shares[funded]
        for name, value in total_bands.items():
            area_grants[f"cumulative_real_{name}"] = shares[funded] * value
        area_grants["per_capita_real_mean"] = area_grants["cumulative_real_mean"] / area_grants["population"]
    return EndowmentResults(
        initial=cfg.initial,
        years=np.arange(horizon + 1),
        value_real=bands(paths.value_real, qs),
        value_nominal=bands(paths.value_nominal, qs),
        grants_real=bands(paths.grants_real, qs),
        grants_nominal=bands(paths.grants_nominal, qs),
        prob_real_value_preserved=float(preserved_by_year[-1]),
        prob_depleted=float(depleted.mean()),
        prob_preserved_by_year=preserved_by_year,
        prob_depleted_by_year=depleted_by_year,
        depletion_year={
            "counts": np.bincount(first_empty, minlength=horizon + 1)[1:],
            "median": float(np.median(first_empty[depleted])) if depleted.any() else None,
        },
        prob_final_grants_at_least_first=intergenerational,
        cumulative_grants_real=bands(cumulative_real, qs),
        area_grants=area_grants,
    )


def run(
    scenario: Scenario,
    areas: Areas,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Results:
    """Run both funds for a scenario over the given areas.

    Parameters
    ----------
    progress : called as ``progress(fraction_done, stage_label)`` from the running thread.
    should_stop : polled between chunks; when it returns True, :class:`Cancelled` is raised.
    """
    from simulator import __version__

    sim = scenario.simulation
    recovery_run = simulate_recovery(
        scenario.recovery_fund,
        areas,
        sim.paths,
        sim.seed,
        _stage(progress, should_stop, 0.0, 0.5, "Recovery fund"),
    )
    recovery = summarise_recovery(scenario, areas, recovery_run)
    endowment_paths = simulate_endowment(
        scenario.endowment,
        sim.horizon_years,
        sim.paths,
        sim.seed,
        _stage(progress, should_stop, 0.5, 0.95, "Endowment"),
        steps_per_year=sim.steps_per_year,
        base_dir=scenario.base_dir(),
    )
    endowment = summarise_endowment(scenario, endowment_paths, areas)
    if progress is not None:
        progress(1.0, "Done")
    return Results(
        version=__version__,
        scenario=scenario.model_dump(),
        data=areas.provenance,
        warnings=list(areas.warnings),
        recovery=recovery,
        endowment=endowment,
        indicators=areas.indicators(),
    )
