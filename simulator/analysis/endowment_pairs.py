"""The endowment of several options on the same market draws: per-path measures and fan bands.

Each option's endowment is simulated with the comparison's seed and paths, so path ``k`` of
every option faces the same returns and inflation wherever their structure agrees (see
:mod:`simulator.analysis.pairing`). Only per-path measures and yearly bands are kept.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from simulator.endowment.appraisal import present_value_of_grants
from simulator.endowment.run import DEPLETION_FRACTION, EndowmentPaths, simulate_scenario_endowment
from simulator.results import bands
from simulator.scenario import Scenario


def simulate_option(
    scenario: Scenario,
    paths: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> EndowmentPaths:
    """One option's endowment paths with the comparison's seed and number of paths."""
    return simulate_scenario_endowment(scenario, progress, paths=paths, seed=seed, workers=workers)


def endowment_measures(
    scenario: Scenario,
    paths: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, dict[str, np.ndarray]]]:
    """Per-path measures and the real value's and real grants' bands by year, for one option."""
    run = simulate_option(scenario, paths, seed, progress, workers)
    return measures_of(scenario, run)


def measures_of(
    scenario: Scenario, run: EndowmentPaths
) -> tuple[dict[str, np.ndarray], dict[str, dict[str, np.ndarray]]]:
    """Per-path measures and yearly bands of simulated paths (the paths are not changed, so the
    same paths also give the option's own results)."""
    cfg = scenario.endowment
    final = run.value_real[:, -1]
    paid_in = cfg.initial if run.capital_real is None else run.capital_real[:, -1]
    depleted = (run.value_nominal[:, 1:] <= DEPLETION_FRACTION * cfg.initial).any(axis=1)
    measures = {
        "endowment.final_real_value": final,
        # as in fundsim run: at least the capital paid in (initial plus inflows, pounds of year 0)
        "endowment.prob_real_value_preserved": (final >= paid_in * (1 - 1e-12)).astype(float),
        "endowment.prob_depleted": depleted.astype(float),
        "endowment.first_year_grants_real": run.grants_real[:, 0],
        "endowment.cumulative_grants_real": run.grants_real.sum(axis=1),
        "endowment.present_value_grants": present_value_of_grants(cfg, run.grants_real),
    }
    fans = {
        "value_real": bands(run.value_real, (5.0, 50.0, 95.0)),
        "grants_real": bands(run.grants_real, (5.0, 50.0, 95.0)),
    }
    return measures, fans
