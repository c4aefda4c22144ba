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
    comparison come from the same draws (:func:`simulator.analysis.compare.compare_with_runs`).
    """
    if len(scenarios) == 1:
        return [run(scenarios[0], areas[0], progress=progress, should_stop=should_stop)], {}
    from simulator.analysis.compare import compare_with_runs

    comparison, runs = compare_with_runs(
        list(scenarios),
        list(areas),
        files=files,
        threshold=threshold,
        progress=progress,
        should_stop=should_stop,
    )
    return runs, {"comparison": comparison}
