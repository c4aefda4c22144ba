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
    in pounds per head that counts as gaining or losing.
    """
    k = len(scenarios)
    base = scenarios[0].simulation
    runs = []
    for i, (scenario, table) in enumerate(zip(scenarios, areas)):
        if (scenario.simulation.seed, scenario.simulation.paths) != (base.seed, base.paths):
            scenario = scenario.updated("simulation.seed", base.seed).updated(
                "simulation.paths", base.paths
            )
        share = 1.0 if k == 1 else 0.5

        def step(fraction: float, label: str, i=i) -> None:
            if progress is not None:
                progress(share * (i + fraction) / k, label)  # noqa: B023

        runs.append(run(scenario, table, progress=step, should_stop=should_stop))
    if k == 1:
        return runs, {}
    from simulator.analysis.compare import compare

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
