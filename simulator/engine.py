"""One entry point for a full run: the CLI, the tests and the desktop app all call :func:`run`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from simulator.data import Areas
from simulator.endowment import DEPLETION_FRACTION, simulate_endowment
from simulator.recovery import distributed_amount, most_deprived, simulate_recovery
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


def summarise_recovery(scenario: Scenario, areas: Areas, draws: np.ndarray) -> RecoveryResults:
    """Per-area bands and fund-wide measures from the allocation draws (paths x areas)."""
    cfg = scenario.recovery_fund
    distributed = distributed_amount(cfg)
    source = areas.table
    table = source[["code", "name", "population"]].copy()
    table["score"] = source["score"] if "score" in source else np.nan
    table["need"] = areas.indicator(cfg.need_indicator)
    for column in ("authority_type", "region", "lad_code", "lad_name"):
        if column in source:
            table[column] = source[column]
    b = bands(draws)
    table["mean"] = b["mean"]
    for p in ("p5", "p50", "p95"):
        table[p] = b[p]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["per_capita"] = b["mean"] / areas.population
    table["prob_funded"] = (draws > 0).mean(axis=0)
    top = most_deprived(areas.indicator(cfg.need_indicator), 0.10)
    share = float(draws[:, top].sum(axis=1).mean() / distributed) if distributed > 0 else 0.0
    return RecoveryResults(
        table=table,
        total=cfg.total,
        distributed=distributed,
        share_to_most_deprived_decile=share,
        need_indicator=cfg.need_indicator,
        draws=draws,
    )


def summarise_endowment(scenario: Scenario, paths) -> EndowmentResults:
    cfg = scenario.endowment
    horizon = scenario.simulation.horizon_years
    threshold = DEPLETION_FRACTION * cfg.initial
    depleted = (paths.value_nominal[:, 1:] <= threshold).any(axis=1) if cfg.initial > 0 else np.ones(1, bool)
    preserved = paths.value_real[:, -1] >= cfg.initial * (1 - 1e-12)
    return EndowmentResults(
        initial=cfg.initial,
        years=np.arange(horizon + 1),
        value_real=bands(paths.value_real),
        value_nominal=bands(paths.value_nominal),
        grants_real=bands(paths.grants_real),
        grants_nominal=bands(paths.grants_nominal),
        prob_real_value_preserved=float(preserved.mean()),
        prob_depleted=float(depleted.mean()),
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
    draws = simulate_recovery(
        scenario.recovery_fund,
        areas,
        sim.paths,
        sim.seed,
        _stage(progress, should_stop, 0.0, 0.5, "Recovery fund"),
    )
    recovery = summarise_recovery(scenario, areas, draws)
    endowment_paths = simulate_endowment(
        scenario.endowment,
        sim.horizon_years,
        sim.paths,
        sim.seed,
        _stage(progress, should_stop, 0.5, 0.95, "Endowment"),
    )
    endowment = summarise_endowment(scenario, endowment_paths)
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
