"""One entry point for a full run: the CLI, the tests and the desktop app all call :func:`run`."""

from __future__ import annotations

from collections.abc import Callable

from simulator.core.cancel import Cancelled
from simulator.core.version import __version__
from simulator.data import Areas
from simulator.endowment.run import simulate_endowment
from simulator.endowment.summary import summarise_endowment as _summarise_endowment
from simulator.recovery.run import need_warnings, simulate_recovery
from simulator.recovery.summary import (
    competition_warnings,
    endowment_area_shares,
    summarise_recovery,
)
from simulator.results import EndowmentResults, Results
from simulator.scenario import Scenario
from simulator.scenario.files import as_run

ProgressFn = Callable[[float, str], None]
StopFn = Callable[[], bool]

__all__ = [
    "Cancelled",
    "ProgressFn",
    "StopFn",
    "endowment_area_shares",
    "run",
    "stage",
    "summarise_endowment",
    "summarise_recovery",
]


def stage(
    progress: ProgressFn | None, should_stop: StopFn | None, lo: float, hi: float, label: str
):
    """A ``report(done, total)`` for one stage of a run: maps it onto ``lo..hi`` of ``progress``
    and raises :class:`Cancelled` when ``should_stop()`` is true."""

    def report(done: int, total: int) -> None:
        if should_stop is not None and should_stop():
            raise Cancelled()
        if progress is not None:
            progress(lo + (hi - lo) * done / total, label)

    return report


def summarise_endowment(scenario: Scenario, paths, areas: Areas | None = None) -> EndowmentResults:
    """The endowment's results, with each area's grants shared by the recovery fund's formula."""
    shares = endowment_area_shares(scenario, areas) if areas is not None else None
    return _summarise_endowment(scenario, paths, areas, shares)


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
    sim = scenario.simulation
    recovery_run = simulate_recovery(
        scenario.recovery_fund,
        areas,
        sim.paths,
        sim.seed,
        stage(progress, should_stop, 0.0, 0.5, "Recovery fund"),
        competition=scenario.competition,
    )
    recovery = summarise_recovery(scenario, areas, recovery_run)
    endowment_paths = simulate_endowment(
        scenario.endowment,
        sim.horizon_years,
        sim.paths,
        sim.seed,
        stage(progress, should_stop, 0.5, 0.95, "Endowment"),
        steps_per_year=sim.steps_per_year,
        base_dir=scenario.base_dir(),
    )
    endowment = summarise_endowment(scenario, endowment_paths, areas)
    if progress is not None:
        progress(1.0, "Done")
    return Results(
        version=__version__,
        scenario=as_run(scenario),
        scenario_file=str(scenario.path) if scenario.path is not None else None,
        data=areas.provenance,
        warnings=list(areas.warnings)
        + need_warnings(scenario.recovery_fund, areas)
        + competition_warnings(recovery),
        recovery=recovery,
        endowment=endowment,
        indicators=areas.indicators(),
    )
