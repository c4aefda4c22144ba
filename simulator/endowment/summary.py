"""The endowment's results from its simulated paths."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from simulator.data import Areas
from simulator.endowment.appraisal import green_book
from simulator.endowment.run import DEPLETION_FRACTION, EndowmentPaths
from simulator.results import EndowmentResults, bands
from simulator.scenario import Scenario


def summarise_endowment(
    scenario: Scenario,
    paths: EndowmentPaths,
    areas: Areas | None = None,
    area_shares: np.ndarray | None = None,
) -> EndowmentResults:
    """Bands, preservation and depletion, the intergenerational test and, when ``areas`` and
    their ``area_shares`` of the grants are given, each area's cumulative real grants."""
    results, totals = endowment_summary(scenario, paths)
    return with_area_grants(results, totals, areas, area_shares)


def endowment_summary(
    scenario: Scenario, paths: EndowmentPaths
) -> tuple[EndowmentResults, dict[str, float]]:
    """The endowment's results without the per-area grants, and the bands of the cumulative real
    grants over the horizon that :func:`with_area_grants` shares out."""
    cfg = scenario.endowment
    horizon = scenario.simulation.horizon_years
    qs = tuple(sorted(set(scenario.simulation.bands) | {5.0, 50.0, 95.0}))
    threshold = DEPLETION_FRACTION * cfg.initial
    empty = paths.value_nominal[:, 1:] <= threshold
    depleted = empty.any(axis=1)
    first_empty = np.where(
        depleted, empty.argmax(axis=1) + 1, 0
    )  # the year the fund is first empty
    # preserved: the real value is at least the capital paid in so far (initial plus inflows, in
    # pounds of year 0), so inflows count on both sides of the test
    paid_in = cfg.initial if paths.capital_real is None else paths.capital_real
    preserved_by_year = (paths.value_real >= paid_in * (1 - 1e-12)).mean(axis=0)
    depleted_by_year = np.concatenate(
        [[0.0], np.cumsum(np.bincount(first_empty, minlength=horizon + 1)[1:]) / len(first_empty)]
    )
    cumulative_real = np.cumsum(paths.grants_real, axis=1)
    first, last = paths.grants_real[:, 0], paths.grants_real[:, -1]
    intergenerational = float((last >= first * (1 - 1e-12)).mean()) if horizon > 1 else 1.0
    results = EndowmentResults(
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
        appraisal=green_book(cfg, paths),
        paths=len(first_empty),
    )
    return results, bands(cumulative_real[:, -1], qs)


def with_area_grants(
    results: EndowmentResults,
    totals: dict[str, float],
    areas: Areas | None,
    area_shares: np.ndarray | None,
) -> EndowmentResults:
    """``results`` with each funded area's share of the grants and its cumulative real grants
    (``totals`` shared out); unchanged without areas or shares."""
    if areas is None or area_shares is None:
        return results
    funded = np.flatnonzero(area_shares > 0)
    shares = area_shares[funded]
    rows = areas.table.iloc[funded][["code", "name", "population"]].reset_index(drop=True)
    columns = {c: rows[c] for c in rows.columns} | {"share": shares}
    for name, value in totals.items():
        columns[f"cumulative_real_{name}"] = shares * value
    columns["per_capita_real_mean"] = columns["cumulative_real_mean"] / rows["population"]
    return replace(results, area_grants=pd.DataFrame(columns))  # at once, not column by column
