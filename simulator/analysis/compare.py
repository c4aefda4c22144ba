"""Comparing 2-4 options on the same data and the same draws: what changes, for whom, how sure.

:func:`compare` runs every option with the first option's (the baseline's) seed and number of
paths, so draw ``k`` of every option is the same future wherever the options' random structure
agrees (common random numbers). A difference between options is then taken draw by draw,
and its band is the spread of that paired difference: policy, not noise. Where two options
cannot share draws (different rounds, levels, horizons), :mod:`simulator.analysis.pairing`
says so in words and the bands are correspondingly wider.

The result holds, for each option and each difference against the baseline:

- per area (at the common level): mean, p5, p95 and per head; the paired change (mean, p5, p95),
  the probability of a gain, the change in rank; the exemplification table of local-government
  finance (baseline £, option £, change £, change %, change per head);
- every headline measure per option (mean, percentiles, Monte Carlo standard error) and its paired
  difference with bands and standard error;
- winners and losers: areas and people gaining or losing more than a threshold per head.
"""

from __future__ import annotations

import dataclasses
import json
import math
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.analysis.endowment_pairs import measures_of, simulate_option
from simulator.analysis.pairing import (
    across_releases,
    common_areas,
    endowment_sharing,
    recovery_sharing,
)
from simulator.analysis.recovery_pairs import RecoveryPairs, run_pairs
from simulator.core.errors import FundsimError
from simulator.core.version import __version__
from simulator.data import Areas
from simulator.data.vintage import COMPARABILITY_CAVEAT
from simulator.engine import check_budget, results_of, stage
from simulator.measures import Band, measure
from simulator.results import Results, _clean
from simulator.scenario import Scenario
from simulator.scenario.files import as_run

LETTERS = string.ascii_uppercase
MAX_OPTIONS = 4

#: Headline measures: JSON path (as in ``fundsim run``'s JSON), label, unit; each defined once
#: in :mod:`simulator.measures.registry`.
METRICS = [
    (m.path, m.label, m.unit)
    for m in map(
        measure,
        (
            "recovery_fund.awarded",
            "recovery_fund.unspent",
            "recovery_fund.share_to_most_deprived.areas_10",
            "recovery_fund.share_to_most_deprived.areas_20",
            "recovery_fund.share_to_most_deprived.population_10",
            "recovery_fund.share_to_most_deprived.population_20",
            "recovery_fund.concentration_index",
            "recovery_fund.gini_per_capita_by_draw",
            "recovery_fund.areas_funded",
            "endowment.prob_real_value_preserved",
            "endowment.prob_depleted",
            "endowment.final_real_value",
            "endowment.first_year_grants_real",
            "endowment.cumulative_grants_real",
            "endowment.present_value_grants",
        ),
    )
]
WINNERS = [
    ("areas_gaining", "Areas gaining"),
    ("areas_losing", "Areas losing"),
    ("people_gaining", "People in areas gaining"),
    ("people_losing", "People in areas losing"),
]


def _stats_rows(rows: np.ndarray) -> list[dict[str, float]]:
    """Mean, 5th/50th/95th percentiles and Monte Carlo standard error of each row (a per-draw
    measure), with one sort for all: a :class:`~simulator.measures.Band` per row."""
    together = Band.of(rows)
    out = []
    for i in range(len(rows)):
        band = together.row(i)
        out.append(
            {
                "mean": band.mean,
                "p5": band.percentile(5),
                "p50": band.percentile(50),
                "p95": band.percentile(95),
                "se": band.mean_se if np.isfinite(band.mean_se) else 0.0,
            }
        )
    return out


