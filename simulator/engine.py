"""One entry point for a full run: the CLI, the tests and the desktop app all call :func:`run`."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from simulator.core.cancel import Cancelled
from simulator.core.version import __version__
from simulator.data import Areas
from simulator.endowment.run import EndowmentPaths, simulate_scenario_endowment
from simulator.endowment.summary import endowment_summary, with_area_grants
from simulator.endowment.summary import summarise_endowment as _summarise_endowment
from simulator.recovery.run import RecoveryRun, need_warnings, simulate_recovery
from simulator.recovery.summary import (
    competition_warnings,
    endowment_area_shares,
    summarise_recovery,
)
from simulator.results import EndowmentResults, RecoveryResults, Results
from simulator.scenario import Scenario
from simulator.scenario.files import as_run

ProgressFn = Callable[[float, str], None]
StopFn = Callable[[], bool]

__all__ = [
    "Cancelled",
    "ProgressFn",
    "RunMemo",
    "StopFn",
    "endowment_area_shares",
    "results_of",
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


def estimate(scenario: Scenario, areas: int, threads: int | None = None) -> tuple[float, float]:
    """``(bytes, values)``: the memory a run of ``scenario`` over ``areas`` areas needs at its
    peak, and the simulated values it computes (draws x areas x rounds, paths x steps x assets).

    An upper-side estimate from the arrays the engine keeps: the endowment's paths (value, real
    value, grants, capital: a row a year, 8 bytes a path) and their summaries' sorted copies; the
    recovery fund's per-area draws (exact, half precision or a sample, as
    :class:`simulator.core.quantiles.QuantileStore` keeps them), per-round and per-group sums;
    and each thread's working chunk.
    """
    from simulator.core.parallel import worker_count
    from simulator.core.quantiles import COMPACT_BUDGET_BYTES, EXACT_BUDGET_BYTES

    sim, rec, end = scenario.simulation, scenario.recovery_fund, scenario.endowment
    paths, years, steps = float(sim.paths), float(sim.horizon_years), float(sim.steps_per_year)
    n, rounds, assets = float(max(areas, 1)), float(rec.rounds), float(max(len(end.assets), 1))
    threads = threads or worker_count()
    exact = 8 * n * paths
    if exact <= EXACT_BUDGET_BYTES:
        store = exact
    elif 2 * n * paths <= COMPACT_BUDGET_BYTES:
        store = 2 * n * paths
    else:
        store = EXACT_BUDGET_BYTES
    recovery = 2 * store + 8 * paths * (rounds + 24)  # sorted copies; rounds, groups, counts
    endowment = 8 * paths * (years + 1) * 7  # four to five arrays and the summaries' copies
    chunks = 2 * 64e6 * threads  # each thread's working chunk, of both funds
    work = paths * (n * rounds + years * steps * (assets + 2))
    return recovery + endowment + chunks, work


def check_budget(scenario: Scenario, areas: int, runs: int = 1) -> None:
    """Refuse a run (or ``runs`` at once) beyond this machine's memory or the work budget,
    before anything is allocated; see :mod:`simulator.core.budget`."""
    from simulator.core.budget import check_memory, check_work

    memory, work = estimate(scenario, areas)
    sim = scenario.simulation
    what = f"a run of {sim.paths:,} paths over {areas:,} areas and {sim.horizon_years:,} years" + (
        f", {runs:,} at once," if runs > 1 else ""
    )
    check_memory(memory * runs, what)
    check_work(work, what)


class RunMemo:
    """The last results of each fund, reused by the next run whose inputs for that fund are
    unchanged: moving the endowment's spending rate does not simulate the recovery fund again,
    nor an edit of the recovery fund the endowment.

    Each fund's draws depend only on its own settings, the simulation settings (paths, seed,
    horizon) and the areas, never on the other fund, so a reused result is the one a fresh run
    gives, bit for bit (tests/test_run_memo.py). The endowment's grants per area follow the
    recovery fund's formula, so they are shared out again on every run. A bootstrap of returns
    from a file is never reused (the file may have changed). The desktop app keeps one memo per
    document for its live runs; scripts need none.
    """

    #: Results kept per fund: two, as live mode alternates a quick preview and the full run.
    KEEP = 2

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._recovery: OrderedDict[tuple, tuple[Areas, RecoveryResults]] = OrderedDict()
        self._endowment: OrderedDict[tuple, tuple[EndowmentResults, dict[str, float]]] = (
            OrderedDict()
        )
        #: How many times each fund's results were reused (for tests and benchmarks).
        self.reused = {"recovery": 0, "endowment": 0}

    @staticmethod
    def recovery_key(scenario: Scenario) -> tuple:
        return (
            scenario.recovery_fund.model_dump_json(),
            scenario.competition.model_dump_json(),
            scenario.simulation.model_dump_json(),
        )

    @staticmethod
    def endowment_key(scenario: Scenario) -> tuple | None:
        if scenario.endowment.return_model == "bootstrap":
            return None
        return scenario.endowment.model_dump_json(), scenario.simulation.model_dump_json()

    def _get(self, kept: OrderedDict, key: tuple | None, fund: str):
        with self._lock:
            found = kept.get(key) if key is not None else None
            if found is not None:
                kept.move_to_end(key)
                self.reused[fund] += 1
            return found

    def _put(self, kept: OrderedDict, key: tuple | None, value: tuple) -> None:
        if key is None:
            return
        with self._lock:
            kept[key] = value
            kept.move_to_end(key)
            while len(kept) > self.KEEP:
                kept.popitem(last=False)

    def recovery(self, key: tuple, areas: Areas) -> RecoveryResults | None:
        found = self._get(self._recovery, (id(areas), *key), "recovery")
        return found[1] if found is not None and found[0] is areas else None

    def keep_recovery(self, key: tuple, areas: Areas, results: RecoveryResults) -> None:
        self._put(self._recovery, (id(areas), *key), (areas, results))  # areas held: id stays

    def endowment(self, key: tuple | None) -> tuple[EndowmentResults, dict[str, float]] | None:
        return self._get(self._endowment, key, "endowment")

    def keep_endowment(
        self, key: tuple | None, results: EndowmentResults, totals: dict[str, float]
    ) -> None:
        self._put(self._endowment, key, (results, totals))


def run(
    scenario: Scenario,
    areas: Areas,
    *,
    progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    memo: RunMemo | None = None,
) -> Results:
    """Run both funds for a scenario over the given areas.

    Parameters
    ----------
    progress : called as ``progress(fraction_done, stage_label)`` from the running thread.
    should_stop : polled between chunks; when it returns True, :class:`Cancelled` is raised.
    memo : the previous run's results of each fund, reused where this run's inputs for that
        fund are the same (see :class:`RunMemo`).
    """
    sim = scenario.simulation
    check_budget(scenario, len(areas))
    recovery_stage = stage(progress, should_stop, 0.0, 0.5, "Recovery fund")
    recovery_key = RunMemo.recovery_key(scenario) if memo is not None else ()
    recovery = memo.recovery(recovery_key, areas) if memo is not None else None
    if recovery is None:
        recovery_run = simulate_recovery(
            scenario.recovery_fund,
            areas,
            sim.paths,
            sim.seed,
            recovery_stage,
            competition=scenario.competition,
        )
        recovery = summarise_recovery(scenario, areas, recovery_run)
        if memo is not None:
            memo.keep_recovery(recovery_key, areas, recovery)
    else:
        recovery_stage(1, 1)
    endowment_stage = stage(progress, should_stop, 0.5, 0.95, "Endowment")
    endowment_key = RunMemo.endowment_key(scenario) if memo is not None else None
    kept = memo.endowment(endowment_key) if memo is not None else None
    if kept is None:
        kept = endowment_summary(scenario, simulate_scenario_endowment(scenario, endowment_stage))
        if memo is not None:
            memo.keep_endowment(endowment_key, *kept)
    else:
        endowment_stage(1, 1)
    endowment = with_area_grants(*kept, areas, endowment_area_shares(scenario, areas))
    results = _results(scenario, areas, recovery, endowment)
    if progress is not None:
        progress(1.0, "Done")
    return results


def results_of(
    scenario: Scenario, areas: Areas, recovery_run: RecoveryRun, endowment_paths: EndowmentPaths
) -> Results:
    """The :class:`Results` of a scenario's simulated draws: what :func:`run` returns, also for
    draws simulated elsewhere (a comparison report's options, run once for the report's tables
    and its comparison)."""
    recovery = summarise_recovery(scenario, areas, recovery_run)
    endowment = summarise_endowment(scenario, endowment_paths, areas)
    return _results(scenario, areas, recovery, endowment)


def _results(
    scenario: Scenario, areas: Areas, recovery: RecoveryResults, endowment: EndowmentResults
) -> Results:
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
