"""The recovery fund of several options, run together chunk by chunk on the same draws.

Every option allocates the same chunk of draws (same seed, same blocks, same streams) in the
same pass, so each draw's allocations can be differenced at once and only summaries are kept:
per-area sums block by block, the first draws of each option and of each difference for
percentile bands, counts of draws in which an area gains, and fund-wide measures draw by draw.
The full (draws x areas) tables are never held for a large run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from simulator.analysis.pairing import AreaMap
from simulator.core.errors import FundsimError
from simulator.core.parallel import ordered_map, worker_count
from simulator.core.quantiles import EXACT_BUDGET_BYTES, QuantileStore
from simulator.core.rng import BLOCK_SIZE, chunk_bounds, chunk_size_for
from simulator.data import Areas
from simulator.recovery.per_draw import areas_funded, fund_by_draw, gini_by_draw
from simulator.recovery.run import (
    Plan,
    RecoveryRun,
    RunKeeper,
    allocate_chunk_with_bidders,
    distributed_amount,
    make_plan,
)
from simulator.scenario import RecoveryFundConfig

#: A change of less than a penny is no change (sums of the same money in another order).
PENNY = 0.01


@dataclass
class RecoveryPairs:
    """What a paired run keeps, at the common areas (``k`` options, ``m`` areas)."""

    paths: int
    means: list[np.ndarray]  # per option (m,)
    stores: list[QuantileStore]  # per option: first draws, for percentile bands
    change_stores: list[QuantileStore | None]  # per option against the baseline (None for it)
    gains: list[np.ndarray]  # per option (m,): draws in which the area gains more than a penny
    measures: list[dict[str, np.ndarray]]  # per option: fund-wide measures, one value a draw
    winners: list[dict[str, np.ndarray]] = field(default_factory=list)  # per option: counts a draw
    #: per option, at its own areas: what ``fundsim run`` keeps (with ``keep_runs``), else None
    runs: list[RecoveryRun] | None = None


def _measures(
    cfg: RecoveryFundConfig,
    plan: Plan,
    awards: np.ndarray,
    rounds: np.ndarray,
    common: np.ndarray,
    population: np.ndarray,
) -> dict[str, np.ndarray]:
    """Fund-wide measures on every draw: ``plan`` gives the need groups of ``awards``' areas."""
    spent = rounds.sum(axis=1)
    groups = awards @ plan.groups
    named = {name: groups[:, i] for i, name in enumerate(plan.group_names)}
    out = fund_by_draw(named, spent, distributed_amount(cfg), areas_funded(common))
    out["recovery_fund.gini_per_capita_by_draw"] = gini_by_draw(common / population, population)
    return out


def _for_option(i: int, fn, *args):
    """``fn(*args)`` for option ``i``; an input error is marked with the option it belongs to, so
    the comparison can name that option's file."""
    try:
        return fn(*args)
    except FundsimError as exc:
        exc.option = i
        raise


