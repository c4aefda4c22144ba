"""Running what a report needs: one scenario, or several compared on the same draws."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from simulator.data import Areas
from simulator.engine import run
from simulator.results import Results
from simulator.scenario import Scenario


def run_for_report(
    scenarios: Sequence[Scenario],
    areas: Sequence[Areas],
    *,
    files: Sequence[str | None] | None = None,
    threshold: float = 1.0,
    progress: Callable[[float, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[Results], dict[str, Any]]:
    """The runs of a report and its extras.

    Several scenarios are run with the first one's seed and number of paths, so they share their
    random draws, and compared by :func:`simulator.analysis.compare.compare` (paired differences,
    exemplification table), which goes in the extras as ``comparison``; ``threshold`` is the change
    in pounds per head that counts as gaining or losing. Each option is simulated once: its own
    results (the same numbers as ``fundsim run`` with the baseline's seed and paths) and the
    comparison come from the same draws (:func:`simulator.analysis.compare.compare_with_runs`),
    unless keeping every option's run at once would exceed the memory allowed; then each option
    is run alone before the comparison (the same numbers, twice the computing).
    """
    if len(scenarios) == 1:
        return [run(scenarios[0], areas[0], progress=progress, should_stop=should_stop)], {}
    from simulator.analysis.compare import compare, compare_with_runs

    if not fits_together(scenarios, areas):
        return _one_at_a_time(scenarios, areas, files, threshold, progress, should_stop, compare)
    comparison, runs = compare_with_runs(
        list(scenarios),
        list(areas),
        files=files,
        threshold=threshold,
        progress=progress,
        should_stop=should_stop,
    )
    return runs, {"comparison": comparison}


def fits_together(scenarios: Sequence[Scenario], areas: Sequence[Areas]) -> bool:
    """Whether every option's run fits in the memory allowed at once (as
    :func:`simulator.engine.estimate` estimates each)."""
    from simulator.core.budget import memory_limit
    from simulator.engine import estimate

    together = sum(estimate(s, len(a))[0] for s, a in zip(scenarios, areas))
    return together <= memory_limit()


def _one_at_a_time(scenarios, areas, files, threshold, progress, should_stop, compare):
    """Each option run alone with the baseline's seed and paths, then the comparison."""
    k = len(scenarios)
    base = scenarios[0].simulation
    runs = []
    for i, (scenario, table) in enumerate(zip(scenarios, areas)):
        if (scenario.simulation.seed, scenario.simulation.paths) != (base.seed, base.paths):
            scenario = scenario.updated("simulation.seed", base.seed).updated(
                "simulation.paths", base.paths
            )

        def step(fraction: float, label: str, i=i) -> None:
            if progress is not None:
                progress(0.5 * (i + fraction) / k, label)

        runs.append(run(scenario, table, progress=step, should_stop=should_stop))

    def rest(fraction: float, label: str) -> None:
        if progress is not None:
            progress(0.5 + 0.5 * fraction, label)

    comparison = compare(
        list(scenarios),
        list(areas),
        files=files,
        threshold=threshold,
        progress=rest,
        should_stop=should_stop,
    )
    return runs, {"comparison": comparison}
