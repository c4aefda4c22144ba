"""Background jobs of the Sensitivity view: the analysis runs on the document's runner's worker
thread (its points spread over the cores there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.analysis.sensitivity.executor import Runner as PointRunner
from simulator.scenario import Scenario
from ui.areas_cache import areas_for


def analysis_job(
    scenario: Scenario, metrics: list[str], analyse: Callable[[Scenario, PointRunner], Any]
):
    """A job for :meth:`ui.runner.Jobs.start`: load the data, then ``analyse(scenario, runner)``,
    reporting each finished run as progress and stopping when asked."""

    def job(progress, should_stop):
        areas = areas_for(scenario, should_stop)

        def report(done: int, total: int) -> None:
            progress(done / max(total, 1), f"{done} of {total} runs")

        runner = PointRunner(scenario, areas, metrics, progress=report, should_stop=should_stop)
        return analyse(scenario, runner)

    return job