def run_pairs(
    configs: list[RecoveryFundConfig],
    areas: list[Areas],
    maps: list[AreaMap],
    common: Areas,
    measure_plans: list[int | None],
    paths: int,
    seed: int,
    threshold: float,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    competitions: list | None = None,
    keep_runs: bool = False,
) -> RecoveryPairs:
    """Run every option's recovery fund over the same draws and keep paired summaries.

    ``measure_plans[i]`` is the option whose need groups option ``i``'s fund-wide shares use
    (itself, or the common-level option when ``i`` is added up to districts), and ``threshold``
    the change in pounds per head that counts as a gain or a loss. With ``keep_runs`` each
    option's draws are also summarised as :func:`simulator.recovery.run.simulate_recovery`
    summarises them (the same numbers: draws do not depend on the chunking), so the options'
    own results need no second run.
    """
    k, m = len(configs), len(common)
    competitions = competitions or [None] * len(configs)  # each option's [competition] section
    plans = [
        _for_option(i, make_plan, cfg, a, c)
        for i, (cfg, a, c) in enumerate(zip(configs, areas, competitions))
    ]
    population = common.population
    from simulator.recovery.run import work_width

    widest = max([len(a) for a in areas] + [work_width(p) for p in plans if hasattr(p, "need")])
    threads = workers or worker_count()
    by_memory = chunk_size_for(bytes_per_path=8 * 8 * widest * k, budget_bytes=64e6)
    bounds = chunk_bounds(paths, min(by_memory, -(-paths // (2 * threads))))
    budget = EXACT_BUDGET_BYTES / (2 * k - 1)
    stores = [QuantileStore(paths, m, budget) for _ in range(k)]
    change_stores = [None] + [QuantileStore(paths, m, budget) for _ in range(k - 1)]
    kept = stores[0].kept
    block_sums: list[list[np.ndarray]] = [[] for _ in range(k)]
    gains = [np.zeros(m, dtype=np.int64) for _ in range(k)]
    measures = [dict() for _ in range(k)]
    winners = [dict() for _ in range(k)]
    keepers = [RunKeeper(plan, paths) for plan in plans] if keep_runs else None

    def work(bound: tuple[int, int]):
        start, stop = bound
        out = []
        base = None
        for i in range(k):
            awards, rounds, outcome = _for_option(
                i, allocate_chunk_with_bidders, plans[i], seed, start, stop
            )
            at_common = maps[i].apply(awards, m)
            plan = plans[i] if measure_plans[i] is None else plans[measure_plans[i]]
            fund = _measures(
                configs[i],
                plan,
                at_common if measure_plans[i] is not None else awards,
                rounds,
                at_common,
                population,
            )
            blocks = [
                at_common[j : j + BLOCK_SIZE].sum(axis=0)
                for j in range(0, len(at_common), BLOCK_SIZE)
            ]
            entry = {
                "blocks": blocks,
                "fund": fund,
                "kept": at_common[: max(0, min(len(at_common), kept - start))],
            }
            if keepers is not None:
                entry["run"] = keepers[i].chunk(start, awards, rounds, outcome)
            if i == 0:
                base = at_common
            else:
                change = at_common - base
                per_head = change / population
                entry["gain"] = (change > PENNY).sum(axis=0)
                entry["change_kept"] = change[: max(0, min(len(change), kept - start))]
                gaining, losing = per_head > threshold, per_head < -threshold
                entry["winners"] = {
                    "areas_gaining": gaining.sum(axis=1).astype(float),
                    "areas_losing": losing.sum(axis=1).astype(float),
                    "people_gaining": gaining @ population,
                    "people_losing": losing @ population,
                }
            out.append(entry)
        return start, stop, out

    pieces: list[list[dict]] = [[] for _ in range(k)]
    for done, (start, stop, out) in enumerate(ordered_map(work, bounds, workers), 1):  # noqa: B007
        for i, entry in enumerate(out):
            block_sums[i].extend(entry["blocks"])
            pieces[i].append(entry)
            if len(entry["kept"]):
                stores[i].add(start, entry["kept"])
            if i and len(entry["change_kept"]):
                change_stores[i].add(start, entry["change_kept"])
            if i:
                gains[i] += entry["gain"]
            if keepers is not None:
                keepers[i].add(start, stop, entry.pop("run"))
            for key in ("blocks", "kept", "change_kept"):  # keep only the per-draw measures
                entry.pop(key, None)
        if progress is not None:
            progress(done, len(bounds))
    means = []
    for i in range(k):
        total = np.zeros(m)
        for block in block_sums[i]:  # in block order: the same sum whatever the chunking
            total += block
        means.append(total / paths)
        measures[i] = {
            name: np.concatenate([p["fund"][name] for p in pieces[i]])
            for name in pieces[i][0]["fund"]
        }
        if i:
            winners[i] = {
                name: np.concatenate([p["winners"][name] for p in pieces[i]])
                for name in pieces[i][0]["winners"]
            }
    runs = [keeper.finish() for keeper in keepers] if keepers is not None else None
    return RecoveryPairs(paths, means, stores, change_stores, gains, measures, winners, runs)
