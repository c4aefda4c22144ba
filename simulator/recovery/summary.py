"""The recovery fund's results from a run: per-area bands and the fund-wide measures."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from simulator.core.money import check_identity, format_money
from simulator.data import Areas
from simulator.measures import Band, share_se
from simulator.recovery.allocation import eligibility, formula_weights
from simulator.recovery.bidding.measures import area_columns, competition_measures
from simulator.recovery.fairness import concentration_curve, gini, sample_curve
from simulator.recovery.per_draw import MOST_DEPRIVED, fund_by_draw, shares_of_spent
from simulator.recovery.run import RecoveryRun, distributed_amount, need_deciles, need_index
from simulator.results import RecoveryResults
from simulator.scenario import Scenario


def summarise_recovery(scenario: Scenario, areas: Areas, run: RecoveryRun) -> RecoveryResults:
    """Per-area bands and fund-wide measures from a recovery-fund run.

    The per-area percentiles (a sort of every area's draws, which numpy does without holding the
    GIL) are found on a second thread while this one works out the rest."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fundsim-bands") as pool:
        percentiles = pool.submit(run.store.percentiles, (5, 50, 95))
        results = _summarise(scenario, areas, run)
        table = results.table
        at = table.columns.get_loc("mean") + 1
        for i, (name, values) in enumerate(percentiles.result().items()):
            table.insert(at + i, name, values)
    return results


def _summarise(scenario: Scenario, areas: Areas, run: RecoveryRun) -> RecoveryResults:
    """:func:`summarise_recovery` without the per-area percentiles."""
    cfg = scenario.recovery_fund
    distributed = distributed_amount(cfg)
    source = areas.table
    population = areas.population
    need = need_index(cfg, areas)
    columns: dict[str, object] = {c: source[c] for c in ("code", "name", "population")}
    columns["score"] = source["score"] if "score" in source else np.nan
    for column in ("authority_type", "region", "lad_code", "lad_name"):
        if column in source:
            columns[column] = source[column]
    mean = run.mean
    prob_funded = run.funded_count / run.paths
    spent = run.spent
    equal = spent.mean() * population / population.sum()
    gain = mean - equal
    columns |= {
        "need": need,
        "mean": mean,
        "per_capita": mean / population,
        "prob_funded": prob_funded,
        "mean_se": run.mean_se,
        "prob_funded_se": share_se(prob_funded, run.paths),
        "equal_per_head": equal,
        "gain": gain,
    }
    table = pd.DataFrame(columns, index=source.index)  # at once: a column at a time was slow

    group = {name: run.group_sums[:, i] for i, name in enumerate(run.group_names)}
    by_draw = fund_by_draw(group, spent, distributed, run.funded_areas)
    decile_money = {f"decile_{d + 1}": group[f"decile_{d + 1}"] for d in range(10)}
    decile_shares = shares_of_spent(decile_money, spent)
    measured = Band.of_many(
        {**by_draw, **decile_money, **{f"share_{k}": v for k, v in decile_shares.items()}}
    )
    decile = need_deciles(need)
    deciles = []
    for d in range(10):
        name = f"decile_{d + 1}"
        mask = decile == d
        pop = float(population[mask].sum())
        share = measured[f"share_{name}"]
        deciles.append(
            {
                "decile": d + 1,
                "areas": int(mask.sum()),
                "population": pop,
                **measured[name],
                "per_capita": float(decile_money[name].mean() / pop) if pop > 0 else None,
                "share": share.mean,
                "share_se": share.mean_se,
            }
        )
    awarded = measured["recovery_fund.awarded"].mean
    unspent = measured["recovery_fund.unspent"].mean
    check_identity("awarded + unspent = distributed", awarded + unspent, distributed, distributed)
    check_identity(
        "the areas' allocations add up to the money awarded", mean.sum(), awarded, distributed
    )
    if spent.size and not (
        spent.min() >= -1e-6 * distributed and spent.max() <= distributed * (1 + 1e-9) + 1e-6
    ):
        check_identity(
            "0 <= awarded <= distributed on every draw", spent.max(), distributed, distributed
        )
    curve_x, curve_y = concentration_curve(mean, population, need)
    tolerance = 1e-9 * max(float(equal.max()), 1.0)
    shares = {
        name: measured[f"recovery_fund.share_to_most_deprived.{name}"] for name in MOST_DEPRIVED
    }
    measures = {
        "mechanism": cfg.mechanism,
        "rounds": cfg.rounds,
        "awarded": measured["recovery_fund.awarded"],
        "unspent": measured["recovery_fund.unspent"],
        "per_round": run.per_round.mean(axis=0),
        "areas_funded": measured["recovery_fund.areas_funded"],
        "share_to_most_deprived": shares,
        "by_decile": deciles,
        "concentration_index": measured["recovery_fund.concentration_index"],
        "concentration_curve": dict(
            zip(("population_share", "money_share"), sample_curve(curve_x, curve_y))
        ),
        "gini_per_capita": gini(mean / population, population),
        "against_equal_per_head": {
            "winners": int((gain > tolerance).sum()),
            "losers": int((gain < -tolerance).sum()),
            "money_moved": float(np.maximum(gain, 0.0).sum()),
        },
        "percentile_method": run.store.method,
        "share_to_most_deprived_decile_se": shares["areas_10"].mean_se,
    }
    if run.bidders is not None:
        measures["competition"] = competition_measures(run.bidders)
        for name, values in area_columns(run.bidders).items():
            table[name] = values
    return RecoveryResults(
        table=table,
        total=cfg.total,
        distributed=distributed,
        share_to_most_deprived_decile=float(shares["areas_10"].mean),
        need_indicator=cfg.need_indicator if not cfg.need_weights else "need index",
        measures=measures,
        curve=(curve_x, curve_y),
    )


def endowment_area_shares(scenario: Scenario, areas: Areas) -> np.ndarray:
    """Each area's share of the endowment's grants: the recovery fund's formula (need,
    progressivity, population) over the endowment's own eligible areas, without noise.

    It lives with the recovery fund because it is that fund's formula; the engine passes the
    shares to :func:`simulator.endowment.summary.summarise_endowment`."""
    rf = scenario.recovery_fund
    need = need_index(rf, areas)
    eligible = eligibility(need[None, :], areas.population, scenario.endowment.area_eligible_share)
    weights = formula_weights(need, areas.population, rf.progressivity)
    if eligible is not None:
        weights = np.where(eligible[0], weights, 0.0)
    total = weights.sum()
    return weights / total if total > 0 else weights


def competition_warnings(recovery) -> list[str]:
    """A warning when a competition funded every bid: its money was not rationed, so what is left
    over is fixed by who chose to bid, and the levers of scoring change nothing."""
    c = recovery.measures.get("competition")
    if not c or not c.get("every_bid_funded"):
        return []
    unspent = recovery.measures.get("unspent", {}).get("mean", 0.0)
    left = (
        f", leaving {format_money(unspent)} unspent"
        if unspent > 0.001 * max(recovery.distributed, 1.0)
        else ""
    )
    return [
        f"The competition funded every bid on every draw{left}: bids asked for less than the money, so scoring "
        "(quality gap, assessor noise, need weight, ring-fence) changes nothing. More organisations ready to bid "
        "or a smaller fund makes it a competition."
    ]