@dataclass
class Comparison:
    """The result of :func:`compare` (see the module docstring); :meth:`to_dict` is its JSON."""

    options: list[dict[str, Any]]
    seed: int
    paths: int
    threshold: float
    level: str
    data: dict[str, Any]
    areas: pd.DataFrame  # the exemplification table, one row per common area
    metrics: list[dict[str, Any]]
    winners_losers: list[dict[str, Any]]
    pairing: list[dict[str, Any]]
    fans: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    percentile_method: str = "exact"
    #: MHCLG's caveat when options run on different releases of the indices, else None.
    caveat: str | None = None
    version: str = __version__

    @property
    def letters(self) -> list[str]:
        return [o["label"] for o in self.options]

    def exemplification(self) -> pd.DataFrame:
        """The per-area table in the order people read it: the baseline, then each option with
        its change (pounds, %, per head), the paired band, the chance of a gain and the rank change."""
        columns = ["code", "name", "population", "A_mean", "A_p5", "A_p95", "A_per_head", "A_rank"]
        for L in self.letters[1:]:
            columns += [
                f"{L}_{s}"
                for s in (
                    "mean",
                    "change",
                    "change_pct",
                    "change_per_head",
                    "change_p5",
                    "change_p95",
                    "prob_gain",
                    "p5",
                    "p95",
                    "per_head",
                    "rank",
                    "rank_change",
                )
            ]
        return self.areas[columns]

    def to_dict(self) -> dict[str, Any]:
        k = len(self.options)
        area_rows = []
        for row in self.areas.itertuples(index=False):
            r = row._asdict()
            entry = {"code": r["code"], "name": r["name"], "population": r["population"]}
            for key, column in (
                ("mean", "mean"),
                ("p5", "p5"),
                ("p95", "p95"),
                ("per_head", "per_head"),
                ("rank", "rank"),
            ):
                entry[key] = [r[f"{L}_{column}"] for L in self.letters]
            for key, column in (
                ("change_mean", "change"),
                ("change_p5", "change_p5"),
                ("change_p95", "change_p95"),
                ("change_pct", "change_pct"),
                ("change_per_head", "change_per_head"),
                ("prob_gain", "prob_gain"),
                ("rank_change", "rank_change"),
            ):
                entry[key] = [0.0] + [r[f"{L}_{column}"] for L in self.letters[1:]]
            area_rows.append(entry)
        return _clean(
            {
                "fundsim_version": self.version,
                "seed": self.seed,
                "paths": self.paths,
                "threshold_per_head": self.threshold,
                "level": self.level,
                "data": self.data,
                "percentile_method": self.percentile_method,
                "options": self.options,
                "notes": self.notes,
                "comparability_caveat": self.caveat,
                "pairing": self.pairing,
                "metrics": self.metrics,
                "winners_losers": self.winners_losers,
                "endowment_fans": self.fans,
                "areas": area_rows,
                "option_count": k,
            }
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def option_label(i: int, file: str | Path | None) -> str:
    """How an error names an option: its letter and its own file, e.g. ``option B (b.toml)``,
    or ``option C (unsaved)`` for one made in the app and never saved."""
    return f"option {LETTERS[i]} ({Path(file).name if file else 'unsaved'})"


def check_threshold(threshold: float) -> None:
    """Refuse a gain/loss threshold that is negative or not a number (NaN would count nobody)."""
    if not (math.isfinite(threshold) and threshold >= 0):
        raise FundsimError(
            f"--threshold must be >= 0 pounds per head (a finite number), got {threshold:g}"
        )


def compare(
    scenarios: Sequence[Scenario],
    areas: Areas | Sequence[Areas],
    *,
    names: Sequence[str] | None = None,
    files: Sequence[str | None] | None = None,
    threshold: float = 1.0,
    progress: Callable[[float, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> Comparison:
    """Compare 2-4 scenarios; the first is the baseline.

    Parameters
    ----------
    areas : the area table for every option, or one table per option (they may mix
        neighbourhoods and districts of the same data; the comparison is then by district).
    names, files : shown in outputs (default: each scenario's name, and its file if any).
    threshold : a change in pounds per head that counts as gaining or losing (>= 0).
    progress, should_stop : as for :func:`simulator.engine.run`.
    """
    return _compare(
        scenarios, areas, names, files, threshold, progress, should_stop, workers, keep_runs=False
    )[0]


def compare_with_runs(
    scenarios: Sequence[Scenario],
    areas: Areas | Sequence[Areas],
    *,
    names: Sequence[str] | None = None,
    files: Sequence[str | None] | None = None,
    threshold: float = 1.0,
    progress: Callable[[float, str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> tuple[Comparison, list[Results]]:
    """:func:`compare`, and each option's own :class:`Results` from the same draws: what
    :func:`simulator.engine.run` gives for the option with the baseline's seed and number of
    paths (the same numbers; every draw is simulated once, for both). A comparison report reads
    its per-option tables from these and its paired results from the comparison."""
    k = len(scenarios)
    area_list = list(areas) if isinstance(areas, (list, tuple)) else [areas] * k
    for s, a in zip(scenarios, area_list):  # as fundsim run checks each
        check_budget(s, len(a))
    return _compare(
        scenarios, area_list, names, files, threshold, progress, should_stop, workers, True
    )


def _compare(
    scenarios: Sequence[Scenario],
    areas: Areas | Sequence[Areas],
    names: Sequence[str] | None,
    files: Sequence[str | None] | None,
    threshold: float,
    progress: Callable[[float, str], None] | None,
    should_stop: Callable[[], bool] | None,
    workers: int | None,
    keep_runs: bool,
) -> tuple[Comparison, list[Results]]:
    """:func:`compare`; with ``keep_runs`` also the options' own results (else an empty list)."""
    k = len(scenarios)
    if not 2 <= k <= MAX_OPTIONS:
        raise FundsimError(f"compare takes 2 to {MAX_OPTIONS} scenarios, got {k}")
    check_threshold(threshold)
    area_list = list(areas) if isinstance(areas, (list, tuple)) else [areas] * k
    if len(area_list) != k:
        raise FundsimError(f"got {len(area_list)} area tables for {k} scenarios")
    base_sim = scenarios[0].simulation
    seed, paths = base_sim.seed, base_sim.paths
    names = list(names) if names is not None else [s.name for s in scenarios]
    files = (
        list(files)
        if files is not None
        else [str(s.path) if s.path is not None else None for s in scenarios]
    )
    notes = []
    for i, s in enumerate(scenarios[1:], 1):
        if (s.simulation.seed, s.simulation.paths) != (seed, paths):
            notes.append(
                f"Option {LETTERS[i]} sets seed {s.simulation.seed} and {s.simulation.paths:,} paths; every option is run "
                f"with the baseline's seed {seed} and {paths:,} paths so that they share their draws."
            )
    common, maps, reference = common_areas(area_list)
    caveat = COMPARABILITY_CAVEAT if across_releases(area_list) else None
    if caveat:
        releases = ", ".join(
            f"{LETTERS[i]} on {a.provenance.release}" for i, a in enumerate(area_list)
        )
        notes.insert(
            0,
            f"Options on different releases of the indices ({releases}): compared over the "
            f"{len(common):,} districts of 2024, IoD2019 districts added up to the 2024 district "
            f"each became part of; fund-wide shares, Gini and areas funded are measured over "
            f"them using option {LETTERS[reference]}'s need ranking. {caveat}",
        )
    same = [m.target is None for m in maps]
    if not all(same) and not caveat:
        notes.append(
            f"Options run over different levels: neighbourhood allocations are added up to districts draw by draw, "
            f"and fund-wide shares, Gini and areas funded are measured over districts using option "
            f"{LETTERS[reference]}'s need ranking."
        )
    try:
        pairs = run_pairs(
            [s.recovery_fund for s in scenarios],
            area_list,
            maps,
            common,
            [None if ok else reference for ok in same],
            paths,
            seed,
            threshold,
            stage(progress, should_stop, 0.0, 0.8, "Recovery fund, all options"),
            workers,
            [s.competition for s in scenarios],
            keep_runs,
        )
    except FundsimError as exc:  # say which option's settings cannot work
        i = getattr(exc, "option", None)
        if i is None or exc.file is not None:
            raise
        raise dataclasses.replace(exc, file=option_label(i, files[i])) from exc
    endowment, fans, done, simulated = [], [], {}, []
    for i, s in enumerate(scenarios):
        lo = 0.8 + 0.2 * i / k
        key = (
            s.endowment.model_dump_json(),
            s.simulation.horizon_years,
            s.simulation.steps_per_year,
            str(s.base_dir()),
        )
        if (
            key not in done
        ):  # options with the same endowment on the same draws have the same results
            step = stage(progress, should_stop, lo, lo + 0.2 / k, "Endowment")
            option_paths = simulate_option(s, paths, seed, step, workers)
            done[key] = (*measures_of(s, option_paths), option_paths if keep_runs else None)
        measures, fan, option_paths = done[key]
        simulated.append(option_paths)
        endowment.append(measures)
        fans.append(
            {"label": LETTERS[i], "years": np.arange(len(fan["value_real"]["mean"])), **fan}
        )
    per_draw = [{**pairs.measures[i], **endowment[i]} for i in range(k)]
    metrics = []
    rows = np.array(
        [d[key] for key, _l, _u in METRICS for d in per_draw]
        + [d[key] - per_draw[0][key] for key, _l, _u in METRICS for d in per_draw]
    )
    stats = _stats_rows(rows)
    half = len(METRICS) * k
    for j, (key, label, unit) in enumerate(METRICS):
        values = stats[j * k : (j + 1) * k]
        diffs = stats[half + j * k : half + (j + 1) * k]
        metrics.append(
            {
                "name": key,
                "label": label,
                "unit": unit,
                "values": [v["mean"] for v in values],
                "p5": [v["p5"] for v in values],
                "p50": [v["p50"] for v in values],
                "p95": [v["p95"] for v in values],
                "se": [v["se"] for v in values],
                "difference_mean": [d["mean"] for d in diffs],
                "difference_p5": [d["p5"] for d in diffs],
                "difference_p95": [d["p95"] for d in diffs],
                "difference_se": [d["se"] for d in diffs],
            }
        )
    table = _area_table(common, pairs, k)
    winners = []
    for key, label in WINNERS:
        stats = [None] + _stats_rows(np.array([pairs.winners[i][key] for i in range(1, k)]))
        per_head = [None] + [table[f"{LETTERS[i]}_change_per_head"].to_numpy() for i in range(1, k)]
        on_mean = [0.0]
        for i in range(1, k):
            moved = per_head[i] > threshold if "gaining" in key else per_head[i] < -threshold
            on_mean.append(
                float(moved.sum() if key.startswith("areas") else common.population[moved].sum())
            )
        winners.append(
            {
                "name": key,
                "label": label,
                "on_mean_change": on_mean,
                "mean": [0.0] + [s["mean"] for s in stats[1:]],
                "p5": [0.0] + [s["p5"] for s in stats[1:]],
                "p95": [0.0] + [s["p95"] for s in stats[1:]],
            }
        )
    pairing = [
        {
            "label": LETTERS[0],
            "recovery_fund": {"shared": "all", "notes": []},
            "endowment": {"shared": "all", "notes": []},
        }
    ]
    for i in range(1, k):
        pairing.append(
            {
                "label": LETTERS[i],
                "recovery_fund": recovery_sharing(
                    scenarios[0].recovery_fund, scenarios[i].recovery_fund, same[0] and same[i]
                ),
                "endowment": endowment_sharing(scenarios[0], scenarios[i]),
            }
        )
    options = [
        {
            "label": LETTERS[i],
            "name": names[i],
            "file": files[i],
            "mechanism": s.recovery_fund.mechanism,
            "level": area_list[i].provenance.level,
            "data": area_list[i].provenance.to_dict(),
            "scenario": as_run(s),
        }
        for i, s in enumerate(scenarios)
    ]
    runs = []
    if keep_runs and pairs.runs is not None:
        for i, s in enumerate(scenarios):
            if (s.simulation.seed, s.simulation.paths) != (seed, paths):  # as the baseline
                s = s.updated("simulation.seed", seed).updated("simulation.paths", paths)
            runs.append(results_of(s, area_list[i], pairs.runs[i], simulated[i]))
    comparison = Comparison(
        options=options,
        seed=seed,
        paths=paths,
        threshold=threshold,
        level=common.provenance.level,
        data={**common.provenance.to_dict(), "areas": len(common)},
        areas=table,
        metrics=metrics,
        winners_losers=winners,
        pairing=pairing,
        fans=fans,
        notes=notes,
        percentile_method=pairs.stores[0].method,
        caveat=caveat,
    )
    if progress is not None:
        progress(1.0, "Done")
    return comparison, runs


def _area_table(common: Areas, pairs: RecoveryPairs, k: int) -> pd.DataFrame:
    """The exemplification table: per option mean, bands, per head and rank; per difference the
    paired change and its band, change %, change per head, probability of a gain, rank change."""
    population = common.population
    table = common.table[["code", "name", "population"]].reset_index(drop=True).copy()
    ranks = []
    for i in range(k):
        L = LETTERS[i]
        bands = pairs.stores[i].percentiles((5, 95))
        table[f"{L}_mean"] = pairs.means[i]
        table[f"{L}_p5"] = bands["p5"]
        table[f"{L}_p95"] = bands["p95"]
        table[f"{L}_per_head"] = pairs.means[i] / population
        rank = pd.Series(pairs.means[i]).rank(ascending=False, method="min").astype(int).to_numpy()
        table[f"{L}_rank"] = rank
        ranks.append(rank)
    base = pairs.means[0]
    for i in range(1, k):
        L = LETTERS[i]
        change = pairs.means[i] - base
        bands = pairs.change_stores[i].percentiles((5, 95))
        table[f"{L}_change"] = change
        table[f"{L}_change_p5"] = bands["p5"]
        table[f"{L}_change_p95"] = bands["p95"]
        with np.errstate(divide="ignore", invalid="ignore"):
            table[f"{L}_change_pct"] = np.where(
                base > 0, change / base, np.where(change == 0, 0.0, np.nan)
            )
        table[f"{L}_change_per_head"] = change / population
        table[f"{L}_prob_gain"] = pairs.gains[i] / pairs.paths
        table[f"{L}_rank_change"] = ranks[0] - ranks[i]  # positive: moves up the table
    return table
